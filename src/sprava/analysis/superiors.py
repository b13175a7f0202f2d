"""Candidates for superior responsibility in a case (Rome Statute art. 28): persons who held a
post over a unit involved in the case's acts (that unit, or one above it) while those acts
happened, ranked by how many acts, then how many victims.

A candidate is a lead for the lawyers, not a finding: the post and the acts ground art. 28(b)
element 1 (effective authority and control) at most as a question; the other elements (the
failure to exercise control, knowledge, responsibility for the activities, the failure to
prevent or repress) are still to prove, by the assessments of the legal layer.

Bounded work, whatever the size of the case: the unit tree in one query, the case's acts per
unit and month in one, the posts over the units involved in one, the counts of every candidate
and post in one join (`counting.count`), and the names of one page of candidates in one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from sprava.accounts.permissions import in_cases
from sprava.analysis import counting
from sprava.analysis.command import Post, UnitActs, visible_positions
from sprava.analysis.counting import Activity, Tally, Window
from sprava.analysis.tenure import Tenure
from sprava.analysis.units import UnitTree
from sprava.cases.models import Case
from sprava.records.models import Involvement, Person, Position
from sprava.records.reader import Reader

PAGE_SIZE = 50
MAX_PAGE = 500


def case_of(reader: Reader, *, reference: str | None = None, pk: int | None = None) -> Case:
    """The case, if the reader is a member of it; `Case.DoesNotExist` otherwise, the same
    answer as for a case that is not there."""
    found = Case.objects.filter(pk__in=reader.case_ids)
    if reference is not None:
        found = found.filter(reference=reference)
    if pk is not None:
        found = found.filter(pk=pk)
    if reference is None and pk is None:
        raise Case.DoesNotExist("no case named")
    return found.get()


@dataclass(frozen=True)
class Ground:
    """One post that makes its holder a candidate, and what its units did meanwhile."""

    post: Post
    first: datetime.date
    last: datetime.date
    """The first and last day, within the tenure, of an act of these units in the case."""
    tally: Tally
    units: tuple[UnitActs, ...]
    """The units involved (the post's unit or units under it), the most acts first."""


@dataclass(frozen=True)
class Candidate:
    rank: int
    person: Person
    tally: Tally
    """All their posts together: an act under two of them is one act."""
    grounds: tuple[Ground, ...]

    def __post_init__(self) -> None:
        if self.rank < 1 or not self.grounds or self.tally.acts < 1:
            raise ValueError("a candidate has a rank, a post, and acts under it")

    @property
    def superior(self) -> bool:
        """Whether any of the posts is recorded as giving command or authority."""
        return any(ground.post.superior for ground in self.grounds)


@dataclass(frozen=True)
class Superiors:
    case: Case
    total: int
    offset: int
    limit: int
    candidates: tuple[Candidate, ...]
    """One page of the ranked list, from `offset`."""


@dataclass(frozen=True)
class _Reach:
    """What the units under one unit did in the case within one tenure: the windows of the
    units involved (each clipped to the days with acts, so that equal reaches are equal), and
    the acts per unit that the monthly activity already tells."""

    first: datetime.date
    last: datetime.date
    windows: tuple[Window, ...]
    exact_units: tuple[tuple[int, int], ...]
    """(unit, acts) where every month of the unit's acts lies wholly within the tenure."""
    cut_units: tuple[Window, ...]
    """Windows of units whose acts a tenure boundary cuts within a month: the database
    counts them."""


def superiors(reader: Reader, case: Case, *, offset: int = 0,
              limit: int = PAGE_SIZE) -> Superiors:
    """The ranked candidates of the case, as the reader sees them: posts of the persons of the
    reader's cases, acts of this case (of which the reader must be a member)."""
    if case.pk not in reader.case_ids:
        raise Case.DoesNotExist("not a member of this case")
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"a page starts at 0 or later and holds 1 to {MAX_PAGE} candidates")
    tree = UnitTree.load()
    involvements = Involvement.objects.filter(in_cases(Involvement, case))
    months: dict[int, list[Activity]] = defaultdict(list)
    for row in counting.activity(involvements):
        months[row.unit_id].append(row)
    posts = _posts_over(reader, tree, set(months))
    # Many posts share a unit and a tenure (all the officers of a unit in post since before the
    # case began): each unit and tenure is worked out once.
    reaches: dict[tuple[int, Tenure], _Reach | None] = {}
    requests: dict[tuple[object, ...], list[Window]] = {}
    by_person: dict[int, list[tuple[Post, _Reach]]] = defaultdict(list)
    for post in posts:
        key = (post.unit_id, post.tenure)
        if key not in reaches:
            reaches[key] = reach = _reach(post, tree, months)
            if reach is not None:
                requests[("reach", key)] = list(reach.windows)
                requests.update({("unit", window): [window] for window in reach.cut_units})
        reach = reaches[key]
        if reach is None:
            continue
        person_id = int(post.position.person_id)
        by_person[person_id].append((post, reach))
        requests.setdefault(("person", person_id), []).extend(reach.windows)
    tallies = counting.count(involvements, requests)
    ranked = []
    for person_id, held in by_person.items():
        tally = tallies[("person", person_id)]
        if not tally.acts:
            continue
        grounds = [g for post, reach in held
                   if (g := _ground(post, reach, tallies, tree)).tally.acts]
        grounds.sort(key=lambda g: (-g.tally.acts, -g.tally.victims, g.first))
        ranked.append((person_id, tally, tuple(grounds)))
    # Most acts, then most victims; among equals a post of command first, then by record.
    ranked.sort(key=lambda row: (-row[1].acts, -row[1].victims,
                                 not any(g.post.superior for g in row[2]), row[0]))
    ranks = _competition_ranks([row[1] for row in ranked])
    page = ranked[offset:offset + limit]
    persons = Person.objects.filter(pk__in=[row[0] for row in page]).prefetch_related("names")
    people = {person.pk: person for person in persons}
    candidates = tuple(Candidate(rank=ranks[offset + i], person=people[person_id], tally=tally,
                                 grounds=grounds)
                       for i, (person_id, tally, grounds) in enumerate(page)
                       if person_id in people)
    return Superiors(case=case, total=len(ranked), offset=offset, limit=limit,
                     candidates=candidates)


