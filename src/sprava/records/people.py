"""Persons, their roles in cases, protection and custody: one function per change, behind every
front end (pages, API, CLI, import).

Creating a person used to be written twice, by the pages (one name, a role, protection) and by
the API (any names, a role, protection), with the ledger events in a different order and the
reason on different events. `create_person` is both: the person, their role in the case, each
name, then protection, every step a `records:...` event carrying the reason, in one
transaction. A refusal at any step leaves nothing behind.

Like `sprava.records.services`, these functions trust their caller on permissions
(`sprava.accounts.permissions`: EDIT in the case, identity access to unprotect, rule 4 for a
protected person taken into another case); they hold the rules of the records themselves.

A person may be recorded without a name: an unidentified perpetrator is known by a description
in the notes until someone names them. The pages ask for a first name because a documenter
adding a person by hand has one; the API and the import may leave it for later.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.models import (
    CustodyPeriod,
    Gender,
    NameKind,
    Person,
    PersonRole,
    Precision,
    Script,
)


@dataclass(frozen=True)
class NewName:
    """One spelling of a new person's name."""

    text: str
    script: str = Script.OTHER
    kind: str = NameKind.PRIMARY


@dataclass(frozen=True)
class PersonFacts:
    """What a person's own record holds (their names, roles and custody are records of their
    own)."""

    gender: str = Gender.UNKNOWN
    birth_date: datetime.date | None = None
    birth_precision: str = Precision.UNKNOWN
    notes: str = ""

    def apply(self, person: Person) -> None:
        person.gender, person.birth_date = self.gender, self.birth_date
        person.birth_precision, person.notes = self.birth_precision, self.notes


def create_person(*, case: Case, role: str, names: Iterable[NewName] = (),
                  facts: PersonFacts | None = None, protected: bool = False, actor: str,
                  reason: str = "") -> Person:
    """A new person with a role in `case` (which lets its members see them), their names, and,
    if asked, protected at once with `case` holding their identity.

    Whoever records a person may protect them (only lifting protection needs identity access,
    which the caller checks)."""
    person = Person()
    (facts or PersonFacts()).apply(person)
    with transaction.atomic():
        services.save_record(person, actor=actor, reason=reason)
        services.save_record(PersonRole(person=person, case=case, role=role), actor=actor,
                             reason=reason)
        for name in names:
            services.add_name(person, name.text, actor=actor, script=name.script,
                              kind=name.kind, reason=reason)
        if protected:
            services.protect(person, actor=actor, reason=reason, case=case)
    return person


def change_person(person: Person, *, protected: bool | None = None,
                  protect_in: Case | None = None, actor: str, reason: str = "") -> Person:
    """Save a person's changed facts (set on `person` by the caller) and their protection.

    `protected=True` protects an unprotected person, `protect_in` holding their identity (None:
    the case of their earliest role); `False` lifts protection but keeps the pseudonym, which
    names them in files already shared; None leaves protection as it is.
    """
    with transaction.atomic():
        if protected and not person.protected:
            services.save_record(person, actor=actor, reason=reason)
            services.protect(person, actor=actor, reason=reason, case=protect_in)
        else:
            if protected is False:
                person.protected = False
            services.save_record(person, actor=actor, reason=reason)
    return person


def ensure_role(person: Person, case: Case | int, role: str, *, actor: str,
                reason: str = "") -> None:
    """Give a person a role in a case unless they have it, so the case's members can see them."""
    case_id = case if isinstance(case, int) else case.pk
    if not PersonRole.objects.filter(person=person, case_id=case_id, role=role).exists():
        services.save_record(PersonRole(person=person, case_id=case_id, role=role), actor=actor,
                             reason=reason)


def ensure_any_role(person: Person, case: Case, role: str, *, actor: str,
                    reason: str = "") -> None:
    """Like `ensure_role`, but any role the person already has in the case will do (a witness
    who gives a testimony does not also become a "source")."""
    if not PersonRole.objects.filter(person=person, case=case).exists():
        services.save_record(PersonRole(person=person, case=case, role=role), actor=actor,
                             reason=reason)


def save_custody(period: CustodyPeriod, *, actor: str, reason: str = "") -> CustodyPeriod:
    """Create or change a custody period.

    The rule: custody is what happened. A period that begins in the future, or ends in it, is
    refused (RecordError), whoever sends it: a planned release date is not a record, and a
    period still running has no end yet (leave it empty). The end never comes before the start.
    Both are the rule of every record's dates (`sprava.records.dates`), which `save_record`
    applies; this function is the one door for custody so that a rule of custody alone has a
    place to live.
    """
    return services.save_record(period, actor=actor, reason=reason)


__all__ = ["NewName", "PersonFacts", "change_person", "create_person", "ensure_any_role",
           "ensure_role", "save_custody"]
