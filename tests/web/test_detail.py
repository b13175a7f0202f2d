"""The page of one item: digests, every receipt with its collection metadata, custody history."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from sprava.integrity.hashing import digest_bytes
from tests.web.conftest import Put, text

CONTENT = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n court protocol"


def test_detail_shows_both_digests_size_and_type(documenter_client: Client, put: Put) -> None:
    item = put(CONTENT, "protocol.pdf")
    page = text(documenter_client.get(f"/evidence/{item.id}/"))
    digests = digest_bytes(CONTENT)
    assert digests.sha256_hex in page
    assert digests.sha512_hex in page.replace("<wbr>", "")  # it may wrap at its middle
    assert f"({len(CONTENT)} bytes)" in page
    assert "application/pdf" in page
    assert '<h1 class="name">protocol.pdf</h1>' in page


def test_detail_shows_the_receipt_with_its_collection_metadata(
    documenter_client: Client, put: Put
) -> None:
    item = put(
        CONTENT,
        "protocol.pdf",
        collected_by="lawyer K.",
        collected_at="2021-03",
        collected_from="Minsk city court",
        method="photographed the case file",
        tool="Pixel 6 camera",
        tool_version="Android 13",
        notes="pages 4-7\nblurred",
    )
    response = documenter_client.get(f"/evidence/{item.id}/")
    page = text(response)
    for value in [
        "lawyer K.",
        "2021-03",
        "Minsk city court",
        "photographed the case file",
        "Pixel 6 camera",
        "Android 13",
        "pages 4-7<br>blurred",
    ]:
        assert value in page, value
    receipt = item.receipts.get()
    assert f'<td class="num">{receipt.ledger_seq}</td>' in page
    assert "user:dana" in page


def test_a_receipt_without_metadata_says_so(documenter_client: Client, put: Put) -> None:
    item = put(CONTENT, "protocol.pdf")
    page = text(documenter_client.get(f"/evidence/{item.id}/"))
    assert "No collection details were given." in page


def test_every_receipt_of_a_duplicate_is_shown_to_whoever_may_see_it(
    documenter_client: Client, administrator_client: Client, put: Put, administrator: User
) -> None:
    item = put(CONTENT, "protocol.pdf", collected_by="lawyer K.")
    put(CONTENT, "from-telegram.pdf", user=administrator, collected_from="Telegram channel X")
    put(CONTENT, "third.pdf", collected_by="journalist M.")
    # The administrator sees every arrival of an item of no case (the intake queue).
    response = administrator_client.get(f"/evidence/{item.id}/")
    page = text(response)
    assert [r.original_filename for r, _ in response.context["receipts"]] == [
        "protocol.pdf",
        "from-telegram.pdf",
        "third.pdf",
    ]
    for value in [
        "lawyer K.",
        "Telegram channel X",
        "journalist M.",
        "user:ales",
        "These bytes arrived 3 times",
    ]:
        assert value in page, value
    assert '<h1 class="name">protocol.pdf</h1>' in page  # the first name stays the title
    # The documenter sees their own two arrivals, not the administrator's.
    response = documenter_client.get(f"/evidence/{item.id}/")
    page = text(response)
    assert [r.original_filename for r, _ in response.context["receipts"]] == [
        "protocol.pdf",
        "third.pdf",
    ]
    assert "Telegram channel X" not in page and "user:ales" not in page
    assert "These bytes arrived 2 times" in page


def test_custody_history_lists_the_items_entries(documenter_client: Client, put: Put) -> None:
    item = put(CONTENT, "protocol.pdf")
    put(CONTENT, "again.pdf")
    other = put(b"another item", "other.txt")
    documenter_client.post(f"/evidence/{item.id}/download/", {"reason": "exhibit 4 for the ICC"})
    response = documenter_client.get(f"/evidence/{item.id}/")
    history = response.context["history"]
    assert [e["action"] for e in history] == [
        "evidence:item:received",
        "evidence:item:received",
        "evidence:item:viewed",
    ]
    page = text(response)
    assert "exhibit 4 for the ICC" in page
    assert "via web download" in page
    assert "again.pdf (a new receipt of bytes already held)" in page
    assert "other.txt" not in page
    assert other.sha256 not in page


def test_hostile_names_and_notes_are_escaped(documenter_client: Client, put: Put) -> None:
    item = put(CONTENT, "<b onmouseover=alert(1)>x.pdf", notes='<img src=x onerror="alert(2)">')
    page = text(documenter_client.get(f"/evidence/{item.id}/"))
    assert "<b onmouseover" not in page
    assert "<img src=x" not in page
    assert "&lt;b onmouseover=alert(1)&gt;x.pdf" in page


def test_detail_offers_download_as_a_form_with_a_reason(
    documenter_client: Client, put: Put
) -> None:
    item = put(CONTENT, "protocol.pdf")
    page = text(documenter_client.get(f"/evidence/{item.id}/"))
    form = re.search(r'<form method="post" action="/evidence/\d+/download/".*?</form>', page, re.S)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert 'name="reason"' in form.group(0) and 'maxlength="500"' in form.group(0)
    assert "Reason for access" in form.group(0)


def test_a_missing_item_is_not_found(documenter_client: Client) -> None:
    response = documenter_client.get("/evidence/424242/")
    assert response.status_code == 404
    assert "Not found" in text(response)


def test_detail_query_count_does_not_grow_with_receipts_or_history(
    documenter_client: Client,
    put: Put,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    # The session, the user, the reader's memberships (read once, for every visibility filter
    # of the page), the item, its receipts, its history and the items the history names.
    item = put(CONTENT, "protocol.pdf")
    with django_assert_max_num_queries(7):
        documenter_client.get(f"/evidence/{item.id}/")
    for i in range(30):
        put(CONTENT, f"copy-{i}.pdf")
    with django_assert_max_num_queries(7):
        documenter_client.get(f"/evidence/{item.id}/")
