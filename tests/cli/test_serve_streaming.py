"""The real server streams: no plaintext of an upload or a download on disk, not even for a
moment, and no body held in memory instead.

A WSGI server that buffers request bodies (or responses) in a temporary file writes the raw
evidence, unencrypted, to /tmp while it is in flight. These tests watch the open files and the
memory of the running `sprava serve` while a large upload and a large download are under way.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.cli.server import Browser, Server, serving
from tests.conftest import PASSPHRASE

MIB = 1024**2
SIZE = 64 * MIB  # far above any buffer of a WSGI server in memory (waitress spools from 512 KiB)
BOUNDARY = "sprava-plaintext-test"
T = TypeVar("T")


def open_files_for_writing(pid: int) -> list[str]:
    """Every regular file the process holds open for writing, deleted ones included."""
    found = []
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
            mode = os.stat(fd).st_mode  # follows the link: works for a deleted file too
            flags = next(
                int(line.split()[1], 8)
                for line in Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text().splitlines()
                if line.startswith("flags:")
            )
        except (FileNotFoundError, StopIteration):
            continue  # closed while we looked
        if stat.S_ISREG(mode) and flags & os.O_ACCMODE in (os.O_WRONLY, os.O_RDWR):
            found.append(target)
    return found


def plaintext_files(server: Server) -> list[str]:
    """Open files that may hold plaintext: anything but the vault's own (encrypted) temporaries
    and the database."""
    vault_tmp = str(server.home / "vault" / "tmp") + os.sep
    database = str(server.home / "sprava.sqlite3")
    return [
        path
        for path in open_files_for_writing(server.process.pid)
        if not (path.startswith(vault_tmp) and not path.endswith(" (deleted)"))
        and not path.startswith(database)
    ]


def memory(pid: int) -> int:
    """The resident memory of the process now, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def watch(server: Server, seconds: float = 1.0) -> tuple[list[str], int]:
    """What `plaintext_files` finds, looked at repeatedly for a while, and the most memory."""
    seen: set[str] = set()
    most = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.update(plaintext_files(server))
        most = max(most, memory(server.process.pid))
        time.sleep(0.05)
    return sorted(seen), most


def files_containing(folder: Path, marker: bytes) -> list[Path]:
    return [
        path for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and marker in path.read_bytes()
    ]


def newest_item_id(browser: Browser) -> int:
    found = re.search(r'href="/evidence/(\d+)/"', browser.get("/evidence/").text)
    assert found, "the upload made no item"
    return int(found.group(1))


Look = Callable[[], T]


def upload(browser: Browser, name: str, content: bytes, look: Look[T]) -> tuple[int, T]:
    """POST `content` as the upload form does, sent piece by piece; `look` runs once three
    quarters of it are on their way. Returns the answer's status and what `look` saw."""
    token = browser.get("/evidence/upload/").csrf_token()
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n"
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    connection = browser.connection()
    connection.putrequest("POST", "/evidence/upload/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(len(head) + len(content) + len(tail)))
    connection.putheader("Cookie", browser.cookie_header())
    connection.endheaders()
    connection.send(head)
    pause = len(content) * 3 // 4
    for offset in range(0, pause, MIB):
        connection.send(content[offset : min(offset + MIB, pause)])
    seen = look()
    for offset in range(pause, len(content), MIB):
        connection.send(content[offset : offset + MIB])
    connection.send(tail)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, seen


def download(browser: Browser, item_id: int, look: Look[T]) -> tuple[str, T]:
    """Download the item, reading slowly: `look` runs after the first MiB. Returns the
    SHA-256 of what arrived and what `look` saw."""
    token = browser.get(f"/evidence/{item_id}/").csrf_token()
    connection = browser.connection()
    connection.request(
        "POST", f"/evidence/{item_id}/download/",
        body=f"csrfmiddlewaretoken={token}&reason=test",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": browser.cookie_header()},
    )
    response = connection.getresponse()
    assert response.status == 200
    received = hashlib.sha256(response.read(MIB))
    seen = look()
    while chunk := response.read(MIB):
        received.update(chunk)
    connection.close()
    return received.hexdigest(), seen


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One `sprava serve` for this module; its TMPDIR is `home/../tmp`."""
    folder = tmp_path_factory.mktemp("streaming")
    scratch = folder / "tmp"
    scratch.mkdir()
    with serving(folder, "--no-demo", passphrase=PASSPHRASE,
                 env={"TMPDIR": str(scratch)}) as running:
        yield running


@pytest.mark.slow
def test_a_large_upload_and_its_download_never_reach_a_plaintext_file(server: Server) -> None:
    scratch = server.home.parent / "tmp"  # nothing may ever land there
    content = os.urandom(SIZE)
    marker = content[SIZE // 2 : SIZE // 2 + 64]
    browser = Browser(server.base)
    browser.sign_in(*server.administrator())
    # A small upload and download first: the code they load is not the bodies' memory.
    small = os.urandom(2 * MIB)
    assert upload(browser, "warm-up.bin", small, lambda: None)[0] == 302
    assert download(browser, newest_item_id(browser), lambda: None)[0] == sha256(small)
    assert watch(server, 0.2)[0] == []  # nothing to blame on what came before
    before = memory(server.process.pid)

    # Where does the body go while it is in flight?
    status, (during_upload, upload_memory) = upload(
        browser, "large-video.mp4", content, lambda: watch(server))
    assert status == 302, status
    # The reader is slow: the server must wait for it, not park the rest anywhere.
    received, (during_download, download_memory) = download(
        browser, newest_item_id(browser), lambda: watch(server))

    # Spooled to a plaintext file while in flight: the request body, the response.
    assert {"upload": during_upload, "download": during_download} == {
        "upload": [], "download": []}
    assert received == sha256(content)
    # Streamed, not held in memory instead: a server holding the body would have grown by the
    # three quarters sent (48 MiB); the upload path keeps about 16 MiB in flight by design
    # (queues of 1 MiB chunks), and grew by 17 to 22 MiB in trials.
    grown = {"upload": upload_memory - before, "download": download_memory - before}
    assert max(grown.values()) < SIZE * 5 // 8, grown
    assert list(scratch.iterdir()) == []
    assert files_containing(server.home, marker) == []


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claimed", "status"),
    [(10 * 1024**3, 302),  # anonymous: sent to the login page, the body unread
     (1024**4, 413)],  # above the upload limit: refused before the body
)
def test_a_body_the_app_does_not_read_is_not_read_by_the_server_either(
    server: Server, claimed: int, status: int
) -> None:
    # The server must answer at once and close, not wait for (or hold) whatever size the
    # client claims; and the client, still sending, must get to read the answer.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    connection.putrequest("POST", "/evidence/upload/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(claimed))  # far more than ever comes
    connection.endheaders()
    before = memory(server.process.pid)
    started = time.monotonic()
    for _ in range(4):
        connection.send(os.urandom(MIB))
    response = connection.getresponse()
    assert response.status == status
    assert response.getheader("Connection") == "close"
    assert time.monotonic() - started < 10
    assert memory(server.process.pid) - before < 64 * MIB
    connection.close()


@pytest.mark.slow
def test_a_small_unread_body_keeps_the_connection_alive(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    for _ in range(2):  # the same connection answers twice
        connection.request("POST", "/evidence/upload/", body=os.urandom(100_000),
                           headers={"Content-Type": "application/octet-stream"})
        response = connection.getresponse()
        response.read()
        assert response.status == 302
        assert response.getheader("Connection") != "close"
    connection.close()
