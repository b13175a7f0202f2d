"""Sources and files that fail the way disks, networks and other processes make them fail."""

from __future__ import annotations

import errno
import io
import os


def os_error(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class FailingSource:
    """A stream that gives `good` bytes, then raises `error` (a file deleted or unmounted under
    us, a revoked permission, an I/O error); tests run as root, so chmod cannot do this."""

    def __init__(self, good: bytes, error: BaseException) -> None:
        self._stream = io.BytesIO(good)
        self._error = error
        self.reads = 0

    def read(self, size: int = -1, /) -> bytes:
        self.reads += 1
        chunk = self._stream.read(size)
        if not chunk:
            raise self._error
        return chunk


class FullDisk(io.RawIOBase):
    """A raw file that accepts `room` bytes, then fails every write with ENOSPC.

    Wrapped in a BufferedWriter it fails as a real full disk does: on a write, and again when
    closing tries to flush what is still buffered.
    """

    def __init__(self, fd: int, room: int) -> None:
        self._fd = fd
        self._room = room

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if len(data) > self._room:
            raise os_error(errno.ENOSPC)
        self._room -= len(data)
        return os.write(self._fd, data)

    def fileno(self) -> int:
        return self._fd

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()
