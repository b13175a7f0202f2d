"""The facts the jurisdiction check reads, as data: who has accepted the ICC's jurisdiction and
since when, the referral of the situation in Belarus, the ruling the territorial link rests on,
and the national bases of universal jurisdiction (`data/jurisdiction.json`).

The file is validated against its JSON Schema (`data/jurisdiction.schema.json`) when it is
read, and then each entry becomes a frozen value whose constructor refuses what the schema
cannot express (a declaration that ends before it starts, a country listed twice, a State Party
that is also a non-party). A fact that LEGAL.md marks [verify] carries `verify=True`, and every
finding resting on it says so.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from sprava.law.errors import FrameworkError, JurisdictionDataError
from sprava.law.framework import Labels

__all__ = [
    "DATA_FILE",
    "SCHEMA_FILE",
    "Acceptance",
    "Declaration",
    "JurisdictionData",
    "JurisdictionDataError",
    "NonParty",
    "Referral",
    "Ruling",
    "StateParty",
    "Universal",
    "current",
    "load",
]

DATA_DIR = Path(__file__).with_name("data")
DATA_FILE = DATA_DIR / "jurisdiction.json"
SCHEMA_FILE = DATA_DIR / "jurisdiction.schema.json"

_COUNTRY = re.compile(r"[A-Z]{2}")
_RULE = re.compile(r"[a-z]{2}-universal")
_ONE_DAY = datetime.timedelta(days=1)


def _country(value: str) -> None:
    if not _COUNTRY.fullmatch(value):
        raise JurisdictionDataError(f"{value!r} is not an ISO 3166-1 alpha-2 code")


def _text(value: str, what: str) -> None:
    if not value.strip():
        raise JurisdictionDataError(f"{what} is empty")


@dataclass(frozen=True)
class Acceptance:
    """A period in which a State accepted the Court's jurisdiction over conduct on its
    territory: as a State Party from the Statute's entry into force, or by an art. 12(3)
    declaration. `end` is the last day covered; None: no end."""

    country: str
    start: datetime.date
    end: datetime.date | None
    declaration: Declaration | None = None  # None: as a State Party

    def __post_init__(self) -> None:
        _country(self.country)
        if self.end is not None and self.end < self.start:
            raise JurisdictionDataError(f"{self.country}: a period ends before it starts")


@dataclass(frozen=True)
class StateParty:
    country: str
    name: Labels
    in_force: datetime.date
    """The day the Statute entered into force for the State (art. 126(2)): the Court reaches
    conduct on its territory from then on (art. 11(2))."""
    verify: bool
    note: str = ""

    def __post_init__(self) -> None:
        _country(self.country)


@dataclass(frozen=True)
class Declaration:
    """A declaration under art. 12(3): acceptance of the Court's jurisdiction by a State that
    was not (yet) a party, for the conduct of a period."""

    country: str
    lodged: datetime.date
    start: datetime.date
    end: datetime.date | None
    verify: bool
    article: str = "12(3)"
    note: str = ""

    def __post_init__(self) -> None:
        _country(self.country)
        if self.article != "12(3)":
            raise JurisdictionDataError(f"{self.country}: a declaration is made under art. 12(3)")
        if self.end is not None and self.end < self.start:
            raise JurisdictionDataError(f"{self.country}: the declaration ends before it starts")


@dataclass(frozen=True)
class NonParty:
    country: str
    name: Labels
    verify: bool
    note: str = ""

    def __post_init__(self) -> None:
        _country(self.country)


@dataclass(frozen=True)
class Referral:
    """A State Party's referral of a situation to the Prosecutor (arts. 13(a), 14)."""

    id: str
    by: str
    date: datetime.date
    articles: tuple[str, ...]
    situation: Labels
    crimes: tuple[str, ...]
    """Crime ids of the legal framework (`sprava.law.framework`)."""
    start: datetime.date
    """The referral concerns conduct from this day on."""
    verify: bool
    note: str = ""

    def __post_init__(self) -> None:
        _country(self.by)
        if not self.articles or not self.crimes:
            raise JurisdictionDataError(f"referral {self.id}: articles and crimes are needed")
        if len(set(self.crimes)) != len(self.crimes):
            raise JurisdictionDataError(f"referral {self.id}: a crime is named twice")
        if self.start > self.date:
            raise JurisdictionDataError(f"referral {self.id}: it concerns conduct after itself")


@dataclass(frozen=True)
class Ruling:
    id: str
    chamber: str
    date: datetime.date
    title: str
    holding: str
    verify: bool

    def __post_init__(self) -> None:
        for name in ("id", "chamber", "title", "holding"):
            _text(getattr(self, name), f"ruling {name}")


@dataclass(frozen=True)
class Universal:
    """A national basis of universal jurisdiction, for the venue rule of the same id."""

    rule: str
    country: str
    basis: str
    in_absentia: bool
    discretion: str
    """The provision that lets the prosecutor decline a case; empty if none is noted."""
    verify: bool
    note: str = ""

    def __post_init__(self) -> None:
        _country(self.country)
        _text(self.basis, f"{self.rule}: basis")
        if not _RULE.fullmatch(self.rule):
            raise JurisdictionDataError(f"{self.rule!r} is not a universal jurisdiction rule")


