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


class State(StrEnum):
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


ORDER: tuple[State, ...] = (State.NONE, State.DERIVED, State.SUPPORTED, State.CONTRADICTED,
                            State.MET)
LABELS = {
    State.NONE: _("no evidence"),
    State.DERIVED: _("derived only"),
    State.SUPPORTED: _("supported"),
    State.CONTRADICTED: _("contradicted"),
    State.MET: _("concluded met"),
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
    state: State

    def __post_init__(self) -> None:
        if self.state is State.NONE:
            raise ValueError("a mark says something: no evidence is the absence of marks")


Key = tuple[int, str, str]


def strongest(marks: Iterable[Mark]) -> tuple[dict[Key, State], dict[tuple[str, str], State]]:
    """Per (subject, owner, element), and per (owner, element) for the case as a whole, the
    strongest state the marks give."""
    own: dict[Key, State] = {}
    whole: dict[tuple[str, str], State] = {}
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


def counts(subjects: int, states: Iterable[State], floor: State = State.NONE) -> dict[State, int]:
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


def per_subject(subjects: Iterable[int], owner: str, element: str,
                own: dict[Key, State], whole: dict[tuple[str, str], State]) -> dict[int, State]:
    """The state of one element for each of `subjects` (for an act's or a perpetrator's own
    page), the case-wide state counting for all."""
    floor = whole.get((owner, element), State.NONE)
    result = {}
    for subject in subjects:
        state = own.get((subject, owner, element), State.NONE)
        result[subject] = state if state.rank >= floor.rank else floor
    return result
