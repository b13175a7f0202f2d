"""Evidence items through the API: upload, list, one item, download, custody proof.

Permissions first: what a member of another case, a viewer, an anonymous client and a token the
two-factor rule stops may do, and that a refusal leaves nothing behind (no item, no receipt, no
ledger entry, no vault temporary). Then what each operation does, and that it does it as the
pages do: one domain function each.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sprava.accounts import policy
from sprava.api import items as api_items
from sprava.evidence.models import Item, Receipt
from sprava.home import keys
from sprava.home.paths import Paths
from sprava.integrity.custody_proof import verify_custody_proof
from sprava.integrity.hashing import digest_bytes
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.ledger.models import Entry
from sprava.ledger.tags import ITEM_RECEIVED, ITEM_VIEWED
from sprava.records import services
from tests.api.conftest import ACTOR, ApiClient, Evidence, World, put
from tests.api.endpoints import EDITORS, MEMBERS, STRANGERS
from tests.conftest import PASSPHRASE
from tests.evidence.assets.collection import COLLECTION

pytestmark = pytest.mark.django_db

PHOTO = b"GIF89a\x01\x00\x01\x00\x00\x00\x00; a photograph of the courtyard"


def upload(client: ApiClient, content: bytes = PHOTO, name: str = "courtyard.gif",
           **fields: Any) -> Any:
    return client.http.post("/api/v1/evidence",
                            {"file": SimpleUploadedFile(name, content), **fields})


def events(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


def vault_temporaries(home: Path) -> list[Path]:
    return [p for p in (home / "vault" / "tmp").glob("*") if p.is_file()]


def nothing_kept(home: Path, receipts: int = 2) -> bool:
    """Nothing beyond the `evidence` fixture's two arrivals was kept, not even a temporary."""
    return (Receipt.objects.count() == receipts and len(events(ITEM_RECEIVED)) == receipts
            and vault_temporaries(home) == [])


def listed(client: ApiClient, **params: Any) -> list[int]:
    return [item["id"] for item in client.get("/evidence", limit=200, **params).json()["items"]]


def entry_actions(proof: dict[str, Any]) -> list[str]:
    return [json.loads(base64.b64decode(e["entry"]))["action"] for e in proof["entries"]]


# --- who may do what (attack first) --------------------------------------------------------


@pytest.mark.parametrize("persona", STRANGERS)
def test_those_outside_the_case_cannot_see_its_item(world: World, evidence: Evidence,
                                                   persona: str) -> None:
    client = world.client(persona)
    number = evidence.ours.pk
    assert number not in listed(client)
    for path in (f"/evidence/{number}", f"/evidence/{number}/download",
                 f"/evidence/{number}/proof"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "not found"}
    assert events(ITEM_VIEWED) == []  # a refused download is no view


