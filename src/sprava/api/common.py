"""What every API view needs: the reader of the request, safe input types, pages, lookups, writes.

Rules the helpers carry, so that no view has to remember them:

- A record the reader may not see does not exist: 404 for a path, 400 "unknown ..." for a
  reference in a body or a filter (the same answer as for a record that is not there).
- Writing needs EDIT in a case the record belongs to (any of a person's cases); changing a
  protected person or their names also needs identity access to them.
- Every person shown goes through the request's `Disclosure`; the API commits it (one ledger
  event naming the protected persons shown) before the response leaves (`v1.SpravaAPI`).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError
from ninja.params import P, PathEx, QueryEx
from pydantic import AfterValidator, BeforeValidator

from sprava import ids
from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.integrity.errors import SpravaError
from sprava.records import identity, services
from sprava.records import reader as records_reader
from sprava.records.identity import HIDDEN_VICTIM, Fact
from sprava.records.models import ActType, Incident, Organisation, Person, Place

M = TypeVar("M", bound=Model)

# Database integers are signed 64-bit; a larger id in a path or body is a client error, not a
# crash of the database driver. Every id, page size and offset is read by `sprava.ids`, the
# pages' rule too: pydantic alone would take "1.0" and " 1" as 1.
MAX_ID = ids.MAX_ID
MAX_OFFSET = 10**9
PAGE_MAX = 200


class ApiError(SpravaError):
    """A request the API refuses with 400, saying why."""


class Conflict(ApiError):
    """A request that conflicts with what is already recorded (409)."""


def _plain_text(value: str) -> str:
    # NUL is refused by PostgreSQL and lone surrogates by every encoder: both are client errors.
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode") from None
    return value


Plain = Annotated[str, AfterValidator(_plain_text)]  # with a length of the field's own
Code = Annotated[str, Field(max_length=80), AfterValidator(_plain_text)]
Line = Annotated[str, Field(max_length=300), AfterValidator(_plain_text)]
Text = Annotated[str, Field(max_length=200_000), AfterValidator(_plain_text)]
Reason = Annotated[str, Field(max_length=1000), AfterValidator(_plain_text)]
RecordId = Annotated[int, BeforeValidator(ids.parse_id), Field(ge=1, le=MAX_ID)]
# Path and query parameters.
IdPath = PathEx[Annotated[int, BeforeValidator(ids.parse_id)],
                P(ge=1, le=MAX_ID, description="The record's id.")]
DeleteReason = QueryEx[
    Reason, P(min_length=1, max_length=1000, description="Why it is deleted; kept in the ledger.")
]
ChangeReason = QueryEx[
    Reason, P(default="", max_length=1000, description="Why, for the ledger (optional).")
]


class ErrorOut(Schema):
    detail: Any = Field(description="What went wrong: a sentence, or a list of field errors.")


def _limit(value: object) -> int:
    return ids.parse_positive(value, maximum=PAGE_MAX)


def _offset(value: object) -> int:
    return ids.parse_positive(value, minimum=0, maximum=MAX_OFFSET)


class PageParams(Schema):
    limit: Annotated[int, BeforeValidator(_limit)] = Field(
        50, ge=1, le=PAGE_MAX, description=f"Rows per page, at most {PAGE_MAX}.")
    offset: Annotated[int, BeforeValidator(_offset)] = Field(
        0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


class DatedFilters(PageParams):
    case: Code | None = Field(None, description="Only records of this case (its reference).")
    date_from: datetime.date | None = Field(None, description="Starting on or after this day.")
    date_to: datetime.date | None = Field(None, description="Starting on or before this day.")


class PersonRef(Schema):
    id: int | None = Field(description="Null for a victim the identity rule hides.")
    label: str = Field(description="The person's name, or their pseudonym when protected.")
    protected: bool


class Ref(Schema):
    id: int
    label: str


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of a list: `{count, limit, offset, items}`."""
    items: Any = list[item]  # type: ignore[valid-type]
    return type(name, (Schema,), {
        "__annotations__": {"count": int, "limit": int, "offset": int, "items": items},
    })


ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409)}


def responses(status: int, schema: Any) -> dict[int, Any]:
    return {status: schema, **ERRORS}


@dataclass
class Reader(records_reader.Reader):
    """The token's user for one request (`records.reader.Reader`), with the API's answers for
    the persons it shows."""

    def person(self, person: Person) -> dict[str, Any]:
        return {"id": person.pk, "label": self.disclosure.label(person),
                "protected": person.protected}

    def maybe_person(self, person: Person | None) -> dict[str, Any] | None:
        return None if person is None else self.person(person)

    def victim(self, person: Person | None) -> dict[str, Any] | None:
        """An act's victim, or a bare "a protected person" when the identity rule hides what
        they suffered (`records.identity.HIDDEN_FACTS`)."""
        if person is not None and not self.disclosure.shows(person, Fact.ACTS_SUFFERED):
            return {"id": None, "label": str(HIDDEN_VICTIM), "protected": True}
        return self.maybe_person(person)


READER = "_sprava_reader"


