"""The real `sprava serve` in a child process, and a browser for it made of the standard library.

What a newcomer does after the README's run command: start the server on a fresh data directory,
read the administrator's password it prints, sign in (cookies and CSRF token), open pages.
"""

from __future__ import annotations

import html
import http.client
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

from tests.cli.conftest import _postgres_database

ADMIN_LINE = re.compile(r"First administrator: (\S+)\s+password \(shown once\): (\S+)")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_environment(home: Path, passphrase: str | None) -> dict[str, str]:
    """This process's environment without the test run's settings, for a home of its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "SPRAVA_", "DATABASE_URL"))
    }
    env["SPRAVA_HOME"] = str(home)
    if passphrase:
        env["SPRAVA_PASSPHRASE"] = passphrase
    return env


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    home: Path
    lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def administrator(self) -> tuple[str, str]:
        found = ADMIN_LINE.search(self.output)
        assert found, "no administrator password printed:\n" + self.output
        return found.group(1), found.group(2)


@contextmanager
def serving(
    tmp_path: Path,
    *args: str,
    passphrase: str | None,
    start_seconds: float = 300,
    env: dict[str, str] | None = None,
    postgres: bool = False,
) -> Iterator[Server]:
    """`sprava serve ARGS` on a fresh home, once it says it is serving and answers.

    With `postgres` and DATABASE_URL set, the child gets a fresh PostgreSQL database of its own;
    otherwise SQLite in its home, as the README's run command uses.
    """
    home = tmp_path / "home"
    environment = child_environment(home, passphrase)
    environment.update(env or {})
    database = os.environ.get("DATABASE_URL", "") if postgres else ""
    generator = _postgres_database(database) if database else None
    if generator is not None:
        environment["DATABASE_URL"] = next(generator)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sprava.cli", "serve", "--port", str(port), *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    server = Server(process, port, home)
    arrived: queue.Queue[str] = queue.Queue()

    def drain() -> None:
        # Read everything the server prints, so a full pipe never blocks it.
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.append(line)
            arrived.put(line)
        arrived.put("")

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + start_seconds
        while not any("serving on" in line for line in server.lines):
            try:
                line = arrived.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("serve did not start in time:\n" + server.output) from None
            assert line, "serve exited early:\n" + server.output
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the web app did not answer:\n" + server.output)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        if generator is not None:
            next(generator, None)


@dataclass
class Page:
    url: str
    status: int
    text: str

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    def csrf_token(self) -> str:
        found = CSRF_FIELD.search(self.text)
        assert found, f"no CSRF token on {self.url}"
        return html.unescape(found.group(1))


class Browser:
    """Cookies, the CSRF token of the last form, redirects followed: what a browser does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> Page:
        with self.opener.open(self.base + path, timeout=60) as response:
            return Page(response.url, response.status, response.read().decode("utf-8"))

    def post(self, path: str, fields: dict[str, str], token: str) -> Page:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        with self.opener.open(request, timeout=60) as response:
            return Page(response.url, response.status, response.read().decode("utf-8"))

    def sign_in(self, username: str, password: str) -> Page:
        form = self.get("/login/")
        return self.post(
            "/login/", {"username": username, "password": password}, form.csrf_token()
        )

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def connection(self) -> http.client.HTTPConnection:
        """A raw connection to the server, for requests sent piece by piece (add
        `cookie_header()` to carry this browser's session)."""
        parts = urllib.parse.urlsplit(self.base)
        return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)
