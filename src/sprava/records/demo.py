"""A synthetic, clearly fictional data set shaped like the Belarus patterns in LEGAL.md.

Every case title says DEMO and every person's notes say they are fictional. The shapes follow
the public record (mass detentions after 9 August 2020, torture at Akrestsina, long sentences,
incommunicado detention of prominent prisoners, forced exile); the people, acts and evidence
do not exist. Everything goes through the same domain functions as real data, so the ledger
records it all.

The fiction holds together the way a file does. Each case has its own places and period, and
its incidents lie in them. A victim's acts are in the case they are a victim in, at places and
on days where their story puts them: arrested at a gathering, held at Akrestsina while the
beatings there happened, tried in their home town while held on remand, in the colony where
their custody says they were. A perpetrator acts only in cases they are a perpetrator in, for
the unit they hold a post in, and only in acts that unit could commit (a judge sentences, a
colony's staff isolate). Ranks are those of the unit's service. No date is after the demo's
last day, so none is after today.
"""

from __future__ import annotations

import bisect
import datetime
import io
import random
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from sprava.cases.models import Case
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.planner import refresh_statistics
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.records import demo_names as names
from sprava.records.models import (
    Act,
    ActType,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    LiabilityMode,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Place,
    Position,
    Testimony,
)
from sprava.records.services import RecordError, create_many
from sprava.rows import history

ACTOR = "sprava-demo"
FICTIONAL = "Fictional person of the Sprava demo data set."
START = datetime.date(2020, 8, 9)
END = datetime.date(2024, 12, 31)  # the demo's last day: no date of it comes later


@dataclass(frozen=True)
class DemoSize:
    persons: int = 2000
    incidents: int = 500
    acts: int = 5000
    evidence: int = 300
    testimonies: int = 600


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    lead: str | None = None  # user name of the lead of the demo cases


Progress = Callable[[str], None]
# What is recorded after the records, as the demo's lead: how many of each thing it made.
Analysis = Callable[[list[Case], AbstractBaseUser], dict[str, int]]

# Who an incident's acts can happen to: people at liberty there (or arrested there that day),
# people held there (for a court: people of that town held anywhere), or people held there
# whose detention the authorities do not acknowledge.
FREE, HELD, HIDDEN = "free", "held", "hidden"


@dataclass(frozen=True)
class Scene:
    """A kind of incident of a case: its title, where it happens, its acts, its narrative."""

    title: str  # "{place}" is the place's English label
    places: tuple[str, ...]  # place codes
    acts: tuple[str, ...]  # act type codes; one repeated is drawn more often
    text: tuple[str, ...]  # fragments of the narrative
    who: str = FREE
    arrests: bool = False  # the custody of the case's victims begins at incidents like this
    arrest: tuple[str, ...] = ()  # how an arrest here is described, if not as in the street
    since: datetime.date | None = None  # not before (a law or practice that began later)


@dataclass(frozen=True)
class DemoCase:
    reference: str
    title: str
    title_be: str
    title_ru: str
    venues: tuple[str, ...]
    start: datetime.date  # the case's period: its incidents lie in it
    end: datetime.date
    homes: tuple[str, ...]  # where its victims live: place codes
    organisations: tuple[str, ...]  # units its perpetrators hold posts in; repeated: more
    scenes: tuple[Scene, ...]
    custody: str  # how its victims are held: "mass", "prison", "prominent" or "none"
    shares: tuple[float, float, float]  # of all victims, perpetrators, witnesses

    @property
    def places(self) -> frozenset[str]:
        """The places of its incidents: no other demo case has an incident in them."""
        return frozenset(code for scene in self.scenes for code in scene.places)


_MINSK_2020 = ("minsk",)
_CITIES_2 = ("brest", "hrodna", "viciebsk")
_REMAND_2 = ("sizo-7-brest", "sizo-6-baranavichy", "prison-1-hrodna", "sizo-2-viciebsk")
_COLONIES_2 = ("ik-2-babruisk", "ik-3-vitba", "ik-5-ivatsevichy", "ik-8-orsha", "ik-9-horki",
               "ik-11-vawkavysk", "ik-14-navasady", "ik-20-mazyr", "ik-22-vouchyia-nory")
_PRISONS_3 = ("ik-1-navapolatsk", "ik-4-homiel", "ik-13-hlybokaye", "ik-15-mahiliou",
              "ik-17-shklou", "prison-4-mahiliou", "prison-8-zhodzina")
_TOWNS_4 = ("pinsk", "kobryn", "lida", "slonim", "navahrudak", "smarhon", "polatsk", "pastavy",
            "maladzechna", "salihorsk", "slutsk", "vileyka", "rechytsa", "svetlahorsk",
            "zhlobin", "krychau", "asipovichy")
# Where a victim of case 2 is held on remand, by home town; and the only women's colony.
_REMAND_OF = {"brest": ("sizo-7-brest", "sizo-6-baranavichy"), "hrodna": ("prison-1-hrodna",),
              "viciebsk": ("sizo-2-viciebsk",)}
WOMENS_COLONY = "ik-4-homiel"

DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "demo-akrestsina-2020", "DEMO: Detention and torture in Minsk, 9–14 August 2020",
        "ДЭМА: затрыманні і катаванні ў Мінску, 9–14 жніўня 2020",
        "ДЕМО: задержания и пытки в Минске, 9–14 августа 2020",
        ("tribunal", "national"), START, datetime.date(2020, 8, 14), _MINSK_2020,
        ("omon-minsk",) * 4 + ("tsip-minsk",) * 3 + ("ivs-minsk", "almaz", "gubopik",
         "guvd-minsk", "ruvd-frunzenski", "ruvd-maskouski", "ruvd-leninski", "ruvd-partyzanski",
         "ruvd-pershamaiski", "ruvd-savetski", "ruvd-tsentralny", "ruvd-zavodski",
         "ruvd-kastrychnitski", "internal-troops", "military-unit-3214", "din-sizo-1-minsk",
         "court-frunzenski-minsk", "court-maskouski-minsk", "court-leninski-minsk",
         "court-partyzanski-minsk", "court-pershamaiski-minsk", "court-savetski-minsk",
         "court-tsentralny-minsk", "court-zavodski-minsk", "court-kastrychnitski-minsk"),
        (
            Scene("Detentions at a peaceful gathering in {place}", _MINSK_2020,
                  ("arbitrary-arrest", "beating", "beating", "threats"), (
                      "Officers in black uniforms without insignia ran into the crowd and "
                      "dragged people to minibuses.",
                      "Those detained were made to kneel on the pavement with their hands "
                      "behind their heads.",
                      "Several people were beaten while lying on the ground; passers-by filmed "
                      "from balconies.",
                      "Officers took phones and searched them for photographs of the gathering.",
                  ), arrests=True),
            Scene("Mass detentions after a march in {place}", _MINSK_2020,
                  ("arbitrary-arrest", "beating", "beating", "threats"), (
                      "After the march had ended, riot police blocked the side streets and "
                      "detained anyone walking away.",
                      "People were taken from courtyards and entrances where they had tried to "
                      "hide.",
                      "Stun grenades were used on a crowd that was already dispersing.",
                      "Detainees were driven around the city for hours before being handed over "
                      "to a detention centre.",
                  ), arrests=True),
            Scene("Beatings on arrival at {place}", ("akrestsina",),
                  ("beating",) * 3 + ("torture", "torture", "threats", "sexual-violence"), (
                      "Detainees were run through a line of officers who beat them with batons.",
                      "In the yard, detainees were made to lie face down in rows for hours.",
                      "Officers marked detainees' backs with paint to single out those to be "
                      "beaten more.",
                      "Women detainees were threatened and insulted during searches.",
                  ), who=HELD),
            Scene("Overcrowded cells and denial of water at {place}", ("akrestsina",),
                  ("inhumane-conditions",) * 3 + ("denial-of-medical-care",) * 2 + ("torture",),
                  (
                      "Cells built for four held thirty people or more.",
                      "Detainees were given no food and little water for up to two days.",
                      "Injured detainees asked for a doctor and were refused.",
                      "The lights stayed on all night and detainees were made to stand.",
                  ), who=HELD),
            Scene("Administrative hearings held inside {place}", ("akrestsina",),
                  ("administrative-arrest",) * 3 + ("denial-of-counsel",), (
                      "Judges heard the cases in a room of the detention centre, a few minutes "
                      "each.",
                      "No defence lawyers were admitted; relatives were not told of the "
                      "hearings.",
                      "The arrest reports had been written in advance, in the same words for "
                      "every detainee.",
                  ), who=HELD),
            Scene("Refusal of information to relatives at {place}",
                  ("akrestsina", "sizo-1-minsk"),
                  ("refusal-to-disclose-whereabouts",) * 2 + ("denial-of-counsel",), (
                      "Relatives waited at the gate for days; lists of detainees were "
                      "incomplete or absent.",
                      "Lawyers were told that their clients were not held there.",
                      "Volunteers at the gate wrote down the names of those released.",
                  ), who=HELD),
            Scene("Ill-treatment of detainees transferred to {place}", ("sizo-1-minsk",),
                  ("beating", "beating", "inhumane-conditions", "inhumane-conditions",
                   "threats"), (
                      "Detainees transferred by prison van arrived with injuries.",
                      "New arrivals were beaten during the admission search.",
                      "Detainees were held in overcrowded cells without bedding.",
                  ), who=HELD),
        ),
        custody="mass", shares=(0.40, 0.35, 0.30),
    ),
    DemoCase(
        "demo-political-prisoners", "DEMO: Imprisonment of political prisoners, 2021–2024",
        "ДЭМА: зняволенне палітвязняў, 2021–2024",
        "ДЕМО: лишение свободы политзаключённых, 2021–2024",
        ("tribunal", "national", "peoples"), datetime.date(2021, 1, 1), END, _CITIES_2,
        ("gubopik",) * 3 + ("kgb",) * 2 + ("investigative-committee",) * 2 + (
         "prosecutor-general", "omon-brest", "uvd-brest", "omon-hrodna", "uvd-hrodna",
         "omon-viciebsk", "uvd-viciebsk") + ("court-brest-region", "court-hrodna-region",
         "court-viciebsk-region") * 2 + ("din-sizo-7-brest", "din-sizo-6-baranavichy",
         "din-prison-1-hrodna", "din-sizo-2-viciebsk", "din-ik-2-babruisk", "din-ik-3-vitba",
         "din-ik-5-ivatsevichy", "din-ik-8-orsha", "din-ik-9-horki", "din-ik-11-vawkavysk",
         "din-ik-14-navasady", "din-ik-20-mazyr", "din-ik-22-vouchyia-nory"),
        (
            Scene("Night search of homes in {place}", _CITIES_2,
                  ("search", "search", "confiscation", "threats"), (
                      "Officers of GUBOPiK arrived before dawn with a warrant in a case of "
                      "\"mass riots\".",
                      "Phones, laptops and anything in white, red and white were taken away.",
                      "The people searched were taken for questioning and did not come home.",
                      "Neighbours were called in as attesting witnesses.",
                  ), arrests=True, arrest=(
                      "Arrested at the end of the search and taken away for questioning.",
                      "Taken from the flat in handcuffs after the search; the family was not "
                      "told where.",
                  )),
            Scene("Arrests of people identified from photographs of the 2020 protests in "
                  "{place}", _CITIES_2,
                  ("arbitrary-arrest", "forced-confession", "forced-confession", "detention",
                   "threats"), (
                      "The people arrested had been identified from photographs taken at marches "
                      "in 2020.",
                      "Videos of those detained \"repenting\" appeared on pro-government "
                      "channels the same day.",
                      "Officers threatened to arrest relatives unless the detainees confessed.",
                  ), arrests=True, arrest=(
                      "Arrested at work; the officers showed a photograph of them at a march in "
                      "2020.",
                      "Detained at home at dawn after being identified from a video of a 2020 "
                      "march.",
                  )),
            Scene("Closed court hearing in {place}", _CITIES_2,
                  ("political-conviction",) * 4 + ("denial-of-counsel",), (
                      "The court closed the hearing to the public, citing \"security\".",
                      "The defendants were kept in a metal cage and handcuffed throughout.",
                      "Relatives were not let into the building and waited outside.",
                      "The sentences were longer than those the prosecutor had asked for.",
                  ), who=HELD),
            Scene("Interrogations at {place}", _REMAND_2,
                  ("detention", "detention", "denial-of-counsel", "denial-of-counsel",
                   "threats", "forced-confession", "pressure-on-relatives"), (
                      "Detainees were questioned for hours without their lawyers.",
                      "Investigators promised shorter sentences in exchange for names.",
                      "Lawyers who complained about the conditions were later disbarred.",
                  ), who=HELD),
            Scene("Punitive isolation of political prisoners at {place}", _COLONIES_2,
                  ("punitive-isolation",) * 3 + ("inhumane-conditions", "inhumane-conditions",
                                                 "denial-of-medical-care"), (
                      "Political prisoners wearing yellow tags were sent to the punishment cell "
                      "again and again.",
                      "Letters were withheld and visits cancelled as \"punishment\".",
                      "Prisoners were made to stand all day in cold punishment cells.",
                  ), who=HELD),
            Scene("Denial of medical care at {place}", _COLONIES_2,
                  ("denial-of-medical-care",) * 3 + ("inhumane-conditions",), (
                      "Prisoners with chronic illnesses were refused treatment and medicines.",
                      "Parcels with medicines sent by families were returned.",
                      "A prisoner who collapsed was examined only days later.",
                  ), who=HELD),
        ),
        custody="prison", shares=(0.32, 0.35, 0.25),
    ),
    DemoCase(
        "demo-disappearances",
        "DEMO: Incommunicado detention of prominent prisoners, 2023–2024",
        "ДЭМА: утрыманне вядомых палітвязняў інкамунікада, 2023–2024",
        "ДЕМО: содержание известных политзаключённых инкоммуникадо, 2023–2024",
        ("tribunal", "peoples"), datetime.date(2023, 2, 1), END, (),
        ("din",) * 2 + ("kgb",) * 2 + ("din-ik-1-navapolatsk", "din-ik-4-homiel",
         "din-ik-13-hlybokaye", "din-ik-15-mahiliou", "din-ik-17-shklou", "din-prison-4-mahiliou",
         "din-prison-8-zhodzina"),
        (
            Scene("No contact with family or lawyers at {place}", _PRISONS_3,
                  ("incommunicado-detention",) * 3 + ("denial-of-counsel", "denial-of-counsel",
                                                      "refusal-to-disclose-whereabouts"), (
                      "Since the start of the year no letter from these prisoners has reached "
                      "their families.",
                      "Lawyers who travelled to the colony were told their clients \"do not "
                      "wish to meet\".",
                      "The administration confirms neither the prisoners' presence nor their "
                      "health.",
                  ), who=HIDDEN),
            Scene("Letters and visits stopped at {place}", _PRISONS_3,
                  ("incommunicado-detention", "incommunicado-detention",
                   "pressure-on-relatives", "refusal-to-disclose-whereabouts"), (
                      "The families' letters were returned or never answered.",
                      "Long visits were cancelled without explanation.",
                      "Relatives who spoke to journalists were summoned and warned.",
                  ), who=HIDDEN),
            Scene("Authorities decline to confirm that prisoners are held at {place}", _PRISONS_3,
                  ("refusal-to-disclose-whereabouts",) * 2 + ("enforced-disappearance",), (
                      "Replies to the families' written requests say the information is \"not "
                      "subject to disclosure\".",
                      "Prisoners released from there say they did not see the prisoners for "
                      "months.",
                      "The prisoners' names were removed from the lists used for parcels.",
                  ), who=HIDDEN),
            Scene("Repeated punitive isolation at {place}", _PRISONS_3,
                  ("punitive-isolation",) * 3 + ("inhumane-conditions",
                                                 "denial-of-medical-care"), (
                      "Prominent prisoners were kept in the punishment cell for months on end.",
                      "Each term in isolation was followed at once by a new one.",
                      "Prisoners were held alone, with no radio, newspapers or letters.",
                  ), who=HELD),
            Scene("Untreated illness of prisoners at {place}", _PRISONS_3,
                  ("denial-of-medical-care",) * 3 + ("inhumane-conditions",), (
                      "Prisoners known to be ill were refused a visit by an independent doctor.",
                      "Released prisoners describe severe weight loss among those held in "
                      "isolation.",
                      "A family learned of a prisoner's operation only from a cellmate's letter.",
                  ), who=HELD),
        ),
        custody="prominent", shares=(0.08, 0.10, 0.25),
    ),
    DemoCase(
        "demo-exile", "DEMO: Forced exile and persecution of civil society, 2021–2024",
        "ДЭМА: вымушанае выгнанне і пераслед грамадзянскай супольнасці, 2021–2024",
        "ДЕМО: вынужденное изгнание и преследование гражданского общества, 2021–2024",
        ("peoples", "publication"), datetime.date(2021, 7, 1), END, _TOWNS_4,
        ("kgb",) * 3 + ("gubopik",) * 2 + ("ministry-of-justice",) * 2 + (
         "ministry-of-information",) * 2 + ("investigative-committee",) * 2 + (
         "supreme-court", "prosecutor-general", "court-brest-region", "court-hrodna-region",
         "court-viciebsk-region", "court-homiel-region", "court-mahiliou-region", "uvd-brest",
         "uvd-hrodna", "uvd-viciebsk", "uvd-homiel", "uvd-mahiliou"),
        (
            Scene("Liquidation of civil society organisations in {place}", _TOWNS_4,
                  ("liquidation-of-organisation",) * 3 + ("extremist-designation",), (
                      "The Ministry of Justice filed claims to dissolve local associations, from "
                      "a history club to a charity.",
                      "The courts granted the claims at hearings lasting minutes.",
                      "The organisations' accounts were frozen and their property passed to the "
                      "state.",
                  )),
            Scene("Searches of journalists' homes in {place}", _TOWNS_4,
                  ("search",) * 3 + ("confiscation", "threats", "forced-exile"), (
                      "Officers searched the homes of reporters of a local independent paper.",
                      "Equipment was seized and the paper's website blocked the same week.",
                      "Within a month most of the paper's staff had left the country.",
                  )),
            Scene("Dismissal of employees who signed protest letters in {place}", _TOWNS_4,
                  ("dismissal",) * 3 + ("fine", "threats"), (
                      "Workers who had signed a letter against violence were called in one by "
                      "one.",
                      "Those who would not withdraw their signatures were dismissed.",
                      "Some were also fined for \"taking part in an unauthorised event\".",
                  )),
            Scene("Expulsion of students in {place}", _TOWNS_4,
                  ("expulsion-from-education",) * 3 + ("threats",), (
                      "Students who had joined a strike were expelled in the middle of the year.",
                      "The college's management said it acted on a letter from the police.",
                  )),
            Scene("Disbarment of lawyers in {place}", _TOWNS_4, ("disbarment",) * 3 + (
                "dismissal",), (
                      "Lawyers who had defended political prisoners were called before a "
                      "qualification commission.",
                      "Their licences were withdrawn for \"professional misconduct\".",
                  )),
            Scene("Pressure on relatives of exiled activists in {place}", _TOWNS_4,
                  ("pressure-on-relatives",) * 3 + ("search", "confiscation"), (
                      "Officers visited the parents of activists who had left Belarus.",
                      "Relatives were questioned about money transfers from abroad.",
                      "Property of the exiles was seized at their parents' address.",
                  )),
            Scene("Trials in absentia of exiled activists from {place}", _TOWNS_4,
                  ("trial-in-absentia",) * 3 + ("confiscation", "extremist-designation"), (
                      "The activists, who had left Belarus, were tried under \"special "
                      "proceedings\".",
                      "Lawyers appointed by the court did not contact their clients.",
                      "The courts ordered the confiscation of the activists' property.",
                  ), since=datetime.date(2022, 8, 1)),
            Scene("Designation of local media as extremist in {place}", _TOWNS_4,
                  ("extremist-designation",) * 3 + ("fine",), (
                      "A local news channel and its logo were added to the list of \"extremist "
                      "materials\".",
                      "Readers who had shared its posts were fined.",
                  )),
            Scene("Forced departures after threats of arrest in {place}", _TOWNS_4,
                  ("forced-exile",) * 3 + ("threats", "travel-ban"), (
                      "After summonses to the KGB, several activists left the country within "
                      "days.",
                      "Some crossed the border on foot; others left through a neighbouring "
                      "country.",
                      "Those abroad were later refused new passports at consulates.",
                  )),
            Scene("Deprivation of citizenship of exiles from {place}", _TOWNS_4,
                  ("deprivation-of-citizenship",) * 2 + ("travel-ban",), (
                      "Exiles from the town learned from the news that they had been stripped of "
                      "citizenship.",
                      "Their relatives in Belarus were told to hand back the exiles' documents.",
                  ), since=datetime.date(2023, 3, 1)),
        ),
        custody="none", shares=(0.20, 0.20, 0.20),
    ),
)

