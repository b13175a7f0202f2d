"""The identity rule's facts through the API and the CSV export: a reader without identity
access to a protected witness gets no custody timeline, no gender, and acts suffered whose
victim is "a protected person" (`records.identity.HIDDEN_FACTS`)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import pytest

from sprava.records import services
from sprava.records.models import Act, CustodyPeriod
from tests.api.conftest import ACTOR, World

pytestmark = pytest.mark.django_db

WITHOUT_IDENTITY = ("viewer", "analyst", "investigator", "lawyer")
CELL = "Kamera 13, the secret wing"


@dataclass
class Suffered:
    world: World
    custody: CustodyPeriod
    act: Act


@pytest.fixture
def suffered(world: World) -> Suffered:
    """The protected witness (female) was held, unacknowledged, and suffered an act."""
    world.witness.gender = "female"
    services.save_record(world.witness, actor=ACTOR)
    custody = services.save_record(CustodyPeriod(
        person=world.witness, place=world.place, place_detail=CELL, acknowledged=False,
        start_date=datetime.date(2020, 7, 17)), actor=ACTOR)
    act = services.save_record(Act(incident=world.incident, act_type=world.act_type,
                                   victim=world.witness, start_date=datetime.date(2020, 7, 17)),
                               actor=ACTOR)
    return Suffered(world, custody, act)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_the_api_shows_no_gender_and_no_custody_of_a_hidden_person(suffered: Suffered,
                                                                   persona: str) -> None:
    w = suffered.world
    client = w.client(persona)
    person = client.get(f"/persons/{w.witness.pk}").json()
    assert person["gender"] is None
    listed = [p for p in client.get("/persons", limit=200).json()["items"]
              if p["id"] == w.witness.pk]
    assert listed and listed[0]["gender"] is None
    custody = client.get("/custody-periods", limit=200).json()
    assert suffered.custody.pk not in [row["id"] for row in custody["items"]]
    assert CELL not in str(custody)
    assert client.get(f"/custody-periods/{suffered.custody.pk}").status_code == 404
    assert client.get("/custody-periods", person=w.witness.pk).json()["count"] == 0


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_the_api_does_not_tie_a_hidden_person_to_the_acts_they_suffered(suffered: Suffered,
                                                                        persona: str) -> None:
    w = suffered.world
    client = w.client(persona)
    act = client.get(f"/acts/{suffered.act.pk}").json()
    assert act["victim"] == {"id": None, "label": "a protected person", "protected": True}
    listed = [a for a in client.get("/acts", limit=200).json()["items"]
              if a["id"] == suffered.act.pk]
    assert listed and listed[0]["victim"]["id"] is None
    assert client.get("/acts", victim=w.witness.pk).json()["count"] == 0


def test_the_csv_export_applies_the_same_rule(suffered: Suffered) -> None:
    w = suffered.world
    lawyer, lead = w.client("lawyer"), w.client("lead")
    persons = {row["id"]: row for row in _csv(lawyer.get("/export/persons").content.decode())}
    assert persons[str(w.witness.pk)]["gender"] == ""
    custody = lawyer.get("/export/custody-periods").content.decode()
    assert CELL not in custody and str(w.witness.pk) not in [
        row["person_id"] for row in _csv(custody)]
    acts = {row["id"]: row for row in _csv(lawyer.get("/export/acts").content.decode())}
    assert acts[str(suffered.act.pk)]["victim_id"] == ""
    assert "W-0001" not in acts[str(suffered.act.pk)]["victim_name"]
    # The lead holds identity access: everything, and the reveal is logged as for a name.
    assert CELL in lead.get("/export/custody-periods").content.decode()
    lead_acts = {row["id"]: row for row in _csv(lead.get("/export/acts").content.decode())}
    assert lead_acts[str(suffered.act.pk)]["victim_id"] == str(w.witness.pk)


def test_the_lead_sees_every_fact_through_the_api(suffered: Suffered) -> None:
    w = suffered.world
    lead = w.client("lead")
    assert lead.get(f"/persons/{w.witness.pk}").json()["gender"] == "female"
    assert lead.get(f"/custody-periods/{suffered.custody.pk}").status_code == 200
    assert lead.get(f"/acts/{suffered.act.pk}").json()["victim"]["id"] == w.witness.pk
