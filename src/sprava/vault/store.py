"""The Vault: an encrypted, write-once blob store over a `Backend`.

Each blob is the age encryption (X25519) of one original, to the instance's recipient and any
extra (escrow, backup) recipients. Names are random, never derived from the plaintext: a seized
disk must not confirm that a known file is in it. The digests of the plaintext live in the
caller's database, and every read checks them again.

Memory stays bounded both ways: pyrage streams between Python file-like objects in 64 KiB age
chunks (encrypt_io / decrypt_io); staging hashes on a worker thread fed through a small bounded
queue, and reading hands plaintext over from a worker thread in the same way.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Final

import pyrage  # type: ignore[import-untyped, unused-ignore]

from sprava.integrity.errors import DigestMismatchError, KeyAccessError, VerificationError
from sprava.integrity.hashing import CHUNK_SIZE, Digests, StreamingHasher
from sprava.vault.backend import Backend, BlobReader, LocalBackend, TempInfo, TempWriter
from sprava.vault.errors import BlobNotFoundError, VaultError
from sprava.vault.keys import Identity, load_identity, load_recipient, parse_recipient

QUEUE_DEPTH: Final = 4  # plaintext chunks of CHUNK_SIZE in flight while reading
READ_BLOCK: Final = CHUNK_SIZE  # bytes read from a source at once while staging
HASH_QUEUE_DEPTH: Final = 4  # blocks of READ_BLOCK waiting for the hashing thread
_POLL_SECONDS: Final = 0.05
# The age v1 header's first line (C2SP age spec); a blob that does not open is named from its
# own first bytes, of which this many are kept (room for many recipient stanzas).
AGE_PREFIX: Final = b"age-encryption.org/"
AGE_V1: Final = b"age-encryption.org/v1"
HEAD_KEPT: Final = 16 * 1024


def new_blob_name() -> str:
    """128 random bits: unguessable, collision-free in practice, unrelated to the content."""
    return secrets.token_hex(16)


class Vault:
    """Encrypted, write-once blobs. Writing needs only recipients; reading needs the identity."""

    def __init__(
        self,
        backend: Backend,
        recipient: str,
        *,
        extra_recipients: Sequence[str] = (),
        identity: Identity | None = None,
    ) -> None:
        if identity is not None and identity.recipient != recipient.strip():
            raise KeyAccessError(
                "the vault identity does not belong to the vault recipient; "
                "blobs written now could not be read back with it"
            )
        self.backend = backend
        self._recipients = [parse_recipient(r) for r in (recipient, *extra_recipients)]
        self._identity = identity

    @classmethod
    def open_local(
        cls,
        root: Path,
        identity_path: Path,
        *,
        passphrase: str | None = None,
        extra_recipients: Sequence[str] = (),
    ) -> Vault:
        """A vault in a local folder; write-only unless the identity's passphrase is given."""
        identity = None if passphrase is None else load_identity(identity_path, passphrase)
        return cls(
            LocalBackend(root),
            load_recipient(identity_path),
            extra_recipients=extra_recipients,
            identity=identity,
        )

    # Writing ---------------------------------------------------------------------------------

    def stage(self, source: BinaryIO) -> StagedBlob:
        """Read `source` once, hashing the plaintext while encrypting it into a temp.

        Nothing is visible in the vault until `commit()`; the caller can look the digests up
        in its database first and `discard()` a duplicate.
        """
        temp = self.backend.open_temp(new_blob_name())
        reader = _HashingReader(source)
        writer = _GuardedWriter(temp)
        try:
            pyrage.encrypt_io(reader, writer, self._recipients)
            temp.flush()
            digests = reader.digests()
        except BaseException as exc:
            reader.close()
            self.backend.discard(temp)
            # pyrage turns errors of our reader and writer into EncryptError("Type: message");
            # raise the original, so that callers see the real OSError or KeyboardInterrupt.
            original = reader.error or writer.error
            if original is not None:
                raise original from None
            if isinstance(exc, pyrage.EncryptError):
                raise VaultError(f"could not encrypt into the vault: {exc}") from exc
            raise
        return StagedBlob(self.backend, temp, digests)

    def put(self, source: BinaryIO) -> tuple[str, Digests]:
        """Stage and commit at once: for callers that do not deduplicate."""
        with self.stage(source) as staged:
            return staged.commit(), staged.digests

    # Reading ---------------------------------------------------------------------------------

    def read_chunks(self, name: str, expected: Digests) -> Generator[bytes, None, None]:
        """Yield the plaintext of blob `name`, then check it against `expected`.

        The check happens after the last chunk: until the iterator is exhausted without an
        error, what it yielded is unverified. Raises DigestMismatchError if the plaintext
        differs (size, SHA-256 or SHA-512) or its authenticated decryption fails, and
        VerificationError if the blob cannot be decrypted with this vault's identity at all.
        Stopping early is fine: close() the generator (or drop it) and the worker thread is
        stopped and joined; Django's streaming responses call close() for you.
        """
        identity = self._require_identity()
        if not self.backend.exists(name):  # fail here, not at the first next()
            raise BlobNotFoundError(f"no blob {name} in the vault")
        return self._decrypt(name, expected, identity)

    def copy_to(self, name: str, expected: Digests, sink: BinaryIO) -> None:
        """Write the plaintext of `name` to `sink`; if this raises, discard what `sink` got."""
        for chunk in self.read_chunks(name, expected):
            sink.write(chunk)

    def verify(self, name: str, expected: Digests) -> None:
        """Decrypt and check `name`, keeping nothing. Returns None or raises."""
        for _chunk in self.read_chunks(name, expected):
            pass

    # Housekeeping ----------------------------------------------------------------------------

    def names(self) -> Iterator[str]:
        return self.backend.names()

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def modified_at(self, name: str) -> float:
        """When `name` was committed (POSIX time), or later; for the orphan sweep's grace period."""
        return self.backend.modified_at(name)

    def delete(self, name: str) -> None:
        """Remove a blob. Only for sweeping orphans.

        An orphan is a blob that was committed but whose database record never came to be
        (the process died between the two). Evidence is never deleted or replaced through this;
        the caller must have checked that no record refers to `name`.
        """
        self.backend.delete(name)

    def temp_files(self) -> list[TempInfo]:
        """Uncommitted writes: in progress, or abandoned by a killed process."""
        return list(self.backend.temps())

    def sweep_temp(self, older_than_seconds: float) -> list[str]:
        """Remove temps not written to for `older_than_seconds`; return their ids.

        A temp is never a valid blob, so removing an abandoned one loses nothing. The threshold
        must be longer than any stage-to-commit gap of a live process, or its commit will fail.
        """
        cutoff = time.time() - older_than_seconds
        removed = []
        for temp in self.backend.temps():
            if temp.modified < cutoff and self.backend.delete_temp(temp.temp_id):
                removed.append(temp.temp_id)
        return removed

    # Internals -------------------------------------------------------------------------------

    def _require_identity(self) -> Identity:
        if self._identity is None:
            raise KeyAccessError("this vault was opened without its identity; it cannot read")
        return self._identity

    def _decrypt(
        self, name: str, expected: Digests, identity: Identity
    ) -> Generator[bytes, None, None]:
        hasher = StreamingHasher()
        source = _CapturingReader(self.backend.open_read(name))
        pipe = _PlaintextPipe(CHUNK_SIZE, QUEUE_DEPTH)
        worker = threading.Thread(
            target=_decrypt_worker,
            args=(source, pipe, identity.as_pyrage()),
            name=f"sprava-vault-read-{name[:8]}",
            daemon=True,  # never keeps the interpreter alive; it is joined below anyway
        )
        try:
            worker.start()
            while True:
                item = pipe.get(worker)
                if isinstance(item, _Outcome):
                    if item.error is not None:
                        raise _read_error(name, item.error, source.error,
                                          bytes(source.head)) from item.error
                    break
                hasher.update(item)
                yield item
        finally:
            # Runs on exhaustion, on error, and when the consumer stops early (generator close):
            # the worker sees the cancel at its next write and pyrage returns.
            pipe.cancel()
            if worker.ident is not None:
                worker.join()
            source.close()
        expected.check(hasher.digests(), what=f"blob {name}")