def reader(request: HttpRequest) -> Reader:
    """The reader of this request, made once; the API commits its disclosure when answering."""
    cached = getattr(request, READER, None)
    if isinstance(cached, Reader):
        return cached
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise AuthenticationError()
    made = Reader.of_user(user, channel="api")
    setattr(request, READER, made)
    return made


# --- lists ---------------------------------------------------------------------------------


def page(queryset: QuerySet[M], params: PageParams, out: Callable[[M], Any],
         prepare: Callable[[list[M]], None] | None = None) -> dict[str, Any]:
    """One page of rows, each as `out` shows it; `prepare` first reads, for the whole page at
    once, what `out` would otherwise read row by row."""
    count = queryset.count()
    rows = list(queryset[params.offset : params.offset + params.limit])
    if prepare is not None:
        prepare(rows)
    return {"count": count, "limit": params.limit, "offset": params.offset,
            "items": [out(row) for row in rows]}


def dated(queryset: QuerySet[M], filters: DatedFilters) -> QuerySet[M]:
    if filters.case:
        case = permissions.case_field(queryset.model, "reference")
        queryset = queryset.filter(**{case: filters.case})
    if filters.date_from:
        queryset = queryset.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(start_date__lte=filters.date_to)
    return queryset


def visible_persons(r: Reader) -> QuerySet[Person]:
    return permissions.filter_visible(r.user, Person.objects.all())


def of_visible_persons(r: Reader, queryset: QuerySet[M], path: str = "person",
                       fact: Fact | None = None) -> QuerySet[M]:
    """Rows that belong to a person the reader sees (custody periods, positions, names), and,
    for rows that are a `fact` of the identity rule, whose fact the reader may see."""
    queryset = queryset.filter(**{f"{path}__in": visible_persons(r).values("pk")})
    return queryset if fact is None else queryset.filter(r.disclosure.shown(fact, path))


def revealable(r: Reader) -> Q:
    """Persons whose identity the reader may see: a name search must not find anyone else."""
    return identity.revealable(r.disclosure.identity_case_ids)


# --- one record ----------------------------------------------------------------------------


def one(queryset: QuerySet[M], pk: int) -> M:
    """The row with this id among those the reader may see, else 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("no such record")
    return found


def case_of_reference(r: Reader, reference: str | None) -> Case:
    if not reference:
        raise ApiError("a case is required")
    case = Case.objects.filter(reference=reference, pk__in=r.case_ids).first()
    if case is None:
        raise ApiError(f"unknown case {reference!r}")
    return case


def case_to_write(r: Reader, reference: str | None) -> Case:
    case = case_of_reference(r, reference)
    permissions.require(r.user, Permission.EDIT, case)
    return case


def person_by_id(r: Reader, pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = visible_persons(r).filter(pk=pk).first()
    if person is None:
        raise ApiError(f"unknown person {pk}")
    return person


def required_person(r: Reader, pk: int | None) -> Person:
    person = person_by_id(r, pk)
    if person is None:
        raise ApiError("a person is required")
    return person


def incident_to_write(r: Reader, pk: int) -> Incident:
    incident = Incident.objects.select_related("case").filter(
        pk=pk, case_id__in=r.case_ids
    ).first()
    if incident is None:
        raise ApiError(f"unknown incident {pk}")
    permissions.require(r.user, Permission.EDIT, incident.case)
    return incident


def place_by_code(code: str | None) -> Place | None:
    if not code:
        return None
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise ApiError(f"unknown place {code!r}")
    return place


def act_type_by_code(code: str) -> ActType:
    act_type = ActType.objects.filter(code=code).first()
    if act_type is None:
        raise ApiError(f"unknown act type {code!r}")
    return act_type


def organisation_by_id(pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ApiError(f"unknown organisation {pk}")
    return organisation


# --- writes --------------------------------------------------------------------------------


def require_edit(r: Reader, case_ids: Iterable[int]) -> None:
    """EDIT in at least one of these cases (a case record: its one case)."""
    ids = set(case_ids)
    if any(r.can(Permission.EDIT, case_id) for case_id in ids):
        return
    raise PermissionDenied(f"{r.user.get_username()} may not edit this record")


def require_identity(r: Reader, person: Person | None) -> None:
    """Changing a protected person's identity needs identity access to them."""
    if person is not None and r.hides(person):
        raise PermissionDenied(
            f"{person} is a protected person: changing them needs identity access"
        )


def save(r: Reader, obj: M, reason: str = "") -> M:
    permissions.require_links(r.user, obj)  # a protected person stays in their case (rule 4)
    return services.save_record(obj, actor=r.actor, reason=reason)


def assign(obj: Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Copy the plain (non-reference) fields present in a validated payload onto a record."""
    for name in fields:
        if name in data:
            if data[name] is None and not obj._meta.get_field(name).null:
                raise ApiError(f"{name} cannot be null")
            setattr(obj, name, data[name])


def remove(r: Reader, obj: Model, reason: str) -> None:
    services.delete_record(obj, actor=r.actor, reason=reason)


def when(obj: Any) -> str:
    return str(obj.when)


def span(obj: Any) -> dict[str, Any]:
    return {"start_date": obj.start_date, "end_date": obj.end_date,
            "date_precision": obj.date_precision, "when": when(obj)}