# (reference, title, venues, act types) of each demo case, for those who list them.
CASES = [(c.reference, c.title, list(c.venues), sorted({a for s in c.scenes for a in s.acts}))
         for c in DEMO_CASES]

# Which services commit which acts (see `service`): a judge sentences, a colony isolates.
# An act type not listed here has no perpetrator in the demo (employers, say, are not in it).
AGENTS: dict[str, frozenset[str]] = {code: frozenset(services) for code, services in {
    "arbitrary-arrest": ("militia", "kgb", "military"),
    "administrative-arrest": ("court",),
    "detention": ("militia", "prison", "investigation", "kgb"),
    "political-conviction": ("court", "prosecution"),
    "trial-in-absentia": ("court", "prosecution"),
    "incommunicado-detention": ("prison", "kgb"),
    "refusal-to-disclose-whereabouts": ("prison", "kgb", "militia"),
    "enforced-disappearance": ("kgb", "prison"),
    "beating": ("militia", "military", "prison"),
    "torture": ("militia", "prison", "kgb"),
    "sexual-violence": ("militia",),
    "threats": ("militia", "kgb", "prison", "investigation"),
    "forced-confession": ("militia", "kgb", "investigation"),
    "inhumane-conditions": ("prison", "militia"),
    "punitive-isolation": ("prison",),
    "denial-of-medical-care": ("prison", "militia"),
    "denial-of-counsel": ("investigation", "prison", "kgb", "militia"),
    "forced-exile": ("kgb",),
    "deprivation-of-citizenship": ("militia",),
    "travel-ban": ("militia", "kgb"),
    "search": ("militia", "kgb", "investigation"),
    "confiscation": ("investigation", "court"),
    "fine": ("court",),
    "disbarment": ("ministry",),
    "liquidation-of-organisation": ("ministry", "court"),
    "extremist-designation": ("ministry", "court", "kgb"),
    "pressure-on-relatives": ("kgb", "militia"),
}.items()}
# Bodies that act anywhere in the country; any other unit acts only in its own region, and a
# place of detention only within its walls.
NATIONAL = frozenset({"kgb", "kgb-alpha", "mvd", "gubopik", "almaz", "internal-troops", "din",
                      "investigative-committee", "prosecutor-general", "supreme-court",
                      "ministry-of-justice", "ministry-of-information", "cec"})


