"""A person's place in the command structure: their posts over time, the hierarchy around their
units at a date with who held posts in it, and the acts of their units during their tenure.

Everything is read as one reader sees it (`records.reader.Reader`): posts and holders of the
persons of the reader's cases, acts and involvements of those cases only. The units themselves
are shared reference data and read whole (`units.UnitTree`). Names are never read here: the
persons come back as records, and the front end labels them through the reader's disclosure,
so a protected person shows by pseudonym to whoever lacks identity access.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sprava.accounts.permissions import in_cases
from sprava.analysis import counting
from sprava.analysis.counting import Tally
from sprava.analysis.counting import Window as Span
from sprava.analysis.tenure import Tenure, covering
from sprava.analysis.units import UnitTree
from sprava.records.models import (
    Act,
    Involvement,
    LiabilityMode,
    Organisation,
    Person,
    Position,
)
from sprava.records.reader import Reader

# Holders named in a unit's box of the chart; the others are counted ("and 12 more").
MAX_HOLDERS = 3


@dataclass(frozen=True)
class Post:
    """A post as the analysis reads it: the position, and the days it covers."""

    position: Position
    tenure: Tenure

    def __post_init__(self) -> None:
        if self.tenure != Tenure.of(self.position):
            raise ValueError("a post's tenure is read from its position's dates")

    @classmethod
    def of(cls, position: Position) -> Post:
        return cls(position, Tenure.of(position))

    @property
    def unit_id(self) -> int:
        return int(self.position.organisation_id)

    @property
    def superior(self) -> bool:
        return bool(self.position.superior_responsibility)


def _posts(rows: QuerySet[Position], tree: UnitTree) -> list[Post]:
    posts = []
    unit_field = Position._meta.get_field("organisation")
    for position in rows:
        if position.organisation_id in tree:  # the tree's row: no query to name the unit
            unit_field.set_cached_value(position, tree.get(position.organisation_id))
        posts.append(Post.of(position))
    return posts


def visible_positions(reader: Reader) -> QuerySet[Position]:
    """Posts of the persons of the reader's cases (`permissions.CASE_PATHS`)."""
    return Position.objects.filter(in_cases(Position, reader.case_ids))


def visible_involvements(reader: Reader) -> QuerySet[Involvement]:
    return Involvement.objects.filter(in_cases(Involvement, reader.case_ids))


def acts_under(acts: QuerySet[Act], unit_id: int, tree: UnitTree | None = None) -> QuerySet[Act]:
    """The acts in which the unit, or any unit under it, was involved: what a post's count
    counts (with the tenure's days as the acts' dates), for the lists its links open."""
    units = (tree or UnitTree.load()).subtree(unit_id)
    return acts.filter(pk__in=Involvement.objects.filter(organisation__in=units)
                       .values("act_id"))


def posts_of(reader: Reader, person: Person, tree: UnitTree | None = None) -> tuple[Post, ...]:
    """The person's posts the reader may see, in the order they began; undated ones last."""
    tree = tree or UnitTree.load()
    posts = _posts(visible_positions(reader).filter(person=person).order_by("start_date", "id"),
                   tree)
    return tuple(sorted(posts, key=lambda p: (p.tenure.first is None,
                                             p.tenure.first or datetime.date.min)))


def default_date(posts: tuple[Post, ...]) -> datetime.date | None:
    """Where the chart of command opens: the first day of the person's latest post."""
    starts = [post.tenure.first for post in posts if post.tenure.first is not None]
    return max(starts) if starts else None


# --- The hierarchy at a date -----------------------------------------------------------------


class Standing(StrEnum):
    """Where a unit of the chart stands to the person's own units."""

    ABOVE = "above"
    OWN = "own"
    BELOW = "below"


@dataclass(frozen=True)
class Holder:
    person: Person
    post: Post


