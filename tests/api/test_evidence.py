"""Evidence links: who may link and unlink which item to which record, and the ledger of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.models import Incident, Person
from tests.api.conftest import ACTOR, Evidence, World, put

pytestmark = pytest.mark.django_db


def events(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


def incident_evidence(world: World) -> str:
    return f"/incidents/{world.incident.pk}/evidence"


def test_members_list_the_evidence_linked_to_a_record(world: World, evidence: Evidence) -> None:
    services.link_evidence(world.act, evidence.ours, actor=ACTOR)
    page = world.client("viewer").get(f"/acts/{world.act.pk}/evidence").json()
    assert page["count"] == 1
    [item] = page["items"]
    assert item == {"id": evidence.ours.pk, "sha256": evidence.ours.sha256,
                    "sha512": evidence.ours.sha512, "size": evidence.ours.size,
                    "media_type": evidence.ours.media_type, "received_at": item["received_at"]}


def test_linking_is_a_ledger_event_with_the_items_digests_and_the_reason(
        world: World, evidence: Evidence) -> None:
    response = world.client("investigator").post(
        f"{incident_evidence(world)}?reason=Photographed+on+arrival", {"item": evidence.ours.pk})
    assert response.status_code == 201
    assert list(Incident.objects.get(pk=world.incident.pk).evidence.all()) == [evidence.ours]
    [event] = events("records:incident:evidence_linked")
    assert event["actor"] == "api:investigator"
    assert event["reason"] == "Photographed on arrival"
    assert event["case"] == world.personas.case.reference
    assert event["subject"] == f"records.incident:{world.incident.pk}"
    assert event["items"][0]["sha256"] == evidence.ours.sha256


def test_unlinking_needs_a_reason_and_is_a_ledger_event(world: World, evidence: Evidence) -> None:
    services.link_evidence(world.testimony, evidence.ours, actor=ACTOR)
    client = world.client("lawyer")
    path = f"/testimonies/{world.testimony.pk}/evidence/{evidence.ours.pk}"
    assert client.delete(path, reason="").status_code == 400
    assert client.delete(path, reason="Belongs to another statement").status_code == 204
    assert not world.testimony.evidence.exists()
    [event] = events("records:testimony:evidence_unlinked")
    assert event["actor"] == "api:lawyer"
    assert event["reason"] == "Belongs to another statement"
    assert event["items"][0]["sha256"] == evidence.ours.sha256


def test_linking_twice_is_a_conflict_and_writes_nothing(world: World, evidence: Evidence) -> None:
    client = world.client("lead")
    assert client.post(incident_evidence(world), {"item": evidence.ours.pk}).status_code == 201
    again = client.post(incident_evidence(world), {"item": evidence.ours.pk})
    assert again.status_code == 409
    assert "already linked" in again.json()["detail"]
    assert len(events("records:incident:evidence_linked")) == 1


def test_outsider_cannot_link_evidence(world: World, evidence: Evidence) -> None:
    response = world.client("outsider").post(incident_evidence(world), {"item": evidence.ours.pk})
    assert response.status_code == 404  # the record does not exist, as far as they know
    assert not Incident.objects.get(pk=world.incident.pk).evidence.exists()
    assert events("records:incident:evidence_linked") == []


def test_viewer_cannot_link_evidence(world: World, evidence: Evidence) -> None:
    response = world.client("viewer").post(incident_evidence(world), {"item": evidence.ours.pk})
    assert response.status_code == 403
    assert events("records:incident:evidence_linked") == []


def test_another_teams_item_cannot_be_pulled_in_by_linking_it(
        world: World, evidence: Evidence) -> None:
    client = world.client("lead")
    theirs = client.post(incident_evidence(world), {"item": evidence.theirs.pk})
    missing = client.post(incident_evidence(world), {"item": 987654})
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == {"detail": f"unknown evidence item {evidence.theirs.pk}"}
    assert missing.json() == {"detail": "unknown evidence item 987654"}
    assert not Incident.objects.get(pk=world.incident.pk).evidence.exists()


def test_an_item_one_received_oneself_can_be_filed_to_a_record(world: World) -> None:
    # Uploaded by the investigator for no case: they see it, the viewer does not, until linked.
    mine = put(b"%PDF-1.4 uploaded from the field", "field.pdf",
               user=world.personas.investigator)
    path = incident_evidence(world)
    assert world.client("investigator").post(path, {"item": mine.pk}).status_code == 201
    assert [i["id"] for i in world.client("viewer").get(path).json()["items"]] == [mine.pk]


def test_a_protected_persons_evidence_is_changed_only_with_identity_access(
        world: World, evidence: Evidence) -> None:
    path = f"/persons/{world.witness.pk}/evidence"
    refused = world.client("investigator").post(path, {"item": evidence.ours.pk})
    assert refused.status_code == 403
    assert "identity" in refused.json()["detail"]
    assert world.client("lead").post(path, {"item": evidence.ours.pk}).status_code == 201
    assert list(Person.objects.get(pk=world.witness.pk).evidence.all()) == [evidence.ours]
    # Reading the list shows no identity: members without identity access see it too.
    assert world.client("investigator").get(path).json()["count"] == 1


def test_unlinking_an_item_that_is_not_linked_is_not_found(
        world: World, evidence: Evidence) -> None:
    client = world.client("lead")
    for item in (evidence.ours.pk, evidence.theirs.pk, 987654):
        response = client.delete(f"{incident_evidence(world)}/{item}")
        assert response.status_code == 404
        assert response.json() == {"detail": "not found"}
    assert events("records:incident:evidence_unlinked") == []


def test_evidence_of_another_teams_record_is_not_found(world: World,
                                                       evidence: Evidence) -> None:
    services.link_evidence(world.other_incident, evidence.theirs, actor=ACTOR)
    path = f"/incidents/{world.other_incident.pk}/evidence"
    client = world.client("lead")
    assert client.get(path).status_code == 404
    assert client.post(path, {"item": evidence.ours.pk}).status_code == 404
    assert client.delete(f"{path}/{evidence.theirs.pk}").status_code == 404
    assert world.client("other_lead").get(path).json()["count"] == 1


def test_linked_evidence_is_paged_and_sorted(world: World) -> None:
    items = [put(b"x" * size, f"{size}.bin", case=world.personas.case.reference)
             for size in (30, 10, 20)]
    for item in items:
        services.link_evidence(world.incident, item, actor=ACTOR)
    client = world.client("viewer")
    by_size = client.get(incident_evidence(world), order="size").json()
    assert [i["size"] for i in by_size["items"]] == [10, 20, 30]
    first = client.get(incident_evidence(world), order="-size", limit=2).json()
    rest = client.get(incident_evidence(world), order="-size", limit=2, offset=2).json()
    assert first["count"] == 3
    assert [i["size"] for i in first["items"] + rest["items"]] == [30, 20, 10]
    assert client.get(incident_evidence(world), order="sha256").status_code == 400


def test_linked_evidence_sorted_by_id_is_in_the_readers_numbers_not_the_lockers_order(
        world: World, evidence: Evidence) -> None:
    # The row id tells when the locker first held the bytes: sorting by it would show that
    # another team's bytes, numbered after ours, were held before them.
    case = world.personas.case.reference
    newer = put(b"%PDF-1.4 a later protocol", "later.pdf", case=case)
    again = put(b"%PDF-1.4 another team's statement", "statement.pdf", case=case)
    assert again == evidence.theirs  # stored once, before `newer`
    for item in (evidence.ours, newer, again):
        services.link_evidence(world.incident, item, actor=ACTOR)
    numbers = [evidence.ours.pk, newer.receipts.get().pk,
               again.receipts.order_by("-id")[0].pk]
    assert numbers == sorted(numbers)
    client = world.client("lead")
    by_id = client.get(incident_evidence(world), order="id").json()["items"]
    assert [item["id"] for item in by_id] == numbers
    descending = client.get(incident_evidence(world), order="-id").json()["items"]
    assert [item["id"] for item in descending] == numbers[::-1]
