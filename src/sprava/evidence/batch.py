"""Ingesting files and folders from disk, with progress, a summary and reasons for each failure."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User

from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection, Outcome, describe_os_error, ingest_stream
from sprava.evidence.names import safe_path
from sprava.integrity.errors import SpravaError
from sprava.integrity.hashing import Digests
from sprava.vault import Vault

NOT_REGULAR = "not a regular file (a device, pipe or socket)"


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class Report:
    ingested: list[Outcome] = field(default_factory=list)
    duplicates: list[Outcome] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    bytes_read: int = 0

    @property
    def total(self) -> int:
        return len(self.ingested) + len(self.duplicates) + len(self.failed)


@dataclass(frozen=True)
class Candidate:
    """A file found under what the user named, or the reason it cannot be taken."""

    path: Path
    root: Path | None
    refusal: str = ""


def discover(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Files under the given paths, folders walked recursively without following links out."""
    for given in paths:
        if not os.path.lexists(given):
            yield Candidate(given, None, "no such file or folder")
        elif given.is_dir():
            # A path the user named explicitly is followed even if it is a link (to a folder
            # too); links found inside it are not followed out of it.
            yield from _walk(given)
        else:
            yield Candidate(given, None)


def _walk(root: Path) -> Iterator[Candidate]:
    real_root = root.resolve()
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            path = Path(folder) / name
            if path.is_symlink():
                refusal, is_dir = _check_link(path, real_root)
                if refusal:
                    yield Candidate(path, root, refusal)
                    continue
                if is_dir:
                    continue  # its files are reached through the real folder
            yield Candidate(path, root)
        while errors:
            failed = errors.pop(0)
            yield Candidate(
                Path(failed.filename or folder), root, failed.strerror or "cannot be read"
            )


def _check_link(path: Path, real_root: Path) -> tuple[str, bool]:
    """Why a link inside the folder cannot be taken ("" if it can), and whether it is a folder."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "symbolic link is broken (its target does not exist)", False
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return "symbolic link cannot be resolved (a loop?)", False
    if not target.is_relative_to(real_root):
        return "symbolic link points outside the folder", False
    return "", target.is_dir()


def ingest_file(
    path: Path, *, vault: Vault, actor: str, collection: Collection, case: str | None = None,
    user: User | None = None,
) -> Outcome:
    """Ingest one regular file, refusing devices, pipes and files that change while read."""
    try:
        # O_NONBLOCK so that a named pipe cannot hang the intake before we see what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise IngestError(_describe_open_error(path, exc)) from exc
    with os.fdopen(fd, "rb") as stream:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise IngestError(NOT_REGULAR)

        def unchanged(digests: Digests) -> None:
            after = os.fstat(fd)
            if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or (
                digests.size != before.st_size
            ):
                raise IngestError("the file changed while it was read; ingest it again")

        return ingest_stream(
            stream,
            vault=vault,
            filename=os.fsencode(path.name),
            actor=actor,
            user=user,
            collection=collection,
            source_path=safe_path(path),
            case=case,
            check_source=unchanged,
        )


def _describe_open_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "the file vanished before it could be read"
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        regular = True
    if not regular:  # a socket cannot be opened at all (ENXIO)
        return NOT_REGULAR
    if exc.errno in {errno.EACCES, errno.EPERM}:
        return "permission denied: the file cannot be opened"
    return f"the file cannot be opened: {exc.strerror or exc}"


Progress = Callable[[Candidate, Report], None]


def ingest_paths(
    paths: Iterable[Path],
    *,
    vault: Vault,
    actor: str,
    collection: Collection,
    case: str | None = None,
    user: User | None = None,
    progress: Progress | None = None,
    after_each: Callable[[Report], None] | None = None,
) -> Report:
    """Ingest everything under `paths`; one bad file never stops the others. `user`, if
    given, is who received them (`Receipt.received_by`: whose arrivals they are)."""
    report = Report()
    for candidate in discover(paths):
        if candidate.refusal:
            report.failed.append(Failure(safe_path(candidate.path), candidate.refusal))
        else:
            try:
                outcome = ingest_file(
                    candidate.path, vault=vault, actor=actor, collection=collection, case=case,
                    user=user,
                )
            except SpravaError as exc:
                report.failed.append(Failure(safe_path(candidate.path), str(exc)))
            except OSError as exc:  # fstat or close failing: still one file, not the batch
                report.failed.append(
                    Failure(safe_path(candidate.path), describe_os_error(exc, source=True))
                )
            else:
                (report.duplicates if outcome.duplicate else report.ingested).append(outcome)
                report.bytes_read += outcome.item.size
        if progress:
            progress(candidate, report)
        if after_each:
            after_each(report)
    return report
