"""The proof matrix of a case, one function per view, behind the page, the CSV file, the API and
the command line:

- `by_act`: rows are the elements of the crimes the case charges (or, when it charges none, the
  candidate crimes of its acts, marked as suggested); per element, how many of the crime's acts
  are in each state (`states.ORDER`), and totals per crime;
- `act_matrix`: one act's own, per crime it may be assessed for, each element's state;
- `cell_acts`: the acts behind one count (crime, element, state), a page at a time;
- `by_perpetrator` and `cell_perpetrators` (`matrix_perpetrators`): the same for the modes of
  liability claimed against each perpetrator.

Every state comes from the marks (`marks`): live assessments, current conclusions (at one
standard of proof, or any) and the case's context, whose marks count for every act's
contextual elements. Only members of a case read its matrix: for anyone else the case does not
exist (`Case.DoesNotExist`, which the front ends answer as "not found").

Cost, whatever the size of the case: the acts per type in one grouped query, the marks in one
query per source, the crimes' act types in one; a cell's acts by id from memory or from one
stream of ids (`cells`). Never a query per act or per element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sprava.cases.models import Case
from sprava.law.cells import Cells
from sprava.law.conclusions import check_standard
from sprava.law.derived import Proposed
from sprava.law.framework import Crime, Element, Framework, current
from sprava.law.marks import act_marks
from sprava.law.models import Charge
from sprava.law.states import ORDER, Proof, strongest
from sprava.law.targets import assessable_crimes
from sprava.records.models import Act
from sprava.records.reader import Reader

PAGE_SIZE = 50
MAX_PAGE = 200


def case_of(reader: Reader, *, reference: str | None = None, pk: int | None = None) -> Case:
    """The case, if the reader is a member of it; `Case.DoesNotExist` otherwise, the same
    answer as for a case that is not there."""
    if reference is None and pk is None:
        raise Case.DoesNotExist("no case named")
    found = Case.objects.filter(pk__in=reader.case_ids)
    if reference is not None:
        found = found.filter(reference=reference)
    if pk is not None:
        found = found.filter(pk=pk)
    return found.get()


def require_member(reader: Reader, case: Case) -> None:
    if case.pk not in reader.case_ids:
        raise Case.DoesNotExist("not a member of this case")


def checked_standard(framework: Framework, standard: str | None) -> str | None:
    """The standard of proof to read conclusions at (None: any); `InvalidAssessment` for one
    the framework does not define."""
    if standard:
        check_standard(standard, framework)
        return standard
    return None


def check_page(offset: int, limit: int | None) -> None:
    if offset < 0 or (limit is not None and not 1 <= limit <= MAX_PAGE):
        raise ValueError(f"a page starts at 0 or later and holds 1 to {MAX_PAGE} rows")


def element_json(element: Element) -> dict[str, Any]:
    return {"id": element.id, "number": element.number, "type": element.type,
            "label": element.label.text(), "contextual": element.contextual}


def states_json(counts: tuple[int, ...]) -> dict[str, int]:
    return {state.value: n for state, n in zip(ORDER, counts, strict=True)}


@dataclass(frozen=True)
class Row:
    """One element: of how many acts (or perpetrators) it is asked, and how many are in each
    state, in the order of `states.ORDER`."""

    element: Element
    total: int
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.counts) != len(ORDER) or min(self.counts) < 0 \
                or sum(self.counts) != self.total:
            raise ValueError("a row has one count per state, adding up to its total")

    def count(self, state: Proof) -> int:
        return self.counts[state.rank]

    def cells(self) -> tuple[tuple[Proof, int], ...]:
        return tuple(zip(ORDER, self.counts, strict=True))

    def as_json(self, unit: str) -> dict[str, Any]:
        return {"element": element_json(self.element), unit: self.total,
                "counts": states_json(self.counts)}


def totals(rows: tuple[Row, ...]) -> tuple[int, ...]:
    """Per state, the cells in it (an act's element is one cell) over all the rows."""
    return tuple(sum(row.counts[i] for row in rows) for i in range(len(ORDER)))


@dataclass(frozen=True)
class CrimeMatrix:
    crime: Crime
    charged: bool
    acts: int
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        if [row.element for row in self.rows] != list(self.crime.elements) \
                or any(row.total != self.acts for row in self.rows):
            raise ValueError("a crime's rows are its elements, each of all its acts")

    @property
    def totals(self) -> tuple[int, ...]:
        return totals(self.rows)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.crime.id, "article": self.crime.article,
                "name": self.crime.name.text(), "charged": self.charged, "acts": self.acts,
                "totals": states_json(self.totals),
                "rows": [row.as_json("acts") for row in self.rows]}


@dataclass(frozen=True)
class ByAct:
    case: Case
    framework: Framework
    standard: str | None
    suggested: bool
    """The case charges no crime: the rows are the candidate crimes of its acts."""
    crimes: tuple[CrimeMatrix, ...]

    def as_json(self) -> dict[str, Any]:
        return {"framework": {"id": self.framework.id, "version": self.framework.version},
                "case": self.case.reference, "by": "act", "standard": self.standard,
                "suggested": self.suggested, "states": [s.value for s in ORDER],
                "crimes": [crime.as_json() for crime in self.crimes]}


