"""Derived support: what the rules (`data/rules.json`) propose from a case's structured records,
for a lawyer to accept or reject. Proposals are shown apart from human assessments, each with
its rule and the records it rests on; they are computed on every read, never stored.

One function per question, behind every front end:
- `case_proposals(reader, case_id)`: the case's proposals, a page of them at a time;
- `act_proposals(reader, act_id)`: those of one act (its own elements, and the posts over the
  units involved in it);
- `find(reader, case, key)`: the one proposal a decision names (`sprava.law.decisions`).

Cost: a whole case is read in a fixed number of queries whatever its size (act types, acts,
their victims' custody, organisations, posts, involvements, decisions; then the records of the
page shown, for their labels), never one per act; the rules then run on plain rows
(`sprava.law.matching`).

What the reader may see: only a case they are a member of (another case's proposals do not
exist for them), only custody the identity rule shows them (a protected victim's custody is
hidden from readers without identity access, and so is every proposal resting on it), and
persons by the disclosure (pseudonyms; a protected fact shown is a reveal, committed by the
front end as for every page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from sprava.accounts.permissions import case_field, in_cases
from sprava.cases.models import Case
from sprava.law import rules as rules_module
from sprava.law import wording
from sprava.law.derived_models import DerivedDecision
from sprava.law.errors import UnknownProposal
from sprava.law.matching import (
    ActRow,
    CustodyRow,
    Dated,
    Found,
    PositionRow,
    superior_position,
    units_under,
)
from sprava.law.matching import act_proposals as match_acts
from sprava.law.proposals import Decision, Page, Proposal, parse_key
from sprava.law.rules import RuleSet
from sprava.law.spans import Span
from sprava.records.identity import Fact
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Involvement,
    Organisation,
    PersonRole,
    Position,
    Role,
)
from sprava.records.reader import Reader

__all__ = ["act_proposals", "case_proposals", "find", "visible_case"]


@dataclass(frozen=True)
class _Scope:
    """What one computation reads: a case, and within it maybe one act or one perpetrator."""

    case: Case
    act_id: int | None = None
    perpetrator_id: int | None = None

    @property
    def acts(self) -> bool:
        """Whether the act rules run: not for one perpetrator's proposals."""
        return self.perpetrator_id is None


def visible_case(reader: Reader, case_id: int) -> Case:
    """The case, if the reader is a member; else it does not exist for them."""
    case = Case.objects.filter(pk=case_id, pk__in=reader.case_ids).first()
    if case is None:
        raise Case.DoesNotExist("no such case")
    return case


def case_proposals(reader: Reader, case_id: int, *, offset: int = 0,
                   limit: int | None = None) -> Page:
    """The case's proposals in a fixed order (acts by number, then perpetrators), `limit` of
    them from `offset`, each with the decision in force on it."""
    case = visible_case(reader, case_id)
    return _page(reader, _Scope(case), offset, limit)


def act_proposals(reader: Reader, act_id: int) -> Page:
    """One act's proposals: its crimes' elements, and the posts over the units involved in it."""
    case_id = (Act.objects.filter(in_cases(Act, reader.case_ids), pk=act_id)
               .values_list(case_field(Act, "id"), flat=True).first())
    if case_id is None:
        raise Act.DoesNotExist("no such act")
    return _page(reader, _Scope(visible_case(reader, case_id), act_id=act_id), 0, None)


def find(reader: Reader, case: Case, key: str) -> Proposal:
    """The proposal of this key as the rules make it now, from what the reader may see;
    UnknownProposal if they make none (the records it rested on have changed since)."""
    kind, record_id = parse_key(key)
    scope = (_Scope(case, act_id=record_id) if kind == "act"
             else _Scope(case, perpetrator_id=record_id))
    for proposal in _page(reader, scope, 0, None).items:
        if proposal.key == key:
            return proposal
    raise UnknownProposal("the rules make no such proposal now: the records it rested on may "
                          "have changed")


# --- reading the case ----------------------------------------------------------------------


def _page(reader: Reader, scope: _Scope, offset: int, limit: int | None) -> Page:
    ruleset = rules_module.current()
    found = sorted(_found(reader, ruleset, scope), key=lambda f: f.order)
    shown = found[offset: None if limit is None else offset + limit]
    words = wording.Wording(reader, ruleset, scope.case, shown)
    proposals = [words.proposal(item) for item in shown]
    decisions = _decisions(scope.case, [p.key for p in proposals])
    items = tuple(_with_decision(p, decisions.get(p.key)) for p in proposals)
    framework = ruleset.framework
    return Page(case_id=scope.case.pk, rules_id=ruleset.id, rules_version=ruleset.version,
                framework_id=framework.id, framework_version=framework.version,
                count=len(found), offset=offset, items=items)


def _with_decision(proposal: Proposal, decision: Decision | None) -> Proposal:
    return proposal if decision is None else replace(proposal, decision=decision)


def _found(reader: Reader, ruleset: RuleSet, scope: _Scope) -> list[Found]:
    spans = _Spans(ruleset)
    found: list[Found] = []
    if scope.acts:
        acts, applies = _acts(ruleset, scope, spans)
        if acts:
            custody = _custody(reader, scope, spans)
            found.extend(match_acts(ruleset, acts, custody, applies))
    for rule in ruleset.rules:
        if rule.kind == "superior_position":
            found.extend(_superiors(rule, scope, spans))
    return found


