"""Jurisdiction per venue: for the acts of a case, whether each venue can reach each act, and
why; and what a case can bring to each venue (counts per venue and per crime, the acts).

The rules are `sprava.law.venue_rules`, on the facts of one act: its candidate crimes (its act
type's articles, through the framework's `crime_at`), its place (else its incident's) and that
place's country, its dates (else its incident's, as `records.acts.inherited` gives an act
recorded without any). What the rules read of the dates is only which side of a few days
(the data's thresholds: entries into force, declarations, the referral) they fall on, so the
database counts the acts of a case by a few hundred groups of equal facts, in one query for
any number of acts; the rules then run once a group, never once an act.

Every function here reads for one user and checks VIEW in the case; a front end turns a case
the user may not see into "not found" before calling.
"""

from __future__ import annotations

import datetime
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from sprava.accounts import permissions
from sprava.accounts.permissions import AnyUser, Permission
from sprava.cases.models import Case as CaseModel
from sprava.law import framework as law_framework
from sprava.law import jurisdiction_data
from sprava.law.errors import UnknownElement
from sprava.law.framework import Framework, Labels, Venue
from sprava.law.jurisdiction_data import JurisdictionData
from sprava.law.venue_rules import (
    KNOWN_PRECISIONS,
    READS_CRIMES_ONLY,
    ActFacts,
    Context,
    Cover,
    Finding,
    Label,
    Status,
    Window,
    decide,
    representative,
)
from sprava.records.models import Act, ActType, Place
from sprava.records.models.places import countries

__all__ = [
    "ActReach",
    "CaseJurisdiction",
    "CrimeCount",
    "Group",
    "VenueReach",
    "act_jurisdiction",
    "case_jurisdiction",
    "venues_of",
]


# --- What the rules read, once per call ----------------------------------------------------


@dataclass(frozen=True)
class _Lookups:
    """The places (a few hundred) and act types (a few dozen), read once for any number of
    acts: the candidate crimes of each act type, and each place's name and country."""

    framework: Framework
    data: JurisdictionData
    crimes: Mapping[int, tuple[str, ...]]
    places: Mapping[int, tuple[Label, str]]

    @classmethod
    def read(cls, framework: Framework, data: JurisdictionData) -> _Lookups:
        crimes = {pk: _crimes(framework, refs or [])
                  for pk, refs in ActType.objects.values_list("pk", "legal_refs")}
        rows = list(Place.objects.values_list("pk", "parent_id", "country", "label_en",
                                              "label_be", "label_ru"))
        country = countries({row[0]: (row[1], row[2]) for row in rows})
        places = {pk: (Label(en, be, ru), country[pk])
                  for pk, _, _, en, be, ru in rows}
        return cls(framework, data, crimes, places)

    def facts(self, act_type: int, place: int | None, window: Window | None) -> ActFacts:
        name, country = self.places.get(place, (None, "")) if place is not None else (None, "")
        return ActFacts(crimes=self.crimes.get(act_type, ()), place=name, country=country,
                        window=window)


def _crimes(framework: Framework, articles: Iterable[str]) -> tuple[str, ...]:
    """The framework's crimes for an act type's articles, in their order, each once."""
    found: list[str] = []
    for article in articles:
        try:
            crime = framework.crime_at(article)
        except UnknownElement:  # an article the framework does not hold names no crime
            continue
        if crime.id not in found:
            found.append(crime.id)
    return tuple(found)


# --- The database's side: acts counted by groups of equal facts -----------------------------


_OWN_DATES = Q(start_date__isnull=False) | Q(end_date__isnull=False)


def _annotated(acts: QuerySet[Act]) -> QuerySet[Act]:
    """The facts of each act in SQL: its place, else its incident's; its dates, else (when it
    has none) its incident's, with their precision."""
    def own(name: str) -> Case:
        return Case(When(_OWN_DATES, then=F(name)), default=F(f"incident__{name}"))

    return acts.annotate(j_place=Coalesce(F("place_id"), F("incident__place_id")),
                         j_start=own("start_date"), j_end=own("end_date"),
                         j_precision=own("date_precision")).annotate(
        j_last=Coalesce(F("j_end"), F("j_start")))


def _ceil(day: datetime.date, unit: str) -> datetime.date:
    """The first day of a month (a year) on or after `day`."""
    if unit == "month":
        if day.day == 1:
            return day
        return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day if (day.month, day.day) == (1, 1) else datetime.date(day.year + 1, 1, 1)


