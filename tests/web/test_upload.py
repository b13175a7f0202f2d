"""Uploading one or many files with collection metadata."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sprava.evidence.models import Item, Receipt
from sprava.integrity.hashing import digest_bytes
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.ledger.tags import ITEM_RECEIVED
from tests.evidence.assets.collection import COLLECTION
from tests.evidence.assets.names import HOSTILE_NAMES, INVISIBLE
from tests.web.conftest import Put, entries, text


def upload(client: Client, *files: tuple[str, bytes], **fields: str):  # type: ignore[no-untyped-def]
    chosen = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post("/evidence/upload/", {"files": chosen, **fields}, follow=True)


def test_upload_page_explains_fields_and_limits(documenter_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 123
    page = text(documenter_client.get("/evidence/upload/"))
    for label in [
        "Files",
        "Collected by",
        "Collected when",
        "Collected from",
        "How it was collected",
        "Tool",
        "Tool version",
        "Notes",
    ]:
        assert f">{label} " in page or f">{label}<" in page, label
    assert "multiple" in page and 'enctype="multipart/form-data"' in page
    assert "at most 123 files and 64.0\xa0GB in one upload" in page
    assert "pseudonym" in page


def test_one_file_with_collection_metadata(documenter_client: Client, documenter: User) -> None:
    content = b"GIF89a\x01\x00\x01\x00\x00\x00\x00; a photograph of the courtyard"
    response = upload(documenter_client, ("courtyard.gif", content), **COLLECTION)

    assert response.redirect_chain == [("/evidence/upload/result/", 302)]
    item = Item.objects.get()
    expected = digest_bytes(content)
    assert (item.sha256, item.sha512, item.size) == (
        expected.sha256_hex,
        expected.sha512_hex,
        len(content),
    )
    assert item.media_type == "image/gif"
    receipt = item.receipts.get()
    assert receipt.received_by == documenter
    assert receipt.actor == "user:dana"
    assert receipt.original_filename == "courtyard.gif"
    for field, value in COLLECTION.items():
        assert getattr(receipt, field) == value

    page = text(response)
    assert "1 stored" in page
    assert "courtyard.gif" in page
    assert f'<a href="/evidence/{item.id}/">item {item.id}</a>' in page
    assert item.sha256[:16] in page


def test_upload_is_recorded_in_the_ledger_and_checkpointed(documenter_client: Client) -> None:
    upload(documenter_client, ("a.txt", b"first"), ("b.txt", b"second"), **COLLECTION)

    received = entries(ITEM_RECEIVED)
    assert [e["details"]["filename"] for e in received] == ["a.txt", "b.txt"]
    for entry, content in zip(received, [b"first", b"second"], strict=True):
        assert entry["actor"] == "user:dana"
        assert entry["items"][0]["sha256"] == digest_bytes(content).sha256_hex
        assert entry["details"]["collected_from"] == COLLECTION["collected_from"]
        assert entry["details"]["duplicate"] is False
    checkpoint = latest()
    assert checkpoint is not None
    assert checkpoint.size == log.size()


def test_several_files_each_get_a_result(documenter_client: Client, put: Put) -> None:
    known = put(b"already in the locker", "earlier.mp4")
    response = upload(
        documenter_client,
        ("new.jpg", b"a new photograph"),
        ("copy-of-earlier.mp4", b"already in the locker"),
        ("empty.txt", b""),
        collected_by="team B",
    )
    page = text(response)
    assert "1 stored" in page
    assert "1 already in the locker" in page
    assert "1 refused" in page

    rows = response.context["rows"]
    assert [(r["name"], r["status"]) for r in rows] == [
        ("new.jpg", "stored"),
        ("copy-of-earlier.mp4", "duplicate"),
        ("empty.txt", "refused"),
    ]
    assert rows[1]["item"] == known
    assert "empty" in rows[2]["reason"]
    assert "Not stored:</strong> the file is empty" in page
    assert f'<a href="/evidence/{known.id}/">item {known.id}</a>' in page

    assert Item.objects.count() == 2
    duplicate = Receipt.objects.get(original_filename="copy-of-earlier.mp4")
    assert duplicate.item == known
    assert duplicate.collected_by == "team B"
    assert [e["details"]["duplicate"] for e in entries(ITEM_RECEIVED)] == [False, False, True]


def test_the_same_bytes_twice_in_one_upload(documenter_client: Client) -> None:
    response = upload(documenter_client, ("a.jpg", b"same"), ("b.jpg", b"same"))
    assert [r["status"] for r in response.context["rows"]] == ["stored", "duplicate"]
    item = Item.objects.get()
    assert item.receipts.count() == 2


def test_upload_with_no_file_says_so_and_stores_nothing(documenter_client: Client) -> None:
    response = documenter_client.post("/evidence/upload/", {"collected_by": "someone"})
    assert response.status_code == 200
    page = text(response)
    assert "Choose at least one file to upload." in page
    assert 'value="someone"' in page  # what was typed is kept
    assert log.size() == 0


def test_upload_without_any_metadata_still_stores(documenter_client: Client) -> None:
    # The browser sends the metadata fields empty; a script may leave them out altogether.
    response = upload(documenter_client, ("bare.bin", b"bytes without a story"))
    assert [r["status"] for r in response.context["rows"]] == ["stored"]


def test_too_long_metadata_is_refused_before_anything_is_stored(documenter_client: Client) -> None:
    response = upload(documenter_client, ("a.txt", b"x"), tool_version="9" * 101)
    assert response.status_code == 200
    assert "at most 100 characters" in text(response)
    assert "choose the files again" in text(response)
    assert Item.objects.count() == 0


def test_hostile_file_names_are_shown_escaped(documenter_client: Client) -> None:
    name = '<img src=x onerror="alert(1)">.html'
    page = text(upload(documenter_client, (name, b"<script>alert(1)</script>")))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=" in page


def test_reloading_the_result_does_not_upload_again(documenter_client: Client) -> None:
    upload(documenter_client, ("a.txt", b"once"))
    again = documenter_client.get("/evidence/upload/result/")
    assert again.status_code == 200
    assert "1 stored" in text(again)
    assert Receipt.objects.count() == 1
    assert len(entries(ITEM_RECEIVED)) == 1


def test_result_page_without_an_upload_goes_to_the_form(documenter_client: Client) -> None:
    response = documenter_client.get("/evidence/upload/result/")
    assert response.status_code == 302
    assert response["Location"] == "/evidence/upload/"


def test_too_many_files_get_a_clear_refusal(documenter_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    response = upload(documenter_client, ("1", b"1"), ("2", b"2"), ("3", b"3"))
    assert response.status_code == 400
    page = text(response)
    assert "Nothing was stored" in page
    assert "smaller groups" in page
    assert Item.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_upload_takes_only_get_and_post(documenter_client: Client, method: str) -> None:
    assert getattr(documenter_client, method)("/evidence/upload/").status_code == 405


def test_an_upload_for_a_case_is_filed_there_and_seen_by_its_members(
    documenter: User, documenter_client: Client, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    from sprava.accounts.members import add_member
    from sprava.cases.models import Case
    from tests.web.conftest import signed_in

    case = Case.objects.create(reference="okrestina-2020", title="Okrestina")
    other = Case.objects.create(reference="not-mine", title="Not mine")
    add_member(case, documenter, "investigator", actor="cli")
    page = text(documenter_client.get("/evidence/upload/"))
    assert "okrestina-2020" in page and "not-mine" not in page

    refused = upload(documenter_client, ("x.jpg", b"x"), case=other.reference)
    assert "Select a valid choice" in text(refused)
    upload(documenter_client, ("filed.jpg", b"filed photo"), case=case.reference)
    receipt = Receipt.objects.get(original_filename="filed.jpg")
    assert receipt.case == case

    viewer = django_user_model.objects.create_user("vika", password="a long password 1")
    add_member(case, viewer, "viewer", actor="cli")
    assert "filed.jpg" in text(signed_in(viewer).get("/evidence/"))


# Names a browser can send in a multipart header: text, without the line breaks and quotes
# the header would not carry, without "/" (the test client keeps only the base name) and at
# most 255 characters (its SimpleUploadedFile cuts longer names before sending).
BROWSER_NAMES = [n for n in HOSTILE_NAMES if isinstance(n.raw, str) and n.raw.strip()
                 and len(n.raw) <= 255
                 and not set(n.raw) & {"\r", "\n", "\x00", '"', "/"}
                 and not any(0xD800 <= ord(c) <= 0xDFFF for c in n.raw)
                 and n.raw not in {".", ".."}]


def test_the_uploaded_names_under_test_include_every_invisible_character() -> None:
    assert {n.id for n in INVISIBLE} <= {n.id for n in BROWSER_NAMES}
    assert "rtl-override-passwd" in {n.id for n in BROWSER_NAMES}


def test_an_uploaded_name_keeps_its_bidi_override_visibly_escaped(
    documenter_client: Client,
) -> None:
    # Django's own multipart parser drops every character that is not printable: the
    # override vanished and "passwd\u202egpj.exe" was stored as "passwdgpj.exe".
    page = text(upload(documenter_client, ("passwd\u202egpj.exe", b"not a picture")))
    assert Receipt.objects.get().original_filename == "passwd\\u202egpj.exe"
    assert "passwd\\u202egpj.exe" in page and "\u202e" not in page


def test_every_hostile_name_a_browser_can_send_is_stored_as_the_intake_stores_it(
    documenter_client: Client,
) -> None:
    content = {n.id: f"content for {n.id}".encode() for n in BROWSER_NAMES}
    upload(documenter_client, *[(str(n.raw), content[n.id]) for n in BROWSER_NAMES])
    for name in BROWSER_NAMES:
        receipt = Receipt.objects.get(item__sha256=digest_bytes(content[name.id]).sha256_hex)
        assert receipt.original_filename == name.stored, name.id
