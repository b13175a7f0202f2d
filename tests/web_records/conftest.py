"""A small documented world in the personas' case, and one in another team's case.

    personas.case ("akrestsina-2020"): an incident at Akrestsina with two acts, a victim, a
    protected witness (W-0001) who gave a testimony, a perpetrator from a unit, a custody period.
    personas.other_case ("okrestina-other"): an incident and a person nobody here may see.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sprava.cases.models import Case
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.vault import open_vault
from sprava.ledger.models import Entry
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
    Testimony,
)
from tests.accounts.conftest import Personas, make_personas, signed_in

VICTIM_NAME = "Alesia Vyctimovich"
WITNESS_NAME = "Zmitser Secretwitness"
WITNESS_NAME_BE = "Зміцер Сакрэтны"
OTHER_NAME = "Hanna Otherteam"
PERPETRATOR_NAME = "Ivan Perpetratorov"
ACTOR = "test"
# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201e2213bc40000000049454e44ae426082")


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None) -> Path:
    """Every test has an initialised instance (the ledger hashes names with its key)."""
    return home


@dataclass
class World:
    case: Case
    other_case: Case
    minsk: Place
    akrestsina: Place
    beating: ActType
    detention: ActType
    unit: Organisation
    incident: Incident
    act: Act
    act2: Act
    victim: Person
    witness: Person
    perpetrator: Person
    involvement: Involvement
    testimony: Testimony
    custody: CustodyPeriod
    other_incident: Incident
    other_person: Person
    other_act: Act


def save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def person(name: str, case: Case, role: str, *, protected: bool = False) -> Person:
    p = save(Person(gender="female", birth_date=datetime.date(1990, 5, 1),
                    birth_precision="day", notes=f"notes about {name}"))
    services.add_name(p, name, actor=ACTOR, script="latin")
    save(PersonRole(person=p, case=case, role=role))
    if protected:
        services.protect(p, actor=ACTOR)
    return p


def make_world(people: Personas) -> World:
    case, other = people.case, people.other_case
    # Places and act types are shipped reference data (seeded by a migration).
    minsk = Place.objects.get(code="minsk")
    akrestsina = Place.objects.get(code="akrestsina")
    beating = ActType.objects.get(code="beating")
    detention = ActType.objects.get(code="detention")
    unit = save(Organisation(label_en="Test riot police company", abbreviation="TRPC",
                             kind="police"))
    incident = save(Incident(case=case, title="Beatings at Akrestsina",
                             start_date=datetime.date(2020, 8, 11), place=akrestsina,
                             narrative="Detainees were beaten on arrival."))
    victim = person(VICTIM_NAME, case, "victim")
    witness = person(WITNESS_NAME, case, "witness", protected=True)
    services.add_name(witness, WITNESS_NAME_BE, actor=ACTOR, script="be", kind="transliteration")
    perpetrator = person(PERPETRATOR_NAME, case, "perpetrator")
    act = save(Act(incident=incident, act_type=beating, victim=victim,
                   start_date=datetime.date(2020, 8, 11), place=akrestsina))
    act2 = save(Act(incident=incident, act_type=detention, victim=witness,
                    start_date=datetime.date(2020, 8, 10)))
    involvement = save(Involvement(act=act, perpetrator=perpetrator, organisation=unit,
                                   mode="commission"))
    testimony = save(Testimony(case=case, given_by=witness, kind="interview",
                               given_on=datetime.date(2021, 3, 1), language="be",
                               transcript="They beat us in the yard."))
    testimony.incidents.add(incident)
    custody = save(CustodyPeriod(person=victim, place=akrestsina,
                                 start_date=datetime.date(2020, 8, 10),
                                 end_date=datetime.date(2020, 8, 14), acknowledged=False))
    other_incident = save(Incident(case=other, title="Secret incident of the other team",
                                   start_date=datetime.date(2021, 1, 1)))
    other_person = person(OTHER_NAME, other, "victim")
    other_act = save(Act(incident=other_incident, act_type=beating, victim=other_person))
    return World(case=case, other_case=other, minsk=minsk, akrestsina=akrestsina,
                 beating=beating, detention=detention, unit=unit, incident=incident, act=act,
                 act2=act2, victim=victim, witness=witness, perpetrator=perpetrator,
                 involvement=involvement, testimony=testimony, custody=custody,
                 other_incident=other_incident, other_person=other_person,
                 other_act=other_act)


@pytest.fixture
def personas(db: None, settings: Any) -> Personas:
    """The personas of the accounts tests: a case with a member of every role, an outsider, an
    administrator, and another team's case."""
    # Real password hashing is slow on purpose; these tests are about pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_personas()


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


@pytest.fixture
def client_of(personas: Personas) -> Any:
    """`client_of("viewer")`: a signed-in client of that persona."""
    clients: dict[str, Client] = {}

    def get(name: str) -> Client:
        if name not in clients:
            clients[name] = signed_in(personas[name])
        return clients[name]

    return get


def put(content: bytes, name: str, *, user: User | None = None,
        case: str | None = None) -> Item:
    """Bytes into the locker, through the same intake the upload page uses: uploaded by `user`
    (who may then see the item), or arrived for `case` (whose members may)."""
    outcome = ingest_stream(io.BytesIO(content), vault=open_vault(), filename=name,
                            actor="test", user=user, collection=Collection(),
                            source_path="test", case=case)
    return outcome.item


def entries(action: str | None = None) -> list[dict[str, Any]]:
    rows = Entry.objects.order_by("seq")
    if action:
        rows = rows.filter(action=action)
    return [json.loads(bytes(e.body)) for e in rows]


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))
