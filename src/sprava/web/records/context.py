"""What a records page knows about its reader: who they are, what they may do, whose names show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.records.identity import HIDDEN_VICTIM, Disclosure, Fact
from sprava.records.models import Person, Place


@dataclass(frozen=True)
class Link:
    """Text with somewhere to go; a page cell, a fact or a list entry."""

    text: str
    url: str = ""
    note: str = ""


# What a table cell or a fact shows: text, a link, several links, or nothing.
Cell = str | Link | Sequence[Link] | None


@dataclass
class Ctx:
    """The reader of one request. One object per request: permission checks are cached on it."""

    request: HttpRequest
    user: User
    disclosure: Disclosure
    _edit_cases: QuerySet[Case] | None = field(default=None, repr=False)
    _places: dict[int, Place] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, request: HttpRequest) -> Ctx:
        user = request.user
        # LoginRequiredMiddleware lets no anonymous request reach a records view.
        assert isinstance(user, User)
        return cls(request=request, user=user,
                   disclosure=Disclosure(permissions.identity_case_ids(user)))

    @property
    def actor(self) -> str:
        return f"user:{self.user.get_username()}"

    @property
    def is_administrator(self) -> bool:
        return permissions.is_administrator(self.user)

    def can(self, perm: Permission, case: Case | int) -> bool:
        return permissions.can(self.user, perm, case)

    def can_any(self, perm: Permission, case_ids: Iterable[int]) -> bool:
        return any(self.can(perm, case_id) for case_id in case_ids)

    def visible_cases(self) -> QuerySet[Case]:
        return permissions.visible_cases(self.user)

    def visible_case_references(self) -> set[str]:
        return set(self.visible_cases().values_list("reference", flat=True))

    def editable_cases(self) -> QuerySet[Case]:
        if self._edit_cases is None:
            self._edit_cases = permissions.cases_where(self.user, Permission.EDIT)
        return self._edit_cases

    def may_edit_somewhere(self) -> bool:
        return self.editable_cases().exists()

    def place(self, place_id: int) -> Place | None:
        """Any place, from one read of the (small, shipped) place table per request: a place's
        chain of parents then costs no query per level."""
        if self._places is None:
            self._places = Place.objects.in_bulk()
        return self._places.get(place_id)

    # People, always through the disclosure: the one place a protected name can be shown.

    def person_label(self, person: Person | None) -> str:
        return self.disclosure.label(person) if person is not None else ""

    def person_link(self, person: Person | None) -> Link | None:
        if person is None:
            return None
        return Link(self.disclosure.label(person), person_url(person))

    def victim_link(self, person: Person | None) -> Link | None:
        """An act's victim: a link, or "a protected person" when the identity rule hides what
        they suffered (`records.identity.HIDDEN_FACTS`)."""
        if person is not None and not self.disclosure.shows(person, Fact.ACTS_SUFFERED):
            return Link(str(HIDDEN_VICTIM))
        return self.person_link(person)

    def shows(self, person: Person | None, fact: Fact) -> bool:
        return self.disclosure.shows(person, fact)

    def may_see_identity(self, person: Person) -> bool:
        return self.disclosure.may_reveal(person)

    def commit(self) -> None:
        """Write the reveal event of any protected identity this response shows."""
        # The path names the page; the query string may hold a searched name, so it stays out.
        self.disclosure.commit(actor=self.actor, channel=f"web {self.request.path}")


# A key no record has, reversed once per URL name; the real key then takes its place. A list
# page links hundreds of records, and reverse() resolves the whole URL pattern each time.
_PLACEHOLDER = "2147483647"


@lru_cache(maxsize=512)
def _around_key(name: str, prefix: str) -> tuple[str, str]:
    before, found, after = reverse(name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    assert found, f"{name} has no key in its path"
    return before, after


def url_of(name: str, key: Any) -> str:
    """`reverse(name, args=[key])` for a record's int or slug key, without resolving again."""
    before, after = _around_key(name, get_script_prefix())
    return f"{before}{quote(str(key), safe=RFC3986_SUBDELIMS + '/~:@')}{after}"  # as reverse()


def person_url(person: Person) -> str:
    return url_of("records:person-detail", person.pk)


def case_link(case: Case | None) -> Link | None:
    if case is None:
        return None
    return Link(case.reference, url_of("records:case-detail", case.reference), note=case.title)


def record_link(kind: str, obj: Any, text: str | None = None) -> Link | None:
    """A link to the detail page of `obj`, a record of `kind` (e.g. "incident")."""
    if obj is None:
        return None
    return Link(str(obj) if text is None else text, url_of(f"records:{kind}-detail", obj.pk))
