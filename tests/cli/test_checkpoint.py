"""Issue 7, section 3, on the command line: every command that writes leaves a signed
checkpoint, `sprava checkpoint` hands one out, and `verify --checkpoint` catches a rollback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sprava.integrity import checkpoint as tlog
from sprava.integrity import note
from tests.cli.conftest import Instance
from tests.ledger.rollback import roll_back


@contextmanager
def database(child: Instance) -> Iterator[tuple[Any, str]]:
    """The child's own database, opened directly, as the attacker does."""
    url = child.env.get("DATABASE_URL", "")
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            yield conn, "%s"
    else:
        conn = sqlite3.connect(child.home / "sprava.sqlite3")
        try:
            with conn:
                yield conn, "?"
        finally:
            conn.close()


def sizes(child: Instance) -> tuple[int, int]:
    """(entries in the log, size of the latest signed checkpoint)."""
    with database(child) as (conn, _):
        cursor = conn.cursor()
        cursor.execute("SELECT size FROM ledger_loghead WHERE id = 1")
        head = cursor.fetchone()
        cursor.execute("SELECT MAX(size) FROM ledger_checkpoint")
        signed = cursor.fetchone()
    return (head[0] if head else 0), (signed[0] or 0)


def test_a_cli_record_change_is_covered_by_a_signed_checkpoint(child: Instance) -> None:
    child.run("user", "add", "lead")
    child.run("case", "add", "akrestsina-2020", "Akrestsina")
    child.run("member", "add", "akrestsina-2020", "lead", "lead", "--identity-access")
    child.run("export", "persons", "--case", "akrestsina-2020", "--as", "lead")
    size, signed = sizes(child)
    assert size > 1 and signed == size


def test_a_writing_command_without_the_passphrase_is_refused_before_it_writes(
    child: Instance,
) -> None:
    before = sizes(child)
    env = {k: v for k, v in child.env.items() if k != "SPRAVA_PASSPHRASE"}
    result = Instance(child.home, env).run("case", "add", "orphan", "Orphan", check=False)
    assert result.returncode == 2
    assert "SPRAVA_PASSPHRASE" in result.stderr and "Traceback" not in result.stderr
    assert sizes(child) == before
    # Reading needs no passphrase.
    assert Instance(child.home, env).run("case", "list").returncode == 0


def test_checkpoint_prints_the_latest_signed_note(child: Instance) -> None:
    child.run("case", "add", "akrestsina-2020", "Akrestsina")
    text = child.run("checkpoint").stdout
    verifier = note.Verifier((child.home / "keys" / "log.vkey").read_text().strip())
    opened = tlog.open_checkpoint(text, verifier, origin="sprava.test/cli")
    size, _ = sizes(child)
    assert opened.size == size
    document = json.loads(child.run("checkpoint", "--json").stdout)
    assert document["note"] == text and document["size"] == size
    assert document["origin"] == "sprava.test/cli"


def test_verify_with_a_kept_checkpoint_catches_a_rollback(tmp_path: Path, child: Instance) -> None:
    child.run("case", "add", "akrestsina-2020", "Akrestsina")
    early, _ = sizes(child)
    child.run("user", "add", "lead")
    child.run("member", "add", "akrestsina-2020", "lead", "lead", "--identity-access")
    child.run("token", "add", "lead")
    kept = tmp_path / "partner-copy.txt"
    kept.write_text(child.run("checkpoint").stdout)
    assert child.run("verify", "--checkpoint", str(kept)).returncode == 0
    with database(child) as (conn, mark):
        assert roll_back(conn, early, mark) > 0
    # The instance's own copy outside the database catches a forger who has only the database.
    own = child.run("verify", "--json", check=False)
    assert own.returncode == 1
    fatal = [p["subject"] for p in json.loads(own.stdout)["problems"] if p["fatal"]]
    assert f"checkpoint {child.home / 'checkpoint.latest'}" in fatal
    # The records audit names the rows whose events vanished with the rolled-back entries.
    assert "table accounts_membership row 1" in fatal
    # One who has the server too removes the copy (and would delete those rows as well): no
    # checkpoint problem is left then; the partner's copy still catches the rollback.
    (child.home / "checkpoint.latest").unlink()
    plain = child.run("verify", "--json", check=False)
    assert not [p for p in json.loads(plain.stdout)["problems"]
                if p["fatal"] and p["subject"].startswith("checkpoint")]
    result = child.run("verify", "--checkpoint", str(kept), "--json", check=False)
    assert result.returncode == 1
    problems = [p for p in json.loads(result.stdout)["problems"]
                if p["fatal"] and p["subject"].startswith("checkpoint")]
    assert len(problems) == 1
    assert problems[0]["subject"] == f"checkpoint {kept}"
    assert "rollback" in problems[0]["message"]


def test_a_writing_command_refuses_to_sign_a_log_rolled_back_past_the_kept_copy(
    child: Instance,
) -> None:
    child.run("case", "add", "akrestsina-2020", "Akrestsina")
    early, _ = sizes(child)
    child.run("user", "add", "lead")
    child.run("user", "add", "witness-handler")
    with database(child) as (conn, mark):
        roll_back(conn, early, mark)
    result = child.run("case", "add", "forged", "Forged", check=False)
    assert result.returncode == 2
    assert "rollback" in result.stderr and "not signing" in result.stderr
    assert sizes(child) == (early + 1, early)  # the write is kept, its forged log not signed


def test_verify_with_an_unreadable_checkpoint_file_is_an_error(
    tmp_path: Path, child: Instance
) -> None:
    result = child.run("verify", "--checkpoint", str(tmp_path / "absent"), check=False)
    assert result.returncode == 2
    assert "absent" in result.stderr and "Traceback" not in result.stderr


def test_an_ingest_whose_checkpoint_is_refused_still_reports_what_it_took_in(
    tmp_path: Path, child: Instance
) -> None:
    # The files are in the locker and the log either way: the person must learn which, and
    # that nothing signed them.
    child.run("case", "add", "akrestsina-2020", "Akrestsina")
    early, _ = sizes(child)
    child.run("user", "add", "lead")
    with database(child) as (conn, mark):
        roll_back(conn, early, mark)
    photo = tmp_path / "photo.bin"
    photo.write_bytes(b"a photograph, as bytes\n" * 50)
    result = child.run("ingest", str(photo), "--json", check=False)
    assert result.returncode == 2
    assert [i["filename"] for i in json.loads(result.stdout)["ingested"]] == ["photo.bin"]
    assert "no signed checkpoint" in result.stderr and "not signing" in result.stderr
