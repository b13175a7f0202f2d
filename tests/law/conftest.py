"""A documented world to assess, in the personas' case and in another team's.

    personas.case ("akrestsina-2020"): an act of beating (candidate crimes: torture, other
    inhumane acts) against a public victim held at Akrestsina; a protected witness who gave a
    testimony; a public perpetrator (commission) with a position in a unit; a protected insider
    who aided; a protected victim, with a custody period, of another act of beating; an
    evidence item that arrived for the case. Only the lead has identity access.
    personas.other_case ("okrestina-other"): an act, a testimony, a custody period, an
    involvement and an evidence item nobody in the first case may see.

`reader("analyst")` is that persona's `Reader`; `client_of("lawyer")` a signed-in page client;
`api("lawyer")` an API client with the persona's token. `case9` is the jurisdiction tests' own
small case (tests/law/case9.py).
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sprava.accounts.tokens import create_token
from sprava.cases.models import Case
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.vault import open_vault
from sprava.law.assessments import Appraisal
from sprava.law.sources import Pinpoint, Source
from sprava.ledger import log
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
    Position,
    Testimony,
)
from sprava.records.reader import Reader
from tests.accounts.conftest import PERSONA_NAMES, Personas, make_personas, signed_in
from tests.law.case9 import Case9, make_case9

ACTOR = "test"
WITNESS_NAME = "Zmitser Secretwitness"
INSIDER_NAME = "Pavel Insidersky"
HIDDEN_VICTIM_NAME = "Alena Hiddenvictim"
PERPETRATOR_NAME = "Ivan Kat"


@dataclass
class World:
    personas: Personas
    case: Case
    other_case: Case
    act: Act
    victim: Person
    hidden_victim: Person
    hidden_act: Act
    witness: Person
    testimony: Testimony
    perpetrator: Person
    insider: Person
    involvement: Involvement
    insider_involvement: Involvement
    position: Position
    custody: CustodyPeriod
    hidden_custody: CustodyPeriod
    item: Item
    other_act: Act
    other_testimony: Testimony
    other_custody: CustodyPeriod
    other_involvement: Involvement
    other_item: Item


def save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def person(name: str, case: Case, role: str, *, protected: bool = False) -> Person:
    made = save(Person())
    services.add_name(made, name, actor=ACTOR, script="latin")
    save(PersonRole(person=made, case=case, role=role))
    if protected:
        services.protect(made, actor=ACTOR)
    return made


def put(content: bytes, name: str, case: str) -> Item:
    return ingest_stream(io.BytesIO(content), vault=open_vault(), filename=name, actor=ACTOR,
                         user=None, collection=Collection(), source_path="test",
                         case=case).item


def make_world(cast: Personas) -> World:
    case, other = cast.case, cast.other_case
    beating = ActType.objects.get(code="beating")
    akrestsina = Place.objects.get(code="akrestsina")
    day = datetime.date(2020, 8, 11)
    unit = save(Organisation(label_en="Test riot police company", kind="police"))
    incident = save(Incident(case=case, title="Beatings on arrival", start_date=day,
                             place=akrestsina))
    victim = person("Ales Vykrytski", case, "victim")
    hidden_victim = person(HIDDEN_VICTIM_NAME, case, "victim", protected=True)
    witness = person(WITNESS_NAME, case, "witness", protected=True)
    perpetrator = person(PERPETRATOR_NAME, case, "perpetrator")
    insider = person(INSIDER_NAME, case, "perpetrator", protected=True)
    act = save(Act(incident=incident, act_type=beating, victim=victim, start_date=day))
    hidden_act = save(Act(incident=incident, act_type=beating, victim=hidden_victim,
                          start_date=day))
    involvement = save(Involvement(act=act, perpetrator=perpetrator, organisation=unit,
                                   mode="commission"))
    insider_involvement = save(Involvement(act=act, perpetrator=insider, mode="aiding"))
    position = save(Position(person=perpetrator, organisation=unit, title="Commander"))
    testimony = save(Testimony(case=case, given_by=witness, kind="interview",
                               transcript="They beat us in the yard."))
    testimony.incidents.add(incident)
    custody = save(CustodyPeriod(person=victim, place=akrestsina, start_date=day,
                                 acknowledged=False))
    hidden_custody = save(CustodyPeriod(person=hidden_victim, place=akrestsina,
                                        start_date=day))
    item = put(b"%PDF-1.4 the medical report", "medical.pdf", case.reference)
    other_incident = save(Incident(case=other, title="Another team's incident"))
    other_person = person("Hanna Otherteam", other, "victim")
    other_perpetrator = person("Petr Otherteam", other, "perpetrator")
    other_act = save(Act(incident=other_incident, act_type=beating, victim=other_person))
    other_involvement = save(Involvement(act=other_act, perpetrator=other_perpetrator,
                                         mode="commission"))
    other_testimony = save(Testimony(case=other, given_by=other_person, kind="interview"))
    other_custody = save(CustodyPeriod(person=other_person, place=akrestsina))
    other_item = put(b"%PDF-1.4 another team's report", "other.pdf", other.reference)
    return World(cast, case, other, act, victim, hidden_victim, hidden_act, witness, testimony,
                 perpetrator, insider, involvement, insider_involvement, position, custody,
                 hidden_custody, item, other_act, other_testimony, other_custody,
                 other_involvement, other_item)


@pytest.fixture(autouse=True)
def _in_english() -> Any:
    """Messages compared in English, whatever another suite left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def personas(db: None, home: Path, settings: Any) -> Personas:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_personas()


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


