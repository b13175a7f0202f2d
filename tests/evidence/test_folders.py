"""Ingesting files and folders from disk: links, pipes, files that change, one failure each."""

from __future__ import annotations

import errno
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sprava.evidence import batch
from sprava.evidence.batch import Report, ingest_file, ingest_paths
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection
from sprava.evidence.models import Item, Receipt
from sprava.vault import Vault
from tests.evidence.conftest import ACTOR, Locker
from tests.evidence.faults import os_error

pytestmark = pytest.mark.django_db

COLLECTION = Collection(method="seizure", collected_from="laptop seized at the border")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that blocks (opening a named pipe, say) fails after 20 seconds instead."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the intake hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def ingest(locker: Locker, *paths: Path) -> Report:
    return ingest_paths(list(paths), vault=locker.vault, actor=ACTOR, collection=COLLECTION)


def failures(report: Report) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in report.failed}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "seized"
    (root / "photos" / "2020-08").mkdir(parents=True)
    (root / "photos" / "2020-08" / "akrestsina.jpg").write_bytes(b"photo of the courtyard")
    (root / "photos" / "list.txt").write_bytes(b"list of detainees")
    (root / "readme.txt").write_bytes(b"seized laptop, image made with dd")
    return root


# Folders -----------------------------------------------------------------------------------------


def test_a_folder_is_ingested_recursively_with_its_source_paths(
    locker: Locker, folder: Path
) -> None:
    report = ingest(locker, folder)

    assert (len(report.ingested), len(report.duplicates), report.failed) == (3, 0, [])
    assert report.bytes_read == sum(o.item.size for o in report.ingested)
    paths = sorted(Receipt.objects.values_list("source_path", flat=True))
    assert paths == sorted(
        str(folder / p) for p in ("photos/2020-08/akrestsina.jpg", "photos/list.txt", "readme.txt")
    )
    assert all(r.method == "seizure" for r in Receipt.objects.all())
    assert locker.audit() == []


def test_a_folder_ingested_twice_gives_duplicates_not_new_items(
    locker: Locker, folder: Path
) -> None:
    ingest(locker, folder)
    again = ingest(locker, folder)

    assert (len(again.ingested), len(again.duplicates), again.failed) == (0, 3, [])
    assert Item.objects.count() == 3
    assert Receipt.objects.count() == 6
    assert locker.audit() == []


def test_a_missing_path_is_reported_not_fatal(locker: Locker, folder: Path) -> None:
    report = ingest(locker, folder / "nothing-here", folder / "readme.txt")

    assert failures(report) == {"nothing-here": "no such file or folder"}
    assert len(report.ingested) == 1


def test_one_bad_file_never_stops_the_others(locker: Locker, folder: Path) -> None:
    (folder / "empty.bin").write_bytes(b"")
    os.mkfifo(folder / "pipe")
    (folder / "zz-last.txt").write_bytes(b"still ingested")
    before = Item.objects.count()

    report = ingest(locker, folder)

    assert set(failures(report)) == {"empty.bin", "pipe"}
    assert len(report.ingested) == 4
    assert Item.objects.count() == before + 4
    assert [p for p in locker.audit() if p.fatal] == []


def test_progress_and_after_each_see_every_candidate(locker: Locker, folder: Path) -> None:
    (folder / "empty.bin").write_bytes(b"")
    seen: list[int] = []
    after: list[int] = []
    ingest_paths(
        [folder],
        vault=locker.vault,
        actor=ACTOR,
        collection=COLLECTION,
        progress=lambda candidate, report: seen.append(report.total),
        after_each=lambda report: after.append(report.total),
    )
    assert seen == after == [1, 2, 3, 4]


# Symbolic links ----------------------------------------------------------------------------------


