"""The rules of derived support applied to rows already read: no database here, so that a whole
case is read in a few queries (`sprava.law.derived`) and every rule is tested on plain values.

Each kind of rule (`rules.Kind`) is one function below; what it finds is a `Found`, before any
label is made for a reader. A rule that cannot say whether its condition holds, because the
dates are not precise enough, finds it UNCERTAIN; one whose condition no reading of the dates
meets finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sprava.law.rules import Rule, RuleSet
from sprava.law.spans import (
    Certainty,
    Span,
    continues,
    covers,
    held_from,
    longer_than,
    strongest,
    weakest,
)
from sprava.records.charges import article

Fingerprint = tuple[str, int, tuple[Any, ...]]


@dataclass(frozen=True)
class ActRow:
    id: int
    victim_id: int
    act_type_id: int
    span: Span
    values: tuple[Any, ...]  # what the rules read of it, for the records key

    @property
    def fingerprint(self) -> Fingerprint:
        return ("records.act", self.id, self.values)


@dataclass(frozen=True)
class CustodyRow:
    id: int
    person_id: int
    place_id: int | None
    span: Span
    acknowledged: bool | None
    charges: tuple[str, ...] | None  # None: not known; (): held on no charge
    values: tuple[Any, ...]

    @property
    def fingerprint(self) -> Fingerprint:
        return ("records.custodyperiod", self.id, self.values)


@dataclass(frozen=True)
class PositionRow:
    id: int
    person_id: int
    organisation_id: int
    span: Span
    values: tuple[Any, ...]

    @property
    def fingerprint(self) -> Fingerprint:
        return ("records.position", self.id, self.values)


@dataclass(frozen=True)
class Dated:
    """Acts of one unit on the same dates: the first of them, how many, and their span."""

    first: int
    count: int
    span: Span


@dataclass(frozen=True)
class Found:
    """A proposal as a rule found it: ids and values, no labels yet."""

    rule: Rule
    target_index: int  # which of the rule's targets
    act_id: int | None
    perpetrator_id: int | None
    certainty: Certainty
    records: tuple[Fingerprint, ...]  # what it rests on, in the order shown
    # For the sentence that says why: the custody period it turns on, the post and units.
    custody_id: int | None = None
    position_id: int | None = None
    unit_id: int | None = None
    charged: tuple[str, ...] = ()
    examples: tuple[int, ...] = ()  # act ids
    instances: int = 0
    # Where it is listed: by act, then by perpetrator. A stable sort keeps the rules' order
    # and their targets' within one act, as they were found.
    order: tuple[Any, ...] = field(default=(), compare=False)


# --- acts and their victims' custody -------------------------------------------------------


Reached = dict[int, tuple[Certainty, tuple[int, ...]]]


def _better(old: tuple[Certainty, tuple[int, ...]] | None,
            new: tuple[Certainty, tuple[int, ...]]) -> bool:
    """The more certain way to a period, then the shorter."""
    if old is None:
        return True
    if old[0] is not new[0]:
        return new[0] is Certainty.CERTAIN
    return len(new[1]) < len(old[1])


def onward(periods: Sequence[CustodyRow], start: int, gap: int) -> Reached:
    """The custody periods that carry on from period `start` without a break of more than
    `gap` days (the police station, then pre-trial detention, then a colony ...): for each, by
    index, how certainly, and the periods that lead to it, `start` first."""
    best: Reached = {start: (Certainty.CERTAIN, (start,))}
    changed = True
    while changed:  # each period is raised at most twice (to uncertain, then to certain)
        changed = False
        for i, (certainty, path) in list(best.items()):
            for j, later in enumerate(periods):
                if j in path:
                    continue
                found = weakest(certainty, continues(periods[i].span, later.span, gap))
                if found is not None and _better(best.get(j), (found, (*path, j))):
                    best[j] = (found, (*path, j))
                    changed = True
    return best


def reach(event: Span, periods: Sequence[CustodyRow], gap: int,
          onwards: Sequence[Reached] | None = None) -> Reached:
    """The custody periods that hold the person from `event` on without such a break: those
    that hold them at the event (or begin within `gap` days of it), and what carries on from
    those. `onwards`: `onward` of each period, when already known."""
    best: Reached = {}
    for i, period in enumerate(periods):
        first = held_from(event, period.span, gap)
        if first is None:
            continue
        for j, (certainty, path) in (onwards[i] if onwards is not None
                                     else onward(periods, i, gap)).items():
            linked = weakest(first, certainty)
            assert linked is not None  # neither is None
            if _better(best.get(j), (linked, path)):
                best[j] = (linked, path)
    return best


def _pick(candidates: Iterable[tuple[Certainty, tuple[int, ...]]]
          ) -> tuple[Certainty, tuple[int, ...]] | None:
    """The most certain, then the shortest chain, then the earliest period."""
    return min(candidates, key=lambda c: (c[0] is not Certainty.CERTAIN, len(c[1]), c[1]),
               default=None)


def _act_found(rule: Rule, act: ActRow, certainty: Certainty, chain: Sequence[CustodyRow],
               **more: Any) -> Iterator[Found]:
    records = (act.fingerprint, *(p.fingerprint for p in chain))
    for index in range(len(rule.targets)):
        yield Found(rule=rule, target_index=index, act_id=act.id, perpetrator_id=None,
                    certainty=certainty, records=records, custody_id=chain[-1].id,
                    order=(0, act.id), **more)


Picked = tuple[Certainty, tuple[int, ...]] | None


class _Victim:
    """What the act rules read of one victim's custody, each question answered once: a
    victim's acts often share their dates (the arrest and the beating that day). Spans are
    keys by identity, as the caller makes each once."""

    def __init__(self, periods: Sequence[CustodyRow]) -> None:
        self.periods = periods
        self._covering: dict[int, Picked] = {}
        self._held: dict[tuple[int, int], Reached] = {}
        self._onwards: dict[int, list[Reached]] = {}
        self._long: dict[str, list[Certainty | None]] = {}

    def covering(self, span: Span) -> Picked:
        if id(span) not in self._covering:
            self._covering[id(span)] = _pick((c, (i,)) for i, p in enumerate(self.periods)
                                             if (c := covers(p.span, span)) is not None)
        return self._covering[id(span)]

    def held(self, span: Span, gap: int) -> Reached:
        key = (id(span), gap)
        if key not in self._held:
            if gap not in self._onwards:  # what follows each period: the same for every act
                self._onwards[gap] = [onward(self.periods, i, gap)
                                      for i in range(len(self.periods))]
            self._held[key] = reach(span, self.periods, gap, self._onwards[gap])
        return self._held[key]

    def long(self, rule: Rule, political: frozenset[str]) -> list[Certainty | None]:
        """For each period, how certainly it is a long detention of the rule's kind."""
        if rule.id not in self._long:
            found: list[Certainty | None] = []
            for period in self.periods:
                charges = period.charges
                if charges is None or (charges and not {article(c) for c in charges}
                                       & political):
                    found.append(None)  # not known, or no charge of the list
                else:
                    found.append(longer_than(period.span, rule.params.more_than_days))
            self._long[rule.id] = found
        return self._long[rule.id]

    def chain(self, picked: tuple[Certainty, tuple[int, ...]]) -> list[CustodyRow]:
        return [self.periods[i] for i in picked[1]]


