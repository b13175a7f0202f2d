"""An API world: the personas of tests/accounts, a token each, and records in both cases.

`world` holds, in the personas' case: an incident with an act against a public victim, a
protected witness (whose real name must never reach a reader without identity access), a
perpetrator with a position and an involvement, a custody period, a testimony and a consent;
and, in the other team's case, an incident and a person nobody in the first case may see.
`evidence` adds an evidence item that arrived for each case, linked to nothing yet.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sprava.accounts.tokens import create_token
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.vault import open_vault
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    Consent,
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
from tests.accounts.conftest import (  # noqa: F401
    PERSONA_NAMES,
    Personas,
    fast_passwords,
    personas,
)

ACTOR = "test"
SECRET_NAME = "Hanna Sakretnaja"
PUBLIC_NAME = "Ales Vykrytski"
OTHER_NAME = "Zmitser Chuzhy"


@dataclass
class World:
    personas: Personas
    tokens: dict[str, str]
    act_type: ActType
    place: Place
    incident: Incident
    act: Act
    victim: Person
    witness: Person
    perpetrator: Person
    organisation: Organisation
    position: Position
    involvement: Involvement
    custody: CustodyPeriod
    testimony: Testimony
    consent: Consent
    other_incident: Incident
    other_person: Person

    def client(self, persona: str) -> ApiClient:
        return ApiClient(self.tokens[persona])


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.http = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.http.post(f"/api/v1{path}", body, content_type="application/json", **kwargs)

    def patch(self, path: str, body: Any) -> Any:
        return self.http.patch(f"/api/v1{path}", body, content_type="application/json")

    def delete(self, path: str, reason: str = "a test") -> Any:
        query = f"?reason={reason}" if reason else ""
        return self.http.delete(f"/api/v1{path}{query}")


def person(name: str, case: Any, role: str, *, protected: bool = False, **fields: Any) -> Person:
    made = services.save_record(Person(**fields), actor=ACTOR)
    services.add_name(made, name, actor=ACTOR, script="latin")
    services.save_record(PersonRole(person=made, case=case, role=role), actor=ACTOR)
    if protected:
        services.protect(made, actor=ACTOR)
    return made


def make_world(cast: Personas) -> World:
    case, other = cast.case, cast.other_case
    save = services.save_record
    act_type = ActType.objects.get(code="torture")  # shipped reference data
    place = Place.objects.filter(kind="detention").order_by("code").first()
    assert place is not None
    incident = save(Incident(case=case, title="Beatings on arrival", place=place,
                             start_date=datetime.date(2020, 8, 10)), actor=ACTOR)
    victim = person(PUBLIC_NAME, case, "victim", birth_date=datetime.date(1990, 5, 1),
                    birth_precision="day")
    witness = person(SECRET_NAME, case, "witness", protected=True,
                     birth_date=datetime.date(1985, 1, 1), birth_precision="year",
                     notes="Lives at a secret address")
    perpetrator = person("Ivan Kat", case, "perpetrator")
    act = save(Act(incident=incident, act_type=act_type, victim=victim,
                   start_date=datetime.date(2020, 8, 10)), actor=ACTOR)
    organisation = save(Organisation(label_en="OMON", kind="police"), actor=ACTOR)
    position = save(Position(person=perpetrator, organisation=organisation, title="Commander"),
                    actor=ACTOR)
    involvement = save(Involvement(act=act, perpetrator=perpetrator, organisation=organisation,
                                   mode="commission"), actor=ACTOR)
    custody = save(CustodyPeriod(person=victim, place=place, acknowledged=False,
                                 start_date=datetime.date(2020, 8, 10)), actor=ACTOR)
    testimony = save(Testimony(case=case, given_by=witness, kind="interview",
                               transcript="I saw it."), actor=ACTOR)
    consent = save(Consent(person=witness, case=case, use="tribunal", granted=True,
                           given_on=datetime.date(2021, 1, 1)), actor=ACTOR)
    other_incident = save(Incident(case=other, title="Another team's incident"), actor=ACTOR)
    other_person = person(OTHER_NAME, other, "victim")
    users: dict[str, User] = {name: cast[name] for name in (*PERSONA_NAMES, "other_lead")}
    tokens = {name: create_token(user, "tests", actor=ACTOR) for name, user in users.items()}
    return World(cast, tokens, act_type, place, incident, act, victim, witness, perpetrator,
                 organisation, position, involvement, custody, testimony, consent,
                 other_incident, other_person)


@pytest.fixture
def world(home: Path, personas: Personas) -> World:  # noqa: F811
    return make_world(personas)


@pytest.fixture
def lead(world: World) -> ApiClient:
    return world.client("lead")


def put(content: bytes, name: str, *, case: str | None = None, user: User | None = None) -> Item:
    """Bytes into the vault through the intake the upload page uses: arrived for `case` (whose
    members then see the item) or received by `user` (who then sees it)."""
    outcome = ingest_stream(io.BytesIO(content), vault=open_vault(), filename=name,
                            actor=ACTOR, user=user, collection=Collection(), source_path="test",
                            case=case)
    return outcome.item


@dataclass
class Evidence:
    ours: Item  # arrived for the personas' case
    theirs: Item  # arrived for the other team's case


@pytest.fixture
def evidence(world: World) -> Evidence:
    return Evidence(
        ours=put(b"%PDF-1.4 the detention protocol", "protocol.pdf",
                 case=world.personas.case.reference),
        theirs=put(b"%PDF-1.4 another team's statement", "statement.pdf",
                   case=world.personas.other_case.reference),
    )
