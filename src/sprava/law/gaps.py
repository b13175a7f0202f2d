"""The gaps of a case's proof matrix in plain words: "Torture, element 2 (custody or control):
no evidence for 14 acts", with the first acts named and the kind of source that would close it
(`hints`).

A gap is an element, of a crime the matrix shows (`matrix.by_act`) or of a mode claimed against
perpetrators (`matrix_perpetrators`), for which some acts or perpetrators have no evidence, or
only support that rules derived and nobody has confirmed. A charged crime that no act of the
case reaches is a gap of its own (`Gaps.uncovered`).

The same reading as the matrix, in the same bounded cost: one pass over the marks, and the
first acts of every "no evidence" cell from one stream of ids (`cells.Cells.unmarked`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import ngettext

from sprava.cases.models import Case
from sprava.law.cells import Cells
from sprava.law.derived import proposed
from sprava.law.framework import Crime, Element, Framework, Mode, current
from sprava.law.hints import CONFIRM, hints
from sprava.law.matrix import (
    cells_of,
    checked_standard,
    element_json,
    matrix_crimes,
    require_member,
)
from sprava.law.matrix_perpetrators import Claims, person_json
from sprava.law.states import Proof
from sprava.records.models import Person
from sprava.records.reader import Reader

FIRST = 10
MAX_FIRST = 100
GAP_STATES = (Proof.NONE, Proof.DERIVED)


class GapKind(StrEnum):
    ACT = "act"
    PERPETRATOR = "perpetrator"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    owner: Crime | Mode
    element: Element
    state: Proof
    """"no evidence", or "derived only"."""
    count: int
    total: int
    """Of how many acts (of the crime) or perpetrators (the mode is claimed against)."""
    first: tuple[int, ...]
    """The first acts or perpetrators in the gap, by id."""

    def __post_init__(self) -> None:
        if self.state not in GAP_STATES or not 0 < self.count <= self.total \
                or len(self.first) > self.count:
            raise ValueError("a gap is some acts or perpetrators with no evidence, or only "
                             "derived support")

    @property
    def text(self) -> str:
        """The gap in plain words, in the active language."""
        values = {"owner": self.owner.name.text(), "number": self.element.number,
                  "element": _lower_first(self.element.label.text()), "count": self.count}
        if self.kind is GapKind.ACT and self.state is Proof.NONE:
            message = ngettext(
                "%(owner)s, element %(number)d (%(element)s): no evidence for %(count)d act",
                "%(owner)s, element %(number)d (%(element)s): no evidence for %(count)d acts",
                self.count)
        elif self.kind is GapKind.ACT:
            message = ngettext(
                "%(owner)s, element %(number)d (%(element)s): only derived support for "
                "%(count)d act",
                "%(owner)s, element %(number)d (%(element)s): only derived support for "
                "%(count)d acts", self.count)
        elif self.state is Proof.NONE:
            message = ngettext(
                "%(owner)s, element %(number)d (%(element)s): no evidence for %(count)d "
                "perpetrator",
                "%(owner)s, element %(number)d (%(element)s): no evidence for %(count)d "
                "perpetrators", self.count)
        else:
            message = ngettext(
                "%(owner)s, element %(number)d (%(element)s): only derived support for "
                "%(count)d perpetrator",
                "%(owner)s, element %(number)d (%(element)s): only derived support for "
                "%(count)d perpetrators", self.count)
        return message % values

    @property
    def hints(self) -> tuple[str, ...]:
        """What kind of source would close it, in the active language."""
        found = hints(self.element)
        return (str(CONFIRM), *found) if self.state is Proof.DERIVED else found


@dataclass(frozen=True)
class Gaps:
    case: Case
    framework: Framework
    standard: str | None
    suggested: bool
    """The case charges no crime: the gaps are those of its acts' candidate crimes."""
    uncovered: tuple[Crime, ...]
    """Charged crimes that no act of the case reaches."""
    gaps: tuple[Gap, ...]
    persons: dict[int, Person]
    """The perpetrators the gaps name first."""

    @property
    def of_acts(self) -> tuple[Gap, ...]:
        return tuple(gap for gap in self.gaps if gap.kind is GapKind.ACT)

    @property
    def of_perpetrators(self) -> tuple[Gap, ...]:
        return tuple(gap for gap in self.gaps if gap.kind is GapKind.PERPETRATOR)

    def as_json(self, reader: Reader) -> dict[str, Any]:
        """As the API and `sprava law gaps --json` give it; persons through the reader's
        disclosure."""
        def one(gap: Gap) -> dict[str, Any]:
            on_act = gap.kind is GapKind.ACT
            return {"kind": gap.kind.value, "crime": gap.owner.id if on_act else None,
                    "mode": None if on_act else gap.owner.id, "article": gap.owner.article,
                    "name": gap.owner.name.text(), "element": element_json(gap.element),
                    "state": gap.state.value, "count": gap.count, "total": gap.total,
                    "text": gap.text, "hints": list(gap.hints),
                    "acts": list(gap.first) if on_act else [],
                    "perpetrators": [] if on_act else [
                        person_json(reader, self.persons[pk]) for pk in gap.first
                        if pk in self.persons]}

        return {"framework": {"id": self.framework.id, "version": self.framework.version},
                "case": self.case.reference, "standard": self.standard,
                "suggested": self.suggested,
                "uncovered": [{"crime": c.id, "article": c.article, "name": c.name.text()}
                              for c in self.uncovered],
                "gaps": [one(gap) for gap in self.gaps]}


