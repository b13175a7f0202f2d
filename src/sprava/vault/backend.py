"""Where vault ciphertext lives: the storage protocol, and the local folder backend.

A backend stores opaque bytes (age ciphertext) under random names, write-once. It knows nothing
about encryption or digests; the `Vault` in store.py does that.

The protocol is shaped for S3-compatible storage as well as a folder:

- a blob's name is fixed when its temp is opened, so that an S3 backend can start a multipart
  upload to the final key and finish it with `CompleteMultipartUpload` + `If-None-Match: *`
  (the object does not exist, and is not listed, until then);
- `commit` never overwrites: it raises `BlobExistsError` if the name is taken;
- `temps` and `delete_temp` let a sweeper find writes abandoned by a killed process
  (for S3: `ListMultipartUploads` / `AbortMultipartUpload`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sprava.vault.errors import BlobExistsError, BlobNotFoundError, VaultError

# 128 random bits, lowercase hex: see store.new_blob_name. Checked before any name becomes part
# of a path, so a name read from a database can never walk out of the vault folder.
BLOB_NAME_RE = re.compile(r"[0-9a-f]{32}")
SHARD_CHARS = 2
TEMP_PREFIX = "stage-"
TEMP_SUFFIX = ".part"
OBJECTS_DIR = "objects"
TMP_DIR = "tmp"


def check_name(name: str) -> str:
    """Return `name` if it is a well-formed blob name, else raise VaultError."""
    if not BLOB_NAME_RE.fullmatch(name):
        raise VaultError(f"not a vault blob name: {name!r}")
    return name


@dataclass(frozen=True)
class TempInfo:
    """A write in progress, or one abandoned by a process that died before commit or discard."""

    temp_id: str
    modified: float  # POSIX time of the last write
    size: int


class BlobReader(Protocol):
    """What a backend returns for reading: a stream of ciphertext (a file, an HTTP body)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class TempWriter(Protocol):
    """Ciphertext being written. It becomes a blob only when its backend commits it."""

    @property
    def name(self) -> str:
        """The blob name this temp will be committed under."""
        ...

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class Backend(Protocol):
    """Write-once storage of opaque objects under random names."""

    def open_temp(self, name: str) -> TempWriter:
        """Start writing the object that `commit` will publish under `name`."""
        ...

    def commit(self, temp: TempWriter) -> None:
        """Make the temp durable and visible under its name; never overwrite.

        Raises BlobExistsError if the name is taken. On any failure the temp is left for
        `discard`.
        """
        ...

    def discard(self, temp: TempWriter) -> None:
        """Drop a temp that was not committed. Idempotent."""
        ...

    def open_read(self, name: str) -> BlobReader:
        """Open a committed object. Raises BlobNotFoundError."""
        ...

    def exists(self, name: str) -> bool: ...

    def names(self) -> Iterator[str]:
        """Every committed object's name."""
        ...

    def modified_at(self, name: str) -> float:
        """POSIX time of the commit, or later; never earlier. Raises BlobNotFoundError.

        Sweeping orphans uses it as a grace period, so a blob committed a moment ago, whose
        database record is being written, is not mistaken for an orphan.
        """
        ...

    def delete(self, name: str) -> None:
        """Remove a committed object. Raises BlobNotFoundError."""
        ...

    def temps(self) -> Iterator[TempInfo]:
        """Temps not yet committed or discarded, including abandoned ones."""
        ...

    def delete_temp(self, temp_id: str) -> bool:
        """Remove a temp by id; False if it was already gone."""
        ...


def fsync_directory(path: Path) -> None:
    """Make a rename, link or unlink in `path` durable (POSIX: fsync the directory)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def link_no_replace(source: Path, target: Path) -> None:
    """Give `source` a second name `target`; FileExistsError if `target` exists.

    A hard link is the portable POSIX way to "rename unless the target exists": os.rename and
    os.replace overwrite silently, and renameat2(RENAME_NOREPLACE) is not in the standard library.
    """
    os.link(source, target)


class _LocalTemp:
    """A temp file in the vault's tmp/ folder, named at random, mode 0600."""

    def __init__(self, name: str, path: Path, file: BinaryIO) -> None:
        self._name = name
        self.path = path
        self.file = file

    @property
    def name(self) -> str:
        return self._name

    def write(self, data: bytes, /) -> int:
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()