def _floor(day: datetime.date, unit: str) -> datetime.date:
    return day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def _rank(column: str, days: Sequence[datetime.date]) -> Any:
    """How many of `days` (ascending) the column is on or after, as a binary search in nested
    CASEs: a few comparisons a row instead of one a day."""
    if not days:
        return Value(0, output_field=IntegerField())

    def search(low: int, high: int) -> Any:  # the answer lies in low..high
        if low == high:
            return Value(low, output_field=IntegerField())
        middle = (low + high + 1) // 2
        return Case(When(**{f"{column}__gte": days[middle - 1]}, then=search(middle, high)),
                    default=search(low, middle - 1), output_field=IntegerField())

    return search(0, len(days))


def _count_on_or_after(thresholds: Sequence[datetime.date], *, latest: bool) -> Any:
    """How many thresholds an act's window (`venue_rules.Window.of`) begins (`latest`: ends)
    on or after. A date known to the month or year stands for the whole month or year: its
    window begins on or after a day when the date is on or after the first month (year)
    starting on or after it, and ends on or after it when the date is on or after its month's
    (year's) first day."""
    column = "j_last" if latest else "j_start"
    bound = _floor if latest else _ceil

    def rank(unit: str | None) -> Any:
        days = thresholds if unit is None else [bound(day, unit) for day in thresholds]
        return _rank(column, days)

    return Case(When(j_precision="day", then=rank(None)),
                When(j_precision="month", then=rank("month")),
                default=rank("year"), output_field=IntegerField())


# An act's key packed into one integer (`_Key.code`), so that the database groups by two
# columns and a list filters by one IN per place: ((type × 64 + first) × 64 + last) × 4 + ...
_RANKS = 64  # more thresholds than the data will ever hold (it has nine)


def _bucketed(acts: QuerySet[Act], thresholds: Sequence[datetime.date]) -> QuerySet[Act]:
    """`_annotated`, with what the rules read of the dates, packed with the act type as
    `j_code`: whether there is a date, whether it is known to the day, and how many
    thresholds its window's first and last days are on or after."""
    if len(thresholds) >= _RANKS:
        raise ValueError("too many thresholds to pack into a key")
    dated = Case(When(Q(j_start__isnull=False, j_precision__in=KNOWN_PRECISIONS),
                      then=Value(2)), default=Value(0), output_field=IntegerField())
    precise = Case(When(j_precision="day", then=Value(1)), default=Value(0),
                   output_field=IntegerField())
    return _annotated(acts).annotate(j_code=(
        (F("act_type_id") * _RANKS + _count_on_or_after(thresholds, latest=False)) * _RANKS
        + _count_on_or_after(thresholds, latest=True)) * 4 + dated + precise)


@dataclass(frozen=True)
class _Key:
    """Acts with equal facts, as far as the rules can tell."""

    act_type: int
    place: int | None
    dated: bool
    precise: bool
    earliest: int
    latest: int

    @classmethod
    def unpack(cls, place: int | None, code: int) -> _Key:
        rest, flags = divmod(code, 4)
        rest, latest = divmod(rest, _RANKS)
        act_type, earliest = divmod(rest, _RANKS)
        return cls(act_type, place, flags >= 2, flags % 2 == 1, earliest, latest)

    @property
    def code(self) -> int:
        packed = (self.act_type * _RANKS + self.earliest) * _RANKS + self.latest
        return packed * 4 + 2 * self.dated + self.precise

    def window(self, thresholds: tuple[datetime.date, ...]) -> Window | None:
        if not self.dated:
            return None
        return representative(thresholds, self.earliest, self.latest, self.precise)


def _case_acts(case: CaseModel) -> QuerySet[Act]:
    return Act.objects.filter(permissions.in_cases(Act, case))


def _groups(case: CaseModel, thresholds: tuple[datetime.date, ...]) -> dict[_Key, int]:
    """The case's acts counted by `_Key`: one query, however many acts."""
    acts: QuerySet[Any] = _bucketed(_case_acts(case), thresholds)  # annotated: j_place, j_code
    rows = acts.order_by().values_list("j_place", "j_code").annotate(n=Count("pk"))
    return {_Key.unpack(place, int(code)): int(n) for place, code, n in rows}


