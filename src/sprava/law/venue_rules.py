"""Whether a venue can reach an act, and why: one rule per kind of jurisdiction, on the facts of
one act (its candidate crimes, the country of its place, its dates), with no query.

The rules (`Venue.jurisdiction` of the legal framework):

- `icc-territorial`: the Court may exercise jurisdiction where the conduct occurred on the
  territory of a State Party, or of a State that accepted it by an art. 12(3) declaration
  (art. 12(2)(a)), and only for conduct after the Statute entered into force for that State
  (art. 11(2)). An element of the crime on such a territory suffices (Pre-Trial Chamber I,
  2018). An act's recorded place is where an element of it is recorded to have occurred.
  For an act the Court can reach, the finding also says whether Lithuania's referral covers it.
- `lt-universal`, `de-universal`, `pl-universal`: universal jurisdiction, when the national
  provision covers one of the act's crimes (`National.covers`); no place or date is needed.
- `none`: the venue needs no jurisdictional link (a People's Tribunal).

A fact a rule needs and the act lacks (a place, a date precise enough) makes the finding
"unknown", saying what is missing: never a guess. Reasons are short sentences in the active
language with the facts filled in; each has a stable code for machines.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import gettext_noop as _

from sprava.law.framework import Framework, Venue
from sprava.law.jurisdiction_data import Acceptance, JurisdictionData, Referral

__all__ = [
    "KNOWN_PRECISIONS",
    "READS_CRIMES_ONLY",
    "RULES",
    "ActFacts",
    "Context",
    "Cover",
    "Finding",
    "Label",
    "Overlap",
    "Reason",
    "Status",
    "Window",
    "decide",
    "icc_territorial",
    "not_needed",
    "representative",
    "universal",
]

KNOWN_PRECISIONS = ("day", "month", "year", "approximate")


class Status(StrEnum):
    LINK = "link"
    """A jurisdictional link exists."""
    NO_LINK = "no-link"
    UNKNOWN = "unknown"
    """A fact the rule needs is missing, or too imprecise to tell."""
    NOT_NEEDED = "not-needed"
    """The venue needs no jurisdictional link."""

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])


class Cover(StrEnum):
    """Whether a referral covers an act the Court can reach."""

    COVERED = "covered"
    PARTLY = "partly"
    """Only the conduct from the referral's first day."""
    NOT_COVERED = "not-covered"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(_COVER_LABELS[self])


_STATUS_LABELS = {
    Status.LINK: gettext_lazy("jurisdictional link"),
    Status.NO_LINK: gettext_lazy("no jurisdictional link"),
    Status.UNKNOWN: gettext_lazy("cannot tell yet"),
    Status.NOT_NEEDED: gettext_lazy("no link needed"),
}
_COVER_LABELS = {
    Cover.COVERED: gettext_lazy("covered by the referral"),
    Cover.PARTLY: gettext_lazy("partly covered by the referral"),
    Cover.NOT_COVERED: gettext_lazy("not covered by the referral"),
    Cover.UNKNOWN: gettext_lazy("referral: cannot tell yet"),
}


class Overlap(StrEnum):
    ALL = "all"
    PART = "part"
    NONE = "none"