def custody_covers(rule: Rule, act: ActRow, victim: _Victim) -> Iterator[Found]:
    """The victim was in custody for the whole of the act."""
    found = victim.covering(act.span)
    if found is not None:
        yield from _act_found(rule, act, found[0], victim.chain(found))


def held_unacknowledged(rule: Rule, act: ActRow, victim: _Victim) -> Iterator[Found]:
    """The victim was held, from the act on, in a period the authorities did not acknowledge.
    An acknowledgement not recorded (None) is not known to be refused: no proposal."""
    held = victim.held(act.span, rule.params.max_gap_days)
    found = _pick(value for i, value in held.items()
                  if victim.periods[i].acknowledged is False)
    if found is not None:
        yield from _act_found(rule, act, found[0], victim.chain(found))


def long_detention(rule: Rule, act: ActRow, victim: _Victim,
                   political: frozenset[str]) -> Iterator[Found]:
    """The victim was held, from the act on, longer than the threshold, on no charge or on a
    charge of the list. A charge not recorded (None) is not known to be either: no proposal."""
    long = victim.long(rule, political)
    candidates = []
    for i, (certainty, path) in victim.held(act.span, rule.params.max_gap_days).items():
        found = weakest(certainty, long[i])
        if found is not None:
            candidates.append((found, path))
    best = _pick(candidates)
    if best is not None:
        chain = victim.chain(best)
        charged = tuple(c for c in chain[-1].charges or () if article(c) in political)
        yield from _act_found(rule, act, best[0], chain, charged=charged)


