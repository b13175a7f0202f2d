"""The command line, as a person or a script uses it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from sprava.integrity.custody_proof import verify_custody_proof
from tests.cli.conftest import Instance


def make_files(folder: Path, count: int, size: int = 1000) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"file-{i:04d}.bin"
        path.write_bytes(os.urandom(size))
        paths.append(path)
    return paths


def test_init_creates_keys_with_private_modes(child: Instance) -> None:
    keys = child.home / "keys"
    for name in ("log-signing.pem", "vault-identity.age"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(child.home.stat().st_mode) == 0o700
    again = child.run("init", check=False)
    assert again.returncode == 2
    assert "initialised already" in again.stderr


def test_init_with_a_short_passphrase_is_refused(tmp_path: Path, child: Instance) -> None:
    env = dict(child.env, SPRAVA_HOME=str(tmp_path / "other"), SPRAVA_PASSPHRASE="short")
    result = Instance(tmp_path / "other", env).run("init", check=False)
    assert result.returncode == 2
    assert "at least 12 characters" in result.stderr


def test_ingest_reports_ingested_duplicates_and_failures(tmp_path: Path, child: Instance) -> None:
    folder = tmp_path / "in"
    files = make_files(folder, 3)
    (folder / "copy.bin").write_bytes(files[0].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = child.run(
        "ingest",
        str(folder),
        "--collected-by",
        "Documenter A",
        "--method",
        "handed over on USB",
        "--json",
        check=False,
    )
    assert result.returncode == 1  # one file failed
    report = json.loads(result.stdout)
    assert len(report["ingested"]) == 3
    assert len(report["duplicates"]) == 1
    assert report["failed"] == [
        {"path": str(folder / "empty.txt"), "reason": report["failed"][0]["reason"]}
    ]
    assert "empty" in report["failed"][0]["reason"]
    people = child.run("ingest", str(files[1]))
    assert "0 ingested, 1 duplicates, 0 failed" in people.stdout


def test_verify_passes_then_names_a_tampered_blob(tmp_path: Path, child: Instance) -> None:
    make_files(tmp_path / "in", 2)
    child.run("ingest", str(tmp_path / "in"))
    assert "all checks passed" in child.run("verify").stdout
    objects = child.home / "vault" / "objects"
    blob = next(p for p in objects.rglob("*") if p.is_file())
    data = bytearray(blob.read_bytes())
    data[-1] ^= 1
    blob.write_bytes(bytes(data))
    result = child.run("verify", "--json", check=False)
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert [p for p in problems if p["fatal"] and p["subject"].startswith("item ")]


def test_log_filters_by_item(tmp_path: Path, child: Instance) -> None:
    files = make_files(tmp_path / "in", 2)
    child.run("ingest", str(tmp_path / "in"))
    child.run("ingest", str(files[0]))
    sha = json.loads(child.run("ingest", str(files[0]), "--json").stdout)["duplicates"][0]["sha256"]
    entries = json.loads(child.run("log", "--item", sha[:12], "--json").stdout)
    assert len(entries) == 3
    assert {e["action"] for e in entries} == {"evidence:item:received"}
    assert all(e["items"][0]["sha256"] == sha for e in entries)


def test_prove_output_verifies_with_the_integrity_library_alone(
    tmp_path: Path, child: Instance
) -> None:
    files = make_files(tmp_path / "in", 5)
    child.run("ingest", str(tmp_path / "in"))
    child.run("ingest", str(files[2]))  # a second receipt, after the first checkpoint
    sha = json.loads(child.run("ingest", str(files[2]), "--json").stdout)["duplicates"][0]["sha256"]
    document = json.loads(child.run("prove", sha).stdout)
    assert len(document["entries"]) == 3
    verifier_key = (child.home / "keys" / "log.vkey").read_text().strip()
    verify_custody_proof(document, verifier_key)


def test_user_add_takes_the_password_from_the_environment(child: Instance) -> None:
    result = child.run("user", "add", "documenter", "--json")
    assert json.loads(result.stdout) == {"ok": True, "username": "documenter", "admin": False}
    weak = Instance(child.home, dict(child.env, SPRAVA_USER_PASSWORD="12345"))
    refused = weak.run("user", "add", "weak", check=False)
    assert refused.returncode == 2
    assert "password refused" in refused.stderr


def test_a_wrong_passphrase_is_a_clear_error(tmp_path: Path, child: Instance) -> None:
    make_files(tmp_path / "in", 1)
    env = dict(child.env, SPRAVA_PASSPHRASE="not the passphrase at all")
    result = Instance(child.home, env).run("ingest", str(tmp_path / "in"), check=False)
    assert result.returncode == 2
    assert "passphrase" in result.stderr
    assert "Traceback" not in result.stderr


def test_analyze_refreshes_the_planner_statistics(child: Instance) -> None:
    result = json.loads(child.run("analyze", "--json").stdout)
    assert result["ok"] is True
    assert "Refreshed the planner's statistics" in child.run("analyze").stdout
    if "DATABASE_URL" not in child.env:  # SQLite keeps what ANALYZE gathered in sqlite_stat1
        with sqlite3.connect(child.home / "sprava.sqlite3") as db:
            tables = {row[0] for row in db.execute("SELECT DISTINCT tbl FROM sqlite_stat1")}
        assert "records_place" in tables  # shipped reference data, so never empty


def test_demo_is_led_by_the_earliest_administrator_or_the_member_named(child: Instance) -> None:
    child.run("user", "add", "boss", "--admin")  # after the child's first, `clerk`
    child.run("user", "add", "dana")
    wrong = child.run("demo", "--small", "--member", "nobody", check=False)
    assert wrong.returncode == 2
    assert "no active account 'nobody'" in wrong.stderr
    assert "demo-" not in child.run("case", "list").stdout  # nothing loaded without its lead
    loaded = json.loads(child.run("demo", "--small", "--json").stdout)
    assert loaded["lead"] == "clerk" and loaded["counts"]["cases"] == 4
    members = json.loads(child.run("member", "list", "demo-exile", "--json").stdout)["members"]
    assert [(m["user"], m["role"], m["identity_access"]) for m in members] == [
        ("clerk", "lead", True)]
