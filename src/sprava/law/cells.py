"""The cells of a case's proof matrix: for each element of each crime, the state of every act
the crime reaches, from the marks read once (`marks`), and the acts in one cell by id.

Which acts a crime reaches: those whose type names it (`crimes`, counted in one grouped query)
and those marked for it although their type does not name it (an act assessed for a charged
crime). Only the acts with marks of their own are held in memory; every other act of a crime is
at the element's floor: "no evidence", or the state the case's context gives a contextual
element. So a cell's count is arithmetic (the crime's acts less the marked ones), and the acts
of a "no evidence" cell are read in the order of their ids, a growing chunk at a time, skipping
the marked ones in memory: never a list of ids sent back to the database.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sprava.accounts.permissions import in_cases
from sprava.cases.models import Case
from sprava.law.crimes import acts_per_type, types_by_crime
from sprava.law.framework import Crime, Element, Framework
from sprava.law.marks import CONTEXT, ActMarks
from sprava.law.states import ORDER, Proof, counts, strongest
from sprava.records.models import Act

FIRST_CHUNK = 500
LAST_CHUNK = 50_000

Cell = tuple[str, str]  # (crime id, element id)


class Cells:
    """The states of the elements of a case's acts, for the crimes asked about."""

    def __init__(self, case: Case, framework: Framework, marks: ActMarks) -> None:
        self.case = case
        self.framework = framework
        self.per_type = acts_per_type(case)  # one grouped query
        self.types = {crime: frozenset(types) for crime, types in
                      types_by_crime(framework, self.per_type).items()}
        own, whole = strongest(marks.marks)
        self.context = {element: state for (owner, element), state in whole.items()
                        if owner == CONTEXT}
        self.marked: dict[Cell, dict[int, Proof]] = defaultdict(dict)
        acts_of: dict[str, set[int]] = defaultdict(set)
        for (act, crime, element), state in own.items():
            self.marked[(crime, element)][act] = state
            acts_of[crime].add(act)
        # Acts marked for a crime their type does not name: counted for it, listed from here.
        self.extra = {crime: sorted(a for a in acts if marks.types[a] not in
                                    self.types.get(crime, frozenset()))
                      for crime, acts in acts_of.items()}

    def reached(self) -> set[str]:
        """The crimes some act of the case reaches, by its type."""
        return {crime for crime, types in self.types.items()
                if any(self.per_type.get(t) for t in types)}

    def acts(self, crime: Crime) -> int:
        typed = sum(self.per_type.get(t, 0) for t in self.types.get(crime.id, ()))
        return typed + len(self.extra.get(crime.id, ()))

    def floor(self, element: Element) -> Proof:
        """The state of an element for an act with no mark of its own on it."""
        return self.context.get(element.id, Proof.NONE) if element.contextual else Proof.NONE

    def counts(self, crime: Crime, element: Element) -> tuple[int, ...]:
        """How many of the crime's acts are in each state (`states.ORDER`)."""
        found = counts(self.acts(crime), self.marked.get((crime.id, element.id), {}).values(),
                       self.floor(element))
        return tuple(found[state] for state in ORDER)

    def state(self, act: int, crime: Crime, element: Element) -> Proof:
        state = self.marked.get((crime.id, element.id), {}).get(act, Proof.NONE)
        floor = self.floor(element)
        return state if state.rank >= floor.rank else floor

    def in_state(self, crime: Crime, element: Element, state: Proof, first: int) -> list[int]:
        """The first `first` acts (by id) of the crime whose element is in `state`."""
        floor = self.floor(element)
        marked = self.marked.get((crime.id, element.id), {})
        inside = sorted(act for act, own in marked.items()
                        if (own if own.rank >= floor.rank else floor) == state)[:first]
        if state != floor:
            return inside
        unmarked = self.unmarked({(crime.id, element.id): first})[(crime.id, element.id)]
        return list(itertools.islice(heapq.merge(inside, unmarked), first))

    def unmarked(self, wanted: dict[Cell, int]) -> dict[Cell, list[int]]:
        """For each cell, the first `n` acts (by id) of its crime with no mark of their own on
        its element: one pass over the case's acts of the crimes' types, for all cells at
        once, ended as soon as every cell has its `n`."""
        found: dict[Cell, list[int]] = {cell: [] for cell in wanted}
        by_type: dict[int, list[Cell]] = defaultdict(list)
        for cell in wanted:
            for act_type in self.types.get(cell[0], ()):
                if self.per_type.get(act_type):
                    by_type[act_type].append(cell)
        streamed = {cell for cells in by_type.values() for cell in cells}
        open_cells = {cell for cell, n in wanted.items() if n > 0 and cell in streamed}
        biggest = max(wanted.values(), default=0)
        if by_type and open_cells:
            for act, act_type in _acts_of_types(self.case, set(by_type), 2 * biggest):
                for cell in by_type[act_type]:
                    if cell in open_cells and act not in self.marked.get(cell, ()):
                        found[cell].append(act)
                        if len(found[cell]) >= wanted[cell]:
                            open_cells.discard(cell)
                if not open_cells:
                    break  # before the next chunk is read
        for cell, n in wanted.items():
            marked = self.marked.get(cell, {})
            extra = [a for a in self.extra.get(cell[0], ()) if a not in marked][:n]
            found[cell] = list(itertools.islice(heapq.merge(found[cell], extra), n))
        return found


def _acts_of_types(case: Case, types: Iterable[int], first: int) -> Iterator[tuple[int, int]]:
    """(id, act type) of the case's acts of these types, by id: a chunk at a time, each twice
    the last, so that a long run of marked acts costs few queries."""
    rows = Act.objects.filter(in_cases(Act, case), act_type_id__in=sorted(types)).order_by("pk")
    last, size = 0, max(FIRST_CHUNK, first)
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", "act_type_id")[:size])
        yield from chunk
        if len(chunk) < size:
            return
        last, size = chunk[-1][0], min(2 * size, LAST_CHUNK)


__all__ = ["Cells"]
