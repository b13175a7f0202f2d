"""Persons with their names and roles, the positions they held, and their custody timeline.

A person is seen by the members of any case they have a role in, and changed with EDIT in any
of those cases. A protected person is shown by pseudonym, without names, birth date or notes,
to a reader without identity access, who may not change them or their names either (they may
still protect an unprotected person; lifting protection needs identity access).
"""

import datetime
from typing import Annotated, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.api import common, crud, evidence
from sprava.api.common import (
    ChangeReason,
    Code,
    DeleteReason,
    IdPath,
    Line,
    PageParams,
    PersonRef,
    RecordId,
    Ref,
    Text,
    reader,
    responses,
)
from sprava.api.crud import Names, RecordType
from sprava.api.spans import SPAN_FIELDS, SpanIn, SpanOut
from sprava.records import charges, identity, people, services
from sprava.records.identity import Fact
from sprava.records.models import (
    CustodyPeriod,
    Gender,
    NameKind,
    Person,
    PersonName,
    PersonRole,
    Position,
    Precision,
    Role,
    Script,
)
from sprava.records.names import name_tokens

router = Router(tags=["persons"])
positions = Router(tags=["positions"])
custody = Router(tags=["custody periods"])

NAMES_MAX = 50


class NameIn(Schema):
    text: Line = Field(min_length=1)
    script: Script = Script.OTHER
    kind: NameKind = NameKind.PRIMARY


class NameOut(Schema):
    id: int
    text: str
    script: str
    kind: str


class RoleIn(Schema):
    case: Code = Field(description="The case's reference.")
    role: Role


class RoleOut(Schema):
    id: int
    case: str
    role: str


class PersonChange(Schema):
    gender: Gender = Gender.UNKNOWN
    birth_date: datetime.date | None = None
    birth_precision: Precision = Precision.UNKNOWN
    notes: Text = ""
    protected: bool = Field(False, description="Show this person by pseudonym (W-0001, ...).")


class PersonIn(PersonChange):
    case: Code = Field(description="The case the person first appears in (its reference).")
    role: Role
    names: list[NameIn] = Field(default_factory=list, max_length=NAMES_MAX)


class PersonOut(Schema):
    id: int
    reference: str
    label: str = Field(description="Name, or pseudonym when the identity is hidden from you.")
    protected: bool
    pseudonym: str | None
    identity_hidden: bool
    names: list[NameOut]
    gender: str | None = Field(description="Null when the identity rule hides it from you.")
    birth_date: datetime.date | None
    birth_precision: str
    notes: str
    roles: list[RoleOut] = Field(description="Roles in the cases you are a member of.")
    protecting_case: str | None = Field(
        description="The case that holds a protected person's identity (shown to its team).")
    other_cases: list[str] = Field(
        description="Every other case that refers to a protected person (shown to the team of "
                    "the protecting case only).")
    created_at: Any


class PersonFilters(PageParams):
    case: Code | None = None
    role: Role | None = None
    protected: bool | None = None
    q: Line | None = Field(None, description="A name in any script or transliteration.")


PERSON_FIELDS = ("gender", "birth_date", "birth_precision", "notes")


def person_rows(r: common.Reader) -> QuerySet[Person]:
    return common.visible_persons(r).select_related("protecting_case").prefetch_related(
        "names", permissions.case_field(Person))


def person_out(r: common.Reader, person: Person) -> dict[str, Any]:
    hidden = r.hides(person)
    names = [] if hidden else [
        {"id": n.pk, "text": n.text, "script": n.script, "kind": n.kind}
        for n in person.names.all()
    ]
    return {
        "id": person.pk, "reference": person.reference, "label": r.disclosure.label(person),
        "protected": person.protected, "pseudonym": person.pseudonym, "identity_hidden": hidden,
        "names": names, "gender": person.gender if r.shows(person, Fact.GENDER) else None,
        "birth_date": None if hidden else person.birth_date,
        "birth_precision": Precision.UNKNOWN if hidden else person.birth_precision,
        "notes": "" if hidden else person.notes,
        "roles": [{"id": role.pk, "case": role.case.reference, "role": role.role}
                  for role in person.roles.all() if role.case_id in r.case_ids],
        **_protection(r, person, hidden),
        "created_at": person.created_at,
    }