def service(org: Organisation, units_by_id: dict[int, Organisation]) -> str:
    """The service a unit belongs to, which sets its ranks: "militia", "prison", "kgb", ..."""
    codes: set[str | None] = set()
    seen: set[int] = set()
    current: Organisation | None = org
    while current is not None and current.pk not in seen:  # a cycle must not hang the load
        seen.add(current.pk)
        codes.add(current.code)
        current = units_by_id.get(current.parent_id) if current.parent_id else None
    if "kgb" in codes:
        return "kgb"
    if "din" in codes:  # the Department of Corrections runs the prisons and colonies
        return "prison"
    if org.kind in {"military", "investigation", "prosecution", "court"}:
        return str(org.kind)
    if org.kind == "police" or "mvd" in codes:
        return "militia"
    return {"detention": "prison", "security": "kgb"}.get(str(org.kind), "ministry")


def _post_kind(org: Organisation, service_name: str) -> str:
    code = org.code or ""
    if service_name == "militia":
        if code.startswith(("omon", "almaz")):
            return "special-unit"
        return "militia-detention" if org.kind == "detention" else "militia"
    if service_name == "prison":
        if org.kind != "detention":
            return "corrections"
        return "colony" if "-ik-" in code else "prison" if "prison" in code else "sizo"
    if service_name == "kgb":
        return ("kgb-detention" if org.kind == "detention"
                else "alpha" if code == "kgb-alpha" else "kgb")
    return service_name


@dataclass
class _Story:
    """Where a victim was: their home town and their custody, in order."""

    home: Place | None = None
    custody: list[CustodyPeriod] = field(default_factory=list)

    def free_from(self) -> datetime.date | None:
        """From when they were at liberty for good (to give testimony); None if still held."""
        if not self.custody:
            return START
        return self.custody[-1].end_date


@dataclass
class _Plan:
    """One demo case being generated: its definition, row, and what has been made for it."""

    case: DemoCase
    row: Case
    scenes: list[tuple[Scene, list[Place]]] = field(default_factory=list)
    homes: list[Place] = field(default_factory=list)
    units: list[Organisation] = field(default_factory=list)
    victims: list[Person] = field(default_factory=list)
    perpetrators: list[Position] = field(default_factory=list)
    witnesses: list[Person] = field(default_factory=list)
    incidents: list[tuple[Incident, Scene]] = field(default_factory=list)


@dataclass
class _World:
    """The reference data the demo is drawn on, looked up once."""

    places: dict[str, Place]
    places_by_id: dict[int, Place]
    units: dict[str, Organisation]
    units_by_id: dict[int, Organisation]
    types: dict[str, ActType]

    def region(self, place: Place | None) -> int | None:
        """The region a place lies in (Minsk is one of its own)."""
        seen: set[int] = set()
        while place is not None and place.pk not in seen:
            seen.add(place.pk)
            parent = self.places_by_id.get(place.parent_id) if place.parent_id else None
            if place.kind == "region" or parent is None or parent.kind == "country":
                return place.pk
            place = parent
        return None

    def acts_at(self, unit: Organisation, place: Place | None) -> bool:
        """Whether staff of `unit` can plausibly act at `place`."""
        if place is None or unit.code in NATIONAL or unit.place_id is None:
            return unit.kind != "detention" or place is None
        if unit.kind == "detention":
            return unit.place_id == place.pk
        return self.region(self.places_by_id.get(unit.place_id)) == self.region(place)


def demo_lead(username: str | None = None) -> AbstractBaseUser | None:
    """Who leads the demo cases: the named account, else the earliest active administrator.

    Administrators see no case content unless they are members, so a demo nobody leads is an
    empty locker to whoever just installed Sprava. None when there is no administrator yet.
    """
    users = get_user_model()._default_manager.filter(is_active=True)
    if username is not None:
        user = users.filter(username=username).first()
        if user is None:
            raise RecordError(f"no active account {username!r} to lead the demo cases")
        return user
    return users.filter(is_superuser=True).order_by("date_joined", "pk").first()


def load_demo(*, vault: Any, size: DemoSize | None = None, seed: int = 2020,
              progress: Progress | None = None,
              lead: AbstractBaseUser | None = None,
              then: Analysis | None = None) -> DemoSummary:
    """Load the demo data set once; refuses if it is there already.

    `lead` becomes lead of every demo case, with identity access (the demo's protected
    witnesses are fictional, and trying Sprava out includes seeing how a reveal is logged).
    `then`, given a lead, records more in the same transaction as that lead: the legal layer's
    demo analysis (`sprava.law.demo`), which this layer may not import.

    All or nothing: the records, memberships and ledger entries go in one transaction, and if
    anything fails the blobs this load wrote are deleted again, so a failed load leaves
    nothing (not even a leftover blob for `verify` to report) and the next one starts clean.
    A load killed outright leaves only unused blobs: `verify` warns of them, `sweep` removes
    them.
    """
    written: list[str] = []  # the blobs of the items this load created
    try:
        with transaction.atomic():
            summary = _load(vault=vault, size=size or DemoSize(), seed=seed,
                            say=progress or (lambda message: None), lead=lead,
                            written=written, then=then)
    except BaseException:
        for blob in written:  # their items were rolled back with everything else
            vault.delete(blob)
        raise
    refresh_statistics()  # thousands of new rows: the planner must know the tables' sizes
    return summary