@dataclass(frozen=True)
class Node:
    unit: Organisation
    depth: int
    standing: Standing
    holders: tuple[Holder, ...]
    more: int
    """Holders at the date not listed in `holders` (`MAX_HOLDERS`)."""

    def __post_init__(self) -> None:
        if self.depth < 0 or self.more < 0:
            raise ValueError("a node has a depth and a count of further holders of 0 or more")

    @property
    def parent_id(self) -> int | None:
        return self.unit.parent_id


@dataclass(frozen=True)
class Hierarchy:
    at: datetime.date
    in_post: bool
    """Whether the person held a post the reader may see at that date. If not, the chart
    shows the units of all their posts, with whoever held posts there at the date."""
    own: frozenset[int]
    nodes: tuple[Node, ...]
    """Depth first from the top, children in the reader's alphabet."""


def hierarchy_at(reader: Reader, person: Person, at: datetime.date, *,
                 posts: tuple[Post, ...] | None = None,
                 tree: UnitTree | None = None) -> Hierarchy:
    """The person's units at `at`, the chain above them, the units below them, and who held
    a post in each at that date."""
    tree = tree or UnitTree.load()
    posts = posts_of(reader, person, tree) if posts is None else posts
    own = {post.unit_id for post in posts if post.tenure.covers(at) and post.unit_id in tree}
    in_post = bool(own)
    if not own:
        own = {post.unit_id for post in posts if post.unit_id in tree}
    above = tree.above_or_self(own) - own
    below = {unit for unit_id in own for unit in tree.subtree(unit_id)} - own
    shown = own | above | below
    holders, more = _holders(reader, person, at, shown, tree)
    nodes = []
    roots = [u for u in shown if tree.get(u).parent_id not in shown]
    stack = [(unit_id, 0) for unit_id in sorted(roots, key=lambda u: tree.get(u).label,
                                                reverse=True)]
    seen: set[int] = set()
    while stack:
        unit_id, depth = stack.pop()
        if unit_id in seen:  # a cycle in the data
            continue
        seen.add(unit_id)
        standing = (Standing.OWN if unit_id in own else Standing.ABOVE if unit_id in above
                    else Standing.BELOW)
        nodes.append(Node(unit=tree.get(unit_id), depth=depth, standing=standing,
                          holders=tuple(holders.get(unit_id, ())), more=more.get(unit_id, 0)))
        stack.extend((child, depth + 1) for child in reversed(tree.children(unit_id))
                     if child in shown)
    return Hierarchy(at=at, in_post=in_post, own=frozenset(own), nodes=tuple(nodes))


def _holders(reader: Reader, person: Person, at: datetime.date, units: set[int],
             tree: UnitTree) -> tuple[dict[int, list[Holder]], dict[int, int]]:
    """Up to `MAX_HOLDERS` holders per unit at `at` (the person first, then posts of command,
    then the longest in post), and how many more each unit had: one query, however many
    units and holders."""
    if not units:
        return {}, {}
    held = (visible_positions(reader).filter(covering(at), organisation_id__in=units)
            .annotate(
                place=Window(RowNumber(), partition_by=[F("organisation_id")], order_by=[
                    Case(When(person_id=person.pk, then=Value(0)), default=Value(1),
                         output_field=IntegerField()).asc(),
                    F("superior_responsibility").desc(), F("start_date").asc(), F("id").asc()]),
                holders=Window(Count("id"), partition_by=[F("organisation_id")]))
            .filter(place__lte=MAX_HOLDERS)
            .select_related("person").prefetch_related("person__names")
            .order_by("organisation_id", "place"))
    listed: dict[int, list[Holder]] = {}
    more: dict[int, int] = {}
    for post in _posts(held, tree):
        unit_id = post.unit_id
        listed.setdefault(unit_id, []).append(Holder(post.position.person, post))
        more[unit_id] = post.position.holders - len(listed[unit_id])  # type: ignore[attr-defined]
    return listed, more


# --- The acts of the person's units during their tenure ----------------------------------------


@dataclass(frozen=True)
class UnitActs:
    unit: Organisation
    acts: int