class LocalBackend:
    """A vault in a local folder: objects/ab/ab01...(32 hex), plus tmp/ for writes in progress.

    tmp/ and objects/ are on the same file system, so a commit is a hard link (atomic, refuses
    to overwrite) followed by fsyncs. Committed files are made read-only (0400): the vault never
    writes to a blob again, and neither should anything else.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / OBJECTS_DIR
        self.tmp = self.root / TMP_DIR
        for folder in (self.root, self.objects, self.tmp):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def object_path(self, name: str) -> Path:
        check_name(name)
        return self.objects / name[:SHARD_CHARS] / name

    def open_temp(self, name: str) -> _LocalTemp:
        check_name(name)
        fd, path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.tmp)
        return _LocalTemp(name, Path(path), os.fdopen(fd, "wb"))

    def commit(self, temp: TempWriter) -> None:
        local = self._own(temp)
        target = self.object_path(local.name)
        # 1. The bytes must be on disk before any name points at them.
        local.file.flush()
        os.fsync(local.file.fileno())
        os.fchmod(local.file.fileno(), 0o400)
        local.file.close()
        # 2. Publish without overwriting; a new shard folder must itself be durable.
        self._ensure_shard(target.parent)
        try:
            link_no_replace(local.path, target)
        except FileExistsError:
            raise BlobExistsError(
                f"blob {local.name} exists already; blobs are write-once"
            ) from None
        except FileNotFoundError as exc:
            raise VaultError(f"temp {local.path.name} vanished before commit (swept?)") from exc
        except OSError as exc:  # e.g. a file system without hard links
            raise VaultError(f"could not commit blob {local.name}: {exc}") from exc
        try:
            fsync_directory(target.parent)
        except BaseException:
            # The caller will be told the commit failed: the object must not stay published
            # behind its back as an orphan.
            target.unlink(missing_ok=True)
            raise
        # 3. Drop the temp name. If we crash before this, the leftover temp is a second link to
        #    a committed blob; sweep_temp removes it later, which leaves the blob intact.
        local.path.unlink()

    def discard(self, temp: TempWriter) -> None:
        local = self._own(temp)
        try:
            # Closing flushes the buffer, which fails again on a full disk: unlink regardless.
            local.file.close()
        except OSError:
            pass
        finally:
            local.path.unlink(missing_ok=True)

    def open_read(self, name: str) -> BinaryIO:
        try:
            return open(self.object_path(name), "rb")  # the caller closes it
        except FileNotFoundError:
            raise BlobNotFoundError(f"no blob {name} in the vault") from None

    def exists(self, name: str) -> bool:
        return self.object_path(name).is_file()

    def names(self) -> Iterator[str]:
        # Sorted so sweeps and audits are reproducible; one shard's listing at a time in memory.
        for shard in sorted(os.listdir(self.objects)):
            shard_path = self.objects / shard
            if len(shard) != SHARD_CHARS or not shard_path.is_dir():
                continue
            for name in sorted(os.listdir(shard_path)):
                # Anything else in there is not ours to report (nor to touch).
                if BLOB_NAME_RE.fullmatch(name) and name.startswith(shard):
                    yield name

    def modified_at(self, name: str) -> float:
        try:
            stat = self.object_path(name).stat()
        except FileNotFoundError:
            raise BlobNotFoundError(f"no blob {name} in the vault") from None
        # The link at commit sets ctime; mtime is the last write to the temp, which can be long
        # before the commit (staging, then deduplication). ctime only moves forward.
        return max(stat.st_mtime, stat.st_ctime)

    def delete(self, name: str) -> None:
        path = self.object_path(name)
        try:
            path.unlink()
        except FileNotFoundError:
            raise BlobNotFoundError(f"no blob {name} in the vault") from None
        fsync_directory(path.parent)

    def temps(self) -> Iterator[TempInfo]:
        with os.scandir(self.tmp) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:  # committed or discarded while we listed
                    continue
                yield TempInfo(entry.name, stat.st_mtime, stat.st_size)

    def delete_temp(self, temp_id: str) -> bool:
        if temp_id in ("", ".", "..") or os.path.basename(temp_id) != temp_id:
            raise VaultError(f"not a temp id: {temp_id!r}")
        try:
            (self.tmp / temp_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def _own(self, temp: TempWriter) -> _LocalTemp:
        if not isinstance(temp, _LocalTemp) or temp.path.parent != self.tmp:
            raise TypeError("temp was not opened by this backend")
        return temp

    def _ensure_shard(self, shard: Path) -> None:
        if shard.is_dir():
            return
        try:
            shard.mkdir(mode=0o700)
        except FileExistsError:  # another process made it first
            return
        fsync_directory(shard.parent)