def test_a_member_of_another_case_cannot_see_the_item_through_the_case_filter(
        world: World, evidence: Evidence) -> None:
    response = world.client("other_lead").get("/evidence", case=world.personas.case.reference)
    assert response.status_code == 400
    assert response.json() == {"detail": f"unknown case {world.personas.case.reference!r}"}


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_see_the_item_that_arrived_for_their_case(world: World, evidence: Evidence,
                                                         persona: str) -> None:
    client = world.client(persona)
    assert listed(client) == [evidence.ours.pk]  # not the other team's
    assert client.get(f"/evidence/{evidence.ours.pk}").status_code == 200
    assert client.get(f"/evidence/{evidence.theirs.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "analyst"])
def test_a_member_without_edit_cannot_upload_for_the_case(world: World, evidence: Evidence,
                                                          home: Path, persona: str) -> None:
    response = upload(world.client(persona), case=world.personas.case.reference)
    assert response.status_code == 403
    assert "may not" in response.json()["detail"]
    assert nothing_kept(home)


def test_an_upload_for_a_case_one_is_not_a_member_of_is_for_an_unknown_case(
        world: World, evidence: Evidence, home: Path) -> None:
    for persona in ("other_lead", "administrator"):
        response = upload(world.client(persona), case=world.personas.case.reference)
        assert response.status_code == 400
        assert response.json() == {"detail": "unknown case 'akrestsina-2020'"}
        missing = upload(world.client(persona), case="no-such-case")
        assert missing.json() == {"detail": "unknown case 'no-such-case'"}
    assert nothing_kept(home)


def test_an_anonymous_client_is_refused_before_the_body_is_read(
        world: World, evidence: Evidence, home: Path) -> None:
    anonymous = ApiClient(None)
    for response in (upload(anonymous), anonymous.get("/evidence"),
                     anonymous.get(f"/evidence/{evidence.ours.pk}"),
                     anonymous.get(f"/evidence/{evidence.ours.pk}/download"),
                     anonymous.get(f"/evidence/{evidence.ours.pk}/proof")):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert nothing_kept(home)
    assert events(ITEM_VIEWED) == []


def test_a_token_without_two_factor_is_refused_while_it_is_required(
        world: World, evidence: Evidence, home: Path) -> None:
    policy.set_two_factor_required(True, actor="cli")
    client = world.client("investigator")  # no second factor, its token made without one
    for response in (upload(client, case=world.personas.case.reference),
                     client.get("/evidence"), client.get(f"/evidence/{evidence.ours.pk}"),
                     client.get(f"/evidence/{evidence.ours.pk}/download"),
                     client.get(f"/evidence/{evidence.ours.pk}/proof")):
        assert response.status_code == 401
        assert "two-factor" in response.json()["detail"]
    assert nothing_kept(home)
    assert events(ITEM_VIEWED) == []


def test_an_item_uploaded_for_no_case_is_seen_by_its_uploader_alone(world: World) -> None:
    # As on the upload page: any account may send material for no case yet.
    response = upload(world.client("viewer"), b"%PDF-1.4 from the field", "field.pdf")
    assert response.status_code == 201, response.content
    number = response.json()["item"]["id"]
    assert listed(world.client("viewer")) == [number]
    for persona in ("lead", "investigator", "other_lead", "outsider"):
        assert number not in listed(world.client(persona)), persona
        assert world.client(persona).get(f"/evidence/{number}").status_code == 404
    assert number in listed(world.client("administrator"))  # the intake queue


# --- upload --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_upload_for_the_case_with_collection_metadata(world: World, home: Path,
                                                              persona: str) -> None:
    response = upload(world.client(persona), case=world.personas.case.reference, **COLLECTION)
    assert response.status_code == 201, response.content
    answer = response.json()
    item = Item.objects.get()
    expected = digest_bytes(PHOTO)
    assert (item.sha256, item.sha512, item.size) == (expected.sha256_hex, expected.sha512_hex,
                                                     len(PHOTO))
    receipt = item.receipts.get()
    assert answer == {"receipt": receipt.pk, "duplicate": False, "item": {
        "id": receipt.pk, "sha256": item.sha256, "sha512": item.sha512, "size": len(PHOTO),
        "media_type": "image/gif", "received_at": answer["item"]["received_at"],
        "name": "courtyard.gif"}}
    assert receipt.case == world.personas.case
    assert receipt.received_by == world.personas[persona]
    assert receipt.actor == f"api:{persona}"
    assert receipt.source_path == "api upload"
    for field, value in COLLECTION.items():
        assert getattr(receipt, field) == value
    [entry] = events(ITEM_RECEIVED)
    assert entry["actor"] == f"api:{persona}"
    assert entry["case"] == world.personas.case.reference
    assert entry["details"]["collected_from"] == COLLECTION["collected_from"]
    checkpoint = latest()
    assert checkpoint is not None and checkpoint.size == log.size()  # signed before answering
    assert vault_temporaries(home) == []
    assert listed(world.client("viewer")) == [receipt.pk]  # the case's members see it


def test_bytes_already_held_by_another_team_are_answered_as_a_new_file(
        world: World, evidence: Evidence) -> None:
    ours = Item.objects.get(pk=evidence.ours.pk)
    content = b"%PDF-1.4 the detention protocol"  # the `evidence` fixture's bytes
    answer = upload(world.client("other_lead"), content, "copy.pdf",
                    case=world.personas.other_case.reference).json()
    receipt = Receipt.objects.get(pk=answer["receipt"])
    assert receipt.item == ours  # stored once
    assert answer["duplicate"] is False  # they could not see it: told nothing
    assert answer["item"]["id"] == receipt.pk  # numbered by their own arrival
    detail = world.client("other_lead").get(f"/evidence/{receipt.pk}").json()
    assert [r["id"] for r in detail["receipts"]] == [receipt.pk]
    assert detail["cases"] == [world.personas.other_case.reference]
    assert detail["received_at"] == answer["item"]["received_at"]


def test_bytes_one_already_sees_are_answered_as_a_duplicate(world: World,
                                                            evidence: Evidence) -> None:
    answer = upload(world.client("lead"), b"%PDF-1.4 the detention protocol", "again.pdf",
                    case=world.personas.case.reference).json()
    assert answer["duplicate"] is True
    assert answer["item"]["id"] == evidence.ours.pk  # the number they know it by