@dataclass(frozen=True)
class PostActs:
    """What the units of one post (the post's unit and every unit under it) were involved in
    while the person held it."""

    post: Post
    first: datetime.date
    last: datetime.date | None
    """None: held to this day."""
    units: tuple[int, ...]
    tally: Tally
    by_unit: tuple[UnitActs, ...]
    """The units involved, the most acts first."""


@dataclass(frozen=True)
class TenureActs:
    posts: tuple[PostActs, ...]
    tally: Tally
    """All posts together: an act of two of them is one act."""
    undated: tuple[Post, ...]
    """Posts whose tenure cannot be dated: not counted (`tenure`)."""


def acts_during_tenure(reader: Reader, person: Person, *, posts: tuple[Post, ...] | None = None,
                       tree: UnitTree | None = None,
                       today: datetime.date | None = None) -> TenureActs:
    """Acts of the reader's cases in which the units of the person's posts, or units under
    them, were involved while the person held the post: one counting query for every post,
    unit and the whole."""
    tree = tree or UnitTree.load()
    posts = posts_of(reader, person, tree) if posts is None else posts
    today = today or timezone.localdate()
    claims: dict[tuple[object, ...], list[Span]] = {("all",): []}
    dated: list[tuple[int, Post, datetime.date, tuple[int, ...]]] = []
    for index, post in enumerate(posts):
        if not post.tenure.dated or post.unit_id not in tree:
            continue
        first, last = post.tenure.first, post.tenure.last_or(today)
        assert first is not None
        units = tuple(tree.subtree(post.unit_id))
        windows = [Span(unit_id, first, last) for unit_id in units]
        claims[("post", index)] = windows
        claims[("all",)] += windows
        for window in windows:
            claims[("unit", index, window.unit_id)] = [window]
        dated.append((index, post, first, units))
    tallies = counting.count(visible_involvements(reader), claims)
    shown = []
    for index, post, first, units in dated:
        by_unit = [UnitActs(tree.get(u), tallies[("unit", index, u)].acts) for u in units
                   if tallies[("unit", index, u)].acts]
        by_unit.sort(key=lambda row: -row.acts)
        shown.append(PostActs(post=post, first=first, last=post.tenure.last, units=units,
                              tally=tallies[("post", index)], by_unit=tuple(by_unit)))
    return TenureActs(posts=tuple(shown), tally=tallies.get(("all",), counting.NOTHING),
                      undated=tuple(p for p in posts if not p.tenure.dated))


# --- The modes claimed against the person ------------------------------------------------------


@dataclass(frozen=True)
class ModeClaim:
    """A mode of liability claimed against the person in the reader's cases, and in how many
    acts. The state of each of its elements, with its evidence, is the legal layer's
    (`sprava.law`: assessments and the proof matrix), which reads these and adds it."""

    mode: str
    acts: int

    def __post_init__(self) -> None:
        if self.mode not in LiabilityMode.values:
            raise ValueError(f"unknown mode of liability {self.mode!r}")

    @property
    def label(self) -> str:
        return str(LiabilityMode(self.mode).label)


def modes_claimed(reader: Reader, person: Person) -> tuple[ModeClaim, ...]:
    rows = (visible_involvements(reader).filter(perpetrator=person).order_by()
            .values("mode").annotate(acts=Count("act_id", distinct=True)))
    order = {mode: i for i, mode in enumerate(LiabilityMode.values)}
    return tuple(sorted((ModeClaim(row["mode"], row["acts"]) for row in rows),
                        key=lambda claim: order[claim.mode]))


__all__ = ["MAX_HOLDERS", "Hierarchy", "Holder", "ModeClaim", "Node", "Post", "PostActs",
           "Standing", "TenureActs", "UnitActs", "acts_during_tenure", "acts_under", "default_date",
           "hierarchy_at", "modes_claimed", "posts_of", "visible_involvements",
           "visible_positions"]
