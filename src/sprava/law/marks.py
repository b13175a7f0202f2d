"""What is said of the elements in one case, as the proof matrix reads it: `states.Mark`s.

Each source is read once per question, as plain values (a fixed number of queries whatever
the size of the case), never row by row:

- live assessments: supports -> supported, contradicts -> contradicted;
- current conclusions, at one standard of proof or at any: met -> concluded met, not met ->
  contradicted; an open conclusion says nothing;
- derived support (`derived.proposed`, the rules run on the case's records as the reader may
  see them): a proposal nobody decided on -> derived only, an accepted one -> supported, a
  rejected one says nothing.

A mark names the element itself: an assessment of an alternative (enforced-disappearance-1b) is
a mark on the element it is an alternative of (enforced-disappearance-1). A crime, mode or
element the current framework does not define marks nothing here (the act page still lists
such rows, by their ids). A mark on the case's context (`CONTEXT` as its owner) is on a
contextual element of every crime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sprava.cases.models import Case
from sprava.law.derived import Proposed, proposed
from sprava.law.errors import UnknownElement
from sprava.law.framework import Framework
from sprava.law.models import Assessment, Conclusion, Direction, State
from sprava.law.states import Mark, Proof
from sprava.records.reader import Reader

CONTEXT = ""  # the owner of a mark on the case as a whole

FROM_DIRECTION = {Direction.SUPPORTS.value: Proof.SUPPORTED,
                  Direction.CONTRADICTS.value: Proof.CONTRADICTED}
FROM_CONCLUSION = {State.MET.value: Proof.MET, State.NOT_MET.value: Proof.CONTRADICTED}


def from_decision(proposal: Proposed) -> Proof | None:
    """A proposal's state: derived only until a lawyer decides; supported once accepted."""
    if proposal.accepted is None:
        return Proof.DERIVED
    return Proof.SUPPORTED if proposal.accepted else None


@dataclass(frozen=True)
class ActMarks:
    """The marks on a case's acts and on its context, and the act type of each act marked
    (an act counts for a crime it is marked for even when its type does not name it)."""

    marks: tuple[Mark, ...]
    types: dict[int, int]


class _Elements:
    """The element a (crime or mode, element id) pair names, looked up once per pair."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.contextual = {e.id for e in framework.contextual()}
        self.seen: dict[tuple[str, str, str], str | None] = {}

    def of(self, crime: str, mode: str, element: str) -> str | None:
        key = (crime, mode, element)
        if key not in self.seen:
            self.seen[key] = self._find(crime, mode, element)
        return self.seen[key]

    def _find(self, crime: str, mode: str, element: str) -> str | None:
        try:
            if crime:
                return self.framework.crime(crime).element(element).id
            if mode:
                return self.framework.mode(mode).element(element).id
        except UnknownElement:
            return None
        return element if element in self.contextual else None


def _live(case_id: int) -> QuerySet[Assessment]:
    return Assessment.objects.filter(case_id=case_id, withdrawn_at__isnull=True).order_by()


def _concluding(case_id: int, standard: str | None) -> QuerySet[Conclusion]:
    rows = Conclusion.objects.filter(case_id=case_id, superseded_by__isnull=True,
                                     state__in=list(FROM_CONCLUSION)).order_by()
    return rows.filter(standard=standard) if standard else rows


def act_marks(reader: Reader, case: Case, framework: Framework, *,
              standard: str | None = None, act_id: int | None = None,
              proposals: tuple[Proposed, ...] | None = None) -> ActMarks:
    """The marks on the case's acts and context: of every act, or of one act (`act_id`).
    `proposals`: the case's, when the caller has them (`derived.proposed`)."""
    on_acts = Q(perpetrator__isnull=True)
    if act_id is not None:
        on_acts &= Q(act_id=act_id) | Q(act__isnull=True)
    fields = ("act_id", "act__act_type_id", "crime", "element")
    said: Iterable[tuple[Any, ...]] = (
        (*row[:4], FROM_DIRECTION[row[4]]) for row in
        _live(case.pk).filter(on_acts).values_list(*fields, "direction").distinct())
    concluded = ((*row[:4], FROM_CONCLUSION[row[4]]) for row in
                 _concluding(case.pk, standard).filter(on_acts)
                 .values_list(*fields, "state").distinct())
    derived = ((p.target.act_id, p.act_type_id, p.target.crime_id, p.target.element_id, state)
               for p in (proposed(reader, case, act_id=act_id, on_perpetrators=False)
                         if proposals is None else proposals)
               if p.target.act_id is not None and (state := from_decision(p)) is not None)
    elements = _Elements(framework)
    marks: list[Mark] = []
    types: dict[int, int] = {}
    for rows in (said, concluded, derived):
        for act, act_type, crime, element, state in rows:
            found = elements.of(crime or "", "", element)
            if found is None:
                continue
            marks.append(Mark(act, crime if act is not None else CONTEXT, found, state))
            if act is not None:
                types[act] = act_type
    return ActMarks(tuple(marks), types)


def perpetrator_marks(reader: Reader, case: Case, framework: Framework, *,
                      standard: str | None = None, perpetrator_id: int | None = None,
                      proposals: tuple[Proposed, ...] | None = None) -> tuple[Mark, ...]:
    """The marks on the elements of the modes of liability claimed in the case (subject: the
    perpetrator, owner: the mode); of every perpetrator, or of one. `proposals`: the case's,
    when the caller has them."""
    on = Q(perpetrator__isnull=False)
    if perpetrator_id is not None:
        on &= Q(perpetrator_id=perpetrator_id)
    fields = ("perpetrator_id", "mode", "element")
    said = ((*row[:3], FROM_DIRECTION[row[3]]) for row in
            _live(case.pk).filter(on).values_list(*fields, "direction").distinct())
    concluded = ((*row[:3], FROM_CONCLUSION[row[3]]) for row in
                 _concluding(case.pk, standard).filter(on).values_list(*fields, "state")
                 .distinct())
    derived = ((p.target.perpetrator_id, p.target.mode_id, p.target.element_id, state)
               for p in (proposed(reader, case, perpetrator_id=perpetrator_id, on_acts=False)
                         if proposals is None else proposals)
               if p.target.perpetrator_id is not None
               and (state := from_decision(p)) is not None)
    elements = _Elements(framework)
    marks = []
    for rows in (said, concluded, derived):
        for person, mode, element, state in rows:
            found = elements.of("", mode or "", element)
            if found is not None:
                marks.append(Mark(person, mode, found, state))
    return tuple(marks)


__all__ = ["CONTEXT", "ActMarks", "act_marks", "from_decision", "perpetrator_marks"]
