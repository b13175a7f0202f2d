"""A small hand-counted case for the contextual figures, built through the domain functions.

personas.case ("akrestsina-2020"), ten acts (numbers as in the table; the expected figures in
the tests are counted by hand from it, not by the code under test):

    act type              victim date            act's place    incident (its place)  units
    1   beating           V1     2020-08-10 day  -              I1 (Akrestsina)       OMON
    2   beating           V2     2020-08-11 day  Akrestsina     I1                    OMON, OMON
    3   torture           V1     2020-08 month   Akrestsina     I1                    GUBOPiK
    4   beating           V3     2020-09-05 day  Akrestsina     I2 (Brest)            OMON
    5   arbitrary-arrest  V3     c. 2020-09-15   Brest          I2                    -
    6   beating           V4     2020-10-02 day  Zhodzina No.8  I4 (Zhodzina No.8)    OMON
    7   torture           V2     2020 year       Hrodna region  I3 (no place)         GUBOPiK
    8   beating           -      no date         -              I3                    -
    9   detention         V4     2020-10-20 day  Zhodzina No.8  I4                    GUBOPiK
    10  beating           V1     2020-10-05 day  -              I4                    OMON

V4 is protected (protecting case: this one). V5 holds the victim role with no act. Custody:
V1 at Akrestsina; V2 at Akrestsina and at Zhodzina No. 8; V4 at Zhodzina No. 8; V5 at
Akrestsina. The other case ("okrestina-other") has one beating at Akrestsina on 2020-08-10,
its victim held at Akrestsina: in none of this case's figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Incident,
    Involvement,
    Organisation,
    Person,
    PersonRole,
    Place,
)
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    PERSONA_NAMES,
    ROLES,
    Personas,
    fast_passwords,
    personas,
    signed_in,
)

ACTOR = "test"
URL = "/cases/akrestsina-2020/context/"
OTHER_URL = "/cases/okrestina-other/context/"


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None) -> Path:
    """Every test has an initialised instance: the ledger hashes record values with its key."""
    return home


def save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def victim(case: Case, name: str, *, protected: bool = False) -> Person:
    person = save(Person(notes="Fictional person of the contextual figures' tests."))
    services.add_name(person, name, actor=ACTOR, script="latin")
    save(PersonRole(person=person, case=case, role="victim"))
    if protected:
        services.protect(person, actor=ACTOR)
    return person


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@dataclass
class World:
    case: Case
    other_case: Case
    acts: dict[int, Act]
    victims: dict[str, Person]
    omon: Organisation
    gubopik: Organisation


def make_world(cast: Personas) -> World:
    case, other = cast.case, cast.other_case
    place = {code: Place.objects.get(code=code) for code in
             ("akrestsina", "prison-8-zhodzina", "brest", "hrodna-region")}
    kind = {code: ActType.objects.get(code=code) for code in
            ("beating", "torture", "arbitrary-arrest", "detention")}
    omon = Organisation.objects.get(code="omon-minsk")
    gubopik = Organisation.objects.get(code="gubopik")
    v = {name: victim(case, f"Victim {name}", protected=name == "V4")
         for name in ("V1", "V2", "V3", "V4", "V5")}
    perpetrators = []
    for name in ("P1", "P2"):
        person = save(Person(notes="Fictional perpetrator."))
        services.add_name(person, f"Perpetrator {name}", actor=ACTOR, script="latin")
        save(PersonRole(person=person, case=case, role="perpetrator"))
        perpetrators.append(person)
    p1, p2 = perpetrators
    i1 = save(Incident(case=case, title="Akrestsina, August", place=place["akrestsina"],
                       start_date=day("2020-08-10")))
    i2 = save(Incident(case=case, title="Brest, September", place=place["brest"],
                       start_date=day("2020-09-05")))
    i3 = save(Incident(case=case, title="Somewhere, some time"))
    i4 = save(Incident(case=case, title="Zhodzina, October", place=place["prison-8-zhodzina"],
                       start_date=day("2020-10-02")))
    rows: list[tuple[int, str, str | None, str | None, str, str | None, Incident,
                     list[tuple[Person, Organisation]]]] = [
        (1, "beating", "V1", "2020-08-10", "day", None, i1, [(p1, omon)]),
        (2, "beating", "V2", "2020-08-11", "day", "akrestsina", i1, [(p1, omon), (p2, omon)]),
        (3, "torture", "V1", "2020-08-01", "month", "akrestsina", i1, [(p2, gubopik)]),
        (4, "beating", "V3", "2020-09-05", "day", "akrestsina", i2, [(p1, omon)]),
        (5, "arbitrary-arrest", "V3", "2020-09-15", "approximate", "brest", i2, []),
        (6, "beating", "V4", "2020-10-02", "day", "prison-8-zhodzina", i4, [(p1, omon)]),
        (7, "torture", "V2", "2020-01-01", "year", "hrodna-region", i3, [(p2, gubopik)]),
        (8, "beating", None, None, "unknown", None, i3, []),
        (9, "detention", "V4", "2020-10-20", "day", "prison-8-zhodzina", i4, [(p2, gubopik)]),
        (10, "beating", "V1", "2020-10-05", "day", None, i4, [(p1, omon)]),
    ]
    acts: dict[int, Act] = {}
    for number, code, who, start, precision, where, incident, involved in rows:
        act = save(Act(incident=incident, act_type=kind[code], victim=v[who] if who else None,
                       start_date=day(start) if start else None, date_precision=precision,
                       place=place[where] if where else None,
                       description=f"Act {number} of the hand-counted case."))
        for perpetrator, unit in involved:
            save(Involvement(act=act, perpetrator=perpetrator, organisation=unit,
                             mode="commission"))
        acts[number] = act
    for who, where, start in (("V1", "akrestsina", "2020-08-10"),
                              ("V2", "akrestsina", "2020-08-11"),
                              ("V2", "prison-8-zhodzina", "2020-08-14"),
                              ("V4", "prison-8-zhodzina", "2020-10-02"),
                              ("V5", "akrestsina", "2020-08-10")):
        save(CustodyPeriod(person=v[who], place=place[where], start_date=day(start)))
    # The other team's case: one act at Akrestsina, its victim held there.
    other_victim = victim(other, "Other victim")
    other_incident = save(Incident(case=other, title="The other team's incident",
                                   place=place["akrestsina"], start_date=day("2020-08-10")))
    save(Act(incident=other_incident, act_type=kind["beating"], victim=other_victim,
             start_date=day("2020-08-10"), place=place["akrestsina"]))
    save(CustodyPeriod(person=other_victim, place=place["akrestsina"],
                       start_date=day("2020-08-10")))
    return World(case=case, other_case=other, acts=acts, victims=v, omon=omon, gubopik=gubopik)


@pytest.fixture
def world(personas: Personas) -> World:  # noqa: F811  (the fixture imported above)
    return make_world(personas)


@pytest.fixture
def client_of(personas: Personas) -> Any:  # noqa: F811  (the fixture imported above)
    """`client_of("viewer")`: a signed-in client of that persona."""
    clients: dict[str, Any] = {}

    def get(name: str) -> Any:
        if name not in clients:
            clients[name] = signed_in(personas[name])
        return clients[name]

    return get
