"""How far each element is proven, for one act (or one perpetrator): the proof matrix's cells.

An element's state is the strongest that any mark gives it, in this order:

    no evidence < derived only < supported < contradicted < concluded met

"Contradicted" ranks above "supported": an element with evidence both ways needs a lawyer's
eye before anything else, and a lawyer's conclusion that it is not met counts as contradicted.
A conclusion that it is met ends the question (until a later conclusion replaces it). A mark
on the case as a whole (the contextual elements) counts for every act of the case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Proof(StrEnum):
    NONE = "no-evidence"
    DERIVED = "derived-only"
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    MET = "met"

    @property
    def rank(self) -> int:
        return ORDER.index(self)

    @property
    def label(self) -> str:
        return str(LABELS[self])


ORDER: tuple[Proof, ...] = (Proof.NONE, Proof.DERIVED, Proof.SUPPORTED, Proof.CONTRADICTED,
                            Proof.MET)
LABELS = {
    Proof.NONE: _("no evidence"),
    Proof.DERIVED: _("derived only"),
    Proof.SUPPORTED: _("supported"),
    Proof.CONTRADICTED: _("contradicted"),
    Proof.MET: _("concluded met"),
}


@dataclass(frozen=True)
class Mark:
    """One thing said of an element: an assessment, a proposal by a rule, a conclusion.

    `subject` is the act (for a crime's element) or the perpetrator (for a mode's element); None
    for the case as a whole. `owner` is the crime or mode; `element` the element's own id (an
    alternative's mark is given to the element it is an alternative of).
    """

    subject: int | None
    owner: str
    element: str
    state: Proof

    def __post_init__(self) -> None:
        if self.state is Proof.NONE:
            raise ValueError("a mark says something: no evidence is the absence of marks")


Key = tuple[int, str, str]


def strongest(marks: Iterable[Mark]) -> tuple[dict[Key, Proof], dict[tuple[str, str], Proof]]:
    """Per (subject, owner, element), and per (owner, element) for the case as a whole, the
    strongest state the marks give."""
    own: dict[Key, Proof] = {}
    whole: dict[tuple[str, str], Proof] = {}
    for mark in marks:
        if mark.subject is None:
            key2 = (mark.owner, mark.element)
            if key2 not in whole or whole[key2].rank < mark.state.rank:
                whole[key2] = mark.state
            continue
        key = (mark.subject, mark.owner, mark.element)
        if key not in own or own[key].rank < mark.state.rank:
            own[key] = mark.state
    return own, whole


def counts(subjects: int, states: Iterable[Proof], floor: Proof = Proof.NONE) -> dict[Proof, int]:
    """How many of `subjects` are in each state, given the states of those with marks of their
    own; the rest, and any own state below it, are at `floor` (the case-wide state)."""
    out = dict.fromkeys(ORDER, 0)
    marked = 0
    for state in states:
        marked += 1
        out[state if state.rank >= floor.rank else floor] += 1
    if marked > subjects:
        raise ValueError("more marked subjects than subjects")
    out[floor] += subjects - marked
    return out

