"""`sprava serve`: the README's run command ends in it."""

from __future__ import annotations

import socket
import time
import urllib.request
from pathlib import Path

import pytest

from sprava.records.demo import CASES
from tests.cli.conftest import Instance
from tests.cli.server import Browser, serving
from tests.conftest import PASSPHRASE


@pytest.mark.slow
def test_first_start_initialises_prints_the_admin_password_once_and_serves(tmp_path: Path) -> None:
    # No terminal and no SPRAVA_PASSPHRASE: the passphrase is generated and shown once.
    with serving(tmp_path, "--no-demo", passphrase=None) as server:
        assert "Key passphrase (shown once" in server.output
        assert "demo data" not in server.output
        browser = Browser(server.base)
        login = browser.get("/evidence/")  # anything but the log-in page needs a signed-in user
        assert login.path == "/login/" and "Log in" in login.text
        with urllib.request.urlopen(server.base + "/login/", timeout=10) as page:
            assert page.headers["Server"] == "sprava"  # no server software, no version
        landed = browser.sign_in(*server.administrator())
        assert landed.path == "/cases/"
        assert "No cases yet" in landed.text


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


def test_serve_on_an_address_in_use_says_so_in_one_line(child: Instance) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = child.run("serve", "--port", str(port), check=False, timeout=60)
    assert result.returncode == 2
    assert f"sprava: cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert "serving on" not in result.stdout
