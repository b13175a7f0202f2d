"""Protected identities: pseudonyms by default, names only for those with identity access.

A page, API response or export that shows any protected person's identity collects those
persons in a `Disclosure` and writes one ledger event naming them (by record, never by name)
before the response leaves. Nobody sees a protected name without the ledger knowing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from sprava.ledger import log
from sprava.ledger.events import Event
from sprava.records.models import Person

IDENTITY_REVEALED = "records:person:identity_revealed"


def primary_name(person: Person) -> str:
    """The first primary name, else any name; uses prefetched names when there are some."""
    names = list(person.names.all())
    for name in names:
        if name.kind == "primary":
            return name.text
    return names[0].text if names else person.reference


def person_case_ids(person: Person) -> set[int]:
    """The cases the person has a role in: who reads and who changes them."""
    return {role.case_id for role in person.roles.all()}


def deletion_case_ids(person: Person) -> set[int]:
    """Every case that deleting the person takes something out of: their roles' cases and the
    cases their consents were given for (both go with them)."""
    consents = person.consents.exclude(case=None).values_list("case_id", flat=True)
    return person_case_ids(person) | set(consents)


@dataclass
class Disclosure:
    """What one response may show, and which protected identities it did show."""

    identity_case_ids: set[int]
    revealed: set[int] = field(default_factory=set)

    def may_reveal(self, person: Person) -> bool:
        return not person.protected or bool(person_case_ids(person) & self.identity_case_ids)

    def label(self, person: Person) -> str:
        """The name to show for a person: their name, or their pseudonym."""
        if not person.protected:
            return primary_name(person)
        if self.may_reveal(person):
            self.revealed.add(person.id)
            return f"{primary_name(person)} ({person.pseudonym})"
        return person.pseudonym or person.reference

    def names(self, person: Person) -> list[str]:
        """All names of a person, or none when they are protected from this reader."""
        if person.protected and not self.may_reveal(person):
            return []
        if person.protected:
            self.revealed.add(person.id)
        return [name.text for name in person.names.all()]

    def commit(self, *, actor: str, channel: str, reason: str = "") -> None:
        """Write the reveal event, if anything protected was shown. Call before responding."""
        if not self.revealed:
            return
        persons = sorted(self.revealed)
        with transaction.atomic():
            log.append([Event(actor=actor, action=IDENTITY_REVEALED, reason=reason,
                              details={"persons": [f"records.person:{p}" for p in persons],
                                       "channel": channel})])
        self.revealed.clear()


def protected_ids(persons: Iterable[Person]) -> list[int]:
    return [p.id for p in persons if p.protected]