class StagedBlob:
    """Ciphertext in a temp, with the digests of its plaintext; a blob only once committed.

    As a context manager it discards itself unless committed, so an exception between staging
    and committing leaves no temp behind.
    """

    def __init__(self, backend: Backend, temp: TempWriter, digests: Digests) -> None:
        self._backend = backend
        self._temp = temp
        self._digests = digests
        self._state = "staged"

    @property
    def digests(self) -> Digests:
        return self._digests

    def commit(self) -> str:
        """Publish the blob; return its name. BlobExistsError if the name is taken (never
        overwritten); the temp is gone afterwards either way."""
        if self._state != "staged":
            raise VaultError(f"cannot commit a staged blob that is {self._state}")
        try:
            self._backend.commit(self._temp)
        except BaseException:
            self.discard()
            raise
        self._state = "committed"
        return self._temp.name

    def discard(self) -> None:
        """Drop the temp. Idempotent; a no-op after commit."""
        if self._state == "staged":
            self._state = "discarded"
            self._backend.discard(self._temp)

    def __enter__(self) -> StagedBlob:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()


class _HashingReader:
    """What pyrage reads the original from: hashes every byte on its way to encryption.

    pyrage asks for 8 KiB at a time; the source is read in blocks of READ_BLOCK instead and
    pyrage is served from the current block. From the second block on, blocks are hashed by a
    worker thread while pyrage encrypts the same bytes (hashlib releases the GIL), so hashing
    and encryption run on two cores; a source of one block (up to 1 MiB) starts no thread.
    At most HASH_QUEUE_DEPTH + 2 blocks are held at once, however large the source.
    """

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._hasher = StreamingHasher()
        self._block = b""
        self._offset = 0
        self._blocks = 0
        self._eof = False
        self._worker: _HashWorker | None = None
        self.error: BaseException | None = None

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._read(size)
        except BaseException as exc:
            # pyrage turns this into EncryptError("Type: message"); stage() raises the original.
            self.error = exc
            raise

    def digests(self) -> Digests:
        """The digests of everything read; call once the source is exhausted."""
        if self._worker is not None:
            self._worker.finish()
        return self._hasher.digests()

    def close(self) -> None:
        """Stop hashing (after a failure): the worker, if any, is stopped and joined."""
        if self._worker is not None:
            self._worker.cancel()

    def _read(self, size: int) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self._read(READ_BLOCK), b""))
        if self._offset >= len(self._block) and (self._eof or not self._next_block()):
            return b""
        start = self._offset
        self._offset = min(start + size, len(self._block))
        if start == 0 and self._offset == len(self._block):
            return self._block  # no copy
        return self._block[start : self._offset]

    def _next_block(self) -> bool:
        block = self._source.read(READ_BLOCK)
        if block is None:  # a non-blocking stream with nothing ready
            raise VaultError("the source is non-blocking; the vault needs a blocking stream")
        if not block:
            self._eof = True
            self._block, self._offset = b"", 0
            return False
        self._blocks += 1
        if self._blocks == 1:
            self._hasher.update(block)
        else:
            if self._worker is None:
                self._worker = _HashWorker(self._hasher)
            self._worker.put(block)
        self._block, self._offset = block, 0
        return True


