"""Running the real `sprava` command in a child process, against a database of its own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import PASSPHRASE


@dataclass
class Instance:
    home: Path
    env: dict[str, str]

    def run(
        self, *args: str, check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "sprava.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"sprava {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "sprava.cli", *args],
            env=self.env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )


def _postgres_database(url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for a child process, dropped afterwards."""
    import psycopg

    parts = urlsplit(url)
    name = f"sprava_child_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CLERK = "clerk"  # the child's first administrator, whom commands act as (SPRAVA_USER)


@pytest.fixture
def child(tmp_path: Path) -> Iterator[Instance]:
    """An initialised instance used only through the command line, like a person would.

    Its first administrator, `clerk`, is the Sprava user of the commands that act as one
    (`SPRAVA_USER`); a command that needs another user says `--as`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        SPRAVA_HOME=str(tmp_path / "home"),
        SPRAVA_PASSPHRASE=PASSPHRASE,
        SPRAVA_USER_PASSWORD="a password of some length",
        SPRAVA_USER=CLERK,
    )
    database = os.environ.get("DATABASE_URL", "")
    if database:
        generator = _postgres_database(database)
        env["DATABASE_URL"] = next(generator)
    instance = Instance(tmp_path / "home", env)
    instance.run("init", "--admin", CLERK, "--origin", "sprava.test/cli")
    yield instance
    if database:
        next(generator, None)


@pytest.fixture
def documenter(home: Path, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A user made as `sprava user add` makes one (with its ledger event, so that `verify`
    passes), whom the in-process commands act as (SPRAVA_USER)."""
    from sprava.accounts.users import create_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("SPRAVA_USER", "documenter")
    return create_user("documenter", "a password of some length", actor="test")