def _reachable_filter(reach: Mapping[_Key, bool]) -> Q | None:
    """A filter of `_bucketed` acts to the keys a venue reaches (None: none of them), as short
    as the findings allow: nothing when it reaches every act, the act types when only the type
    decides (universal jurisdiction), else the keys of each place."""
    reached = [key for key, yes in reach.items() if yes]
    if not reached:
        return None
    if len(reached) == len(reach):
        return Q()
    by_type: dict[int, set[bool]] = {}
    for key, yes in reach.items():
        by_type.setdefault(key.act_type, set()).add(yes)
    if all(len(values) == 1 for values in by_type.values()):
        return Q(act_type_id__in=sorted({key.act_type for key in reached}))
    codes: dict[int | None, set[int]] = {}
    for key in reached:
        codes.setdefault(key.place, set()).add(key.code)
    return reduce(operator.or_, [
        (Q(j_place__isnull=True) if place is None else Q(j_place=place))
        & Q(j_code__in=sorted(found)) for place, found in codes.items()])


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrimeCount:
    crime: str
    article: str
    name: Labels
    acts: int
    """Acts the venue can reach for this crime."""


@dataclass(frozen=True)
class Group:
    """Acts with one finding, and how many."""

    finding: Finding
    acts: int


@dataclass(frozen=True)
class ActReach:
    act: Act
    finding: Finding
    place: Place | None
    """The place the finding went by: the act's, else its incident's."""
    country: str
    """That place's country (its own, else the nearest one up its chain)."""
    when: str
    """The dates the finding went by (the act's, else its incident's), in English."""

    def as_dict(self) -> dict[str, Any]:
        """The act as the API and the command line show it (no victim: each front end shows
        one through its reader's disclosure, if at all)."""
        return {"id": self.act.pk, "act_type": self.act.act_type.code, "when": self.when,
                "place": self.place.code if self.place is not None else None,
                "country": self.country, "finding": self.finding.as_dict()}


@dataclass(frozen=True)
class VenueReach:
    """What a case can bring to one venue."""

    venue: Venue
    acts: int
    """All the case's acts."""
    counts: Mapping[Status, int]
    crimes: tuple[CrimeCount, ...]
    referral: int | None
    """ICC: the acts the referral covers, wholly or in part (None for other venues)."""
    groups: tuple[Group, ...]
    """Distinct findings, most acts first."""
    _case: CaseModel = field(repr=False, compare=False)
    _filter: Q | None = field(repr=False, compare=False)
    _lookups: _Lookups = field(repr=False, compare=False)

    @property
    def reachable(self) -> int:
        return self.counts.get(Status.LINK, 0) + self.counts.get(Status.NOT_NEEDED, 0)

    def reachable_acts(self) -> QuerySet[Act]:
        """The acts the venue can reach, by the dates the findings go by, then by number (a
        query set, to page through)."""
        if self._filter is None:
            return Act.objects.none()
        thresholds = self._lookups.data.thresholds()
        acts: QuerySet[Any] = _bucketed(_case_acts(self._case), thresholds)  # j_start, j_code
        return acts.filter(self._filter).order_by("j_start", "pk")

    def explain(self, acts: Iterable[Act]) -> list[ActReach]:
        """Each act (one page, loaded with `incident`) with its finding here, in the given
        order, reading nothing per act."""
        ctx = Context(self.venue, self._lookups.framework, self._lookups.data)
        return [_explained(act, ctx, self._lookups) for act in acts]

    def as_dict(self) -> dict[str, Any]:
        return {"venue": self.venue.id, "name": self.venue.name.text(),
                "rule": self.venue.jurisdiction, "acts": self.acts,
                "reachable": self.reachable,
                "counts": {str(status): self.counts.get(status, 0) for status in Status},
                "crimes": [{"crime": c.crime, "article": c.article, "name": c.name.text(),
                            "acts": c.acts} for c in self.crimes],
                "referral": self.referral,
                "groups": [{**g.finding.as_dict(), "acts": g.acts} for g in self.groups]}


@dataclass(frozen=True)
class CaseJurisdiction:
    case: CaseModel
    framework: tuple[str, str]
    """(id, version) of the legal framework the findings were made under."""
    data_version: int
    venues: tuple[VenueReach, ...]

    def venue(self, venue_id: str) -> VenueReach:
        for reach in self.venues:
            if reach.venue.id == venue_id:
                return reach
        raise UnknownElement(f"no venue {venue_id!r} here")

    def as_dict(self) -> dict[str, Any]:
        framework_id, version = self.framework
        return {"case": {"id": self.case.pk, "reference": self.case.reference},
                "framework": {"id": framework_id, "version": version},
                "jurisdiction_data": {"version": self.data_version},
                "venues": [reach.as_dict() for reach in self.venues]}


def _explained(act: Act, ctx: Context, lookups: _Lookups) -> ActReach:
    incident = act.incident
    own = act.start_date is not None or act.end_date is not None
    source: Any = act if own else incident
    window = Window.of(source.start_date, source.end_date, source.date_precision)
    place_id = act.place_id if act.place_id is not None else incident.place_id
    place = act.place if act.place_id is not None else incident.place
    facts = lookups.facts(act.act_type_id, place_id, window)
    return ActReach(act=act, finding=decide(facts, ctx), place=place, country=facts.country,
                    when=source.when)


