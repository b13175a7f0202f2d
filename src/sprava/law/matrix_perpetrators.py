"""The proof matrix of a case by perpetrator: rows are the elements of each mode of liability
claimed against each perpetrator in the case (their involvements' modes), each element in the
state its marks give it (assessments and conclusions on the perpetrator's mode, `marks`).

`by_perpetrator` gives, per mode, how many of the perpetrators it is claimed against are in each
state of each element (over all of them), and one page of perpetrators with their own states;
`cell_perpetrators` the perpetrators behind one count. Persons are given as records: the front
ends show them through the reader's disclosure (a protected perpetrator by pseudonym to a
reader without identity access), and commit what it revealed.

Cost: the claimed (perpetrator, mode) pairs in one query (distinct in the database), the marks
in one query per source, the persons of one page in one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sprava.accounts.permissions import in_cases
from sprava.cases.models import Case
from sprava.law.derived import Proposed
from sprava.law.framework import Element, Framework, Mode, current
from sprava.law.marks import perpetrator_marks
from sprava.law.matrix import (
    PAGE_SIZE,
    Row,
    check_page,
    checked_standard,
    element_json,
    require_member,
    states_json,
    totals,
)
from sprava.law.states import ORDER, Key, Proof, counts, strongest
from sprava.records.models import Involvement, Person
from sprava.records.reader import Reader


@dataclass(frozen=True)
class ModeMatrix:
    mode: Mode
    perpetrators: int
    rows: tuple[Row, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return totals(self.rows)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.mode.id, "article": self.mode.article,
                "name": self.mode.name.text(), "perpetrators": self.perpetrators,
                "totals": states_json(self.totals),
                "rows": [row.as_json("perpetrators") for row in self.rows]}


@dataclass(frozen=True)
class Claim:
    """A mode claimed against one perpetrator, each of its elements in its state."""

    mode: Mode
    states: tuple[tuple[Element, Proof], ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.mode.id, "article": self.mode.article,
                "name": self.mode.name.text(),
                "elements": [{"element": element_json(element), "state": state.value}
                             for element, state in self.states]}


@dataclass(frozen=True)
class Perpetrator:
    person: Person
    claims: tuple[Claim, ...]


def person_json(reader: Reader, person: Person) -> dict[str, Any]:
    return {"id": person.pk, "label": reader.person_label(person),
            "protected": person.protected}


@dataclass(frozen=True)
class ByPerpetrator:
    case: Case
    framework: Framework
    standard: str | None
    modes: tuple[ModeMatrix, ...]
    total: int
    """Perpetrators with a mode claimed in the case."""
    offset: int
    limit: int | None
    perpetrators: tuple[Perpetrator, ...]
    """One page of them, by record."""

    def as_json(self, reader: Reader) -> dict[str, Any]:
        """As the API and `sprava law matrix --by perpetrator --json` give it; persons through
        the reader's disclosure."""
        return {"framework": {"id": self.framework.id, "version": self.framework.version},
                "case": self.case.reference, "by": "perpetrator", "standard": self.standard,
                "states": [s.value for s in ORDER],
                "modes": [mode.as_json() for mode in self.modes],
                "count": self.total, "limit": self.limit, "offset": self.offset,
                "perpetrators": [{"perpetrator": person_json(reader, row.person),
                                  "modes": [claim.as_json() for claim in row.claims]}
                                 for row in self.perpetrators]}


