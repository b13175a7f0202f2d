"""Issue 7, section 3: a record edit through a page leaves no unsigned tail."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from sprava.ledger import checkpoints, log
from tests.web_records.conftest import World


def signed_size() -> int:
    latest = checkpoints.latest()
    return latest.size if latest else 0


def test_a_record_edit_through_a_page_is_covered_by_a_signed_checkpoint(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("lawyer")
    response = client.post(f"/incidents/{world.incident.pk}/edit/", {
        "case": world.case.pk, "title": "Beatings at Akrestsina, 11 August",
        "date_precision": "day", "start_date": "2020-08-11", "place": world.akrestsina.pk,
        "reason": "date added to the title"})
    assert response.status_code == 302
    assert log.history().filter(action="records:incident:changed").exists()
    assert signed_size() == log.size()


def test_a_page_that_writes_nothing_signs_nothing(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("lawyer")
    before = signed_size(), log.size()
    assert client.get(f"/incidents/{world.incident.pk}/").status_code == 200
    assert (signed_size(), log.size()) == before
