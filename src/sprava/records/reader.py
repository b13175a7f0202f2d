"""Who reads the records, for one request or one command: what they may see and do, and whose
names they may be shown.

Every front end has one: the pages (`web.records.context.Ctx`), the API (`api.common.Reader`),
and the command line. Each adds only its own way of showing things (links, answers); the
permission checks and the one `Disclosure` through which a protected name may be shown are
these, so a page and the API cannot come to disagree about what a reader sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Self

from django.contrib.auth.models import User
from django.db.models import QuerySet

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.records.identity import Disclosure, Fact
from sprava.records.models import Person


@dataclass
class Reader:
    """One user, for one request or command. Permission checks are cached on it, so make one
    per request (a membership changed mid-request is seen by the next one)."""

    user: User
    disclosure: Disclosure
    # How the ledger names this reader's actions: `user:` from the pages and the command line,
    # `api:` from the API (`sprava.accounts.actors`).
    channel: str = "user"
    _case_ids: set[int] | None = field(default=None, repr=False)
    _edit_cases: QuerySet[Case] | None = field(default=None, repr=False)

    @classmethod
    def of_user(cls, user: User, channel: str = "user", **more: Any) -> Self:
        """The reader for `user`, with the identity access they hold now; `more`: what a
        front end's reader adds (the page's request)."""
        return cls(user=user, disclosure=Disclosure(permissions.identity_case_ids(user)),
                   channel=channel, **more)

    @property
    def actor(self) -> str:
        return f"{self.channel}:{self.user.get_username()}"

    @property
    def is_administrator(self) -> bool:
        return permissions.is_administrator(self.user)

    @property
    def case_ids(self) -> set[int]:
        """The cases the reader is a member of (from the request's one read of memberships)."""
        if self._case_ids is None:
            self._case_ids = set(permissions.member_case_ids(self.user))
        return self._case_ids

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

    # People, always through the disclosure: the one place a protected name can be shown.

    def person_label(self, person: Person | None) -> str:
        return self.disclosure.label(person) if person is not None else ""

    def shows(self, person: Person | None, fact: Fact) -> bool:
        return self.disclosure.shows(person, fact)

    def may_see_identity(self, person: Person) -> bool:
        return self.disclosure.may_reveal(person)

    def hides(self, person: Person) -> bool:
        """Whether the reader is shown this person by pseudonym only."""
        return person.protected and not self.disclosure.may_reveal(person)

    def commit(self, channel: str) -> None:
        """Write the reveal event of any protected identity shown to this reader, naming where
        it was shown (`web /persons/12/`, `api GET /api/v1/persons`, `cli export`)."""
        self.disclosure.commit(actor=self.actor, channel=channel)