@pytest.fixture
def case9(personas: Personas) -> Case9:
    return make_case9(personas)


@pytest.fixture(autouse=True)
def _nothing_left_to_sign() -> Iterator[None]:
    """A test that appends to the ledger outside a request or command leaves this thread owing
    a checkpoint, which the next command run in-process would then sign (and fail to, with no
    instance): the debt goes with the test that made it."""
    log.take_appended()
    yield
    log.take_appended()


@pytest.fixture
def reader(personas: Personas) -> Callable[[str], Reader]:
    def make(name: str) -> Reader:
        return Reader.of_user(personas[name])

    return make


@pytest.fixture
def client_of(personas: Personas) -> Callable[[str], Client]:
    clients: dict[str, Client] = {}

    def get(name: str) -> Client:
        if name not in clients:
            clients[name] = signed_in(personas[name])
        return clients[name]

    return get


class ApiClient:
    def __init__(self, token: str) -> None:
        self.http = Client(headers={"authorization": f"Bearer {token}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.http.post(f"/api/v1{path}", body or {}, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.http.patch(f"/api/v1{path}", body, content_type="application/json")

    def delete(self, path: str, reason: str = "a test") -> Any:
        return self.http.delete(f"/api/v1{path}?reason={reason}")


@pytest.fixture
def api(personas: Personas) -> Callable[[str], ApiClient]:
    tokens: dict[str, str] = {}

    def get(name: str) -> ApiClient:
        if name not in tokens:
            tokens[name] = create_token(personas[name], "tests", actor=ACTOR)
        return ApiClient(tokens[name])

    return get


def appraisal(**changes: str) -> Appraisal:
    values = {"direction": "supports", "category": "crime-base", "strength": "direct",
              "reliability": "B", "reasoning": "The report records fractures of both hands."}
    values.update(changes)
    return Appraisal(**values)


def page_of(item: Item, page: str = "3") -> Source:
    return Source(item=item, pinpoint=Pinpoint("page", page))


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


__all__ = ["PERSONA_NAMES", "ApiClient", "World", "appraisal", "entries", "page_of"]


@pytest.fixture
def proof(world: World) -> Any:
    """The hand-counted case of `tests.law.proof_world`."""
    from tests.law.proof_world import make_proof

    return make_proof(world)