# --- The facts of one act ----------------------------------------------------------------------


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _last_of_month(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The days an act's dates may stand for: a date known to the month may be any day of it;
    one known to the year, or "approximate", any day of that year."""

    earliest: datetime.date
    latest: datetime.date
    precise: bool
    """Known to the day: a span that crosses a threshold then crosses it for certain."""

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError("a window ends before it starts")

    @classmethod
    def of(cls, start: datetime.date | None, end: datetime.date | None,
           precision: str) -> Window | None:
        """The window of a span as recorded; None when it has no date to go by."""
        if start is None or precision not in KNOWN_PRECISIONS:
            return None
        last = end if end is not None else start
        if precision == "day":
            earliest, latest = start, last
        elif precision == "month":
            earliest, latest = _first_of_month(start), _last_of_month(last)
        else:
            earliest, latest = start.replace(month=1, day=1), last.replace(month=12, day=31)
        # An end before the start (the date rule refuses one) counts as the start.
        return cls(earliest, max(earliest, latest), precision == "day")

    def against(self, start: datetime.date, end: datetime.date | None = None) -> Overlap:
        """How much of the window lies within the days from `start` to `end` (None: ever)."""
        if self.latest < start or (end is not None and self.earliest > end):
            return Overlap.NONE
        if self.earliest >= start and (end is None or self.latest <= end):
            return Overlap.ALL
        return Overlap.PART


@dataclass(frozen=True)
class Label:
    """A name in three languages (a place's, a crime's); a missing Belarusian or Russian one
    reads as the English."""

    en: str
    be: str = ""
    ru: str = ""

    def text(self) -> str:
        language = (get_language() or "en")[:2]
        own = getattr(self, language, "") if language in ("be", "ru") else ""
        return str(own or self.en)


@dataclass(frozen=True)
class ActFacts:
    """What a venue's jurisdiction over an act depends on; equal facts give equal findings."""

    crimes: tuple[str, ...]
    """Candidate crimes (framework ids), from the act type's articles."""
    place: Label | None
    """The act's place, else its incident's."""
    country: str
    """ISO code of the place's country; empty when not recorded."""
    window: Window | None
    """The act's dates, else its incident's."""


# --- Reasons and findings ----------------------------------------------------------------------


def _shown(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_shown(part) for part in value)
    if hasattr(value, "text"):
        return str(value.text())
    return str(value)


@dataclass(frozen=True)
class Reason:
    """One sentence of a finding: a stable `code`, and its text with the facts filled in."""

    code: str
    template: str
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not self.code or not self.template:
            raise ValueError("a reason has a code and a sentence")

    def text(self) -> str:
        """The sentence in the active language."""
        return gettext(self.template) % {name: _shown(value) for name, value in self.params}

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Finding:
    status: Status
    reasons: tuple[Reason, ...]
    crimes: tuple[str, ...] = ()
    """The crimes (framework ids) the venue can reach the act for."""
    referral: Cover | None = None
    """For an act the ICC can reach: whether the referral covers it."""
    verify: bool = False
    """The finding rests on a fact still to be verified against a primary text."""

    def __post_init__(self) -> None:
        if not self.reasons:
            raise ValueError("a finding says why")
        if self.crimes and not self.reachable:
            raise ValueError("only a venue that reaches an act reaches it for crimes")
        if self.referral is not None and self.status is not Status.LINK:
            raise ValueError("a referral covers only an act the Court can reach")

    @property
    def reachable(self) -> bool:
        """Whether the case can bring the act to the venue."""
        return self.status in (Status.LINK, Status.NOT_NEEDED)

    def as_dict(self) -> dict[str, Any]:
        return {"status": str(self.status),
                "reasons": [{"code": r.code, "text": r.text()} for r in self.reasons],
                "crimes": list(self.crimes),
                "referral": None if self.referral is None else str(self.referral),
                "verify": self.verify}


@dataclass(frozen=True)
class Context:
    """What every rule reads besides the act: the venue, the framework, the data."""

    venue: Venue
    framework: Framework
    data: JurisdictionData

    def crime_names(self, crimes: tuple[str, ...]) -> tuple[Label, ...]:
        """The crimes' names, as plain values (a finding is compared and counted by value)."""
        names = (self.framework.crime(crime).name for crime in crimes)
        return tuple(Label(name.en, name.be, name.ru) for name in names)


# Sentences. Facts are filled in when shown, in the reader's language.
NO_CRIME = _("The act type names no crime of the legal framework.")
NO_PLACE = _("Neither the act nor its incident has a place, so where its elements occurred "
             "is unknown.")
NO_COUNTRY = _("The country of %(place)s is not recorded.")
COUNTRY_NOT_LISTED = _("The jurisdiction data do not say whether %(country)s accepted the "
                       "Court's jurisdiction.")
NO_DATE = _("Neither the act nor its incident has a date, so whether the Court's temporal "
            "jurisdiction covers it is unknown (art. 11).")
NON_PARTY = _("%(place)s lies in %(country)s, which is not a State Party to the Rome Statute "
              "and has made no declaration under art. 12(3); no element of the crime is "
              "recorded on a State Party's territory (art. 12(2)(a)).")
IN_PARTY = _("An element of the crime occurred in %(place)s (%(country)s), a State Party to "
             "the Rome Statute since %(start)s (arts. 11(2), 12(2)(a)).")
IN_DECLARED = _("An element of the crime occurred in %(place)s (%(country)s), which accepted "
                "the Court's jurisdiction from %(start)s by a declaration under art. 12(3) "
                "lodged on %(lodged)s (arts. 11(2), 12(2)(a)).")
IN_DECLARED_UNTIL = _("An element of the crime occurred in %(place)s (%(country)s), which "
                      "accepted the Court's jurisdiction for %(start)s to %(end)s by a "
                      "declaration under art. 12(3) lodged on %(lodged)s (art. 12(2)(a)).")
RULING = _("Pre-Trial Chamber I held that the Court may exercise jurisdiction when at least one "
           "element of a crime, or part of it, occurred on a State Party's territory "
           "(%(ruling)s, %(date)s).")
PARTLY_BEFORE = _("Only the conduct from %(start)s on is within the Court's jurisdiction "
                  "(art. 11).")
BEFORE = _("%(place)s lies in %(country)s, but the act precedes %(start)s, from when "
           "%(country)s accepted the Court's jurisdiction (art. 11(2)).")
OUTSIDE = _("%(place)s lies in %(country)s, but the act falls outside every period in which "
            "%(country)s accepted the Court's jurisdiction (art. 11).")
IMPRECISE = _("The act's date is not precise enough to tell whether it falls within the Court's "
              "jurisdiction over %(country)s, from %(start)s (art. 11).")
REFERRAL_COVERS = _("%(by)s's referral of %(date)s (arts. %(articles)s) covers it: "
                    "%(crimes)s, from %(start)s on.")
REFERRAL_PARTLY = _("%(by)s's referral of %(date)s (arts. %(articles)s) covers only the "
                    "conduct from %(start)s on.")
REFERRAL_OTHER_CRIMES = _("%(by)s's referral of %(date)s does not cover it: the referral "
                          "concerns %(crimes)s.")
REFERRAL_BEFORE = _("%(by)s's referral of %(date)s does not cover it: the referral concerns "
                    "conduct from %(start)s.")
REFERRAL_IMPRECISE = _("Whether %(by)s's referral of %(date)s covers it is unknown: the act's "
                       "date is not precise enough to tell whether it is from %(start)s.")
UNIVERSAL = {
    "lt-universal": _("Lithuanian courts have universal jurisdiction under %(basis)s over "
                      "%(provision)s, whatever the place of the crime and the nationality of "
                      "those involved; it covers %(crimes)s."),
    "de-universal": _("German courts have universal jurisdiction under %(basis)s over "
                      "%(provision)s, with no link to Germany needed; it covers %(crimes)s."),
    "pl-universal": _("Polish courts have universal jurisdiction under %(basis)s where a treaty "
                      "binding Poland obliges it to prosecute; whether that reaches "
                      "%(provision)s (which covers %(crimes)s) is to be verified."),
}
NOT_COVERED = _("%(provision)s does not cover %(crimes)s.")
IN_ABSENTIA = _("A trial in absentia is possible.")
DISCRETION = _("The Federal Prosecutor may decline under %(discretion)s where neither suspect "
               "nor victim is German and no suspect is in Germany or expected there (to be "
               "verified).")
TO_VERIFY = _("Rests on a fact still to be verified against the primary text.")
NOT_NEEDED = _("A People's Tribunal needs no jurisdictional link: it has no power to sanction.")


def _unknown(code: str, template: str, **params: Any) -> Finding:
    return Finding(Status.UNKNOWN, (Reason(code, template, tuple(params.items())),))


# --- The rules ---------------------------------------------------------------------------------


def icc_territorial(facts: ActFacts, ctx: Context) -> Finding:
    data = ctx.data
    if not facts.crimes:
        return _unknown("no-crime", NO_CRIME)
    if facts.place is None:
        return _unknown("no-place", NO_PLACE)
    if not facts.country:
        return _unknown("no-country", NO_COUNTRY, place=facts.place)
    if not data.known(facts.country):
        return _unknown("country-not-listed", COUNTRY_NOT_LISTED, country=facts.country)
    country: Any = data.name(facts.country) or facts.country
    periods = data.acceptances(facts.country)
    where = (("place", facts.place), ("country", country))
    if not periods:
        other = data.non_party(facts.country)
        return Finding(Status.NO_LINK, (Reason("icc-non-party", NON_PARTY, where),),
                       verify=bool(other and other.verify))
    if facts.window is None:
        return _unknown("no-date", NO_DATE)
    window = facts.window
    # The first period that holds the whole window, else the first that holds part of it.
    overlaps = [(period, window.against(period.start, period.end)) for period in periods]
    full = [p for p, o in overlaps if o is Overlap.ALL]
    part = [p for p, o in overlaps if o is Overlap.PART]
    period, overlap = ((full[0], Overlap.ALL) if full else (part[0], Overlap.PART) if part
                       else (periods[0], Overlap.NONE))
    first = min(p.start for p in periods)
    if overlap is Overlap.NONE:
        code, template = ("icc-before", BEFORE) if window.latest < first else (
            "icc-outside", OUTSIDE)
        return Finding(Status.NO_LINK, (Reason(code, template, (*where, ("start", first))),),
                       verify=_period_verify(period, data))
    if overlap is Overlap.PART and not window.precise:
        return _unknown("icc-date-imprecise", IMPRECISE, country=country, start=period.start)
    reasons = [_territory(period, where), Reason("icc-ruling", RULING, (
        ("ruling", data.ruling().id), ("date", data.ruling().date)))]
    if overlap is Overlap.PART:
        reasons.append(Reason("icc-partly-before", PARTLY_BEFORE, (("start", period.start),)))
    cover, verify = None, _period_verify(period, data) or data.ruling().verify
    if data.referrals:
        cover, said = _referral(data.referrals[0], facts, window, ctx)
        reasons.append(said)
        verify = verify or data.referrals[0].verify
    return Finding(Status.LINK, tuple(reasons), crimes=facts.crimes, referral=cover,
                   verify=verify)


def _period_verify(period: Acceptance, data: JurisdictionData) -> bool:
    if period.declaration is not None:
        return period.declaration.verify
    party = data.party(period.country)
    return bool(party and party.verify)


def _territory(period: Acceptance, where: tuple[tuple[str, Any], ...]) -> Reason:
    declaration = period.declaration
    if declaration is None:
        return Reason("icc-state-party", IN_PARTY, (*where, ("start", period.start)))
    params = (*where, ("start", period.start), ("lodged", declaration.lodged))
    if declaration.end is None:
        return Reason("icc-declaration", IN_DECLARED, params)
    return Reason("icc-declaration", IN_DECLARED_UNTIL, (*params, ("end", declaration.end)))


def _referral(referral: Referral, facts: ActFacts, window: Window,
              ctx: Context) -> tuple[Cover, Reason]:
    by: Any = ctx.data.name(referral.by) or referral.by
    said = (("by", by), ("date", referral.date))
    crimes = tuple(crime for crime in facts.crimes if crime in referral.crimes)
    if not crimes:
        return Cover.NOT_COVERED, Reason("referral-other-crimes", REFERRAL_OTHER_CRIMES, (
            *said, ("crimes", ctx.crime_names(referral.crimes))))
    overlap = window.against(referral.start)
    if overlap is Overlap.NONE:
        return Cover.NOT_COVERED, Reason("referral-before", REFERRAL_BEFORE, (
            *said, ("start", referral.start)))
    if overlap is Overlap.PART and not window.precise:
        return Cover.UNKNOWN, Reason("referral-date-imprecise", REFERRAL_IMPRECISE, (
            *said, ("start", referral.start)))
    articles = ("articles", ", ".join(referral.articles))
    if overlap is Overlap.PART:
        return Cover.PARTLY, Reason("referral-partly", REFERRAL_PARTLY, (
            *said, articles, ("start", referral.start)))
    return Cover.COVERED, Reason("referral-covers", REFERRAL_COVERS, (
        *said, articles, ("crimes", ctx.crime_names(crimes)), ("start", referral.start)))


def universal(facts: ActFacts, ctx: Context) -> Finding:
    rule = ctx.venue.jurisdiction
    basis = ctx.data.universal_basis(rule)
    national = (ctx.framework.national_provision(ctx.venue.national)
                if ctx.venue.national else None)
    if basis is None or national is None or rule not in UNIVERSAL:
        raise LookupError(f"venue {ctx.venue.id}: no national provision or basis for {rule}")
    if not facts.crimes:
        return _unknown("no-crime", NO_CRIME)
    verify = bool(national.verify) or basis.verify
    covered = tuple(crime for crime in facts.crimes if crime in national.covers)
    left = tuple(crime for crime in facts.crimes if crime not in national.covers)
    provision = ("provision", national.provision)
    if not covered:
        return Finding(Status.NO_LINK, (Reason("national-not-covered", NOT_COVERED, (
            provision, ("crimes", ctx.crime_names(left)))),), verify=verify)
    reasons = [Reason(rule, UNIVERSAL[rule], (("basis", basis.basis), provision,
                                               ("crimes", ctx.crime_names(covered))))]
    if left:
        reasons.append(Reason("national-not-covered", NOT_COVERED, (
            provision, ("crimes", ctx.crime_names(left)))))
    if basis.in_absentia:
        reasons.append(Reason("in-absentia", IN_ABSENTIA))
    if basis.discretion:
        reasons.append(Reason("discretion", DISCRETION, (("discretion", basis.discretion),)))
    if verify:
        reasons.append(Reason("to-verify", TO_VERIFY))
    return Finding(Status.LINK, tuple(reasons), crimes=covered, verify=verify)


def not_needed(facts: ActFacts, ctx: Context) -> Finding:
    return Finding(Status.NOT_NEEDED, (Reason("not-needed", NOT_NEEDED),), crimes=facts.crimes)


RULES: Mapping[str, Callable[[ActFacts, Context], Finding]] = {
    "icc-territorial": icc_territorial,
    "lt-universal": universal,
    "de-universal": universal,
    "pl-universal": universal,
    "none": not_needed,
}


# The rules that read only an act's crimes: acts of one type have one finding under them.
READS_CRIMES_ONLY = frozenset({"lt-universal", "de-universal", "pl-universal", "none"})


def decide(facts: ActFacts, ctx: Context) -> Finding:
    """The venue's finding on an act with these facts."""
    try:
        rule = RULES[ctx.venue.jurisdiction]
    except KeyError:
        raise LookupError(f"venue {ctx.venue.id}: no rule {ctx.venue.jurisdiction!r}") from None
    return rule(facts, ctx)


def representative(thresholds: tuple[datetime.date, ...], earliest: int, latest: int,
                   precise: bool) -> Window:
    """A window on the same side of every threshold as any window whose earliest day is on or
    after `earliest` of them and whose latest day is on or after `latest` of them: the rules
    compare dates with thresholds only, so it has the same finding (what lets the database
    count a million acts by a few hundred groups)."""
    def day(count: int) -> datetime.date:
        if count == 0:
            return thresholds[0] - datetime.timedelta(days=1) if thresholds else datetime.date.min
        return thresholds[count - 1]

    latest = max(earliest, latest)
    return Window(day(earliest), day(latest), precise)