def act_proposals(ruleset: RuleSet, acts: Iterable[ActRow],
                  custody: Mapping[int, Sequence[CustodyRow]],
                  applies: Mapping[str, frozenset[int]]) -> Iterator[Found]:
    """Every act rule on every act it applies to (`applies`: rule id → act type ids)."""
    act_rules = [r for r in ruleset.rules if r.kind != "superior_position"]
    victims: dict[int, _Victim] = {}
    for act in acts:
        periods = custody.get(act.victim_id)
        if not periods:
            continue
        victim = victims.get(act.victim_id)
        if victim is None:
            victim = victims[act.victim_id] = _Victim(periods)
        for rule in act_rules:
            if act.act_type_id not in applies.get(rule.id, frozenset()):
                continue
            if rule.kind == "custody_covers":
                yield from custody_covers(rule, act, victim)
            elif rule.kind == "held_unacknowledged":
                yield from held_unacknowledged(rule, act, victim)
            elif rule.kind == "long_detention":
                yield from long_detention(rule, act, victim,
                                          ruleset.articles(rule.params.charges))


# --- perpetrators: posts over the units involved -------------------------------------------


def units_under(unit_id: int, children: Mapping[int, Sequence[int]]) -> list[int]:
    """A unit and every unit below it (a cycle in the data does not hang the page)."""
    seen, todo = [unit_id], [unit_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.append(child)
                todo.append(child)
    return seen


def chain_between(unit_id: int, top_id: int, parents: Mapping[int, int | None]) -> list[int]:
    """The units from `unit_id` up to `top_id`, both included: what puts the one under the
    other, and so part of what a proposal rests on."""
    chain, current = [unit_id], unit_id
    while current != top_id:
        parent = parents.get(current)
        if parent is None or parent in chain:
            return []
        chain.append(parent)
        current = parent
    return chain


def superior_position(rule: Rule, positions: Iterable[PositionRow],
                      involved: Mapping[int, Sequence[Dated]],
                      parents: Mapping[int, int | None],
                      children: Mapping[int, Sequence[int]]) -> Iterator[Found]:
    """A perpetrator of the case held a post in a unit involved in acts of the case, or in a
    unit above it, at the time of those acts: a candidate for art. 28(b) element 1. One
    proposal per post and unit involved, with some of the acts as examples."""
    # Posts are known by the year more often than not: many posts share a span, and so which
    # of a unit's acts fell within them. By identity: the caller makes each span once
    # (hashing a span's dates for every act costs more than the comparison it saves).
    during: dict[tuple[int, int], list[tuple[Certainty, Dated]]] = {}
    for post in positions:
        units = (units_under(post.organisation_id, children) if rule.params.units_above
                 else [post.organisation_id])
        for unit in units:
            key = (id(post.span), unit)
            if key not in during:
                during[key] = [(c, dated) for dated in involved.get(unit, ())
                               if (c := covers(post.span, dated.span)) is not None]
            found = during[key]
            if not found:
                continue
            certainty = strongest(*(c for c, _ in found))
            assert certainty is not None
            chain = chain_between(unit, post.organisation_id, parents)
            ranked = sorted(found, key=lambda f: (f[0] is not Certainty.CERTAIN, f[1].first))
            records = (post.fingerprint, ("records.organisation", unit, tuple(chain)))
            for index in range(len(rule.targets)):
                yield Found(rule=rule, target_index=index, act_id=None,
                            perpetrator_id=post.person_id, certainty=certainty,
                            records=records, position_id=post.id, unit_id=unit,
                            examples=tuple(d.first for _, d in ranked[:rule.params.examples]),
                            instances=sum(d.count for _, d in found),
                            order=(1, post.person_id, post.id, unit, index))
