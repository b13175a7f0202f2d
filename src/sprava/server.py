"""The HTTP server behind `sprava serve`: cheroot, because it streams both ways.

An upload reaches the app straight from the socket (`wsgi.input` reads the connection as the
app asks), and the app hashes and encrypts it into the vault as it arrives; a download goes
from the decrypting app straight to the socket. No byte of either waits in a buffer file.
waitress, used before, reads every request body over 512 KiB into an unencrypted file in the
temporary folder before the app sees it, and parks any response backlog over 1 MiB there too:
a 300 MiB upload sat whole in /tmp in plaintext.

Streaming costs a worker thread for as long as a request takes (a slow upload holds one), so
the pool is sized for concurrent transfers; idle keep-alive connections hold none.
"""

from __future__ import annotations

import signal
import socket
import time
from types import FrameType
from typing import Any

from cheroot import server, wsgi

from sprava.integrity.errors import ConfigurationError

# A body the app left unread is read and dropped up to this much, so that the client sees the
# answer on a connection kept alive; beyond it the connection closes instead.
DRAIN_LIMIT = 1024**2
DRAIN_CHUNK = 64 * 1024
# Closing with unread bytes on the socket makes the kernel reset the connection, and the client
# may lose the answer it was sent: stop sending, then read and drop for this long before closing.
LINGER_SECONDS = 2.0
MAX_HEADER_BYTES = 256 * 1024
SHUTDOWN_SECONDS = 5
# Seconds a connection may stay silent, mid-request or between requests.
SOCKET_TIMEOUT = 60


class _Request(server.HTTPRequest):
    def send_headers(self) -> None:
        # cheroot would read the rest of an unread body in one `read(remaining)`: one buffer
        # as large as whatever Content-Length an anonymous client claims. Read a little in
        # small pieces, and otherwise close the connection.
        remaining = getattr(self.rfile, "remaining", 0)
        if self.chunked_read:
            remaining = 1  # unknown: never read on
        elif remaining and not self.close_connection:
            while 0 < remaining <= DRAIN_LIMIT:
                if not self.rfile.read(min(DRAIN_CHUNK, remaining)):
                    break
                remaining = self.rfile.remaining
        if remaining > 0:
            self.close_connection = True
            self.conn.body_left_unread = True
        super().send_headers()

    def simple_response(self, status: Any, msg: Any = "") -> None:
        if str(status).startswith("413"):  # refused before the body: the client is sending it
            self.conn.body_left_unread = True
        super().simple_response(status, msg)


class _Connection(server.HTTPConnection):
    RequestHandlerClass = _Request
    body_left_unread = False

    def close(self) -> None:
        if self.body_left_unread:
            self._linger()
        super().close()

    def _linger(self) -> None:
        try:
            self.wfile.flush()
            self.socket.shutdown(socket.SHUT_WR)  # the answer is complete: the client sees it
            deadline = time.monotonic() + LINGER_SECONDS
            while (left := deadline - time.monotonic()) > 0:
                self.socket.settimeout(left)
                if not self.socket.recv(DRAIN_CHUNK):
                    break  # the client closed its side
        except OSError:
            pass  # gone, or still sending after the grace period: the close resets it


class _Server(wsgi.Server):
    ConnectionClass = _Connection


def make_server(
    application: Any, *, host: str, port: int, threads: int, max_body_bytes: int
) -> Any:
    """The server, configured; `bind()` opens its address, `run()` serves."""
    http = _Server(
        (host, port),
        application,
        numthreads=threads,
        max=threads,  # a fixed pool: `--threads` transfers at once, the rest wait their turn
        server_name="sprava",  # the Server header names no software and no version
        request_queue_size=128,
        timeout=SOCKET_TIMEOUT,
        shutdown_timeout=SHUTDOWN_SECONDS,
    )
    http.max_request_body_size = max_body_bytes
    http.max_request_header_size = MAX_HEADER_BYTES
    return http


def bind(http: Any) -> None:
    """Listen on the server's address, or say in one line why not (in use, not ours...)."""
    try:
        http.prepare()
    except OSError as exc:
        host, port = http.bind_addr[:2]
        raise ConfigurationError(f"cannot serve on {host}:{port}: {exc}") from exc


def run(http: Any) -> None:
    """Serve until Ctrl-C or SIGTERM, then let requests in progress finish for a moment."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        http.serve()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        http.stop()
        signal.signal(signal.SIGTERM, previous)
