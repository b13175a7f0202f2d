"""Records audit benchmark: `sprava verify`'s records check beside reading the same data.

Issue 7, section 2. The data is the page benchmark's (the demo generator at its size, ledger
events included; `--pages-data DIR` reuses a kept instance). The child process
(`python -m benchmarks.records_audit --out FILE`) times, interleaved and `--repeat` times:

- the baseline: on the raw DB-API cursor, every ledger entry that names a record (subject and
  body, in sequence order, a plain scan) and every row of every audited table and link table
  (all columns, by primary key), fetched in chunks;
- the records audit: `sprava.rows.audit.audit_records` over the same tables, as `sprava
  verify` runs it (folding the events, recomputing the keyed hashes, comparing), with its
  default workers (one a core, at most 4) and, beside it, in one process.

It reports how many problems the audit found (none in data made by this version; data kept
from before issue 7 lacks some events and must be generated anew), and writes the figures as
JSON to --out; the parent prints them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.common import REPO, Report, Scratch, median, seconds

TARGET = 3.0
FETCH = 5000


def progress(text: str) -> None:
    print(f"   ... {text}", file=sys.stderr, flush=True)


def baseline(decode: bool = False) -> tuple[float, int, int]:
    """Seconds to read the entries and rows the audit reads; (seconds, entries, rows).

    With `decode`, each entry body is parsed as JSON too (for information: the floor of any
    check that reads what the entries say)."""
    from django.db import connection

    from sprava.ledger.models import Entry
    from sprava.records.audited import every_table as tables

    quote = connection.ops.quote_name
    statements = [
        f"SELECT {quote('subject')}, {quote('body')} FROM {quote(Entry._meta.db_table)} "
        f"WHERE {quote('subject')} <> '' ORDER BY {quote('seq')}"
    ]
    for table in tables():
        models = [table.model, *(f.remote_field.through for f in table.many_to_many())]
        for model in models:
            pk = quote(model._meta.pk.column)
            statements.append(f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {pk}")
    counts = []
    started = time.perf_counter()
    for index, sql in enumerate(statements):
        cursor = connection.connection.cursor()  # below Django's wrapper: no conversion
        cursor.execute(sql)
        count = 0
        while rows := cursor.fetchmany(FETCH):
            count += len(rows)
            if decode and index == 0:
                for _, body in rows:
                    json.loads(bytes(body).decode("utf-8"))
        cursor.close()
        counts.append(count)
    return time.perf_counter() - started, counts[0], sum(counts[1:])


def audit(workers: int) -> tuple[float, list[str]]:
    """Seconds the audit takes, and the problems it found (none in data made by Sprava)."""
    from sprava.records.audited import every_table as tables
    from sprava.rows.audit import audit_records

    started = time.perf_counter()
    problems = [str(p) for p in audit_records(tables(), workers=workers) if p.fatal]
    return time.perf_counter() - started, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.records_audit")
    parser.add_argument("--out", required=True)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--acts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.pages import generate, iterate_counts

    progress(f"records audit: data of {args.persons:,} persons and {args.acts:,} acts")
    results: dict[str, Any] = {"vendor": connection.vendor}
    results["generate"] = generate(args.persons, args.acts)
    results["counts"] = dict(iterate_counts())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from sprava.rows.workers import default_workers

    results["workers"] = default_workers()
    results["baseline"], results["audit"], results["audit_one"] = [], [], []
    for attempt in range(args.repeat):
        progress(f"records audit: run {attempt + 1} of {args.repeat}")
        seconds_read, entries, rows = baseline()
        results["baseline"].append(seconds_read)
        results["entries"], results["rows"] = entries, rows
        elapsed, problems = audit(results["workers"])
        results["audit"].append(elapsed)
        results["audit_one"].append(audit(1)[0])
        results["problems"], results["some_problems"] = len(problems), problems[:5]
        results.setdefault("decoded", []).append(baseline(decode=True)[0])
    results["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


def run_records_audit(args: argparse.Namespace, work: Scratch, report: Report) -> None:
    """The parent's side: the page benchmark's instance, this module as a child, the figures."""
    import subprocess

    from benchmarks.pages_report import page_data_env

    report.heading(
        f"Records audit (verify): {args.persons:,} persons, {args.acts:,} acts, page data"
    )
    out = work.path("records-audit.json")
    with page_data_env(args, work) as env:
        command = [
            sys.executable, "-m", "benchmarks.records_audit", f"--out={out}",
            f"--persons={args.persons}", f"--acts={args.acts}", f"--repeat={args.repeat}",
        ]
        subprocess.run(command, env=env, cwd=REPO, check=True)
    print_records_audit(json.loads(out.read_text()), report)


def print_records_audit(figures: dict[str, Any], report: Report) -> None:
    counts = ", ".join(f"{n:,} {name}" for name, n in figures["counts"].items())
    if figures["generate"].get("reused"):
        report.line(f"data: reused from an earlier run ({counts})")
    else:
        report.line(f"data: the page benchmark's, generated in "
                    f"{seconds(figures['generate']['seconds'])} ({counts})")
    report.line(
        f"baseline: on the raw DB-API cursor, the {figures['entries']:,} entries that name a "
        f"record (a scan in sequence order) and the {figures['rows']:,} rows of the audited "
        f"tables and link tables, fetched in chunks: runs "
        f"{', '.join(seconds(s) for s in figures['baseline'])}"
    )
    report.line(
        f"records audit (`audit_records`, as `sprava verify` runs it, "
        f"{figures['workers']} workers): runs "
        f"{', '.join(seconds(s) for s in figures['audit'])}; peak RSS of the parent "
        f"{figures['peak_rss_kib'] / 1024:.0f} MiB; {figures['problems']:,} problems found"
    )
    report.line(
        f"the same audit in one process (`verify --workers 1`): runs "
        f"{', '.join(seconds(s) for s in figures['audit_one'])} "
        f"({median(figures['audit_one']) / median(figures['baseline']):.2f} x the baseline)"
    )
    if figures["problems"]:  # e.g. data kept from before issue 7, whose events said less
        report.line(f"PROBLEMS in the data, so the figure is not the clean case; first: "
                    f"{'; '.join(figures['some_problems'])}")
    report.line(
        f"for information, the baseline with every entry body parsed as JSON as well: runs "
        f"{', '.join(seconds(s) for s in figures['decoded'])}"
    )
    report.ratio("records audit time", median(figures["audit"]), median(figures["baseline"]),
                 TARGET)


if __name__ == "__main__":
    sys.exit(main())