def test_a_large_upload_streams_into_the_vault_never_to_disk_in_clear(
        world: World, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was spooled to a plaintext temporary file")

    monkeypatch.setattr("django.core.files.uploadedfile.TemporaryUploadedFile.__init__", refuse)
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE: Django's own handlers would drop it or spool it.
    content = os.urandom(5 * 1024 * 1024 + 17)
    response = upload(world.client("lead"), content, "video.mp4")
    assert response.status_code == 201, response.content
    item = Item.objects.get()
    assert (item.sha256, item.size) == (digest_bytes(content).sha256_hex, len(content))
    assert vault_temporaries(home) == []


def test_a_truncated_upload_leaves_nothing(world: World, evidence: Evidence,
                                           home: Path) -> None:
    boundary = "----sprava-test"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="cut.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + os.urandom(2_500_000)  # the connection drops: no closing boundary
    response = world.client("lead").http.generic(
        "POST", "/api/v1/evidence", body,
        content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert nothing_kept(home)


def test_a_refused_file_answers_the_upload_pages_reason_and_keeps_nothing(
        world: World, evidence: Evidence, home: Path) -> None:
    response = upload(world.client("lead"), b"", "empty.txt")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "the file is empty; an empty file proves nothing and is not kept"}
    assert nothing_kept(home)


def test_a_hostile_file_name_is_kept_with_visible_escapes(world: World) -> None:
    answer = upload(world.client("lead"), b"MZ not a picture", "passwd\u202egpj.exe").json()
    assert answer["item"]["name"] == "passwd\\u202egpj.exe"
    assert Receipt.objects.get().original_filename == "passwd\\u202egpj.exe"


def test_an_upload_is_one_file_in_the_field_file(world: World, evidence: Evidence,
                                                home: Path) -> None:
    client = world.client("lead")
    two = client.http.post("/api/v1/evidence", {
        "file": [SimpleUploadedFile("a.txt", b"first"), SimpleUploadedFile("b.txt", b"two")]})
    beside = client.http.post("/api/v1/evidence", {
        "file": SimpleUploadedFile("a.txt", b"first"),
        "files": SimpleUploadedFile("b.txt", b"two")})
    for response in (two, beside):
        assert response.status_code == 400
        assert response.json() == {
            "detail": "send one file per request, as the multipart field 'file'"}
    for body in ({"files": SimpleUploadedFile("a.txt", b"first")},
                 {"case": world.personas.case.reference}):
        missing = client.http.post("/api/v1/evidence", body)
        assert missing.status_code == 400
        assert missing.json()["detail"][0]["loc"][-1] == "file"
    as_json = client.post("/evidence", {"file": "aGVsbG8="})
    assert as_json.status_code == 400
    assert as_json.json()["detail"][0]["loc"][-1] == "file"
    assert nothing_kept(home)


def test_an_upload_larger_than_the_limit_is_refused_unread(
        world: World, evidence: Evidence, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_items, "MAX_UPLOAD_BODY", 1000)
    response = upload(world.client("lead"), b"x" * 2000)
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert nothing_kept(home)


def test_collection_metadata_longer_than_a_receipt_keeps_is_refused(
        world: World, evidence: Evidence, home: Path) -> None:
    response = upload(world.client("lead"), collected_at="2020-08-12" * 10)
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"][-1] == "collected_at"
    assert nothing_kept(home)


# --- list and detail -----------------------------------------------------------------------


def test_the_list_is_paged_filtered_and_ordered_by_the_readers_numbers(
        world: World, evidence: Evidence) -> None:
    case = world.personas.case.reference
    mine = put(b"x" * 5, "five.bin", user=world.personas.lead).receipts.get().pk
    # The other team's bytes arrive for our case too: stored before ours, numbered after.
    again = put(b"%PDF-1.4 another team's statement", "statement.pdf", case=case)
    number = again.receipts.order_by("-id")[0].pk
    assert again.pk < Item.objects.get(receipts=mine).pk and number > mine
    client = world.client("lead")
    assert listed(client, order="id") == [evidence.ours.pk, mine, number]
    first = client.get("/evidence", order="-size", limit=2).json()
    assert first["count"] == 3 and len(first["items"]) == 2
    assert listed(client, case=case) == [number, evidence.ours.pk]  # newest first
    digest = Item.objects.get(receipts=mine).sha256
    assert listed(client, sha256=digest.upper()) == [mine]
    assert client.get("/evidence", order="sha512").status_code == 400
    assert client.get("/evidence", sha256="abc").status_code == 400


def test_an_items_detail_has_its_digests_receipts_cases_and_links(
        world: World, evidence: Evidence) -> None:
    services.link_evidence(world.incident, evidence.ours, actor=ACTOR)
    services.link_evidence(world.witness, evidence.ours, actor=ACTOR)
    services.link_evidence(world.other_incident, evidence.ours, actor=ACTOR)
    detail = world.client("viewer").get(f"/evidence/{evidence.ours.pk}").json()
    receipt = evidence.ours.receipts.get()
    assert detail["sha512"] == evidence.ours.sha512
    assert detail["media_type"] == "application/pdf"
    assert detail["name"] == "protocol.pdf"
    assert detail["cases"] == [world.personas.case.reference]  # not the other team's
    assert detail["linked"] == {"incidents": [world.incident.pk], "acts": [],
                                "persons": [world.witness.pk], "testimonies": []}
    [shown] = detail["receipts"]
    assert shown["id"] == receipt.pk
    assert shown["case"] == world.personas.case.reference
    assert shown["ledger_seq"] == receipt.ledger_seq


# --- download ------------------------------------------------------------------------------


def test_a_download_streams_the_original_and_records_the_view(world: World,
                                                              evidence: Evidence) -> None:
    path = f"/evidence/{evidence.ours.pk}/download"
    response = world.client("viewer").get(path, reason="  preparing exhibit 12  ")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the detention protocol"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="protocol.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    [viewed] = events(ITEM_VIEWED)
    assert viewed["actor"] == "api:viewer"
    assert viewed["reason"] == "preparing exhibit 12"
    assert viewed["items"][0]["sha256"] == evidence.ours.sha256
    assert viewed["details"] == {"channel": "api download"}
    checkpoint = latest()
    assert checkpoint is not None and checkpoint.size == log.size()


# --- custody proof -------------------------------------------------------------------------


def test_the_proof_of_a_linked_item_verifies_offline(world: World, evidence: Evidence) -> None:
    client = world.client("lead")
    client.post(f"/incidents/{world.incident.pk}/evidence", {"item": evidence.ours.pk})
    b"".join(client.get(f"/evidence/{evidence.ours.pk}/download").streaming_content)
    proof = client.get(f"/evidence/{evidence.ours.pk}/proof").json()
    verify_custody_proof(proof, keys.verifier_key())
    assert proof["item"]["sha256"] == evidence.ours.sha256
    assert entry_actions(proof) == [ITEM_RECEIVED, "records:incident:evidence_linked",
                                    ITEM_VIEWED]
    assert proof["not_yet_checkpointed"] == []


def test_the_proof_holds_only_the_entries_the_reader_sees(world: World,
                                                          evidence: Evidence) -> None:
    case = world.personas.other_case.reference
    put(b"%PDF-1.4 the detention protocol", "copy.pdf", case=case)  # our bytes, their case
    services.link_evidence(world.incident, evidence.ours, actor=ACTOR)
    services.link_evidence(world.other_incident, evidence.ours, actor=ACTOR)
    ours = world.client("lead").get(f"/evidence/{evidence.ours.pk}/proof").json()
    ledger = events(ITEM_RECEIVED)
    proven = [json.loads(base64.b64decode(e["entry"])) for e in ours["entries"]]
    assert [e["seq"] for e in proven if e["action"] == ITEM_RECEIVED] == [ledger[0]["seq"]]
    assert all(e.get("case") != case for e in proven)  # nothing of the other team's


def test_a_proof_tells_no_one_whether_their_bytes_were_already_held(
        world: World, evidence: Evidence) -> None:
    # Their arrival's entry says whether it was a duplicate: until they may be told (a link of
    # the item to their records), it is left out, for new bytes and held bytes alike.
    client = world.client("other_lead")
    case = world.personas.other_case.reference
    fresh = upload(client, b"bytes nobody held", "new.bin", case=case).json()["receipt"]
    held = upload(client, b"%PDF-1.4 the detention protocol", "held.pdf",
                  case=case).json()["receipt"]
    proofs = [client.get(f"/evidence/{number}/proof").json() for number in (fresh, held)]
    assert [entry_actions(proof) for proof in proofs] == [[], []]
    # Linked into their case, the item's arrivals they see are theirs to prove.
    client.post(f"/incidents/{world.other_incident.pk}/evidence", {"item": fresh})
    linked = client.get(f"/evidence/{fresh}/proof").json()
    assert entry_actions(linked) == [ITEM_RECEIVED, "records:incident:evidence_linked"]
    verify_custody_proof(linked, keys.verifier_key())


def test_a_proof_whose_checkpoint_cannot_be_signed_says_what_it_cannot_prove_yet(
        world: World, evidence: Evidence, key_material: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    services.link_evidence(world.incident, evidence.ours, actor=ACTOR)  # nothing signed yet
    arrival = evidence.ours.receipts.get().ledger_seq
    monkeypatch.delenv("SPRAVA_PASSPHRASE")
    keys.KEYRING.lock()
    try:
        with caplog.at_level(logging.ERROR, logger="sprava.ledger"):
            response = world.client("lead").get(f"/evidence/{evidence.ours.pk}/proof")
    finally:
        keys.KEYRING.unlock(PASSPHRASE, Paths(key_material))
    assert response.status_code == 200
    assert arrival in response.json()["not_yet_checkpointed"]
    assert "no checkpoint signed for a custody proof" in caplog.text
