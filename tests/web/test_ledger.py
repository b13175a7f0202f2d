"""The custody ledger page."""

from __future__ import annotations

from django.test import Client

from sprava.home import keys, signing
from sprava.ledger import log
from sprava.records import services
from sprava.records.models import Person
from tests.web.conftest import Put, text


def test_an_empty_ledger(administrator_client: Client) -> None:
    page = text(administrator_client.get("/ledger/"))
    assert "No entries yet." in page
    assert "none signed yet" in page
    assert keys.verifier_key() in page


def test_ledger_shows_entries_checkpoint_and_links_to_items(
    administrator_client: Client, put: Put
) -> None:
    item = put(b"a video", "march.mp4")
    signing.sign_checkpoint()
    administrator_client.post(f"/evidence/{item.id}/download/", {"reason": "translation"})
    response = administrator_client.get("/ledger/")
    page = text(response)
    assert [e["action"] for e in response.context["entries"]] == [
        "evidence:item:viewed",
        "evidence:item:received",
    ]  # newest first
    assert f'<a href="/evidence/{item.id}/">item {item.id}</a>' in page
    assert "march.mp4" in page and "translation" in page
    assert f"covers {log.size()} entries" in page
    assert "Show the signed checkpoint" in page
    assert keys.origin() in page  # the note's first line


def test_ledger_is_paged_with_a_fixed_number_of_queries(
    administrator_client: Client,
    put: Put,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    put(b"first", "first.txt")
    services.save_record(Person(), actor="test")
    # Session, user, count, entries, the reader's memberships, the numbers the reader knows
    # the page's items by (one query for all of them), the persons the page names (their
    # pseudonyms, for the names of the records: one query for all of them), the checkpoint
    # and the head.
    with django_assert_max_num_queries(9):
        administrator_client.get("/ledger/")
    for i in range(60):
        put(b"item %d" % i, f"f{i}.txt")
        services.protect(services.save_record(Person(), actor="test"), actor="test")
    with django_assert_max_num_queries(9):
        response = administrator_client.get("/ledger/")
    assert len(response.context["entries"]) == 50
    assert "Page 1 of 4" in text(response)  # an arrival, a person and their protection, x 60
    assert "person W-0060" in text(response)
    last = administrator_client.get("/ledger/", {"page": 4})
    assert [e["seq"] for e in last.context["entries"]] == list(range(31, -1, -1))
