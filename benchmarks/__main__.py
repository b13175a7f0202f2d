"""`python -m benchmarks`: every benchmark, each figure printed beside its baseline.

Never a pass/fail test: it prints ratios and whether each target is met, and exits 0 (unless a
benchmark could not run at all). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import ingest, pages_report, records_audit
from benchmarks.common import (
    REPO,
    MiB,
    PageCache,
    Report,
    Run,
    Scratch,
    busy_cpu,
    interference,
    median,
    percentile,
    scratch,
    seconds,
)

ALL = ("large", "many", "ledger", "pages", "law", "verify")
LEDGER_TARGET = 3.0


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Sprava benchmarks (issue 2, section 6). DATABASE_URL=postgresql://... "
        "runs them on PostgreSQL, each instance in a scratch database that is dropped after.",
    )
    parser.add_argument(
        "--only",
        default=",".join(ALL),
        help=f"comma-separated subset of {','.join(ALL)} (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes, one repeat: a smoke run of a minute or two, not figures to report",
    )
    parser.add_argument("--repeat", type=int, help="runs of each ingest and baseline (median)")
    parser.add_argument("--large-mib", type=int, help="size of the large file (default 1024)")
    parser.add_argument("--files", type=int, help="number of files (default 2000)")
    parser.add_argument("--file-kib", type=int, help="size of each file (default 256)")
    parser.add_argument("--entries", type=int, help="ledger entries to append (default 100000)")
    parser.add_argument("--batch", type=int, default=1000, help="entries per transaction")
    parser.add_argument(
        "--proof-entries", type=int, help="log size for proofs (default 1000000; 0 skips)"
    )
    parser.add_argument("--inclusion", type=int, default=1000, help="inclusion proofs to time")
    parser.add_argument("--consistency", type=int, default=100, help="consistency proofs")
    parser.add_argument("--persons", type=int, help="persons for the pages (default 100000)")
    parser.add_argument("--acts", type=int, help="acts for the pages (default 1000000)")
    parser.add_argument("--requests", type=int, help="timed requests per page (default 200)")
    parser.add_argument("--law-requests", type=int,
                        help="timed requests per legal-analysis page (default 20)")
    parser.add_argument(
        "--pages-data",
        type=Path,
        help="keep the pages' generated instance in this folder (and, on PostgreSQL, in the "
        "database sprava_bench_pages) and reuse it on the next run: generating a million acts "
        "takes a quarter of an hour",
    )
    parser.add_argument("--workdir", type=Path, help="where scratch data goes (default: TMPDIR)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--no-drop-caches", action="store_true", help="do not drop the page cache between steps"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "repeat": 1 if quick else 3,
        "large_mib": 128 if quick else 1024,
        "files": 200 if quick else 2000,
        "file_kib": 256,
        "entries": 10_000 if quick else 100_000,
        "proof_entries": 100_000 if quick else 1_000_000,
        "persons": 2_000 if quick else 100_000,
        "acts": 20_000 if quick else 1_000_000,
        "requests": 30 if quick else 200,
        "law_requests": 5 if quick else 20,
    }
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if quick:
        args.inclusion = min(args.inclusion, 200)
        args.consistency = min(args.consistency, 50)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return args


def describe_disk(path: Path) -> str:
    try:
        out = subprocess.run(
            ["df", "--output=source,fstype", str(path)], capture_output=True, text=True, check=True
        ).stdout.split("\n")[1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown file system"
    return " ".join(out.split())


def header(args: argparse.Namespace, work: Scratch, cache: PageCache) -> None:
    import django

    database = (
        f"PostgreSQL, a scratch database per instance on {_redacted(work.database_url)}"
        if work.database_url
        else "SQLite (the default: one file under each SPRAVA_HOME, WAL, synchronous=FULL)"
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    print("Sprava benchmarks")
    print(f"   command: python -m benchmarks {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"   machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{memory / 1024**3:.0f} GiB RAM; Python {platform.python_version()}, "
        f"Django {django.get_version()}"
    )
    print(f"   database: {database}")
    print(f"   scratch: {work.root} on {describe_disk(work.root)} (data and SPRAVA_HOME alike)")
    if {"large", "many"} & set(args.only):  # what the ingest figures are made of
        print(f"   page cache: {cache.describe()}")
        print(
            "   each ingest: `sprava ingest --no-progress --as benchmark PATH` as a child "
            "process, in a fresh SPRAVA_HOME made by `sprava init --admin benchmark` (untimed), "
            "SPRAVA_PASSPHRASE set; wall time from fork to exit, peak RSS from wait4()"
        )


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}"


def run_ledger(args: argparse.Namespace, work: Scratch, report: Report) -> None:
    report.heading(
        f"Ledger: {args.entries:,} appends in batches of {args.batch:,} (one transaction each)"
    )
    out = work.path("ledger.json")
    home = work.path("home-ledger")
    home.mkdir()
    with work.database() as database_url:
        env = work.env(home, database_url)
        env["DJANGO_SETTINGS_MODULE"] = "sprava.settings"
        command = [
            sys.executable,
            "-m",
            "benchmarks.ledger",
            f"--out={out}",
            f"--entries={args.entries}",
            f"--batch={args.batch}",
            f"--proof-entries={args.proof_entries}",
            f"--inclusion={args.inclusion}",
            f"--consistency={args.consistency}",
        ]
        busy, children = busy_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        others = max(0.0, busy_cpu() - busy - own) / wall
    figures = json.loads(out.read_text())
    print_ledger(figures, report)
    if note := interference([Run(wall, 0, 0, "", others)]):
        report.line(note)


def print_ledger(figures: dict[str, Any], report: Report) -> None:
    append = figures["append"]
    n = append["entries"]
    report.line(
        f"baseline: the same entry bytes (RFC 8785 JSON, given) inserted with executemany into "
        f"a plain (seq, body) table: {seconds(append['plain'])}, "
        f"{n / append['plain']:,.0f} entries/s"
    )
    report.line(
        f"sprava.ledger.log.append (canonical JSON, leaf hashes, entries, item refs, tree "
        f"nodes, head): {seconds(append['ledger'])}, {n / append['ledger']:,.0f} entries/s"
    )
    report.ratio("ledger: append time", append["ledger"], append["plain"], LEDGER_TARGET)
    report.line("entry bytes checked identical in both tables after the run")
    if "single" in figures:
        single = figures["single"]
        k = single["entries"]
        report.line(
            f"for information, one entry per transaction (as one ingested file appends): "
            f"{seconds(single['ledger'] / k)} per append vs {seconds(single['plain'] / k)} per "
            f"plain insert = {single['ledger'] / single['plain']:.2f} x ({k:,} of each)"
        )
    if "signed" in figures:
        signed = figures["signed"]
        k = signed["entries"]
        report.line(
            f"one entry per transaction, then a signed checkpoint over it (as every request or "
            f"command that writes ends): {seconds(signed['signed'] / k)} per write vs "
            f"{seconds(signed['plain'] / k)} per plain insert = "
            f"{signed['signed'] / signed['plain']:.2f} x ({k:,} of each, from "
            f"{signed['from']:,} entries)"
        )
    if "proofs" in figures:
        build = figures["build"]
        proofs = figures["proofs"]
        size = proofs["size"]
        report.heading(f"Ledger proofs at {size:,} entries")
        built = build["to"] - build["from"]
        if built:
            report.line(
                f"log grown from {build['from']:,} to {build['to']:,} entries with append in "
                f"batches of {build['batch']:,}: {seconds(build['seconds'])} "
                f"({built / build['seconds']:,.0f} entries/s)"
            )
        for kind in ("inclusion", "consistency"):
            p = proofs[kind]
            times = p["times"]
            report.line(
                f"{kind} proofs ({p['count']:,} random): median {seconds(median(times))}, "
                f"p95 {seconds(percentile(times, 0.95))}, max {seconds(max(times))}; "
                f"queries per proof median {median(p['queries']):g} (max {max(p['queries'])}); "
                f"rows read per proof median {median(p['rows']):g} (max {max(p['rows'])})"
            )
        report.line("every timed proof was verified afterwards against root_at(size)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    cache = PageCache(enabled=not args.no_drop_caches)
    report = Report()
    base = args.workdir or Path(tempfile.gettempdir())
    with scratch(base, os.environ.get("DATABASE_URL", ""), args.keep) as work:
        header(args, work, cache)
        start = None
        if {"large", "many"} & set(args.only):
            start = ingest.startup(work, cache, report, args.repeat)
        if "large" in args.only and start is not None:
            ingest.large_file(work, cache, report, args.large_mib * MiB, args.repeat, start)
        if "many" in args.only and start is not None:
            ingest.many_files(
                work, cache, report, args.files, args.file_kib * 1024, args.repeat, start
            )
        if "ledger" in args.only:
            run_ledger(args, work, report)
        if "pages" in args.only:
            pages_report.run_pages(args, work, report)
        if "law" in args.only:
            pages_report.run_law(args, work, report)
        if "verify" in args.only:
            records_audit.run_records_audit(args, work, report)
    report.summary()
    print("\n(benchmarks report; they never fail on a missed target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
