"""Changes that take several domain calls (a new person with a name and a role), in one transaction.

They belong in `sprava.records.services` beside `save_record`; until they move there, they call
only its public functions, so every step writes its own ledger event.
"""

from __future__ import annotations

from django.db import transaction

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.models import Person, PersonRole


def ensure_role(person: Person, case: Case, role: str, *, actor: str) -> None:
    """Give a person a role in a case unless they have it, so the case's members can see them."""
    if not PersonRole.objects.filter(person=person, case=case, role=role).exists():
        services.save_record(PersonRole(person=person, case=case, role=role), actor=actor)


def ensure_any_role(person: Person, case: Case, role: str, *, actor: str) -> None:
    """Like `ensure_role`, but any role the person already has in the case will do."""
    if not PersonRole.objects.filter(person=person, case=case).exists():
        services.save_record(PersonRole(person=person, case=case, role=role), actor=actor)


def new_person(name: str, *, case: Case, role: str, actor: str, script: str = "other",
               protected: bool = False, reason: str = "", **fields: object) -> Person:
    """A person with a primary name and a role in a case, protected at once if asked."""
    with transaction.atomic():
        person = services.save_record(Person(**fields), actor=actor, reason=reason)
        services.add_name(person, name, actor=actor, script=script)
        services.save_record(PersonRole(person=person, case=case, role=role), actor=actor)
        if protected:
            services.protect(person, actor=actor, reason=reason, case=case)
    return person
