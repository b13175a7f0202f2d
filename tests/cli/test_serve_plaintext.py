"""The real server keeps no plaintext of an upload or a download on disk, not even for a moment.

A WSGI server that buffers request bodies (or responses) in a temporary file writes the raw
evidence, unencrypted, to /tmp while it is in flight. These tests watch the open files of the
running `sprava serve` while a large upload and a large download are under way.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from pathlib import Path

import pytest

from tests.cli.server import Browser, Server, serving
from tests.conftest import PASSPHRASE

MIB = 1024**2
SIZE = 48 * MIB  # far above any in-memory buffer of a WSGI server (waitress spools at 512 KiB)
BOUNDARY = "sprava-plaintext-test"


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


def watch(server: Server, seconds: float = 1.0) -> list[str]:
    """What `plaintext_files` finds, looked at repeatedly for a while."""
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.update(plaintext_files(server))
        time.sleep(0.05)
    return sorted(seen)


def peak_memory(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def files_containing(folder: Path, marker: bytes) -> list[Path]:
    return [
        path for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and marker in path.read_bytes()
    ]


def uploaded_item_id(browser: Browser) -> int:
    found = re.search(r'href="/evidence/(\d+)/"', browser.get("/evidence/").text)
    assert found, "the upload made no item"
    return int(found.group(1))


@pytest.mark.slow
def test_a_large_upload_and_its_download_never_reach_a_plaintext_file(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"  # the server's TMPDIR: nothing may ever land there
    scratch.mkdir()
    content = os.urandom(SIZE)
    marker = content[SIZE // 2 : SIZE // 2 + 64]
    with serving(tmp_path, "--no-demo", passphrase=PASSPHRASE,
                 env={"TMPDIR": str(scratch)}) as server:
        browser = Browser(server.base)
        browser.sign_in(*server.administrator())
        token = browser.get("/evidence/upload/").csrf_token()
        assert watch(server, 0.2) == []  # nothing to blame on the server's start
        before = peak_memory(server.process.pid)

        head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="files"; filename="large-video.mp4"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        connection = browser.connection()
        connection.putrequest("POST", "/evidence/upload/")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        connection.putheader("Content-Length", str(len(head) + SIZE + len(tail)))
        connection.putheader("Cookie", browser.cookie_header())
        connection.putheader("X-CSRFToken", token)
        connection.endheaders()
        connection.send(head)
        # Most of the body, then a pause while it is in flight: where did it go?
        for offset in range(0, SIZE * 3 // 4, MIB):
            connection.send(content[offset : offset + MIB])
        during_upload = watch(server)
        for offset in range(SIZE * 3 // 4, SIZE, MIB):
            connection.send(content[offset : offset + MIB])
        connection.send(tail)
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 302, response.status
        upload_memory = peak_memory(server.process.pid) - before

        item_id = uploaded_item_id(browser)
        page = browser.get(f"/evidence/{item_id}/")
        connection = browser.connection()
        connection.request(
            "POST", f"/evidence/{item_id}/download/",
            body=f"csrfmiddlewaretoken={page.csrf_token()}&reason=test",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Cookie": browser.cookie_header()},
        )
        download = connection.getresponse()
        assert download.status == 200
        received = hashlib.sha256(download.read(MIB))
        during_download = watch(server)  # the reader is slow: the server must wait, not spool
        while chunk := download.read(MIB):
            received.update(chunk)
        connection.close()

        # Spooled to a plaintext file while in flight: the request body, the response.
        assert {"upload": during_upload, "download": during_download} == {
            "upload": [], "download": []}
        assert received.hexdigest() == hashlib.sha256(content).hexdigest()
        # Streamed, not held: the server never had the whole body in memory either.
        assert upload_memory < SIZE // 2, f"the server's memory grew by {upload_memory} bytes"
        assert list(scratch.iterdir()) == []
        assert files_containing(server.home, marker) == []
