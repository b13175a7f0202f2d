"""Downloading the original: exact bytes, never rendered, always recorded."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.evidence.models import Item
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.ledger.tags import ITEM_VIEWED
from sprava.web.evidence.views import attachment
from tests.web.conftest import Put, entries

HOSTILE_HTML = b"<!doctype html><html><script>fetch('/evidence/').then(r=>r.text())</script></html>"


def download(client: Client, item: Item, reason: str = "") -> bytes:
    response = client.post(f"/evidence/{item.id}/download/", {"reason": reason})
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_download_returns_the_exact_original_bytes(documenter_client: Client, put: Put) -> None:
    content = bytes(range(256)) * 4000  # binary, larger than one chunk
    item = put(content, "recording.bin")
    assert download(documenter_client, item) == content


def test_hostile_html_is_a_download_that_cannot_render(documenter_client: Client, put: Put) -> None:
    item = put(HOSTILE_HTML, "index.html")
    assert item.media_type == "text/html"
    response = documenter_client.post(f"/evidence/{item.id}/download/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Length"] == str(len(HOSTILE_HTML))
    assert b"".join(response.streaming_content) == HOSTILE_HTML  # type: ignore[attr-defined]


def test_download_records_a_viewed_entry_with_the_reason(
    documenter_client: Client, put: Put
) -> None:
    item = put(b"testimony of witness 7", "testimony.txt")
    download(documenter_client, item, reason="  preparing exhibit 12  ")
    viewed = entries(ITEM_VIEWED)
    assert len(viewed) == 1
    assert viewed[0]["actor"] == "user:dana"
    assert viewed[0]["reason"] == "preparing exhibit 12"
    assert viewed[0]["items"][0]["sha256"] == item.sha256
    assert viewed[0]["items"][0]["sha512"] == item.sha512
    assert viewed[0]["details"] == {"channel": "web download"}
    checkpoint = latest()
    assert checkpoint is not None and checkpoint.size == log.size()


def test_each_download_is_a_new_entry(member_client: Client, put: Put) -> None:
    item = put(b"testimony of witness 7", "testimony.txt")
    download(member_client, item, reason="first")
    download(member_client, item)
    assert [e["reason"] for e in entries(ITEM_VIEWED)] == ["first", ""]


def test_an_overlong_reason_is_cut_not_lost(documenter_client: Client, put: Put) -> None:
    item = put(b"testimony", "t.txt")
    download(documenter_client, item, reason="r" * 2000)
    assert entries(ITEM_VIEWED)[0]["reason"] == "r" * 500


def test_a_plain_link_to_download_records_nothing(documenter_client: Client, put: Put) -> None:
    # A prefetch, a crawler or a shared link must not put a view into the ledger.
    item = put(b"testimony", "t.txt")
    before = log.size()
    response = documenter_client.get(f"/evidence/{item.id}/download/?reason=link")
    assert response.status_code == 302
    assert response["Location"] == f"/evidence/{item.id}/#download"
    assert log.size() == before


def test_the_download_name_comes_with_the_item_not_from_a_query_of_its_own(
    documenter_client: Client, put: Put
) -> None:
    """The name the reader knows the item by (their first receipt's) is read in the query that
    finds the item and what they see of its receipts, not fetched again."""
    item = put(b"a recording", "first-name.m4a")
    for i in range(3):
        put(b"a recording", f"later-{i}.m4a")  # more arrivals: the name stays the first's
    with CaptureQueriesContext(connection) as captured:
        response = documenter_client.post(f"/evidence/{item.id}/download/")
        assert b"".join(response.streaming_content) == b"a recording"  # type: ignore[attr-defined]
    assert 'filename="first-name.m4a"' in response["Content-Disposition"]
    receipts = [q["sql"] for q in captured.captured_queries
                if q["sql"].startswith('SELECT "evidence_receipt"')]
    assert receipts == []


def test_download_of_a_missing_item_is_not_found(documenter_client: Client) -> None:
    before = log.size()
    assert documenter_client.post("/evidence/424242/download/").status_code == 404
    assert log.size() == before


@pytest.mark.parametrize(
    "name",
    [
        'say "cheese".jpg',
        "line\nbreak\r\nheader: injected.txt",
        "Акрэсціна — двор.jpg",
        "a;filename=evil.exe",
        "back\\slash\\..\\..\\evil.txt",
        "tab\there.txt",
        "\u202egpj.exe",  # right-to-left override disguising an extension
        "emoji 📷.jpg",
        "%22percent%0A.txt",
    ],
)
def test_hostile_file_names_give_a_safe_content_disposition(
    documenter_client: Client, put: Put, name: str
) -> None:
    item = put(b"bytes of " + name.encode(), name)
    stored = item.receipts.get().original_filename
    response = documenter_client.post(f"/evidence/{item.id}/download/")
    header = response["Content-Disposition"]

    assert "\n" not in header and "\r" not in header
    assert header.isascii()
    plain, extended = header.removeprefix('attachment; filename="').split("\"; filename*=UTF-8''")
    assert '"' not in plain and "\\" not in plain and ";" not in extended
    assert all(c.isprintable() for c in plain)
    assert unquote(extended) == stored
    assert "\u202e" not in stored  # the intake escaped it; the header carries the escape


def test_attachment_header_for_plain_names_is_readable() -> None:
    assert attachment("report.pdf") == (
        "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
    )