def _load(*, vault: Any, size: DemoSize, seed: int, say: Progress,
          lead: AbstractBaseUser | None, written: list[str], then: Analysis | None = None
          ) -> DemoSummary:
    if Case.objects.filter(reference__startswith="demo-").exists():
        raise RecordError("the demo data set is loaded already")
    _ensure_reference_data()
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    world = _world()
    summary = DemoSummary()
    say("cases")
    cases = create_many([Case(reference=c.reference, title=c.title, venues=list(c.venues),
                              summary=_case_summary(c)) for c in DEMO_CASES], actor=ACTOR)
    plans = [_plan(c, row, world) for c, row in zip(DEMO_CASES, cases, strict=True)]
    say("people")
    persons = _people(rng, size.persons, plans, world)
    say("incidents and acts")
    incidents = _incidents(rng, size.incidents, plans)
    stories = _custody(rng, plans, world)
    acts = _acts(rng, size.acts, plans, stories, world)
    say("testimonies")
    testimonies = _testimonies(rng, size.testimonies, plans, acts, stories)
    say("evidence")
    items = _evidence(rng, size.evidence, vault, incidents, acts, written)
    if lead is not None:
        _lead(cases, lead)
        summary.lead = lead.get_username()
    summary.counts = {"cases": len(cases), "persons": len(persons),
                      "incidents": len(incidents), "acts": len(acts),
                      "testimonies": len(testimonies), "evidence": len(items)}
    if lead is not None and then is not None:
        say("legal analysis")
        summary.counts.update(then(cases, lead))
    return summary


def _lead(cases: list[Case], user: AbstractBaseUser) -> None:
    from sprava.accounts.members import add_member

    for case in cases:
        add_member(case, user, "lead", identity_access=True, actor=ACTOR)


def _ensure_reference_data() -> None:
    if not ActType.objects.exists() or not Place.objects.exists():
        from sprava.records.seed import load_reference_data

        load_reference_data()


def _world() -> _World:
    places = list(Place.objects.all())
    units = list(Organisation.objects.all())
    if not units:  # an administrator removed them all: the demo brings a unit of its own
        units = create_many([Organisation(label_en="DEMO special police unit",
                                          label_be="ДЭМА: спецпадраздзяленне міліцыі",
                                          label_ru="ДЕМО: спецподразделение милиции",
                                          kind="police")], actor=ACTOR)
    return _World(places={p.code: p for p in places}, places_by_id={p.pk: p for p in places},
                  units={u.code: u for u in units if u.code}, units_by_id={u.pk: u for u in units},
                  types={t.code: t for t in ActType.objects.filter(active=True)})


def _case_summary(case: DemoCase) -> str:
    # A case's title is one field, shown as it is in every language: the summary gives it in
    # Belarusian and Russian too.
    return (f"Synthetic data for trying Sprava out: the people, acts and evidence are fictional."
            f"\n\n{case.title_be}. Выдуманыя даныя для азнаямлення са Справай."
            f"\n\n{case.title_ru}. Вымышленные данные для знакомства со Справой.")


def _plan(case: DemoCase, row: Case, world: _World) -> _Plan:
    """The case's scenes, homes and units as this instance's reference data has them.

    Reference data is the administrators' to edit: what is missing is left out, and a case
    none of whose units is left draws on any unit there is.
    """
    plan = _Plan(case=case, row=row)
    for scene in case.scenes:
        places = [world.places[code] for code in scene.places if code in world.places]
        if places:
            plan.scenes.append((scene, places))
    if not plan.scenes:  # not one of its places left: its incidents have no place
        plan.scenes = [(scene, []) for scene in case.scenes if scene.who == FREE] or [
            (case.scenes[0], [])]
    plan.homes = [world.places[code] for code in case.homes if code in world.places]
    plan.units = ([world.units[code] for code in case.organisations if code in world.units]
                  or list(world.units_by_id.values())[:40])
    return plan


def _split(total: int, shares: Sequence[float]) -> list[int]:
    """`total` in parts proportional to `shares` (largest remainder), summing to `total`."""
    whole = sum(shares) or 1.0
    exact = [total * share / whole for share in shares]
    parts = [int(x) for x in exact]
    for index in sorted(range(len(shares)), key=lambda i: parts[i] - exact[i])[
            :total - sum(parts)]:
        parts[index] += 1
    return parts


def _date(rng: random.Random, start: datetime.date = START, end: datetime.date = END
          ) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _days(value: datetime.date, days: int) -> datetime.date:
    return value + datetime.timedelta(days=days)


def _people(rng: random.Random, count: int, plans: list[_Plan], world: _World
            ) -> list[Person]:
    # Roles in proportion to a documentation team's files: mostly victims.
    plan = (["victim"] * 75 + ["perpetrator"] * 15 + ["witness"] * 8 + ["source"] * 2)
    roles = [plan[i % len(plan)] for i in range(count)]
    # Each role's people are shared out among the cases in the cases' proportions.
    cases_of: dict[str, list[_Plan]] = {}
    for column, role in enumerate(["victim", "perpetrator", "witness", "source"]):
        shares = [p.case.shares[column] if column < 3 else 1.0 for p in plans]
        drawn = [p for p, n in zip(plans, _split(roles.count(role), shares), strict=True)
                 for _ in range(n)]
        rng.shuffle(drawn)
        cases_of[role] = drawn
    next_pseudonym = Person.objects.filter(pseudonym__startswith="W-").count() + 1
    people: list[Person] = []
    person_names: list[PersonName] = []
    person_roles: list[PersonRole] = []
    posts: list[Position] = []
    shielded = 0
    for index, role in enumerate(roles):
        case = cases_of[role].pop()
        gender = rng.choice(["female", "male"])
        born = ((1962, 1996) if role == "perpetrator" else (1950, 2002))
        person = Person(gender=gender, notes=FICTIONAL,
                        birth_date=_date(rng, datetime.date(born[0], 1, 1),
                                         datetime.date(born[1], 12, 31)),
                        birth_precision=rng.choice(["day", "year"]))
        if person.birth_precision == "year":  # a year alone is entered as its first day
            person.birth_date = person.birth_date.replace(month=1, day=1)  # type: ignore[union-attr]
        if role in {"victim", "witness"}:
            shielded += 1
            if shielded % 10 == 0:  # one in ten, so that each size of the demo has some
                person.protected, person.pseudonym = True, f"W-{next_pseudonym:04d}"
                person.protecting_case = case.row  # the case that holds the identity
                next_pseudonym += 1
        people.append(person)
        first, surname = _name(rng, gender, index)
        last = surname[3:] if gender == "female" else surname[:3]
        for script, column, kind in (("be", 0, "primary"), ("ru", 1, "transliteration"),
                                     ("latin", 2, "transliteration")):
            person_names.append(PersonName(person=person, script=script, kind=kind,
                                           text=f"{first[column]} {last[column]}"))
        person_roles.append(PersonRole(person=person, case=case.row, role=role))
        if role == "perpetrator" and case.units:
            post = _post(rng, person, case.units[len(case.perpetrators) % len(case.units)],
                         world)
            posts.append(post)
            case.perpetrators.append(post)
            # A unit that serves several cases' places (the KGB, a colony) puts some of its
            # officers in more than one case.
            for other in plans:
                if other is not case and post.organisation in other.units \
                        and rng.random() < 0.3:
                    person_roles.append(PersonRole(person=person, case=other.row, role=role))
                    other.perpetrators.append(post)
        elif role == "victim":
            case.victims.append(person)
        elif role == "witness":
            case.witnesses.append(person)
    # The persons go in once their protecting cases are known; names and roles, which point
    # at them, take their new ids on the way in.
    people = create_many(people, actor=ACTOR)
    create_many(person_names, actor=ACTOR)
    create_many(person_roles, actor=ACTOR)
    create_many(posts, actor=ACTOR)
    return people