class _HashWorker:
    """A thread that feeds blocks, in order, to one StreamingHasher."""

    def __init__(self, hasher: StreamingHasher) -> None:
        self._hasher = hasher
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=HASH_QUEUE_DEPTH)
        self._cancelled = False
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sprava-vault-hash", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # Keeps taking blocks after an error or a cancel, so that put() never blocks forever.
        while (block := self._queue.get()) is not None:
            if self.error is None and not self._cancelled:
                try:
                    self._hasher.update(block)
                except BaseException as exc:
                    self.error = exc

    def put(self, block: bytes) -> None:
        self._queue.put(block)

    def finish(self) -> None:
        """Wait until every block put is hashed; raise the worker's error, if any."""
        self._stop()
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        self._cancelled = True
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


class _GuardedWriter:
    """What pyrage writes ciphertext to: remembers the temp's own error (disk full...)."""

    def __init__(self, temp: TempWriter) -> None:
        self._temp = temp
        self.error: BaseException | None = None

    def write(self, data: bytes, /) -> int:
        try:
            return self._temp.write(data)
        except BaseException as exc:
            self.error = exc
            raise

    def flush(self) -> None:
        self._temp.flush()


class _CapturingReader:
    """Ciphertext source for decryption: remembers backend read errors, to tell them apart
    from decryption failures."""

    def __init__(self, source: BlobReader) -> None:
        self._source = source
        self.error: BaseException | None = None
        self.head = bytearray()  # the first bytes, to name why a header did not open

    def read(self, size: int = -1, /) -> bytes:
        try:
            data = self._source.read(size)
        except BaseException as exc:
            self.error = exc
            raise
        if len(self.head) < HEAD_KEPT:
            self.head += data[: HEAD_KEPT - len(self.head)]
        return data

    def close(self) -> None:
        self._source.close()


class _Outcome:
    """The end of a decryption: clean (error None) or failed."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error


class _Cancelled(Exception):
    """Raised into pyrage from the pipe's write() when the reader has gone away."""


