"""Issue 7, section 3: a record edit through the API leaves no unsigned tail."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sprava.home import keys
from sprava.home.paths import Paths
from sprava.ledger import checkpoints, log
from tests.api.conftest import World
from tests.conftest import PASSPHRASE


def test_a_record_edit_through_the_api_is_covered_by_a_signed_checkpoint(world: World) -> None:
    response = world.client("lawyer").patch(f"/incidents/{world.incident.pk}", {"title": "Renamed"})
    assert response.status_code == 200
    assert log.history().filter(action="records:incident:changed").exists()
    latest = checkpoints.latest()
    assert latest is not None and latest.size == log.size()


def test_a_write_whose_checkpoint_cannot_be_signed_is_kept_and_logged(
    world: World, key_material: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv("SPRAVA_PASSPHRASE")
    keys.KEYRING.lock()
    try:
        with caplog.at_level(logging.ERROR, logger="sprava.ledger"):
            response = world.client("lawyer").patch(
                f"/incidents/{world.incident.pk}", {"title": "Renamed"}
            )
    finally:
        keys.KEYRING.unlock(PASSPHRASE, Paths(key_material))  # as the session had it
    assert response.status_code == 200  # the change is committed and recorded: say so
    assert "are not signed" in caplog.text and "locked" in caplog.text
    latest = checkpoints.latest()
    assert latest is None or latest.size < log.size()  # verify reports it after the bound