def _name(rng: random.Random, gender: str, index: int
          ) -> tuple[tuple[str, str, str], names.Surname]:
    first = rng.choice(names.FEMALE_FIRST if gender == "female" else names.MALE_FIRST)
    # The first person bears the surname the search page gives as its example, so that the
    # example finds someone in a demo of any size.
    surname = names.LUKASHENKA if index == 0 else rng.choice(names.SURNAMES)
    if surname == names.LUKASHENKA and first[0] in names.NOT_WITH_LUKASHENKA:
        first = rng.choice([n for n in names.MALE_FIRST if n[0] not in names.NOT_WITH_LUKASHENKA])
    return first, surname


def _post(rng: random.Random, person: Person, unit: Organisation, world: _World) -> Position:
    """A perpetrator's post in their unit, with a rank of the unit's service."""
    kind = service(unit, world.units_by_id)
    title, head = rng.choice(names.POSTS[_post_kind(unit, kind)])
    ranks = names.RANKS[kind]
    rank = ""
    if ranks:  # a head of a unit holds one of the upper ranks of their service
        rank = rng.choice(ranks[len(ranks) // 2:] if head else ranks[:len(ranks) * 2 // 3])
    born = person.birth_date.year if person.birth_date else 1970
    year = rng.randint(min(max(born + 21, 2005), 2019), 2019)  # in post before August 2020
    return Position(person=person, organisation=unit, title=title, rank=rank,
                    start_date=datetime.date(year, 1, 1), date_precision="year",
                    superior_responsibility=head)


def _when(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _incidents(rng: random.Random, count: int, plans: list[_Plan]) -> list[Incident]:
    """Each case's incidents, in its own places and period, in equal numbers."""
    incidents: list[Incident] = []
    drawn: list[tuple[_Plan, Scene]] = []
    for plan, share in zip(plans, _split(count, [1.0] * len(plans)), strict=True):
        for _ in range(share):
            scene, places = rng.choice(plan.scenes)
            place = rng.choice(places) if places else None
            day = _date(rng, max(plan.case.start, scene.since or plan.case.start), plan.case.end)
            detail = ""
            if place is not None and place.kind in {"city", "district"} and rng.random() < 0.7:
                detail = rng.choice(names.MINSK_SPOTS if place.code == "minsk"
                                    else names.TOWN_SPOTS)
            label = place.label_en if place is not None else "an unrecorded place"
            where = ("at " if place is None or place.kind in {"detention", "other"}
                     else "in ") + label + (f", {detail}" if detail else "")
            picked = sorted(rng.sample(range(len(scene.text)), k=min(2, len(scene.text))))
            narrative = " ".join([
                "Fictional account for the demo.",
                rng.choice(names.OPENINGS).format(date=_when(day), where=where),
                *(scene.text[i] for i in picked), rng.choice(names.CLOSINGS)])
            incidents.append(Incident(case=plan.row, title=scene.title.format(place=label),
                                      place=place, place_detail=detail, start_date=day,
                                      date_precision="day", narrative=narrative))
            drawn.append((plan, scene))
    incidents = create_many(incidents, actor=ACTOR)
    for incident, (plan, scene) in zip(incidents, drawn, strict=True):
        plan.incidents.append((incident, scene))
    return incidents


def _custody(rng: random.Random, plans: list[_Plan], world: _World) -> dict[int, _Story]:
    """Each victim's home and custody, as their case's pattern has it; recorded at once.

    A victim of the August 2020 case is arrested at one of its gatherings and held at
    Akrestsina for days, some then on remand; a political prisoner is arrested at home, held on
    remand, then in a colony (a woman in the women's colony) for years; a prominent prisoner
    has been held since 2020 or 2021 and, from some day in 2023 or 2024, without the
    authorities acknowledging where. Exiles are not held. No period starts after the demo's
    last day, and one still going on then has no end.
    """
    stories: dict[int, _Story] = {}
    periods: list[CustodyPeriod] = []
    for plan in plans:
        arrests: dict[int | None, list[Incident]] = {}
        for incident, scene in plan.incidents:
            if scene.arrests:
                arrests.setdefault(incident.place_id, []).append(incident)
        for victim in plan.victims:
            story = _Story(home=rng.choice(plan.homes) if plan.homes else None)
            stories[victim.pk] = story
            at_home = arrests.get(story.home.pk if story.home else None, [])
            arrest = rng.choice(at_home) if at_home else None
            for place, start, end, acknowledged in _held(rng, plan.case.custody, story, arrest,
                                                         victim.gender, world):
                if start > END:
                    break
                period = CustodyPeriod(person=victim, place=place, start_date=start,
                                       end_date=end if end is not None and end <= END else None,
                                       acknowledged=acknowledged)
                story.custody.append(period)
                if period.end_date is None:
                    break
            periods.extend(story.custody)
    create_many(periods, actor=ACTOR)
    return stories


Held = tuple[Place | None, datetime.date, datetime.date | None, bool]


def _held(rng: random.Random, pattern: str, story: _Story, arrest: Incident | None,
          gender: str, world: _World) -> list[Held]:
    """One victim's periods in custody, in order: (place, start, end or None, acknowledged)."""
    place = world.places.get

    def colony(codes: Sequence[str]) -> Place | None:
        women = gender == "female"  # women serve their sentences in the women's colony only
        fits = [code for code in codes if (code == WOMENS_COLONY) == women]
        return place(rng.choice(fits)) if fits else None

    if pattern == "mass":
        start = arrest.start_date if arrest and arrest.start_date else _date(
            rng, START, datetime.date(2020, 8, 13))
        released = _days(start, rng.randint(1, 5))
        held: list[Held] = [(place("akrestsina"), start, released, rng.random() > 0.3)]
        if rng.random() < 0.3:  # charged with a crime: on remand
            held.append((place("sizo-1-minsk"), released, _days(released, rng.randint(10, 90)),
                         True))
        return held
    if pattern == "prison":
        start = arrest.start_date if arrest and arrest.start_date else _date(
            rng, datetime.date(2021, 1, 1), datetime.date(2023, 12, 31))
        home = story.home.code if story.home else ""
        remand = place(rng.choice(_REMAND_OF.get(home, _REMAND_2)))
        sentenced = _days(start, rng.randint(90, 300))
        return [(remand, start, sentenced, True),
                (colony((*_COLONIES_2, WOMENS_COLONY)), sentenced,
                 _days(sentenced, rng.randint(540, 2900)), True)]
    if pattern == "prominent":
        start = _date(rng, datetime.date(2020, 5, 1), datetime.date(2021, 6, 30))
        sentenced = _days(start, rng.randint(200, 500))
        where = colony(_PRISONS_3)
        hidden = _date(rng, datetime.date(2023, 2, 1), datetime.date(2024, 6, 30))
        pardoned = _date(rng, datetime.date(2024, 7, 1), END) if rng.random() < 0.1 else None
        return [(place(rng.choice(["kgb-sizo-minsk", "sizo-1-minsk"])), start, sentenced, True),
                (where, sentenced, hidden, True), (where, hidden, pardoned, False)]
    return []


def _windows(story: _Story, case: DemoCase) -> list[tuple[tuple[int | None, str], datetime.date,
                                                          datetime.date]]:
    """Where and when a victim can suffer acts of their case: (place, who) and a span."""
    windows = []
    home = story.home.pk if story.home else None
    spans: list[tuple[datetime.date, datetime.date]] = []
    for period in story.custody:
        assert period.start_date is not None
        start, end = period.start_date, period.end_date or END
        spans.append((start, end))
        windows.append(((period.place_id, HELD), start, end))
        if period.acknowledged is False:
            windows.append(((period.place_id, HIDDEN), start, end))
        if home is not None:  # tried in their home town while held
            windows.append(((home, HELD), start, end))
    if home is not None:  # at liberty at home: before the arrest (or on its day), after release
        free_until = spans[0][0] if spans else case.end
        windows.append(((home, FREE), case.start, free_until))
        if spans and story.custody[-1].end_date is not None:
            windows.append(((home, FREE), spans[-1][1], case.end))
    return [(key, max(start, case.start), min(end, case.end)) for key, start, end in windows
            if max(start, case.start) <= min(end, case.end)]


def _acts(rng: random.Random, count: int, plans: list[_Plan], stories: dict[int, _Story],
          world: _World) -> list[Act]:
    """Each case's acts, on victims of that case where their story puts them, with the
    perpetrators of that case whose unit could have committed them."""
    drafts: list[tuple[_Plan, Act]] = []
    everything = list(world.types.values())
    for plan, share in zip(plans, _split(count, [1.0] * len(plans)), strict=True):
        if not plan.incidents:
            continue
        index: dict[tuple[int | None, str], tuple[list[datetime.date], list[int]]] = {}
        for number, (incident, scene) in sorted(enumerate(plan.incidents),
                                                key=lambda x: (x[1][0].start_date, x[0])):
            dates, numbers = index.setdefault((incident.place_id, scene.who), ([], []))
            dates.append(incident.start_date)  # type: ignore[arg-type]
            numbers.append(number)
        reach: list[tuple[Person, list[tuple[list[int], int, int]]]] = []
        for victim in plan.victims:
            spans = []
            for key, start, end in _windows(stories[victim.pk], plan.case):
                if key in index:
                    dates, numbers = index[key]
                    low, high = bisect.bisect_left(dates, start), bisect.bisect_right(dates, end)
                    if low < high:
                        spans.append((numbers, low, high))
            if spans:
                reach.append((victim, spans))
        # First the arrest with which each victim's custody began, then acts drawn at random.
        first_arrest: dict[tuple[int | None, datetime.date | None], int] = {}
        for number, (incident, scene) in enumerate(plan.incidents):
            if scene.arrests:
                first_arrest.setdefault((incident.place_id, incident.start_date), number)
        arrested: list[tuple[Person, int]] = []
        for victim, _ in reach:
            story = stories[victim.pk]
            if story.custody and story.home is not None:
                found = first_arrest.get((story.home.pk, story.custody[0].start_date))
                if found is not None:
                    arrested.append((victim, found))
        for step in range(share):
            sufferer: Person | None
            arrest = step < min(len(arrested), share // 2)
            if arrest:
                sufferer, number = arrested[step]
                incident, scene = plan.incidents[number]
                codes: Sequence[str] = (["arbitrary-arrest"] if "arbitrary-arrest" in world.types
                                        else scene.acts)
            elif reach:
                sufferer, spans = rng.choice(reach)
                numbers, low, high = rng.choice(spans)
                incident, scene = plan.incidents[numbers[rng.randrange(low, high)]]
                codes = scene.acts
            else:  # no victim anywhere the case's incidents are: an act on no one recorded
                sufferer = None
                incident, scene = rng.choice(plan.incidents)
                codes = scene.acts
            act_type = world.types.get(rng.choice(codes)) or rng.choice(everything)
            still_held = sufferer is not None and stories[sufferer.pk].free_from() is None
            description = _description(rng, act_type, incident, scene, arrest=arrest,
                                       still_held=still_held)
            drafts.append((plan, Act(incident=incident, act_type=act_type, victim=sufferer,
                                     start_date=incident.start_date, date_precision="day",
                                     place=incident.place, description=description)))
    acts = create_many([act for _, act in drafts], actor=ACTOR)
    _involvements(rng, [(plan, act) for (plan, _), act in zip(drafts, acts, strict=True)],
                  world)
    return acts


def _description(rng: random.Random, act_type: ActType, incident: Incident, scene: Scene, *,
                 arrest: bool, still_held: bool) -> str:
    texts = (scene.arrest if arrest and scene.arrest else None) or names.ACTS.get(
        act_type.code or "") or [f"{act_type.label_en}."]
    where = incident.place_detail or (f"in {incident.place.label_en}" if incident.place
                                      else "near home")
    what = rng.choice(texts).format(
        where=where, hour=rng.randint(6, 23), days=rng.randint(7, 15),
        years=rng.randint(2, 12), months=rng.randint(2, 14), times=rng.randint(2, 6),
        cellmates=rng.randint(20, 40), injury=rng.choice(names.INJURIES))
    sources = (names.STILL_HELD_SOURCES if still_held
               else names.SOURCES + names.CUSTODY_SOURCES if scene.who != FREE
               else names.SOURCES)
    return f"Fictional. {what} {rng.choice(sources)}"


def _involvements(rng: random.Random, acts: list[tuple[_Plan, Act]], world: _World) -> None:
    services = {unit.pk: service(unit, world.units_by_id) for unit in world.units_by_id.values()}
    staff: dict[int, dict[int, list[Position]]] = {}  # case → unit → the case's officers
    for plan in {id(plan): plan for plan, _ in acts}.values():
        by_unit = staff.setdefault(plan.row.pk, {})
        for post in plan.perpetrators:
            by_unit.setdefault(post.organisation.pk, []).append(post)
    fitting: dict[tuple[int, str, int | None], list[Position]] = {}
    involvements = []
    for plan, act in acts:
        code = act.act_type.code or ""
        key = (plan.row.pk, code, act.place_id)
        if key not in fitting:
            agents = AGENTS.get(code, frozenset())
            fitting[key] = [post for unit, posts in staff[plan.row.pk].items()
                            if services[unit] in agents
                            and world.acts_at(world.units_by_id[unit], act.place)
                            for post in posts]
        candidates = fitting[key]
        for post in rng.sample(candidates, k=min(rng.randint(0, 2), len(candidates))):
            kind = services[post.organisation.pk]
            involvements.append(Involvement(
                act=act, perpetrator=post.person, organisation=post.organisation,
                mode=_mode(rng, post, kind), basis=_basis(rng, post, kind)))
    create_many(involvements, actor=ACTOR)


def _mode(rng: random.Random, post: Position, service_name: str) -> str:
    if post.superior_responsibility:
        return rng.choice([LiabilityMode.ORDERING, LiabilityMode.COMMANDER
                           if service_name == "military" else LiabilityMode.SUPERIOR])
    return rng.choice([LiabilityMode.COMMISSION] * 5 + [LiabilityMode.CO_PERPETRATION] * 2
                      + [LiabilityMode.AIDING])


_BASES = {
    "court": ["Fictional: presided over the hearing, per the court's record."],
    "prosecution": ["Fictional: signed the indictment, per the case file."],
}


def _basis(rng: random.Random, post: Position, service_name: str) -> str:
    if post.superior_responsibility:
        return "Fictional: headed the unit at the time, per its published structure."
    return rng.choice(_BASES.get(service_name) or [
        "Fictional: identified by two demo witnesses.",
        "Fictional: named in the arrest report.",
        "Fictional: recognised by the victim on a video of the events.",
        "Fictional: named by a former colleague who has left the service.",
    ])


def _testimonies(rng: random.Random, count: int, plans: list[_Plan], acts: list[Act],
                 stories: dict[int, _Story]) -> list[Testimony]:
    """Testimonies about incidents, each given by a victim of an act in it who is at liberty
    by then, or by a witness of its case; in Belarusian or Russian, with an English
    translation."""
    victims_at: dict[int, list[Person]] = {}
    for act in acts:
        if act.victim is not None and stories[act.victim.pk].free_from() is not None:
            victims_at.setdefault(act.incident.pk, []).append(act.victim)
    incidents = [(plan, incident) for plan in plans for incident, _ in plan.incidents]
    testimonies = []
    about: list[Incident] = []  # the incident each testimony is about
    for _ in range(count):
        plan, incident = rng.choice(incidents)
        about.append(incident)
        speakers = [(v, "victim") for v in victims_at.get(incident.pk, [])] + [
            (w, "witness") for w in plan.witnesses]
        speaker, voice = rng.choice(speakers) if speakers else (None, "witness")
        since = incident.start_date or plan.case.start
        if voice == "victim" and speaker is not None:
            since = max(since, stories[speaker.pk].free_from() or END)
        column = rng.choice([0, 1])  # Belarusian or Russian
        said = [rng.choice(names.TESTIMONY_OPENINGS)]
        lines = names.TESTIMONIES.get(plan.case.reference, {}).get(voice, [])
        said += rng.sample(lines, k=min(2, len(lines)))
        testimonies.append(Testimony(
            case=plan.row, given_by=speaker,
            kind=rng.choice(["interview", "written", "interview", "document"]),
            given_on=_date(rng, since, END), language=("be", "ru")[column],
            transcript=" ".join(words[column] for words in said),
            translation=" ".join(words[2] for words in said), translation_language="en",
            reliability=rng.choice("BBCCF"), taken_by="Demo documenter",
        ))
    testimonies = create_many(testimonies, actor=ACTOR)
    through = Testimony.incidents.through
    links = [through(testimony_id=t.id, incident_id=incident.id)
             for t, incident in zip(testimonies, about, strict=True)]
    with transaction.atomic():
        through.objects.bulk_create(links)
        log.append([  # as `services.set_incidents` writes them, one event per testimony
            Event(actor=ACTOR, action=tags.record_action("testimony", tags.CHANGED),
                  case=t.case.reference,
                  details={"record": history.subject(t), "changes": {
                      "incidents": {"before": [], "after": [link.incident_id]}}},
                  subject=history.subject(t))
            for t, link in zip(testimonies, links, strict=True)
        ])
    consents = [Consent(person=t.given_by, case=t.case, use=use, granted=rng.random() > 0.2,
                        given_on=t.given_on or START, scope="Demo consent.")
                for t in testimonies if t.given_by is not None
                for use in rng.sample(["tribunal", "national", "peoples", "publication"], k=2)]
    create_many(consents, actor=ACTOR)
    return testimonies


def _png(rng: random.Random) -> bytes:
    """A small, valid, random-coloured PNG: stands in for a photograph."""
    width = height = 16
    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _evidence(rng: random.Random, count: int, vault: Any, incidents: list[Incident],
              acts: list[Act], written: list[str]) -> list[Item]:
    """Photographs and written statements, each documenting an incident and one of its acts."""
    acts_of: dict[int, list[Act]] = {}
    for each in acts:
        acts_of.setdefault(each.incident.pk, []).append(each)
    chosen: list[tuple[Incident, Act | None]] = []
    files = []
    for index in range(count):
        incident = rng.choice(incidents)
        act = rng.choice(acts_of[incident.pk]) if incident.pk in acts_of else None
        chosen.append((incident, act))
        if index % 3 == 0:
            files.append((f"statement-{index:04d}.txt", (
                f"DEMO written statement {index}. Fictional.\n{incident.title}, "
                f"{_when(incident.start_date or START)}.\n"
                f"{act.description if act else incident.narrative}\n").encode()))
        else:
            files.append((f"photo-{index:04d}.png", _png(rng)))
    # Each file arrives for the case of the incident it documents, as a documenter's upload
    # would: that case's team then sees its arrival (name, time, collection details).
    items = []
    for (name, content), (incident, _) in zip(files, chosen, strict=True):
        outcome = ingest_stream(io.BytesIO(content), vault=vault, filename=name, actor=ACTOR,
                                case=incident.case.reference,
                                collection=Collection(collected_by="Demo documenter",
                                                      method="synthetic demo file"))
        if not outcome.duplicate:  # bytes held before this load keep their blob whatever happens
            written.append(outcome.item.blob)
        items.append(outcome.item)
    links: list[tuple[Incident | Act, Item]] = []
    for item, (incident, act) in zip(items, chosen, strict=True):
        links.append((incident, item))
        if act is not None:
            links.append((act, item))
    with transaction.atomic():
        Incident.evidence.through.objects.bulk_create(
            [Incident.evidence.through(incident_id=r.id, item_id=i.id)
             for r, i in links if isinstance(r, Incident)], ignore_conflicts=True)
        Act.evidence.through.objects.bulk_create(
            [Act.evidence.through(act_id=r.id, item_id=i.id)
             for r, i in links if isinstance(r, Act)], ignore_conflicts=True)
        log.append([
            Event(actor=ACTOR,
                  action=tags.record_action(str(r._meta.model_name), tags.EVIDENCE_LINKED),
                  items=(i.digests,), details={"record": history.subject(r)},
                  subject=history.subject(r))
            for r, i in links
        ])
    return items