class _Spans:
    """The spans of one computation, each made once: thousands of acts share an incident's
    dates, and the rules then compare the same few spans again and again."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.margin, self.today = ruleset.approximate_days, timezone.localdate()
        self.made: dict[tuple[Any, ...], Span] = {}

    def __call__(self, start: Any, end: Any, precision: str, *, ongoing: bool) -> Span:
        key = (start, end, precision, ongoing)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = Span.of(start, end, precision, margin=self.margin,
                                             today=self.today, ongoing=ongoing)
        return found


def _legal_refs(value: object) -> list[str]:
    # Edited vocabulary: anything but a list of strings names no crime.
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _acts(ruleset: RuleSet, scope: _Scope, spans: _Spans
          ) -> tuple[list[ActRow], dict[str, frozenset[int]]]:
    """The case's acts any act rule applies to, and for each rule the act types it reads."""
    framework = ruleset.framework
    types = [(pk, code, frozenset(c.id for c in framework.crimes_at(_legal_refs(refs))))
             for pk, code, refs in ActType.objects.values_list("id", "code", "legal_refs")]
    applies = {rule.id: frozenset(pk for pk, code, crimes in types
                                  if rule.applies_to(code, crimes))
               for rule in ruleset.rules if rule.kind != "superior_position"}
    wanted = set().union(*applies.values()) if applies else set()
    if not wanted:
        return [], applies
    rows = _case_acts(scope).filter(act_type_id__in=wanted, victim__isnull=False)
    acts = [ActRow(id=pk, victim_id=victim, act_type_id=act_type,
                   span=spans(start, end, precision, ongoing=False),
                   values=(start, end, precision, victim, act_type))
            for pk, victim, act_type, start, end, precision in rows.values_list(
                "id", "victim_id", "act_type_id", "start_date", "end_date", "date_precision")
            .order_by("id")]
    return acts, applies


def _case_acts(scope: _Scope) -> QuerySet[Act]:
    acts = Act.objects.filter(in_cases(Act, scope.case))
    return acts.filter(pk=scope.act_id) if scope.act_id is not None else acts


def _custody(reader: Reader, scope: _Scope, spans: _Spans) -> dict[int, list[CustodyRow]]:
    """The custody periods of the acts' victims that belong to the case and that the identity
    rule shows the reader, by person, in order."""
    victims = _case_acts(scope).filter(victim__isnull=False).values("victim_id")
    rows = (CustodyPeriod.objects.filter(person__in=victims)
            .filter(in_cases(CustodyPeriod, scope.case))
            .filter(reader.disclosure.shown(Fact.CUSTODY, "person"))
            .order_by("person_id", "start_date", "id")
            .values_list("id", "person_id", "place_id", "start_date", "end_date",
                         "date_precision", "acknowledged", "charge_articles"))
    custody: dict[int, list[CustodyRow]] = defaultdict(list)
    for pk, person, place, start, end, precision, acknowledged, charged in rows:
        charges = tuple(charged) if isinstance(charged, list) else None
        custody[person].append(CustodyRow(
            id=pk, person_id=person, place_id=place,
            span=spans(start, end, precision, ongoing=True),
            acknowledged=acknowledged, charges=charges,
            values=(person, start, end, precision, acknowledged,
                    list(charges) if charges is not None else None)))
    return custody


def _superiors(rule: rules_module.Rule, scope: _Scope, spans: _Spans) -> Iterable[Found]:
    """Posts of the case's perpetrators over the units involved in its acts."""
    perpetrators = PersonRole.objects.filter(case=scope.case, role=Role.PERPETRATOR)
    posts = Position.objects.filter(person__in=perpetrators.values("person"))
    if rule.params.authority_only:
        posts = posts.filter(superior_responsibility=True)
    if scope.perpetrator_id is not None:
        posts = posts.filter(person_id=scope.perpetrator_id)
    positions = [PositionRow(id=pk, person_id=person, organisation_id=unit,
                             span=spans(start, end, precision, ongoing=True),
                             values=(person, unit, start, end, precision, authority))
                 for pk, person, unit, start, end, precision, authority in posts.distinct()
                 .order_by("person_id", "id").values_list(
                     "id", "person_id", "organisation_id", "start_date", "end_date",
                     "date_precision", "superior_responsibility")]
    if not positions:
        return []
    parents: dict[int, int | None] = dict(Organisation.objects.values_list("id", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    for unit, parent in parents.items():
        if parent is not None:
            children[parent].append(unit)
    units = {u for p in positions for u in (units_under(p.organisation_id, children)
                                            if rule.params.units_above else [p.organisation_id])}
    involvements = Involvement.objects.filter(in_cases(Involvement, scope.case),
                                              organisation_id__in=units)
    if scope.act_id is not None:
        involvements = involvements.filter(act_id=scope.act_id)
    # The acts of each unit by their dates, counted in the database: a unit's thousands of
    # acts fall on far fewer dates, and a post covers all the acts of one date or none.
    involved: dict[int, list[Dated]] = defaultdict(list)
    for unit, start, end, precision, count, first in (
            involvements.values_list("organisation_id", "act__start_date", "act__end_date",
                                     "act__date_precision")
            .annotate(count=Count("act_id", distinct=True), first=Min("act_id"))
            .order_by("organisation_id", "first")):
        involved[unit].append(Dated(first, count, spans(start, end, precision, ongoing=False)))
    return list(superior_position(rule, positions, involved, parents, children))


def _decisions(case: Case, keys: list[str]) -> dict[str, Decision]:
    """The decisions in force on these proposals, with how many each superseded."""
    if not keys:
        return {}
    rows = list(DerivedDecision.objects.filter(case=case, proposal_key__in=keys)
                .values_list("id", "proposal_key", "accepted", "reason", "by__username", "at",
                             "current"))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row[1]] += 1
    return {key: Decision(id=pk, accepted=accepted, reason=reason, by=by, at=at,
                          earlier=counts[key] - 1)
            for pk, key, accepted, reason, by, at, current in rows if current}