class Claims:
    """The modes claimed against each perpetrator of a case, and their elements' marks."""

    def __init__(self, reader: Reader, case: Case, framework: Framework,
                 standard: str | None, proposals: tuple[Proposed, ...] | None = None) -> None:
        pairs = set(Involvement.objects.filter(in_cases(Involvement, case)).order_by()
                    .values_list("perpetrator_id", "mode").distinct())
        known = {mode.id for mode in framework.modes}
        self.modes = tuple(m for m in framework.modes if m.id in {mode for _, mode in pairs})
        self.against: dict[str, list[int]] = defaultdict(list)
        self.modes_of: dict[int, set[str]] = defaultdict(set)
        for person, mode in sorted(pairs):
            if mode in known:
                self.against[mode].append(person)
                self.modes_of[person].add(mode)
        self.people = sorted({person for person, mode in pairs if mode in known})
        # A mark on a mode no longer claimed (its involvement removed) counts for nothing.
        marks = [m for m in perpetrator_marks(reader, case, framework, standard=standard,
                                   proposals=proposals)
                 if (m.subject, m.owner) in pairs]
        self.own: dict[Key, Proof] = strongest(marks)[0]
        self.marked: dict[tuple[str, str], dict[int, Proof]] = defaultdict(dict)
        for (person_id, mode_id, element_id), state in self.own.items():
            self.marked[(mode_id, element_id)][person_id] = state

    def matrix(self, mode: Mode) -> ModeMatrix:
        n = len(self.against[mode.id])
        rows = []
        for element in mode.elements:
            found = counts(n, self.marked.get((mode.id, element.id), {}).values())
            rows.append(Row(element, n, tuple(found[state] for state in ORDER)))
        return ModeMatrix(mode, n, tuple(rows))

    def state(self, person: int, mode: Mode, element: Element) -> Proof:
        return self.own.get((person, mode.id, element.id), Proof.NONE)

    def claims(self, person: int) -> tuple[Claim, ...]:
        return tuple(Claim(mode, tuple((e, self.state(person, mode, e)) for e in mode.elements))
                     for mode in self.modes if mode.id in self.modes_of[person])


def _persons(ids: list[int]) -> dict[int, Person]:
    return Person.objects.filter(pk__in=ids).prefetch_related("names").in_bulk()


def by_perpetrator(reader: Reader, case: Case, *, standard: str | None = None, offset: int = 0,
                   limit: int | None = PAGE_SIZE,
                   framework: Framework | None = None) -> ByPerpetrator:
    """The case's matrix by perpetrator: the counts per mode over all perpetrators, and one
    page of perpetrators (`limit` None: all of them, for a file) with their own states."""
    require_member(reader, case)
    check_page(offset, limit)
    framework = framework or current()
    standard = checked_standard(framework, standard)
    claims = Claims(reader, case, framework, standard)
    page = claims.people[offset:None if limit is None else offset + limit]
    persons = _persons(page)
    rows = tuple(Perpetrator(persons[pk], claims.claims(pk)) for pk in page if pk in persons)
    return ByPerpetrator(case, framework, standard,
                         tuple(claims.matrix(mode) for mode in claims.modes),
                         len(claims.people), offset, limit, rows)


@dataclass(frozen=True)
class CellPerpetrators:
    case: Case
    mode: Mode
    element: Element
    state: Proof
    standard: str | None
    total: int
    offset: int
    limit: int
    persons: tuple[Person, ...]


def cell_perpetrators(reader: Reader, case: Case, mode_id: str, element_id: str, state: Proof,
                      *, standard: str | None = None, offset: int = 0, limit: int = PAGE_SIZE,
                      framework: Framework | None = None) -> CellPerpetrators:
    """The perpetrators the mode is claimed against whose element is in `state`, by record.
    `UnknownElement` for a mode or element the framework does not define."""
    require_member(reader, case)
    check_page(offset, limit)
    framework = framework or current()
    standard = checked_standard(framework, standard)
    mode = framework.mode(mode_id)
    element = mode.element(element_id)
    claims = Claims(reader, case, framework, standard)
    inside = [pk for pk in claims.against[mode.id] if claims.state(pk, mode, element) == state]
    page = inside[offset:offset + limit]
    persons = _persons(page)
    return CellPerpetrators(case, mode, element, state, standard, len(inside), offset, limit,
                            tuple(persons[pk] for pk in page if pk in persons))


__all__ = ["ByPerpetrator", "CellPerpetrators", "Claim", "ModeMatrix", "Perpetrator",
           "by_perpetrator", "cell_perpetrators", "person_json"]
