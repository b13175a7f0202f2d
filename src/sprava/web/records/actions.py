"""The pages' words for the person changes of `sprava.records.people`, which hold them.

`new_person` is the "…or the name of a new person" of the act, perpetrator and testimony forms:
one name, a role in the case, protection if ticked.
"""

from __future__ import annotations

from sprava.cases.models import Case
from sprava.records import people
from sprava.records.models import Person
from sprava.records.people import ensure_any_role, ensure_role


def new_person(name: str, *, case: Case, role: str, actor: str, script: str = "other",
               protected: bool = False, reason: str = "",
               facts: people.PersonFacts | None = None) -> Person:
    """A person with a primary name and a role in a case, protected at once if asked."""
    return people.create_person(case=case, role=role, names=[people.NewName(name, script)],
                                facts=facts, protected=protected, actor=actor, reason=reason)


__all__ = ["ensure_any_role", "ensure_role", "new_person"]
