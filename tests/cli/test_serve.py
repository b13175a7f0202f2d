"""`sprava serve`: the README's run command ends in it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sprava.records.demo import CASES
from tests.cli.server import Browser, free_port, serving
from tests.conftest import PASSPHRASE


@pytest.mark.slow
def test_first_start_initialises_prints_the_admin_password_once_and_serves(tmp_path: Path) -> None:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "SPRAVA_", "DATABASE_URL"))
    }
    env["SPRAVA_HOME"] = str(tmp_path / "home")
    process = subprocess.Popen(
        [sys.executable, "-m", "sprava.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = []
        assert process.stdout is not None
        while not any("serving on" in line for line in lines):
            line = process.stdout.readline()
            assert line, "serve exited early:\n" + "".join(lines)
            lines.append(line)
        output = "".join(lines)
        assert "First administrator: admin" in output
        assert "Key passphrase (shown once" in output  # no terminal, no SPRAVA_PASSPHRASE
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as page:
                    assert page.status == 200
                    assert b"Log in" in page.read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the web app did not answer")
        # Anything else needs a signed-in user.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/evidence/", timeout=5) as page:
            assert "/login/" in page.url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.slow
def test_the_readme_run_path_shows_the_first_administrator_the_demo_cases(
    tmp_path: Path,
) -> None:
    # The README's front door, for real: `sprava serve` on a fresh home loads the full demo data
    # set, prints the administrator's password once, and that administrator leads the demo
    # cases. On PostgreSQL (DATABASE_URL) the child gets a database of its own.
    started = time.monotonic()
    with serving(tmp_path, passphrase=PASSPHRASE, postgres=True) as server:
        print(f"first start with the full demo data set: {time.monotonic() - started:.1f} s")
        assert "Loaded the fictional demo data set" in server.output
        username, password = server.administrator()
        browser = Browser(server.base)
        # A newcomer opens the address the README gives and is asked to sign in ...
        login = browser.get("/")
        assert login.path == "/login/"
        landed = browser.post(
            "/login/", {"username": username, "password": password, "next": "/"},
            login.csrf_token(),
        )
        # ... and lands on their cases, every demo case among them.
        assert landed.path == "/cases/"
        for reference, title, _venues, _words in CASES:
            assert reference in landed.text
            assert title in landed.text
        assert "No cases yet" not in landed.text
        reference = CASES[0][0]
        dashboard = browser.get(f"/cases/{reference}/dashboard/")
        assert dashboard.status == 200
        assert CASES[0][1] in dashboard.text
        assert "No acts recorded in this case yet." not in dashboard.text
        assert 'class="records acts-by-type"' in dashboard.text


@pytest.mark.slow
def test_serve_with_no_demo_starts_an_empty_locker(tmp_path: Path) -> None:
    with serving(tmp_path, "--no-demo", passphrase=PASSPHRASE) as server:
        assert "demo data" not in server.output
        browser = Browser(server.base)
        landed = browser.sign_in(*server.administrator())
        assert landed.path == "/cases/"
        assert "No cases yet" in landed.text
