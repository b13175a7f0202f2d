"""Search across records: one function behind the search page, and later the API and CLI.

`find(user, query, kind)` answers the records of one kind that match and that the user may
see, as a query set ready for a page: ordered, with what a result shows joined or prefetched,
so a page of results costs the same few queries however many there are.

Who sees what follows `sprava.accounts.permissions`, as every records page does:

1. Default deny: persons, incidents, acts and testimonies only from cases the user is a member
   of (a person through their roles). Places and organisations are shared reference data that
   every signed-in user reads.
2. Protected persons: their names are matched only for a user with identity access in one of
   their cases. Anyone else finds them by pseudonym only, so a search never confirms that a
   name belongs to someone who is hidden. Results are shown through
   `sprava.records.identity.Disclosure`, which logs every reveal.
3. What a result shows of a person's roles is limited to the cases the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Model, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sprava.accounts import permissions
from sprava.records.identity import revealable
from sprava.records.models import (
    Act,
    Incident,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Place,
    Testimony,
)
from sprava.search.query import Query, matching_ids

__all__ = ["KINDS", "SearchKind", "find", "kind_names", "person_match", "person_roles"]

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class SearchKind:
    name: str
    title: str | Promise
    plural: str | Promise
    """Lazy translations: shown in the reader's language."""
    model: type[Model]
    finder: Callable[[AnyUser, Query], QuerySet[Any]]


def _active(user: AnyUser | None) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def person_roles(user: AnyUser) -> Prefetch[Any]:
    """A person's roles, only in the cases the user sees (another team's case stays unnamed)."""
    return Prefetch("roles", queryset=PersonRole.objects.filter(
        case__in=permissions.visible_cases(user)).select_related("case").order_by("id"))


def _person_prefetches(user: AnyUser, path: str = "") -> list[Any]:
    roles = person_roles(user)
    if path:
        roles = Prefetch(f"{path}__roles", queryset=roles.queryset)
    return [f"{path}__names" if path else "names", roles]


def _text(source: str, query: Query) -> Q:
    ids = matching_ids(source, [query.words])
    return Q(pk__in=ids) if ids is not None else Q(pk__in=[])


def person_match(query: Query, identity_case_ids: Iterable[int]) -> Q:
    """A filter on Person: those the query names, by a name of theirs (any spelling, any
    script), their pseudonym or their reference. A protected person's names count only when
    `identity_case_ids` holds their protecting case (rule 2); anyone else is matched by
    pseudonym or reference. No visibility here: callers filter for that."""
    found = Q(pk__in=[])
    names = matching_ids("personname", [query.name_keys, query.words])
    if names is not None:
        named = PersonName.objects.filter(pk__in=names).values("person_id")
        found |= Q(pk__in=named) & revealable(identity_case_ids)
    if query.pseudonym:
        found |= Q(pseudonym=query.pseudonym)
    if query.person_number is not None:
        found |= Q(pk=query.person_number)
    return found


def _persons(user: AnyUser, query: Query) -> QuerySet[Person]:
    found = person_match(query, permissions.identity_case_ids(user))
    visible = permissions.filter_visible(user, Person.objects.all())
    return (visible.filter(found).prefetch_related(*_person_prefetches(user))
            .order_by("id"))


def _incidents(user: AnyUser, query: Query) -> QuerySet[Incident]:
    found = Incident.objects.filter(_text("incident", query))
    return (permissions.filter_visible(user, found)
            .select_related("case", "place")
            .order_by(F("start_date").desc(nulls_last=True), "-id"))


def _acts(user: AnyUser, query: Query) -> QuerySet[Act]:
    found = Act.objects.filter(_text("act", query))
    return (permissions.filter_visible(user, found)
            .select_related(permissions.case_field(Act), "act_type", "victim", "place")
            .prefetch_related(*_person_prefetches(user, "victim"))
            .order_by(F("start_date").desc(nulls_last=True), "-id"))


def _testimonies(user: AnyUser, query: Query) -> QuerySet[Testimony]:
    found = Testimony.objects.filter(_text("testimony", query))
    return (permissions.filter_visible(user, found)
            .select_related("case", "given_by")
            .prefetch_related(*_person_prefetches(user, "given_by"))
            .order_by(F("given_on").desc(nulls_last=True), "-id"))


def _organisations(user: AnyUser, query: Query) -> QuerySet[Organisation]:
    return (Organisation.objects.filter(_text("organisation", query))
            .select_related("parent").order_by("label_en", "id"))


def _places(user: AnyUser, query: Query) -> QuerySet[Place]:
    return (Place.objects.filter(_text("place", query))
            .select_related("parent").order_by("label_en", "id"))


KINDS: dict[str, SearchKind] = {
    kind.name: kind
    for kind in (
        SearchKind("person", _("Person"), _("Persons"), Person, _persons),
        SearchKind("incident", _("Incident"), _("Incidents"), Incident, _incidents),
        SearchKind("act", _("Act"), _("Acts"), Act, _acts),
        SearchKind("testimony", _("Testimony"), _("Testimonies"), Testimony, _testimonies),
        SearchKind("organisation", _("Organisation"), _("Organisations"), Organisation,
                   _organisations),
        SearchKind("place", _("Place"), _("Places"), Place, _places),
    )
}


def kind_names() -> list[str]:
    return list(KINDS)


def find(user: AnyUser | None, query: Query, kind: str) -> QuerySet[Any]:
    """The records of `kind` that match `query` and that `user` may see, in page order."""
    search_kind = KINDS[kind]
    if user is None or not _active(user) or query.empty:
        return search_kind.model._default_manager.none()
    return search_kind.finder(user, query)