def _prepare_persons(r: common.Reader, persons: list[Person]) -> None:
    """The other cases of every protected person on the page whose protection the reader sees,
    in two queries (`_protection` then reads them)."""
    identity.prefetch_other_cases([p for p in persons if p.protected and not r.hides(p)])


def _protection(r: common.Reader, person: Person, hidden: bool) -> dict[str, Any]:
    """Which case holds a protected identity and which others refer to the person: for the
    protecting team only (to anyone else even the holding case's name says too much)."""
    if not person.protected or hidden or person.protecting_case is None:
        return {"protecting_case": None, "other_cases": []}
    return {"protecting_case": person.protecting_case.reference,
            "other_cases": [case.reference for case in identity.other_cases(person)]}


def _writable(r: common.Reader, person: Person) -> None:
    """EDIT in one of the person's cases, and identity access if their identity is hidden."""
    common.require_edit(r, permissions.case_ids_of(person))
    common.require_identity(r, person)


def _deletable(r: common.Reader, person: Person) -> None:
    """EDIT in every one of the person's cases: deleting takes them out of all of them."""
    refusal = permissions.person_delete_refusal(r.user, person)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _name_search(r: common.Reader, rows: QuerySet[Person], q: str) -> QuerySet[Person]:
    tokens = name_tokens(q)
    if not tokens:
        return rows.none()
    for token in tokens:
        rows = rows.filter(Exists(PersonName.objects.filter(
            person=OuterRef("pk"), search_key__contains=token)))
    # A protected person must not be findable by a name the reader may not see.
    return rows.filter(pk__in=Person.objects.filter(common.revealable(r)).values("pk"))


def _persons(r: common.Reader, rows: QuerySet[Person],
             filters: PersonFilters) -> QuerySet[Person]:
    if filters.case or filters.role:
        roles = PersonRole.objects.filter(person=OuterRef("pk"), case_id__in=r.case_ids)
        if filters.case:
            roles = roles.filter(case__reference=filters.case)
        if filters.role:
            roles = roles.filter(role=filters.role)
        rows = rows.filter(Exists(roles))
    if filters.protected is not None:
        rows = rows.filter(protected=filters.protected)
    if filters.q:
        rows = _name_search(r, rows, filters.q)
    return rows


def _create_person(r: common.Reader, data: dict[str, Any], reason: str) -> Person:
    case = common.case_to_write(r, data["case"])
    # Whoever records a person may protect them; only unprotecting needs identity access.
    return people.create_person(
        case=case, role=data["role"], actor=r.actor, reason=reason,
        names=[people.NewName(n["text"], script=n["script"], kind=n["kind"])
               for n in data["names"]],
        facts=people.PersonFacts(gender=data["gender"], birth_date=data["birth_date"],
                                 birth_precision=data["birth_precision"], notes=data["notes"]),
        protected=data["protected"])


def _change_person(r: common.Reader, person: Person, data: dict[str, Any],
                   reason: str) -> Person:
    common.assign(person, data, PERSON_FIELDS)
    protected = data.get("protected")
    protect_in = (permissions.case_to_protect_in(r.user, person)
                  if protected and not person.protected else None)
    return people.change_person(person, protected=protected, protect_in=protect_in,
                                actor=r.actor, reason=reason)


# A protected person's names, birth date and gender are hidden from most readers: the order of
# a list must not tell them, so persons sort only by what every reader sees.
PERSONS = RecordType[Person](
    names=Names("person", "persons", "a person", __name__, summaries={
        "create": "Record a person, with a role in a case and their names",
        "delete": "Delete a person (with their names, roles, custody, positions)"}),
    rows=person_rows, present=person_out, prepare=_prepare_persons, out=PersonOut,
    filters=PersonFilters, narrow=_persons,
    order={"created_at": "created_at", "protected": "protected"},
    model=Person, body=PersonChange, create_body=PersonIn, create=_create_person,
    write=_change_person, writable=_writable, deletable=_deletable,
)
crud.register(router, PERSONS)
evidence.register(router, PERSONS)


