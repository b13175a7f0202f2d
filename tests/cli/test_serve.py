"""`sprava serve`: the README's run command ends in it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
