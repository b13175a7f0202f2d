"""Web uploads that go straight into the vault, never to disk in clear.

Django would spool every upload over a few MiB to a plaintext temporary file; on a seized
server that file (or its deleted blocks) would give the evidence away. This handler feeds each
file's chunks, as they arrive, to a thread that hashes and age-encrypts them into a vault
temporary. The view then records or discards what was staged.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser
from django.utils import translation
from django.utils.translation import gettext

from sprava.evidence.intake import Staged, stage_source
from sprava.evidence.names import safe_filename
from sprava.integrity.errors import IngestError, SpravaError
from sprava.vault import Vault

# The most one upload (all its files) may send. `sprava serve`'s server refuses a request body
# above it (with room for the form), and the upload page says so before anyone waits for hours.
MAX_UPLOAD_BYTES = 64 * 1024**3
CHUNK = 1024 * 1024
QUEUE_DEPTH = 8  # at most 8 MiB of an upload in memory at once


class _ChunkPipe:
    """A bounded queue that reads like a binary stream for the staging thread."""

    def __init__(self) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self._buffer = b""
        self._ended = False
        self.reader_gone = threading.Event()

    def put(self, chunk: bytes | None) -> None:
        # If the staging thread failed, nobody reads any more: drop the data, don't block.
        while not self.reader_gone.is_set():
            try:
                self._queue.put(chunk, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._buffer) < size):
            chunk = self._queue.get()
            if chunk is None:
                self._ended = True
            else:
                self._buffer += chunk
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class _RawNameParser(MultiPartParser):
    """Django's multipart parser, leaving each file's name as the browser sent it.

    Django's `sanitize_file_name` drops every character that is not printable: a right-to-left
    override vanished ("passwd\u202egpj.exe" became "passwdgpj.exe") where `safe_filename`
    escapes it visibly, as it does for every other way a file arrives. It also unescapes HTML
    entities, so a name would differ by the way it came in.
    """

    def sanitize_file_name(self, file_name: str) -> str | None:
        return file_name or None  # an empty name is a file input left empty


class StagedUpload(UploadedFile):  # type: ignore[type-arg]
    """What the view receives for each file: the staged blob, or why staging failed.

    `raw_name` is the name as sent, for the intake to make safe; `name` its safe form, because
    Django's UploadedFile refuses "..", cuts long names its own way and keeps bidi controls.
    """

    def __init__(self, name: str, size: int, content_type: str | None,
                 staged: Staged | None, error: SpravaError | None) -> None:
        super().__init__(file=None, name=safe_filename(name), content_type=content_type,
                         size=size)
        self.raw_name = name
        self.staged = staged
        self.error = error

    def discard(self) -> None:
        if self.staged is not None:
            self.staged.blob.discard()

    def close(self) -> None:
        # Django closes uploaded files after an aborted parse; there is no clear file to close.
        return None


class VaultUploadHandler(FileUploadHandler):
    chunk_size = CHUNK

    def __init__(self, request: HttpRequest, vault: Vault) -> None:
        super().__init__(request)
        self._vault = vault
        self._pipe: _ChunkPipe | None = None
        self._thread: threading.Thread | None = None
        self._outcome: dict[str, Any] = {}
        self.staged_uploads: list[StagedUpload] = []
        self._parsing = False

    def handle_raw_input(self, input_data: Any, META: dict[str, Any], content_length: int,
                         boundary: str, encoding: str | None = None) -> Any:
        """Parse the body ourselves (Django's hook for it), to keep the names as sent."""
        if self._parsing:  # called again by our own parser: let it parse
            return None
        self._parsing = True
        try:
            return _RawNameParser(META, input_data, [self], encoding).parse()
        finally:
            self._parsing = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._pipe = pipe = _ChunkPipe()
        outcome: dict[str, Any] = {}  # "staged" or "error", set by the thread
        self._outcome = outcome
        # The active language belongs to the request's thread; a refusal speaks it too.
        language = translation.get_language()

        def stage() -> None:
            with translation.override(language):
                try:
                    outcome["staged"] = stage_source(pipe, self._vault)  # type: ignore[arg-type]
                except SpravaError as exc:
                    outcome["error"] = exc
                except Exception as exc:  # never lose the reason: it reaches the uploader
                    outcome["error"] = IngestError(
                        gettext("the upload could not be stored (%(error)s)")
                        % {"error": exc})
                finally:
                    pipe.reader_gone.set()

        self._thread = threading.Thread(target=stage, name="sprava-upload", daemon=True)
        self._thread.start()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self._pipe is not None
        self._pipe.put(raw_data)
        return None  # consumed: no other handler keeps a copy

    def _finish(self) -> None:
        if self._pipe is not None and self._thread is not None:
            self._pipe.put(None)
            self._thread.join()

    def file_complete(self, file_size: int) -> StagedUpload:
        self._finish()
        upload = StagedUpload(self.file_name or "", file_size, self.content_type,
                              self._outcome.get("staged"), self._outcome.get("error"))
        self.staged_uploads.append(upload)
        return upload

    def upload_interrupted(self) -> None:
        self._finish()
        staged = self._outcome.get("staged")
        if staged is not None:
            staged.blob.discard()

    def discard_unrecorded(self) -> None:
        """Drop every staged temporary the view did not record (a no-op for recorded ones)."""
        self.upload_interrupted()
        for upload in self.staged_uploads:
            upload.discard()