def _posts_over(reader: Reader, tree: UnitTree, involved: set[int]) -> list[Post]:
    """Dated posts of the reader's persons in the units involved or any unit above them."""
    commanding = tree.above_or_self(involved)
    rows = (visible_positions(reader).filter(organisation_id__in=commanding)
            .exclude(start_date=None).order_by("id"))
    unit_field = Position._meta.get_field("organisation")
    posts = []
    for position in rows:
        unit_field.set_cached_value(position, tree.get(position.organisation_id))
        post = Post.of(position)
        if post.tenure.dated:
            posts.append(post)
    return posts


def _reach(post: Post, tree: UnitTree, months: dict[int, list[Activity]]) -> _Reach | None:
    """The windows of a post: each involved unit under it, for the days of the tenure in which
    that unit has acts of the case; None when it has none."""
    tenure = post.tenure
    windows: list[Window] = []
    exact: list[tuple[int, int]] = []
    cut: list[Window] = []
    for unit_id in tree.subtree(post.unit_id):
        groups = [g for g in months.get(unit_id, ()) if tenure.within(g.first, g.last)]
        if not groups:
            continue
        span = tenure.within(min(g.first for g in groups), max(g.last for g in groups))
        assert span is not None
        window = Window(unit_id, *span)
        windows.append(window)
        if all(g.inside(*span) for g in groups):
            exact.append((unit_id, sum(g.acts for g in groups)))
        else:
            cut.append(window)
    if not windows:
        return None
    return _Reach(first=min(w.first for w in windows), last=max(w.last for w in windows),
                  windows=tuple(windows), exact_units=tuple(exact), cut_units=tuple(cut))


def _ground(post: Post, reach: _Reach, tallies: dict[tuple[object, ...], Tally],
            tree: UnitTree) -> Ground:
    acts = dict(reach.exact_units)
    for window in reach.cut_units:
        acts[window.unit_id] = tallies[("unit", window)].acts
    units = sorted((UnitActs(tree.get(u), n) for u, n in acts.items() if n),
                   key=lambda row: -row.acts)
    return Ground(post=post, first=reach.first, last=reach.last,
                  tally=tallies[("reach", (post.unit_id, post.tenure))], units=tuple(units))


def _competition_ranks(tallies: list[Tally]) -> list[int]:
    """1, 2, 2, 4: equal acts and victims share a rank."""
    ranks: list[int] = []
    for i, tally in enumerate(tallies):
        same = i and (tally.acts, tally.victims) == (tallies[i - 1].acts, tallies[i - 1].victims)
        ranks.append(ranks[-1] if same else i + 1)
    return ranks


__all__ = ["PAGE_SIZE", "Candidate", "Ground", "Superiors", "case_of", "superiors"]
