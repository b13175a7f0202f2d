"""Ingest benchmarks: the real `sprava ingest` command against coreutils doing less.

Each ingest runs in a fresh SPRAVA_HOME made by `sprava init --admin benchmark` (not timed),
with SPRAVA_PASSPHRASE set, as that administrator (`--as`), on SQLite under that home or in a
scratch PostgreSQL database.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    MiB,
    PageCache,
    Report,
    Run,
    Scratch,
    checked,
    human_bytes,
    interference,
    median,
    remove,
    run,
    seconds,
    sprava_command,
    write_random_file,
)

SUMMARY = re.compile(r"(\d+) ingested, (\d+) duplicates, (\d+) failed")
LARGE_TARGET = 1.5
MANY_TARGET = 3.0
MEMORY_TARGET_MIB = 200


@dataclass(frozen=True)
class Baseline:
    sha256sum: float
    cp: float
    sync: float
    runs: tuple[Run, ...] = ()

    @property
    def total(self) -> float:
        return self.sha256sum + self.cp + self.sync


def ingest_once(scratch: Scratch, cache: PageCache, target: Path, expected: int, tag: str) -> Run:
    """Init a fresh instance (untimed), drop caches, then time `sprava ingest TARGET`."""
    sprava = sprava_command()
    with scratch.database() as database_url:
        home = scratch.path(f"home-{tag}")
        env = scratch.env(home, database_url)
        checked(run([*sprava, "init", "--admin", "benchmark"], env), "sprava init")
        cache.drop()
        result = checked(
            run([*sprava, "ingest", "--no-progress", "--as", "benchmark", target], env),
            "sprava ingest",
        )
        found = SUMMARY.search(result.output)
        if not found or (int(found[1]), int(found[3])) != (expected, 0):
            raise SystemExit(f"sprava ingest did not ingest {expected} files:\n{result.output}")
        scratch.remove(home)
    return result


def baseline_once(
    cache: PageCache, sources: list[Path], copy_from: Path, copy_to: Path
) -> Baseline:
    """sha256sum of the input, cp of it to the same disk, sync: each timed, caches cold first."""
    cache.drop()
    sha = checked(run(["sha256sum", *sources]), "sha256sum")
    cp = checked(run(["cp", "-r", copy_from, copy_to]), "cp")
    sync = checked(run(["sync"]), "sync")
    remove(copy_to)
    cache.drop()
    return Baseline(sha.wall, cp.wall, sync.wall, (sha, cp, sync))


def median_baseline(runs: list[Baseline]) -> Baseline:
    return Baseline(
        median([b.sha256sum for b in runs]),
        median([b.cp for b in runs]),
        median([b.sync for b in runs]),
        tuple(r for b in runs for r in b.runs),
    )


def describe_baseline(b: Baseline, runs: list[Baseline]) -> str:
    return (
        f"sha256sum {seconds(b.sha256sum)} + cp {seconds(b.cp)} + sync {seconds(b.sync)} "
        f"= {seconds(b.total)}; each run {', '.join(seconds(r.total) for r in runs)}"
    )


def startup(scratch: Scratch, cache: PageCache, report: Report, repeat: int) -> Run:
    """The fixed cost of one `sprava ingest`: a 1-byte file into a fresh instance."""
    report.heading("Start-up: `sprava ingest` of a 1-byte file into a fresh instance")
    tiny = scratch.path("one-byte.bin")
    tiny.write_bytes(b"x")
    runs = [ingest_once(scratch, cache, tiny, 1, f"startup-{i}") for i in range(repeat)]
    wall = median([r.wall for r in runs])
    rss = median([r.max_rss for r in runs])
    report.line(
        f"wall {seconds(wall)}, peak RSS {human_bytes(rss)} (median of {repeat}; each run "
        f"{', '.join(seconds(r.wall) for r in runs)})"
    )
    if note := interference(runs):
        report.line(note)
    report.line(
        "This is in every ingest below: Python and Django start, the passphrase unlocks the "
        "signing key (PBKDF2; ingest never opens the vault identity), one item is recorded "
        "and one checkpoint signed."
    )
    scratch.remove(tiny)
    return Run(wall, int(rss), 0, "", max(r.others for r in runs))


def vault_probe(scratch: Scratch, cache: PageCache, source: Path) -> Run:
    """Peak memory of the vault's streaming write alone, in a process that unlocks no key."""
    home = scratch.path("home-probe")
    env = scratch.env(home, "")
    checked(run([*sprava_command(), "init", "--no-admin"], env), "sprava init")
    env["DJANGO_SETTINGS_MODULE"] = "sprava.settings"
    cache.drop()
    probe = (
        "import django, sys; django.setup()\n"
        "from sprava.home.vault import open_vault\n"
        "vault = open_vault()\n"
        "with open(sys.argv[1], 'rb') as f, vault.stage(f) as staged:\n"
        "    staged.commit()\n"
    )
    result = checked(run([sys.executable, "-c", probe, source], env), "vault probe")
    scratch.remove(home)
    return result


