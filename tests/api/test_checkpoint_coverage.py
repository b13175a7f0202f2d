"""Issue 7, section 3: a record edit through the API leaves no unsigned tail."""

from __future__ import annotations

from sprava.ledger import checkpoints, log
from tests.api.conftest import World


def test_a_record_edit_through_the_api_is_covered_by_a_signed_checkpoint(world: World) -> None:
    response = world.client("lawyer").patch(f"/incidents/{world.incident.pk}", {"title": "Renamed"})
    assert response.status_code == 200
    assert log.history().filter(action="records:incident:changed").exists()
    latest = checkpoints.latest()
    assert latest is not None and latest.size == log.size()
