"""Protected identities: never in a response without identity access, and every reveal logged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sprava.ledger.models import Entry
from sprava.records.identity import IDENTITY_REVEALED
from tests.api.conftest import PUBLIC_NAME, SECRET_NAME, World
from tests.api.endpoints import KINDS

pytestmark = pytest.mark.django_db

WITHOUT_IDENTITY = ("viewer", "analyst", "investigator", "lawyer")
SECRETS = (SECRET_NAME, "Sakretnaja", "secret address", "1985-01-01")


def reveals() -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in
            Entry.objects.filter(action=IDENTITY_REVEALED).order_by("seq")]


def crawl(world: World, persona: str) -> str:
    """Everything this persona can read through the API, as text."""
    client = world.client(persona)
    texts = []
    for kind in KINDS.values():
        texts.append(client.get(kind.path, limit=200).content.decode())
        texts.append(client.get(f"{kind.path}/{kind.record(world)}").content.decode())
    for person in (world.witness, world.victim):
        texts.append(client.get(f"/persons/{person.pk}").content.decode())
        texts.append(client.get(f"/persons/{person.pk}/names").content.decode())
        texts.append(client.get(f"/persons/{person.pk}/roles").content.decode())
    for query in (SECRET_NAME, "Ганна Сакрэтная", "Sakretnaja"):
        texts.append(client.get("/persons", q=query).content.decode())
    export = client.get("/export/persons")
    if export.status_code == 200:
        texts.append(export.content.decode())
    # JSON escapes non-ASCII; compare decoded documents too.
    return "\n".join(texts + [json.dumps(json.loads(t), ensure_ascii=False) for t in texts
                              if t.startswith(("{", "["))])


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_protected_names_never_reach_readers_without_identity_access(world: World,
                                                                     persona: str) -> None:
    seen = crawl(world, persona)
    for secret in SECRETS:
        assert secret not in seen, f"{persona} saw {secret!r}"
    assert "W-0001" in seen  # the pseudonym stands in for the name
    assert PUBLIC_NAME in seen
    assert reveals() == []  # nothing protected was shown, so nothing was revealed


def test_the_lead_with_identity_access_sees_the_name_and_the_reveal_is_logged(
        world: World) -> None:
    lead = world.client("lead")
    person = lead.get(f"/persons/{world.witness.pk}").json()
    assert person["label"] == f"{SECRET_NAME} (W-0001)"
    assert [name["text"] for name in person["names"]] == [SECRET_NAME]
    assert person["birth_date"] == "1985-01-01"
    assert person["identity_hidden"] is False
    [event] = reveals()
    assert event["actor"] == "api:lead"
    assert event["details"] == {"persons": [f"records.person:{world.witness.pk}"],
                                "channel": "api"}
    assert SECRET_NAME not in json.dumps(event)  # the ledger names the record, not the person


def test_one_reveal_event_per_response_naming_every_protected_person_shown(
        world: World) -> None:
    world.client("lead").get("/testimonies")
    world.client("lead").get("/persons")
    assert len(reveals()) == 2
    assert reveals()[1]["details"]["persons"] == [f"records.person:{world.witness.pk}"]


def test_a_refused_request_reveals_nothing(world: World) -> None:
    lead = world.client("lead")
    assert lead.get("/persons", limit=1000).status_code == 400
    assert lead.get("/persons/999999").status_code == 404
    assert reveals() == []


def test_a_hidden_person_reads_as_their_pseudonym(world: World) -> None:
    person = world.client("investigator").get(f"/persons/{world.witness.pk}").json()
    assert person["label"] == "W-0001"
    assert person["identity_hidden"] is True
    assert person["names"] == []
    assert person["birth_date"] is None and person["notes"] == ""
    assert world.client("investigator").get(f"/persons/{world.witness.pk}/names").json() == []


@pytest.mark.parametrize("query", [SECRET_NAME, "Ганна Сакрэтная", "Анна Секретная"])
def test_a_name_search_finds_a_protected_person_only_with_identity_access(
        world: World, query: str) -> None:
    assert world.client("investigator").get("/persons", q=query).json()["count"] == 0
    found = world.client("lead").get("/persons", q=query).json()
    assert [item["id"] for item in found["items"]] == [world.witness.pk]


@pytest.mark.parametrize("query", ["Ales Vykrytski", "Алесь Выкрыцкі", "Алесь Выкрыцкий",
                                   "vykrytski"])
def test_names_are_found_across_scripts(world: World, query: str) -> None:
    found = world.client("viewer").get("/persons", q=query).json()
    assert [item["id"] for item in found["items"]] == [world.victim.pk]


def test_changing_who_a_protected_person_is_needs_identity_access(world: World) -> None:
    investigator = world.client("investigator")
    path = f"/persons/{world.witness.pk}"
    for change in ({"notes": "x"}, {"birth_date": "1990-01-01"}, {"protected": False}):
        assert investigator.patch(path, change).status_code == 403, change
    assert investigator.post(f"{path}/names", {"text": "Another Name"}).status_code == 403
    assert investigator.delete(path).status_code == 403
    assert world.client("lead").patch(path, {"notes": "Moved"}).status_code == 200


def test_an_investigator_may_protect_a_person_who_then_is_hidden_from_them(
        world: World) -> None:
    investigator = world.client("investigator")
    response = investigator.patch(f"/persons/{world.victim.pk}", {"protected": True})
    assert response.status_code == 200
    assert response.json()["label"] == "W-0002"
    assert response.json()["identity_hidden"] is True
    assert PUBLIC_NAME not in investigator.get("/acts").content.decode()
    assert world.client("lead").get(f"/persons/{world.victim.pk}").json()["label"] == \
        f"{PUBLIC_NAME} (W-0002)"
    unprotected = world.client("lead").patch(f"/persons/{world.victim.pk}", {"protected": False})
    assert unprotected.json()["label"] == PUBLIC_NAME
    assert unprotected.json()["pseudonym"] == "W-0002"  # kept: old files use it


def test_recording_a_protected_person_hides_them_at_once(world: World) -> None:
    response = world.client("investigator").post("/persons", {
        "case": world.personas.case.reference, "role": "witness", "protected": True,
        "names": [{"text": "Nobody Knows"}]})
    assert response.status_code == 201
    assert response.json()["label"].startswith("W-")
    assert "Nobody Knows" not in response.content.decode()


def test_the_csv_export_shows_pseudonyms_to_a_lawyer_and_names_to_the_lead(
        world: World) -> None:
    lawyer = world.client("lawyer").get("/export/persons").content.decode()
    assert SECRET_NAME not in lawyer and "secret address" not in lawyer
    assert "W-0001" in lawyer
    assert reveals() == []
    lead = world.client("lead").get("/export/persons").content.decode()
    assert SECRET_NAME in lead
    [event] = reveals()
    assert event["actor"] == "api:lead"