@dataclass(frozen=True)
class JurisdictionData:
    version: int
    about: str
    states_parties: tuple[StateParty, ...]
    declarations: tuple[Declaration, ...]
    non_parties: tuple[NonParty, ...]
    referrals: tuple[Referral, ...]
    rulings: tuple[Ruling, ...]
    universal: tuple[Universal, ...]

    def __post_init__(self) -> None:
        if self.version < 1:
            raise JurisdictionDataError("the version is a positive number")
        parties = [p.country for p in self.states_parties]
        others = [n.country for n in self.non_parties]
        for countries, what in ((parties, "States Parties"), (others, "non-parties")):
            if len(set(countries)) != len(countries):
                raise JurisdictionDataError(f"a country is listed twice among the {what}")
        if set(parties) & set(others):
            raise JurisdictionDataError("a country is both a State Party and a non-party")
        declared = {d.country for d in self.declarations}
        if declared & set(others):
            raise JurisdictionDataError("a country listed as a non-party made a declaration")
        if any(r.by not in parties for r in self.referrals):
            raise JurisdictionDataError("a referral is made by a State Party")
        if not self.rulings:
            raise JurisdictionDataError("the ruling on the territorial link is needed")
        rules = [u.rule for u in self.universal]
        if len(set(rules)) != len(rules):
            raise JurisdictionDataError("a universal jurisdiction rule is listed twice")

    # Questions the rules ask

    def party(self, country: str) -> StateParty | None:
        return next((p for p in self.states_parties if p.country == country), None)

    def non_party(self, country: str) -> NonParty | None:
        return next((n for n in self.non_parties if n.country == country), None)

    def name(self, country: str) -> Labels | None:
        """The country's name, if the data know it."""
        party, other = self.party(country), self.non_party(country)
        return party.name if party else other.name if other else None

    def acceptances(self, country: str) -> tuple[Acceptance, ...]:
        """The periods in which the country accepted the Court's jurisdiction: as a State Party
        first, then its declarations in the order they were lodged."""
        periods = []
        party = self.party(country)
        if party is not None:
            periods.append(Acceptance(country, party.in_force, None))
        for declaration in sorted((d for d in self.declarations if d.country == country),
                                  key=lambda d: d.lodged):
            periods.append(Acceptance(country, declaration.start, declaration.end, declaration))
        return tuple(periods)

    def known(self, country: str) -> bool:
        """Whether the data say if the country accepted the Court's jurisdiction."""
        return self.name(country) is not None or bool(self.acceptances(country))

    def ruling(self) -> Ruling:
        """The ruling that an element on a State Party's territory suffices (the first)."""
        return self.rulings[0]

    def universal_basis(self, rule: str) -> Universal | None:
        return next((u for u in self.universal if u.rule == rule), None)

    def thresholds(self) -> tuple[datetime.date, ...]:
        """Every day the rules compare an act's dates with, ascending: a date is on or after
        one of these, or before it. (The day after a period's last day is where it stops.)"""
        days: set[datetime.date] = set()
        for country in {p.country for p in self.states_parties} | {
                d.country for d in self.declarations}:
            for period in self.acceptances(country):
                days.add(period.start)
                if period.end is not None:
                    days.add(period.end + _ONE_DAY)
        days.update(referral.start for referral in self.referrals)
        return tuple(sorted(days))


# Reading the file


def _date(value: str, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise JurisdictionDataError(f"{where}: {value!r} is not a date") from None


def _names(value: Mapping[str, str]) -> Labels:
    try:
        return Labels(en=value["en"], be=value["be"], ru=value["ru"])
    except FrameworkError as exc:
        raise JurisdictionDataError(str(exc)) from None


def parse(document: Mapping[str, Any]) -> JurisdictionData:
    """The document as value types; JurisdictionDataError if it breaks the schema or a rule."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    try:
        jsonschema.Draft202012Validator(schema).validate(document)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(part) for part in exc.absolute_path) or "the document"
        raise JurisdictionDataError(f"{where}: {exc.message}") from None
    parties = tuple(
        StateParty(country=p["country"], name=_names(p["name"]),
                   in_force=_date(p["in_force"], p["country"]), verify=p["verify"],
                   note=p.get("note", ""))
        for p in document["states_parties"])
    declarations = tuple(
        Declaration(country=d["country"], article=d["article"],
                    lodged=_date(d["lodged"], d["country"]), start=_date(d["start"], d["country"]),
                    end=_date(d["end"], d["country"]) if d["end"] else None,
                    verify=d["verify"], note=d.get("note", ""))
        for d in document["declarations"])
    non_parties = tuple(
        NonParty(country=n["country"], name=_names(n["name"]), verify=n["verify"],
                 note=n.get("note", ""))
        for n in document["non_parties"])
    referrals = tuple(
        Referral(id=r["id"], by=r["by"], date=_date(r["date"], r["id"]),
                 articles=tuple(r["articles"]), situation=_names(r["situation"]),
                 crimes=tuple(r["crimes"]), start=_date(r["start"], r["id"]),
                 verify=r["verify"], note=r.get("note", ""))
        for r in document["referrals"])
    rulings = tuple(
        Ruling(id=r["id"], chamber=r["chamber"], date=_date(r["date"], r["id"]),
               title=r["title"], holding=r["holding"], verify=r["verify"])
        for r in document["rulings"])
    universal = tuple(
        Universal(rule=u["rule"], country=u["country"], basis=u["basis"],
                  in_absentia=u["in_absentia"], discretion=u["discretion"],
                  verify=u["verify"], note=u.get("note", ""))
        for u in document["universal"])
    return JurisdictionData(version=document["version"], about=document["about"],
                            states_parties=parties, declarations=declarations,
                            non_parties=non_parties, referrals=referrals, rulings=rulings,
                            universal=universal)


def load(path: Path = DATA_FILE) -> JurisdictionData:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise JurisdictionDataError(f"cannot read {path.name}: {exc}") from None
    return parse(document)


@cache
def current() -> JurisdictionData:
    """The shipped file, read once per process (it does not change while Sprava runs)."""
    return load()