def _act_gaps(cells: Cells, crimes: tuple[Crime, ...], first: int) -> list[Gap]:
    found: list[tuple[Crime, Element, Proof, int, int]] = []
    wanted: dict[tuple[str, str], int] = {}
    for crime in crimes:
        acts = cells.acts(crime)
        for element in crime.elements:
            counted = cells.counts(crime, element)
            for state in GAP_STATES:
                if counted[state.rank]:
                    found.append((crime, element, state, counted[state.rank], acts))
                    if state is Proof.NONE:
                        wanted[(crime.id, element.id)] = first
    unmarked = cells.unmarked(wanted)
    return [Gap(GapKind.ACT, crime, element, state, count, acts, tuple(
        unmarked[(crime.id, element.id)] if state is Proof.NONE
        else cells.in_state(crime, element, state, first)))
        for crime, element, state, count, acts in found]


def _perpetrator_gaps(claims: Claims, first: int) -> list[Gap]:
    gaps = []
    for mode in claims.modes:
        matrix = claims.matrix(mode)
        for row in matrix.rows:
            for state in GAP_STATES:
                if row.count(state):
                    inside = [pk for pk in claims.against[mode.id]
                              if claims.state(pk, mode, row.element) == state][:first]
                    gaps.append(Gap(GapKind.PERPETRATOR, mode, row.element, state,
                                    row.count(state), row.total, tuple(inside)))
    return gaps


def gaps(reader: Reader, case: Case, *, standard: str | None = None, first: int = FIRST,
         framework: Framework | None = None) -> Gaps:
    """The case's gaps, in the order of the framework (crimes, then modes; elements by
    number), each with its first `first` acts or perpetrators."""
    require_member(reader, case)
    if not 1 <= first <= MAX_FIRST:
        raise ValueError(f"name 1 to {MAX_FIRST} acts per gap")
    framework = framework or current()
    standard = checked_standard(framework, standard)
    proposals = proposed(reader, case)  # the rules run once, for acts and perpetrators
    cells = cells_of(reader, case, framework, standard, proposals)
    crimes, _, suggested = matrix_crimes(cells, framework)
    uncovered = () if suggested else tuple(c for c in crimes if not cells.acts(c))
    found = _act_gaps(cells, crimes, first)
    found += _perpetrator_gaps(Claims(reader, case, framework, standard, proposals), first)
    named = [pk for gap in found if gap.kind is GapKind.PERPETRATOR for pk in gap.first]
    persons = Person.objects.filter(pk__in=named).prefetch_related("names").in_bulk()
    return Gaps(case, framework, standard, suggested, uncovered, tuple(found), persons)


__all__ = ["FIRST", "MAX_FIRST", "Gap", "GapKind", "Gaps", "gaps"]
