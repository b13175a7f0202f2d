"""Shared helpers: measuring a child process, the page cache, scratch databases, reporting."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

MiB = 1024 * 1024
GiB = 1024 * MiB
REPO = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase, not a secret"
DROP_CACHES = Path("/proc/sys/vm/drop_caches")


@dataclass(frozen=True)
class Run:
    """One finished child process: wall time, peak resident memory, exit status, output."""

    wall: float
    max_rss: int  # bytes
    returncode: int
    output: str
    others: float = 0.0  # CPUs' worth of time other processes used meanwhile (see busy_cpu)


def busy_cpu() -> float:
    """Seconds of CPU time all processes have used since boot (/proc/stat), or 0 if unknown."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(argv: Sequence[str | Path], env: Mapping[str, str] | None = None) -> Run:
    """Run `argv` to its end; wall time from fork to reap, peak RSS from wait4's rusage.

    wait4 reports the child's own ru_maxrss (not the maximum over every child this process
    ever had, as getrusage(RUSAGE_CHILDREN) would), so each figure belongs to one command.
    `others` is the machine's CPU time meanwhile less the child's own: other work on a shared
    machine, which makes a figure unreliable when it is large.
    """
    with tempfile.TemporaryFile() as out:
        busy = busy_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(a) for a in argv], env=dict(env) if env else None, stdout=out, stderr=out
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        others = busy_cpu() - busy - usage.ru_utime - usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_maxrss * 1024, proc.returncode, text, max(0.0, others) / wall)


def interference(runs: Sequence[Run]) -> str:
    """A note for the report when other processes competed for the CPU during these runs."""
    worst = max((r.others for r in runs), default=0.0)
    if worst < 0.1:
        return ""
    return (
        f"WARNING: other processes used up to {worst:.1f} of {os.cpu_count()} CPUs during these "
        "runs; the figures are less reliable (rerun on a quiet machine)"
    )


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed with exit status {result.returncode}:\n{result.output}")
    return result


class PageCache:
    """Drops the page cache before each timed step, if this process may (root, not a container
    that forbids it); otherwise says so, and every step runs with whatever is cached."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.works = enabled and self._drop()
        self.reason = "" if self.works else ("disabled by --no-drop-caches" if not enabled else "")

    def _drop(self) -> bool:
        os.sync()
        try:
            DROP_CACHES.write_text("3\n")
        except OSError as exc:
            self.reason = f"cannot drop caches ({exc.strerror or exc}): figures are warm-cache"
            return False
        return True

    def drop(self) -> None:
        """Flush dirty pages (untimed) and, if possible, empty the page cache."""
        if self.works:
            self._drop()
        else:
            os.sync()

    def describe(self) -> str:
        if self.works:
            return (
                "sync + `echo 3 > /proc/sys/vm/drop_caches` before every timed step: the input "
                "is read cold from disk by the baseline and by sprava alike"
            )
        return f"not dropped ({self.reason}); each step starts after a sync"


def sprava_command() -> list[str]:
    script = Path(sys.executable).with_name("sprava")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sprava.cli"]


def base_env() -> dict[str, str]:
    """The environment minus any SPRAVA_* or DATABASE_URL of the caller's own instance."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SPRAVA_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }


@dataclass
class Scratch:
    """Where one benchmark keeps its files and instances; removed at the end."""

    root: Path
    database_url: str  # "" for SQLite under each SPRAVA_HOME

    def path(self, name: str) -> Path:
        return self.root / name

    @contextlib.contextmanager
    def database(self) -> Iterator[str]:
        """A fresh PostgreSQL database (dropped afterwards), or "" for SQLite."""
        if not self.database_url:
            yield ""
            return
        name = f"sprava_bench_{os.getpid()}_{secrets.token_hex(4)}"
        _pg_admin(self.database_url, f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(self.database_url, name)
        finally:
            _pg_admin(self.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def env(self, home: Path, database_url: str) -> dict[str, str]:
        env = base_env()
        env.update(SPRAVA_HOME=str(home), SPRAVA_PASSPHRASE=PASSPHRASE)
        if database_url:
            env["DATABASE_URL"] = database_url
        return env

    def remove(self, path: Path) -> None:
        remove(path)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def kept_database(url: str, name: str) -> str:
    """The URL of a PostgreSQL database that outlives the run (made if missing)."""
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
    return _with_database(url, name)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(statement.encode())


@contextlib.contextmanager
def scratch(base: Path | None, database_url: str, keep: bool) -> Iterator[Scratch]:
    root = Path(tempfile.mkdtemp(prefix="sprava-bench-", dir=base))
    try:
        yield Scratch(root, database_url)
    finally:
        if keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def write_random_file(path: Path, size: int, chunk: int = MiB) -> None:
    """`size` bytes from os.urandom, streamed, fsynced: incompressible, never seen before."""
    with open(path, "wb") as out:
        left = size
        while left:
            n = min(chunk, left)
            out.write(os.urandom(n))
            left -= n
        out.flush()
        os.fsync(out.fileno())


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def human_bytes(n: float) -> str:
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def seconds(value: float) -> str:
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


@dataclass(frozen=True)
class Verdict:
    name: str
    figure: str
    target: str
    met: bool


class Report:
    """Prints as it goes, and keeps each target's verdict for the closing summary."""

    def __init__(self) -> None:
        self.verdicts: list[Verdict] = []

    def heading(self, text: str) -> None:
        print(f"\n== {text}", flush=True)

    def line(self, text: str = "") -> None:
        print(f"   {text}" if text else "", flush=True)

    def ratio(self, name: str, value: float, baseline: float, limit: float) -> None:
        ratio = value / baseline if baseline > 0 else float("inf")
        met = ratio <= limit
        self.line(
            f"{name}: {seconds(value)} vs baseline {seconds(baseline)} = {ratio:.2f} x "
            f"(target <= {limit:g} x: {'met' if met else 'MISSED'})"
        )
        self.verdicts.append(Verdict(name, f"{ratio:.2f} x", f"<= {limit:g} x", met))

    def ceiling(self, name: str, value: float, limit: float, unit: str = "MiB") -> None:
        met = value < limit
        self.line(
            f"{name}: {value:.0f} {unit} (target < {limit:g} {unit}: {'met' if met else 'MISSED'})"
        )
        self.verdicts.append(Verdict(name, f"{value:.0f} {unit}", f"< {limit:g} {unit}", met))

    def summary(self) -> None:
        if not self.verdicts:
            return
        self.heading("Targets")
        width = max(len(v.name) for v in self.verdicts)
        for v in self.verdicts:
            self.line(
                f"{v.name:<{width}}  {v.figure:>10}  target {v.target:<10} "
                f"{'met' if v.met else 'MISSED'}"
            )
