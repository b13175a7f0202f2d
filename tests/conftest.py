"""Shared fixtures: an initialised instance per test, and personas."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# No timing decides a test: Hypothesis's default 200 ms deadline per example fails property
# tests on a loaded machine (CI runs one process a core beside PostgreSQL).
hypothesis_settings.register_profile("sprava", deadline=None)
hypothesis_settings.load_profile("sprava")

PASSPHRASE = "correct horse battery staple"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TESTDATA = SHARED / "testdata"


def shared_testdata(*parts: str) -> Path:
    """A folder of ../shared/testdata; skipped when absent, except in CI where it must exist."""
    path = TESTDATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; CI must have ../shared/testdata beside the clone")
        pytest.skip(f"{path} is not here (it lives in ../shared/testdata)")
    return path


@pytest.fixture(scope="session")
def key_material(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keys are made once per session (scrypt and PBKDF2 are slow on purpose) and copied."""
    from django.conf import settings

    from sprava.home import keys
    from sprava.home.paths import Paths

    home = tmp_path_factory.mktemp("keys-home")
    keys.create_keys(PASSPHRASE, "sprava.test/log", Paths(home))
    old = settings.SPRAVA_HOME
    settings.SPRAVA_HOME = home
    try:
        keys.KEYRING.unlock(PASSPHRASE, Paths(home))
    finally:
        settings.SPRAVA_HOME = old
    return home


@pytest.fixture
def home(key_material: Path, tmp_path: Path, settings, monkeypatch) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """An initialised SPRAVA_HOME of this test's own, with the keyring unlocked."""
    target = tmp_path / "home"
    shutil.copytree(key_material, target)
    settings.SPRAVA_HOME = target
    monkeypatch.setenv("SPRAVA_HOME", str(target))
    monkeypatch.setenv("SPRAVA_PASSPHRASE", PASSPHRASE)
    yield target


@pytest.fixture
def vault(home: Path):  # type: ignore[no-untyped-def]
    from sprava.home.vault import open_vault

    return open_vault(read=True)


@pytest.fixture(autouse=True)
def _evidence_ids_in_step(request: pytest.FixtureRequest) -> None:
    """On PostgreSQL, start each database test with the item and receipt sequences in step.

    The reader knows an item by the number of its first receipt they see, not by its row id
    (`evidence.visibility`). Many older tests still address an item by `item.id`, which is that
    number only while ids and receipt ids go in step, as they do on SQLite, whose rolled-back
    rows give their ids back. PostgreSQL's sequences do not go back, so they are put in step
    here. Debt, not a rule: those tests should ask for the reader's number instead.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GREATEST((SELECT last_value FROM evidence_item_id_seq),"
            " (SELECT last_value FROM evidence_receipt_id_seq))")
        value = cursor.fetchone()[0]
        cursor.execute("SELECT setval('evidence_item_id_seq', %s), "
                       "setval('evidence_receipt_id_seq', %s)", [value, value])
