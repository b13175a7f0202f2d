"""What a records page knows about its reader: who they are, what they may do, whose names show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

from sprava.cases.models import Case
from sprava.records.identity import HIDDEN_VICTIM, Fact
from sprava.records.models import Person, Place
from sprava.records.reader import Reader


@dataclass(frozen=True)
class Link:
    """Text with somewhere to go; a page cell, a fact or a list entry."""

    text: str
    url: str = ""
    note: str = ""


# What a table cell or a fact shows: text, a link, several links, or nothing.
Cell = str | Link | Sequence[Link] | None


@dataclass
class Ctx(Reader):
    """The reader of one page request (`records.reader.Reader`), with what pages add: links to
    records and the places of the request. One object per request: checks are cached on it."""

    request: HttpRequest = field(kw_only=True)
    _places: dict[int, Place] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, request: HttpRequest) -> Ctx:
        user = request.user
        # LoginRequiredMiddleware lets no anonymous request reach a records view.
        assert isinstance(user, User)
        return cls.of_user(user, request=request)

    def place(self, place_id: int) -> Place | None:
        """Any place, from one read of the (small, shipped) place table per request: a place's
        chain of parents then costs no query per level."""
        if self._places is None:
            self._places = Place.objects.in_bulk()
        return self._places.get(place_id)

    # People, always through the disclosure: the one place a protected name can be shown.

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

    def commit(self, channel: str = "") -> None:
        """Write the reveal event of any protected identity this response shows."""
        # The path names the page; the query string may hold a searched name, so it stays out.
        super().commit(channel or f"web {self.request.path}")


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
