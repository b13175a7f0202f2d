"""Persons to choose from while a documenter types: the picker of every person field.

`suggest_persons(user, text)` answers the few persons a half-typed name, pseudonym or reference
may mean, among those the user may see, with what the picker shows of each. The same function
decides what a name typed into a person field without JavaScript stands for, so the page with
and without script agree.

Matching is the search page's (`sprava.search.engine.person_match`): every word of the text is
folded as names are, so "Lukash" finds Лукашэнка and "Цiханоўская" finds Tsikhanouskaya, and a
word of three letters or more also finds the names it begins.

Protected persons: a suggestion never reveals an identity, to anyone. A protected person is
matched by pseudonym or reference only, and shown by pseudonym, whatever identity access the
reader holds. The search page may match a protected name for a reader with identity access in
the protecting case because it then shows the name and writes the reveal to the ledger; a
picker asked at every keystroke cannot do that without filling the ledger with reveals of
half-typed names, and matching the name while showing only the pseudonym would still tell the
reader, unrecorded, which pseudonym a name stands for. So the picker reveals nothing and writes
nothing; a reader with identity access finds the pseudonym on the search page or the person's
page (both record the reveal) and types it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from sprava import ids
from sprava.accounts import permissions
from sprava.records.identity import Disclosure
from sprava.records.models import Person, PersonRole
from sprava.search.engine import person_match, person_roles
from sprava.search.query import parse

__all__ = ["LIMIT", "Suggestion", "suggest_persons"]

AnyUser = AbstractBaseUser | AnonymousUser

LIMIT = 10
"""Suggestions answered at most: a picker is for choosing, not for browsing."""

_PSEUDONYM_START = re.compile(r"^[A-Za-z]{1,3}-[0-9]{0,8}$")
_NUMBER = re.compile(r"^#?([0-9]{1,20})$")

# A disclosure with identity access nowhere: the one rule of what a protected person reads as
# (their pseudonym), applied to every reader, so a suggestion never counts as a reveal.
_NO_IDENTITY: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    """One person the picker offers: what it fills in, and what it shows beside it."""

    reference: str
    """What the field receives (P-000042)."""
    label: str
    """Their primary name, or their pseudonym when they are protected."""
    roles: tuple[tuple[str, str], ...]
    """(role, case reference) in the cases the reader sees, to tell namesakes apart."""
    protected: bool
    pk: int
    """The person's id, for a form that takes the suggestion as its answer."""


def _active(user: AnyUser | None) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def _match(text: str) -> Q:
    query = parse(text)
    found = person_match(query, _NO_IDENTITY) if not query.empty else Q(pk__in=[])
    if _PSEUDONYM_START.match(query.text):  # "W-00" while the pseudonym is being typed
        found |= Q(pseudonym__startswith=query.text.upper())
    number = _NUMBER.match(query.text)  # a record number, as the person fields accept it
    pk = ids.id_or_none(number.group(1)) if number else None  # the one rule: "١٢" is not 12
    if pk is not None:
        found |= Q(pk=pk)
    return found


def suggest_persons(user: AnyUser | None, text: str, *, case_id: int | None = None,
                    among: QuerySet[Person] | None = None,
                    limit: int = LIMIT) -> list[Suggestion]:
    """The persons `text` may mean, that `user` may see (and that are in `among`, when given),
    at most `limit`: those with a role in case `case_id` first, then by reference."""
    if not _active(user) or not parse(text).text:
        return []
    assert user is not None
    visible = permissions.filter_visible(user, Person.objects.all() if among is None else among)
    found = visible.filter(_match(text))
    if case_id is not None:
        in_case = PersonRole.objects.filter(person=OuterRef("pk"), case_id=case_id)
        found = found.annotate(in_case=Exists(in_case)).order_by("-in_case", "id")
    else:
        found = found.order_by("id")
    persons = found.prefetch_related("names", person_roles(user))[:limit]
    disclosure = Disclosure(set(_NO_IDENTITY))
    return [Suggestion(reference=person.reference, label=disclosure.label(person),
                       roles=tuple((role.get_role_display(), role.case.reference)
                                   for role in person.roles.all()),
                       protected=person.protected, pk=person.pk)
            for person in persons]