def large_file(
    scratch: Scratch, cache: PageCache, report: Report, size: int, repeat: int, start: Run
) -> None:
    report.heading(f"Large file: one {human_bytes(size)} file")
    source = scratch.path("large.bin")
    write_random_file(source, size)
    copy = scratch.path("large-copy.bin")
    baselines: list[Baseline] = []
    ingests: list[Run] = []
    for i in range(repeat):  # interleaved, so drift in the machine hits both alike
        baselines.append(baseline_once(cache, [source], source, copy))
        ingests.append(ingest_once(scratch, cache, source, 1, f"large-{i}"))
    base = median_baseline(baselines)
    wall = median([r.wall for r in ingests])
    rss = median([r.max_rss for r in ingests])
    report.line(f"baseline (median of {repeat}): {describe_baseline(base, baselines)}")
    report.line(
        f"sprava ingest (median of {repeat}): {seconds(wall)}; each run "
        f"{', '.join(seconds(r.wall) for r in ingests)}"
    )
    if note := interference([*ingests, *base.runs]):
        report.line(note)
    report.ratio("large file: ingest time", wall, base.total, LARGE_TARGET)
    report.ceiling("large file: ingest peak RSS", rss / MiB, MEMORY_TARGET_MIB)
    report.line(
        f"for information: ingest less start-up {seconds(wall - start.wall)} = "
        f"{(wall - start.wall) / base.total:.2f} x baseline; start-up alone peaks at "
        f"{human_bytes(start.max_rss)}"
    )
    probe = vault_probe(scratch, cache, source)
    report.line(
        f"for information: the vault's streaming write alone (Vault.stage + commit of this "
        f"file, no key unlocked) {seconds(probe.wall)} wall incl. Django start, peak RSS "
        f"{human_bytes(probe.max_rss)}"
    )
    scratch.remove(source)


def many_files(
    scratch: Scratch,
    cache: PageCache,
    report: Report,
    count: int,
    size: int,
    repeat: int,
    start: Run,
) -> None:
    report.heading(f"Many files: {count:,} files of {human_bytes(size)} in one folder")
    folder = scratch.path("many")
    folder.mkdir()
    files = []
    for i in range(count):
        path = folder / f"file-{i:06d}.bin"
        write_random_file(path, size)
        files.append(path)
    copy = scratch.path("many-copy")
    baselines: list[Baseline] = []
    ingests: list[Run] = []
    for i in range(repeat):
        baselines.append(baseline_once(cache, files, folder, copy))
        ingests.append(ingest_once(scratch, cache, folder, count, f"many-{i}"))
    base = median_baseline(baselines)
    wall = median([r.wall for r in ingests])
    rss = median([r.max_rss for r in ingests])
    report.line(f"baseline (median of {repeat}): {describe_baseline(base, baselines)}")
    report.line(
        f"sprava ingest (median of {repeat}): {seconds(wall)}, "
        f"{seconds(wall / count)} per file, peak RSS {human_bytes(rss)}; each run "
        f"{', '.join(seconds(r.wall) for r in ingests)}"
    )
    if note := interference([*ingests, *base.runs]):
        report.line(note)
    report.ratio("many files: ingest time", wall, base.total, MANY_TARGET)
    report.line(
        f"for information: ingest less start-up {seconds(wall - start.wall)} = "
        f"{(wall - start.wall) / base.total:.2f} x baseline"
    )
    scratch.remove(folder)