# --- The domain functions ----------------------------------------------------------------------


def _sources(framework: Framework | None,
             data: JurisdictionData | None) -> tuple[Framework, JurisdictionData]:
    return (framework if framework is not None else law_framework.current(),
            data if data is not None else jurisdiction_data.current())


def venues_of(framework: Framework, venue: str | None = None) -> tuple[Venue, ...]:
    """The framework's venues, or the one named; UnknownElement for any other name."""
    if venue is None:
        return tuple(framework.venues)
    for candidate in framework.venues:
        if candidate.id == venue:
            return (candidate,)
    raise UnknownElement(f"no venue {venue!r}; the venues are "
                         + ", ".join(v.id for v in framework.venues))


def case_jurisdiction(user: AnyUser | None, case: CaseModel, venue: str | None = None, *,
                      framework: Framework | None = None,
                      data: JurisdictionData | None = None) -> CaseJurisdiction:
    """What the case can bring to each venue (or to the one named), and why.

    Three queries whatever the number of acts: the act types, the places, and the acts
    counted by groups of equal facts. Raises PermissionDenied without VIEW in the case,
    UnknownElement for a venue the framework lacks.
    """
    permissions.require(user, Permission.VIEW, case)
    framework, data = _sources(framework, data)
    chosen = venues_of(framework, venue)
    lookups = _Lookups.read(framework, data)
    thresholds = data.thresholds()
    groups = _groups(case, thresholds)
    total = sum(groups.values())
    reaches = []
    for one in chosen:
        ctx = Context(one, framework, data)
        # A rule that reads only the crimes decides once per act type, not once per group.
        crimes_only = one.jurisdiction in READS_CRIMES_ONLY
        decided: dict[Any, Finding] = {}
        by_key: dict[_Key, Finding] = {}
        for key in groups:
            memo = key.act_type if crimes_only else key
            if memo not in decided:
                decided[memo] = decide(lookups.facts(key.act_type, key.place,
                                                     key.window(thresholds)), ctx)
            by_key[key] = decided[memo]
        reaches.append(_reach(case, one, lookups, groups, by_key, total))
    return CaseJurisdiction(case=case, framework=(framework.id, framework.version),
                            data_version=data.version, venues=tuple(reaches))


def _reach(case: CaseModel, venue: Venue, lookups: _Lookups, groups: Mapping[_Key, int],
           findings: Mapping[_Key, Finding], total: int) -> VenueReach:
    # By the finding objects first (groups share them: cheap), then by equal findings.
    tally: dict[int, list[Any]] = {}
    for key, acts in groups.items():
        finding = findings[key]
        entry = tally.setdefault(id(finding), [finding, 0])
        entry[1] += acts
    counts: Counter[Status] = Counter()
    crimes: Counter[str] = Counter()
    by_finding: Counter[Finding] = Counter()
    referral = 0
    for finding, acts in tally.values():
        counts[finding.status] += acts
        by_finding[finding] += acts
        for crime in finding.crimes:
            crimes[crime] += acts
        if finding.referral in (Cover.COVERED, Cover.PARTLY):
            referral += acts
    framework = lookups.framework
    crime_counts = tuple(
        CrimeCount(crime.id, crime.article, crime.name, crimes[crime.id])
        for crime in framework.crimes if crimes[crime.id])
    ordered = sorted(by_finding.items(), key=lambda item: (-item[1], item[0].status))
    return VenueReach(
        venue=venue, acts=total, counts=dict(counts), crimes=crime_counts,
        referral=referral if venue.jurisdiction == "icc-territorial" else None,
        groups=tuple(Group(finding, acts) for finding, acts in ordered),
        _case=case, _filter=_reachable_filter({k: f.reachable for k, f in findings.items()}),
        _lookups=lookups)


def act_jurisdiction(user: AnyUser | None, act: Act, *, framework: Framework | None = None,
                     data: JurisdictionData | None = None) -> tuple[tuple[Venue, Finding], ...]:
    """Each venue's finding on one act (its detail page). Raises PermissionDenied without VIEW
    in the act's case."""
    permissions.require(user, Permission.VIEW, act.incident.case_id)
    framework, data = _sources(framework, data)
    lookups = _Lookups.read(framework, data)
    return tuple((venue, _explained(act, Context(venue, framework, data), lookups).finding)
                 for venue in framework.venues)