def test_a_link_pointing_outside_the_folder_is_refused_with_its_reason(
    locker: Locker, folder: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "elsewhere" / "operator-keys.txt"
    secret.parent.mkdir()
    secret.write_bytes(b"not part of the evidence")
    (folder / "innocent.txt").symlink_to(secret)

    report = ingest(locker, folder)

    assert failures(report) == {"innocent.txt": "symbolic link points outside the folder"}
    assert not Item.objects.filter(size=len(b"not part of the evidence")).exists()
    assert len(report.ingested) == 3


def test_a_relative_link_climbing_out_of_the_folder_is_refused(
    locker: Locker, folder: Path, tmp_path: Path
) -> None:
    (tmp_path / "outside.txt").write_bytes(b"outside")
    (folder / "photos" / "up.txt").symlink_to(Path("..") / ".." / "outside.txt")

    report = ingest(locker, folder)

    assert failures(report) == {"up.txt": "symbolic link points outside the folder"}


def test_a_link_to_a_folder_outside_is_refused_and_not_walked(
    locker: Locker, folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "home-of-the-operator"
    outside.mkdir()
    (outside / "private.txt").write_bytes(b"private")
    (folder / "more").symlink_to(outside, target_is_directory=True)

    report = ingest(locker, folder)

    assert failures(report) == {"more": "symbolic link points outside the folder"}
    assert len(report.ingested) == 3


def test_a_link_inside_the_folder_is_ingested_as_its_target(locker: Locker, folder: Path) -> None:
    (folder / "zz-alias.jpg").symlink_to(folder / "photos" / "2020-08" / "akrestsina.jpg")

    report = ingest(locker, folder)

    assert (len(report.ingested), len(report.duplicates), report.failed) == (3, 1, [])
    alias = Receipt.objects.get(original_filename="zz-alias.jpg")
    target = Receipt.objects.get(original_filename="akrestsina.jpg")
    assert alias.item == target.item
    assert alias.source_path == str(folder / "zz-alias.jpg")
    assert locker.audit() == []


def test_a_link_to_a_folder_inside_is_not_walked_twice(locker: Locker, folder: Path) -> None:
    (folder / "shortcut").symlink_to(folder / "photos", target_is_directory=True)

    report = ingest(locker, folder)

    assert (len(report.ingested), len(report.duplicates), report.failed) == (3, 0, [])


def test_a_broken_link_is_refused_with_its_reason(locker: Locker, folder: Path) -> None:
    (folder / "gone.jpg").symlink_to(folder / "deleted-before-seizure.jpg")

    report = ingest(locker, folder)

    assert failures(report) == {"gone.jpg": "symbolic link is broken (its target does not exist)"}
    assert len(report.ingested) == 3


def test_a_link_loop_is_refused_and_does_not_stop_the_batch(locker: Locker, folder: Path) -> None:
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    (folder / "self").symlink_to(folder / "self")

    report = ingest(locker, folder)

    assert set(failures(report)) == {"a", "b", "self"}
    assert all("cannot be resolved" in reason for reason in failures(report).values())
    assert len(report.ingested) == 3


def test_a_link_named_by_the_user_is_followed(locker: Locker, folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-readme"
    link.symlink_to(folder / "readme.txt")

    report = ingest(locker, link)

    assert report.failed == []
    assert report.ingested[0].receipt.original_filename == "link-to-readme"


def test_a_link_to_a_folder_named_by_the_user_is_walked(
    locker: Locker, folder: Path, tmp_path: Path
) -> None:
    link = tmp_path / "the-case"
    link.symlink_to(folder, target_is_directory=True)

    report = ingest(locker, link)

    assert (len(report.ingested), report.failed) == (3, [])


# Things that are not regular files ---------------------------------------------------------------


def test_a_named_pipe_in_the_folder_is_refused_without_hanging(
    locker: Locker, folder: Path
) -> None:
    os.mkfifo(folder / "photos" / "pipe.jpg")
    before = locker.state()

    report = ingest(locker, folder / "photos")

    assert failures(report) == {"pipe.jpg": "not a regular file (a device, pipe or socket)"}
    assert len(report.ingested) == 2
    assert locker.state().problems == before.problems == ()


def test_a_named_pipe_given_directly_is_refused_without_hanging(
    locker: Locker, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    before = locker.state()
    with pytest.raises(IngestError, match="not a regular file"):
        ingest_file(pipe, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    assert locker.state() == before


def test_a_socket_in_the_folder_is_refused(
    locker: Locker, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)  # a socket path must be short
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind("control.sock")
        report = ingest(locker, folder)
    assert failures(report) == {"control.sock": "not a regular file (a device, pipe or socket)"}


def test_a_device_given_directly_is_refused(locker: Locker) -> None:
    with pytest.raises(IngestError, match="not a regular file"):
        ingest_file(Path("/dev/zero"), vault=locker.vault, actor=ACTOR, collection=COLLECTION)


# Files that vanish, are unreadable, or change ----------------------------------------------------


def test_a_file_that_vanishes_before_it_is_opened_is_reported(locker: Locker, folder: Path) -> None:
    doomed = folder / "zz-doomed.txt"
    doomed.write_bytes(b"deleted by another process")

    def progress(candidate: batch.Candidate, report: Report) -> None:
        doomed.unlink(missing_ok=True)  # after the first file, before the last is opened

    report = ingest_paths(
        [folder], vault=locker.vault, actor=ACTOR, collection=COLLECTION, progress=progress
    )

    assert failures(report) == {"zz-doomed.txt": "the file vanished before it could be read"}
    assert locker.audit() == []


def test_a_file_that_cannot_be_opened_is_reported(
    locker: Locker, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, which chmod 000 does not stop: the refusal is simulated."""
    real_open = os.open
    locked = folder / "readme.txt"

    def open_(path: object, flags: int, *args: int) -> int:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise os_error(errno.EACCES)
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch.os, "open", open_)
    report = ingest(locker, folder)
    monkeypatch.undo()

    assert failures(report) == {"readme.txt": "permission denied: the file cannot be opened"}
    assert len(report.ingested) == 2
    assert locker.audit() == []


def changing_stage(monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    """Make the file change after the vault has read its first chunk."""
    stage = Vault.stage

    def stage_while_changing(self: Vault, source: object) -> object:
        class Changing:
            changed = False

            def read(self, size: int = -1, /) -> bytes:
                chunk = source.read(size)  # type: ignore[attr-defined]
                if not Changing.changed:
                    Changing.changed = True
                    change()  # type: ignore[operator]
                return chunk  # type: ignore[no-any-return]

        return stage(self, Changing())  # type: ignore[arg-type]

    monkeypatch.setattr(Vault, "stage", stage_while_changing)


@pytest.fixture
def growing(tmp_path: Path) -> Path:
    path = tmp_path / "recording.mp4"
    path.write_bytes(b"frame " * 100_000)
    os.utime(path, ns=(0, 0))  # an old mtime, so any write shows in it
    return path


def test_a_file_appended_to_while_read_is_refused_and_leaves_no_trace(
    locker: Locker, growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def append() -> None:
        with growing.open("ab") as file:
            file.write(b"more frames " * 1000)

    before = locker.state()
    changing_stage(monkeypatch, append)
    with pytest.raises(IngestError, match="the file changed while it was read; ingest it again"):
        ingest_file(growing, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_file_rewritten_in_place_while_read_is_refused(
    locker: Locker, growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rewrite() -> None:
        with growing.open("r+b") as file:
            file.seek(300_000)
            file.write(b"EDITED")

    before = locker.state()
    changing_stage(monkeypatch, rewrite)
    with pytest.raises(IngestError, match="changed while it was read"):
        ingest_file(growing, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_file_truncated_while_read_is_refused(
    locker: Locker, growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def truncate() -> None:
        os.truncate(growing, 1000)

    before = locker.state()
    changing_stage(monkeypatch, truncate)
    with pytest.raises(IngestError, match="changed while it was read"):
        ingest_file(growing, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_changing_file_is_refused_even_when_it_was_ingested_before(
    locker: Locker, growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_file(growing, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    os.utime(growing, ns=(0, 0))
    before = locker.state()

    def touch() -> None:
        os.utime(growing, ns=(10**18, 10**18))

    changing_stage(monkeypatch, touch)
    with pytest.raises(IngestError, match="changed while it was read"):
        ingest_file(growing, vault=locker.vault, actor=ACTOR, collection=COLLECTION)
    monkeypatch.undo()
    assert locker.state() == before


def test_an_empty_file_on_disk_is_refused_with_its_reason(locker: Locker, folder: Path) -> None:
    (folder / "empty.jpg").write_bytes(b"")
    report = ingest(locker, folder)
    assert failures(report) == {
        "empty.jpg": "the file is empty; an empty file proves nothing and is not kept"
    }
    assert locker.audit() == []