def cells_of(reader: Reader, case: Case, framework: Framework, standard: str | None,
             proposals: tuple[Proposed, ...] | None = None) -> Cells:
    return Cells(case, framework, act_marks(reader, case, framework, standard=standard,
                                            proposals=proposals))


def matrix_crimes(cells: Cells,
                  framework: Framework) -> tuple[tuple[Crime, ...], set[str], bool]:
    """The crimes of the matrix, those charged, and whether they are suggested instead."""
    charged = set(Charge.objects.filter(case=cells.case).values_list("crime", flat=True))
    known = [crime for crime in framework.crimes if crime.id in charged]
    if known:
        return tuple(known), charged, False
    reached = cells.reached()
    return tuple(crime for crime in framework.crimes if crime.id in reached), charged, True


def by_act(reader: Reader, case: Case, *, standard: str | None = None,
           framework: Framework | None = None) -> ByAct:
    """The case's matrix by act: per element of each crime, the acts in each state."""
    require_member(reader, case)
    framework = framework or current()
    standard = checked_standard(framework, standard)
    cells = cells_of(reader, case, framework, standard)
    crimes, charged, suggested = matrix_crimes(cells, framework)
    matrices = []
    for crime in crimes:
        acts = cells.acts(crime)
        matrices.append(CrimeMatrix(crime, crime.id in charged, acts, tuple(
            Row(element, acts, cells.counts(crime, element)) for element in crime.elements)))
    return ByAct(case, framework, standard, suggested, tuple(matrices))


# --- one act ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActCrime:
    crime: Crime
    states: tuple[tuple[Element, Proof], ...]

    def state(self, element_id: str) -> Proof:
        return next(state for element, state in self.states if element_id in element.ids())


@dataclass(frozen=True)
class ActMatrix:
    act_id: int
    standard: str | None
    crimes: tuple[ActCrime, ...]

    def crime(self, crime_id: str) -> ActCrime | None:
        return next((c for c in self.crimes if c.crime.id == crime_id), None)


def act_matrix(reader: Reader, act: Act, *, standard: str | None = None,
               framework: Framework | None = None) -> ActMatrix:
    """One act's states: per crime it may be assessed for (its type's candidates, the case's
    charges) or has marks for, each element's state."""
    case_id = act.incident.case_id
    if case_id not in reader.case_ids:
        raise Act.DoesNotExist("not an act of the reader's cases")
    framework = framework or current()
    standard = checked_standard(framework, standard)
    marks = act_marks(reader, act.incident.case, framework, standard=standard, act_id=act.pk)
    own, whole = strongest(marks.marks)
    context = {element: state for (owner, element), state in whole.items() if not owner}
    named = {crime for (_, crime, _) in own}
    ids = {crime.id for crime in assessable_crimes(act, framework)} | named
    crimes = []
    for crime in framework.crimes:
        if crime.id not in ids:
            continue
        states = []
        for element in crime.elements:
            state = own.get((act.pk, crime.id, element.id), Proof.NONE)
            floor = context.get(element.id, Proof.NONE) if element.contextual else Proof.NONE
            states.append((element, state if state.rank >= floor.rank else floor))
        crimes.append(ActCrime(crime, tuple(states)))
    return ActMatrix(act.pk, standard, tuple(crimes))


# --- the acts behind a count --------------------------------------------------------------------


@dataclass(frozen=True)
class CellActs:
    case: Case
    crime: Crime
    element: Element
    state: Proof
    standard: str | None
    total: int
    offset: int
    limit: int
    act_ids: tuple[int, ...]
    """The page's acts, by id."""


def cell_acts(reader: Reader, case: Case, crime_id: str, element_id: str, state: Proof, *,
              standard: str | None = None, offset: int = 0, limit: int = PAGE_SIZE,
              framework: Framework | None = None) -> CellActs:
    """The acts of the crime whose element is in `state`, by id, `limit` from `offset`; an
    alternative's id names its element. `UnknownElement` for a crime or element the framework
    does not define."""
    require_member(reader, case)
    check_page(offset, limit)
    framework = framework or current()
    standard = checked_standard(framework, standard)
    crime = framework.crime(crime_id)
    element = crime.element(element_id)
    cells = cells_of(reader, case, framework, standard)
    total = cells.counts(crime, element)[state.rank]
    ids = cells.in_state(crime, element, state, offset + limit)[offset:]
    return CellActs(case, crime, element, state, standard, total, offset, limit, tuple(ids))


def acts_of(ids: tuple[int, ...]) -> list[Act]:
    """The acts of a page, in the order given, with what a list shows of each."""
    found = Act.objects.filter(pk__in=list(ids)).select_related(
        "act_type", "incident", "victim").prefetch_related("victim__names")
    by_id = {act.pk: act for act in found}
    return [by_id[pk] for pk in ids if pk in by_id]


__all__ = ["MAX_PAGE", "PAGE_SIZE", "ActMatrix", "ByAct", "CellActs", "CrimeMatrix", "Row",
           "act_matrix", "acts_of", "by_act", "case_of", "cell_acts", "checked_standard"]