def _person(r: common.Reader, pk: int) -> Person:
    return PERSONS.one(r, pk)


def _to_write(r: common.Reader, pk: int) -> Person:
    return PERSONS.to_write(r, pk)


# --- names and roles -----------------------------------------------------------------------


@router.get("/{id}/names", response=responses(200, list[NameOut]), summary="A person's names")
def list_names(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    person = _person(r, id)
    return person_out(r, person)["names"]


@router.post("/{id}/names", response=responses(201, NameOut), summary="Add a name")
def add_name(request: HttpRequest, id: IdPath, payload: NameIn) -> Any:
    r = reader(request)
    person = _to_write(r, id)
    name = services.add_name(person, payload.text, actor=r.actor, script=payload.script,
                             kind=payload.kind)
    return Status(201, {"id": name.pk, "text": name.text, "script": name.script,
                        "kind": name.kind})


@router.delete("/{id}/names/{name_id}", response=responses(204, None), summary="Remove a name")
def delete_name(request: HttpRequest, id: IdPath, name_id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    person = _to_write(r, id)
    common.remove(r, common.one(person.names.all(), name_id), reason)
    return Status(204, None)


@router.get("/{id}/roles", response=responses(200, list[RoleOut]), summary="A person's roles")
def list_roles(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return person_out(r, _person(r, id))["roles"]


@router.post("/{id}/roles", response=responses(201, RoleOut), summary="Give a role in a case")
def add_role(request: HttpRequest, id: IdPath, payload: RoleIn, reason: ChangeReason = "") -> Any:
    r = reader(request)
    person = _person(r, id)
    case = common.case_to_write(r, payload.case)
    role = common.save(r, PersonRole(person=person, case=case, role=payload.role), reason)
    return Status(201, {"id": role.pk, "case": case.reference, "role": role.role})


@router.delete("/{id}/roles/{role_id}", response=responses(204, None), summary="Remove a role")
def delete_role(request: HttpRequest, id: IdPath, role_id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    person = _person(r, id)
    role = common.one(permissions.filter_visible(r.user, person.roles.all()), role_id)
    common.require_edit(r, {role.case_id})
    services.remove_role(role, actor=r.actor, reason=reason)
    return Status(204, None)


# --- positions -----------------------------------------------------------------------------


class PositionChange(SpanIn):
    person: RecordId
    organisation: RecordId
    title: Line
    rank: Line = ""
    superior_responsibility: bool = False


class PositionOut(SpanOut):
    id: int
    person: PersonRef
    organisation: Ref
    title: str
    rank: str
    superior_responsibility: bool


class PersonLinkFilters(PageParams):
    person: RecordId | None = None
    case: Code | None = Field(None, description="Persons with a role in this case.")


class PositionFilters(PersonLinkFilters):
    organisation: RecordId | None = None


def position_rows(r: common.Reader) -> QuerySet[Position]:
    rows = Position.objects.select_related("person", "organisation")
    rows = rows.prefetch_related("person__names", "person__roles")
    return permissions.filter_visible(r.user, rows)


def position_out(r: common.Reader, row: Position) -> dict[str, Any]:
    return {"id": row.pk, "person": r.person(row.person),
            "organisation": {"id": row.organisation_id, "label": row.organisation.label},
            "title": row.title, "rank": row.rank,
            "superior_responsibility": row.superior_responsibility, **common.span(row)}


def _person_link_to_write(r: common.Reader, pk: int | None) -> Person:
    person = common.required_person(r, pk)
    common.require_edit(r, permissions.case_ids_of(person))
    return person


def _apply_position(r: common.Reader, row: Position, data: dict[str, Any]) -> None:
    if "person" in data:
        row.person = _person_link_to_write(r, data["person"])
    if "organisation" in data:
        organisation = common.organisation_by_id(data["organisation"])
        if organisation is None:
            raise common.ApiError("an organisation is required")
        row.organisation = organisation
    common.assign(row, data, ("title", "rank", "superior_responsibility", *SPAN_FIELDS))


def _by_person(r: common.Reader, rows: QuerySet[Any], filters: PersonLinkFilters) -> QuerySet[Any]:
    if filters.person:
        rows = rows.filter(person_id=filters.person)
    if filters.case:
        rows = rows.filter(person__in=PersonRole.objects.filter(
            case__reference=filters.case, case_id__in=r.case_ids).values("person_id"))
    return rows


def _positions(r: common.Reader, rows: QuerySet[Position],
               filters: PositionFilters) -> QuerySet[Position]:
    rows = _by_person(r, rows, filters)
    if filters.organisation:
        rows = rows.filter(organisation_id=filters.organisation)
    return rows


POSITIONS = RecordType[Position](
    names=Names("position", "positions", "a position", __name__, summaries={
        "list": "List positions held", "create": "Record a position held"}),
    rows=position_rows, present=position_out, out=PositionOut, filters=PositionFilters,
    narrow=_positions,
    order={"start_date": "start_date", "end_date": "end_date", "person": "person_id",
           "organisation": "organisation__label_en", "title": "title", "rank": "rank"},
    model=Position, body=PositionChange, apply=_apply_position, writable=crud.in_its_cases,
)
crud.register(positions, POSITIONS)


# --- custody periods -----------------------------------------------------------------------

ChargeArticle = Annotated[str, Field(pattern=charges.ARTICLE.pattern, max_length=20)]


class CustodyChange(SpanIn):
    person: RecordId
    place: Code | None = Field(None, description="A place's code.")
    place_detail: Line = ""
    acknowledged: bool | None = Field(
        None, description="Did the authorities acknowledge the detention? Null: unknown.")
    charge_articles: list[ChargeArticle] | None = Field(
        None, max_length=charges.MAX_CHARGES,
        description='The articles the person was held on ("CC 342", "CAO 24.23", "CC 342(1)"): '
                    "[] for held on no charge, null for not known.")
    notes: Text = ""


class CustodyOut(SpanOut):
    id: int
    person: PersonRef
    place: str | None
    place_detail: str
    acknowledged: bool | None
    charge_articles: list[str] | None
    notes: str


class CustodyFilters(PersonLinkFilters):
    place: Code | None = None
    acknowledged: bool | None = None


def custody_rows(r: common.Reader) -> QuerySet[CustodyPeriod]:
    rows = CustodyPeriod.objects.select_related("person", "place")
    rows = rows.prefetch_related("person__names", "person__roles")
    return common.of_visible_persons(r, rows, fact=Fact.CUSTODY)


def custody_out(r: common.Reader, row: CustodyPeriod) -> dict[str, Any]:
    return {"id": row.pk, "person": r.person(row.person),
            "place": row.place.code if row.place else None, "place_detail": row.place_detail,
            "acknowledged": row.acknowledged, "charge_articles": row.charge_articles,
            "notes": row.notes, **common.span(row)}


def _save_custody(r: common.Reader, row: CustodyPeriod, data: dict[str, Any],
                  reason: str) -> CustodyPeriod:
    if "person" in data:
        row.person = _person_link_to_write(r, data["person"])
    if "place" in data:
        row.place = common.place_by_code(data["place"])
    common.assign(row, data, ("place_detail", "acknowledged", "charge_articles", "notes",
                              *SPAN_FIELDS))
    permissions.require_links(r.user, row)
    return people.save_custody(row, actor=r.actor, reason=reason)


def _custody(r: common.Reader, rows: QuerySet[CustodyPeriod],
             filters: CustodyFilters) -> QuerySet[CustodyPeriod]:
    rows = _by_person(r, rows, filters)
    if filters.place:
        rows = rows.filter(place__code=filters.place)
    if filters.acknowledged is not None:
        rows = rows.filter(acknowledged=filters.acknowledged)
    return rows


CUSTODY = RecordType[CustodyPeriod](
    names=Names("custody period", "custody periods", "a custody period", __name__,
                stems=("custody", "custody")),
    rows=custody_rows, present=custody_out, out=CustodyOut, filters=CustodyFilters,
    narrow=_custody,
    order={"start_date": "start_date", "end_date": "end_date", "person": "person_id",
           "place": "place__code", "acknowledged": "acknowledged"},
    model=CustodyPeriod, body=CustodyChange, write=_save_custody, writable=crud.in_its_cases,
)
crud.register(custody, CUSTODY)
