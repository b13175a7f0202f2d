"""For one person, the modes of liability claimed against them and how far each element is
proven, across the reader's cases: the person's page shows it under "Positions and command".

The state of an element is the strongest the marks of any of the reader's cases give it
(`states.Proof`: the proof matrix's order), and its evidence the live assessments of it, each
cited as the reader may see its source and named with its case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sprava.accounts.permissions import case_field, in_cases
from sprava.cases.models import Case
from sprava.law.assessments import for_display
from sprava.law.errors import UnknownElement
from sprava.law.framework import Element, current
from sprava.law.marks import perpetrator_marks
from sprava.law.models import Assessment
from sprava.law.shown import Shown
from sprava.law.states import Proof, strongest
from sprava.records.models import Involvement, Person
from sprava.records.reader import Reader


@dataclass(frozen=True)
class Cited:
    case: str  # the case's reference
    source: str  # the citation, as the reader may see it
    supports: bool


@dataclass(frozen=True)
class ElementState:
    element: Element
    state: Proof
    evidence: tuple[Cited, ...]
    # The reader's cases in which the mode is claimed: where the element may be assessed.
    cases: tuple[Case, ...] = ()


def mode_states(reader: Reader, person: Person) -> dict[str, tuple[ElementState, ...]]:
    """Per mode claimed against `person` in the reader's cases, each element's state."""
    framework = current()
    cases = list(Case.objects.filter(pk__in=Involvement.objects.filter(
        in_cases(Involvement, reader.case_ids), perpetrator=person).values(
        case_field(Involvement))).order_by("reference"))
    best: dict[tuple[str, str], Proof] = {}
    for case in cases:
        own, _ = strongest(perpetrator_marks(reader, case, framework, perpetrator_id=person.pk))
        for (_, mode, element), state in own.items():
            if best.get((mode, element), Proof.NONE).rank < state.rank:
                best[(mode, element)] = state
    rows = list(for_display(Assessment.objects.filter(
        case__in=cases, perpetrator=person, withdrawn_at__isnull=True)).order_by("id"))
    shown = Shown.of(reader, rows)
    cited: dict[tuple[str, str], list[Cited]] = defaultdict(list)
    for row in rows:
        try:  # an alternative's assessment counts for its element, as in the matrix
            element = framework.mode(row.mode).element(row.element).id
        except UnknownElement:  # a mode or element of an older framework version
            element = row.element
        cited[(row.mode, element)].append(Cited(row.case.reference, shown.source(row).label,
                                                row.direction == "supports"))
    by_id = {case.pk: case for case in cases}
    claimed: dict[str, set[int]] = defaultdict(set)
    for mode_id, case_id in Involvement.objects.filter(
            in_cases(Involvement, cases), perpetrator=person).values_list(
            "mode", case_field(Involvement)).distinct():
        claimed[mode_id].add(case_id)
    return {mode.id: tuple(ElementState(e, best.get((mode.id, e.id), Proof.NONE),
                                        tuple(cited.get((mode.id, e.id), ())),
                                        tuple(by_id[c] for c in sorted(
                                            claimed[mode.id], key=lambda c: by_id[c].reference)))
                           for e in mode.elements)
            for mode in framework.modes if mode.id in claimed}