class _PlaintextPipe:
    """pyrage.decrypt_io only writes to a writer; this writer hands chunks to the reading thread.

    pyrage calls write() with 8 KiB pieces; they are gathered into chunks of `chunk_size` and
    put on a queue of `depth` chunks, so at most about (depth + 2) * chunk_size bytes of
    plaintext are held at once, however large the blob.
    """

    def __init__(self, chunk_size: int, depth: int) -> None:
        self._chunk_size = chunk_size
        self._queue: queue.Queue[bytes | _Outcome] = queue.Queue(maxsize=depth)
        self._pending = bytearray()
        self._cancelled = threading.Event()

    # Worker side.

    def write(self, data: bytes, /) -> int:
        if self._cancelled.is_set():
            raise _Cancelled
        self._pending += data
        if len(self._pending) >= self._chunk_size:
            self._hand_over(bytes(self._pending))
            self._pending.clear()
        return len(data)

    def flush(self) -> None:
        """Nothing to do: chunks go out when full, the rest in finish()."""

    def finish(self, error: BaseException | None) -> None:
        try:
            if error is None and self._pending:
                self._hand_over(bytes(self._pending))
            self._hand_over(_Outcome(error))
        except _Cancelled:
            pass  # nobody is listening any more

    def _hand_over(self, item: bytes | _Outcome) -> None:
        # A timeout rather than a plain blocking put, so a worker never waits forever on a
        # consumer that has gone.
        while not self._cancelled.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue
        raise _Cancelled

    # Consumer side.

    def get(self, worker: threading.Thread) -> bytes | _Outcome:
        while True:
            try:
                return self._queue.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                # The worker always ends with an _Outcome; this is a guard against a bug.
                if not worker.is_alive() and self._queue.empty():
                    return _Outcome(VaultError("the decryption worker stopped without a result"))

    def cancel(self) -> None:
        self._cancelled.set()
        while True:  # free a put that may be waiting, so the worker notices at once
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


def _decrypt_worker(source: _CapturingReader, pipe: _PlaintextPipe, identity: Any) -> None:
    try:
        pyrage.decrypt_io(source, pipe, [identity])
    except BaseException as exc:
        pipe.finish(exc)
    else:
        pipe.finish(None)


def _read_error(
    name: str, error: BaseException, source_error: BaseException | None, head: bytes = b""
) -> BaseException:
    """Turn a failed decryption into the error a caller should see."""
    if source_error is not None:
        # The storage failed (I/O error, network): not evidence of tampering.
        if isinstance(source_error, VaultError):
            return source_error
        return VaultError(f"could not read blob {name}: {source_error!r}")
    if isinstance(error, VaultError):
        return error  # the vault's own failure (a worker that died), not this blob's
    if isinstance(error, OSError):
        # pyrage reports a failed chunk authentication (a flipped bit, truncation, trailing
        # bytes) as OSError("decryption error").
        return DigestMismatchError(
            f"blob {name} failed authenticated decryption (tampered, truncated or damaged "
            f"ciphertext): {_one_line(error)}"
        )
    # Anything else did not open the header: a wrong identity, an altered or truncated header,
    # an age version we do not read, not age at all, or an error pyrage has no class for. Every
    # one is a problem of this blob, named from its own bytes (not from pyrage's wording, which
    # for an unknown version is advice: "Have you tried upgrading to the latest version?").
    return VerificationError(f"blob {name} cannot be decrypted: {undecryptable(head)} "
                             f"[age: {_one_line(error)}]")


def undecryptable(head: bytes) -> str:
    """Why a blob whose first bytes are `head` did not open with the vault's identity."""
    first = head.split(b"\n", 1)[0]
    if not head:
        return "it is empty"
    if head.startswith(AGE_PREFIX) and first != AGE_V1:
        return (f"its header is of an unsupported age version ({_shown(first)}); the vault "
                f"writes {_shown(AGE_V1)}")
    if first != AGE_V1:
        return f"it is not an age file (it begins {_shown(first)})"
    if b"\n---" not in head:
        return "its header is truncated or too long (no end-of-header line)"
    stanzas = head.split(b"\n---", 1)[0].count(b"\n-> ")
    return (f"none of its {stanzas} recipient stanza(s) opens with this vault's identity "
            f"(encrypted to another recipient, or the header was altered)")


def _shown(data: bytes) -> str:
    return repr(data[:40].decode("utf-8", errors="backslashreplace"))


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
