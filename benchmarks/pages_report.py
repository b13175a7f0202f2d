"""The parent's side of the page benchmark: prepare the instance, run the child, print figures."""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import (
    REPO,
    Report,
    Scratch,
    checked,
    kept_database,
    median,
    percentile,
    run,
    seconds,
    sprava_command,
)

PAGES_TARGET = 3.0
KEPT_DATABASE = "sprava_bench_pages"
DESCRIPTIONS = {
    "act list": "/acts/?page=1..20, newest first (the default), oldest first, or by number",
    "person list": "/persons/?page=1..20",
    "person detail": "/persons/<a random victim>/ (names, roles, custody, acts, history)",
    "act detail": "/acts/<a random act>/ (facts, perpetrators, evidence, history)",
    "search": "/search/?q=<a surname in Belarusian, Russian or Latin, or a narrative word>",
    "empty page": "/search/ with no query: reads no record; the fixed cost of any page",
    "act list (one case)": "the same act list requests by an investigator on one case of four",
    "person list (one case)": "the same person list requests by an investigator on one case",
}


@contextlib.contextmanager
def page_data_env(args: argparse.Namespace, work: Scratch) -> Iterator[dict[str, str]]:
    """The environment of a child process working on the page data set (initialised once),
    for the page benchmark and the records audit that reuses its data."""
    with _instance(args, work) as (home, database_url):
        env = work.env(home, database_url)
        if not (home / "keys").exists():
            home.mkdir(parents=True, exist_ok=True)
            checked(run([*sprava_command(), "init", "--no-admin"], env), "sprava init")
        else:  # data kept from an earlier run, perhaps of older code: bring its schema up
            checked(run([*sprava_command(), "manage", "migrate", "--no-input"], env),
                    "sprava manage migrate")
        env["DJANGO_SETTINGS_MODULE"] = "sprava.settings"
        yield env


@contextlib.contextmanager
def _instance(args: argparse.Namespace, work: Scratch) -> Iterator[tuple[Path, str]]:
    if args.pages_data is None:
        with work.database() as database_url:
            yield work.path("home-pages"), database_url
        return
    database_url = kept_database(work.database_url, KEPT_DATABASE) if work.database_url else ""
    yield args.pages_data.resolve(), database_url


def run_pages(args: argparse.Namespace, work: Scratch, report: Report) -> None:
    report.heading(
        f"Pages: {args.persons:,} persons, {args.acts:,} acts; {args.requests} timed requests "
        "per page"
    )
    out = work.path("pages.json")
    with page_data_env(args, work) as env:
        command = [
            sys.executable, "-m", "benchmarks.pages", f"--out={out}",
            f"--persons={args.persons}", f"--acts={args.acts}", f"--requests={args.requests}",
        ]
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, check=True)
        report.line(f"(child process: {seconds(time.perf_counter() - started)} in all)")
    print_pages(json.loads(out.read_text()), report)


LAW_DESCRIPTIONS = {
    "case matrix": "/cases/<a demo case>/matrix/: per element of the charged crimes, the acts in "
                   "each state",
    "gap list": "/cases/<a demo case>/gaps/: the elements with acts lacking evidence, in words",
    "contextual figures": "/cases/<a demo case>/context/: widespread and systematic, charted",
    "superiors": "/cases/<a demo case>/superiors/: ranked superior-responsibility candidates",
    "perpetrator page": "/persons/<a person with a post>/: posts, chart of command, unit acts",
}


def run_law(args: argparse.Namespace, work: Scratch, report: Report) -> None:
    report.heading(
        f"Legal analysis pages: {args.persons:,} persons, {args.acts:,} acts over four cases; "
        f"{args.law_requests} timed requests per page"
    )
    out = work.path("law.json")
    with page_data_env(args, work) as env:
        command = [
            sys.executable, "-m", "benchmarks.law_pages", f"--out={out}",
            f"--persons={args.persons}", f"--acts={args.acts}",
            f"--requests={args.law_requests}",
        ]
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, check=True)
        report.line(f"(child process: {seconds(time.perf_counter() - started)} in all)")
    figures = json.loads(out.read_text())
    analysis = figures.get("analysis", {})
    if analysis and not analysis.get("reused"):
        made = ", ".join(f"{n:,} {what}" for what, n in analysis["counts"].items())
        report.line(f"the demo's legal analysis, recorded as a lead in "
                    f"{seconds(analysis['seconds'])}: {made}")
    print_pages(figures, report, LAW_DESCRIPTIONS, "a lawyer on every case")


def print_pages(figures: dict[str, Any], report: Report,
                descriptions: dict[str, str] | None = None,
                reader: str = "an investigator on every case") -> None:
    descriptions = DESCRIPTIONS if descriptions is None else descriptions
    generated = figures["generate"]
    counts = ", ".join(f"{n:,} {name}" for name, n in figures["counts"].items())
    if generated.get("reused"):
        report.line(f"data: reused from an earlier run ({counts})")
    else:
        report.line(
            f"data: generated with the demo generator through the domain functions, ledger "
            f"events included, in {seconds(generated['seconds'])} ({counts})"
        )
    report.line(
        "server time: Django's WSGI handler called in-process, every middleware, session and "
        f"permission check included, to the last byte of the body; signed in as {reader}, "
        "without identity access"
    )
    report.line(
        "bare query: right after each request, the SELECTs that fetched the page's rows and "
        "figures (record, search and law tables; no pager counts, sessions, accounts or ledger), "
        "re-run on the raw DB-API cursor and fetched in full"
    )
    for page, f in figures["pages"].items():
        report.line()
        report.line(f"{page}: {descriptions.get(page, '')}")
        times, bare = f["page"], f["bare"]
        report.line(
            f"page median {seconds(median(times))}, p95 {seconds(percentile(times, 0.95))}; "
            f"bare median {seconds(median(bare))}, p95 {seconds(percentile(bare, 0.95))}; "
            f"{median(f['queries']):g} queries per page ({median(f['rows_queries']):g} of "
            f"them row queries), {median(f['bytes']) / 1024:.0f} KiB"
        )
        if f.get("main"):
            report.line(
                f"the main SELECT alone: median {seconds(median(f['main']))}, "
                f"p95 {seconds(percentile(f['main'], 0.95))}"
            )
        if page != "empty page":
            report.ratio(f"{page}: p95 page vs p95 bare", percentile(times, 0.95),
                         percentile(bare, 0.95), PAGES_TARGET)
