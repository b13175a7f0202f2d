"""Page benchmark, run in a child process: `python -m benchmarks.pages --out FILE ...`.

The parent makes SPRAVA_HOME with `sprava init --no-admin` and, for PostgreSQL, points
DATABASE_URL at a scratch database. This process:

1. loads the fictional demo data set at benchmark size (100,000 persons, 1,000,000 acts by
   default) through the same domain functions as real records, ledger events included;
2. signs in a case investigator who belongs to every demo case (no identity access, so
   protected persons show as pseudonyms, as most readers see them);
3. requests the main pages through Django's real WSGI handler, every middleware included (no
   test client, whose instrumentation would slow rendering), and times each from the call to
   the last byte of the body: the server time;
4. right after each request, re-runs with a raw DB-API cursor the SQL that fetched the rows the
   page shows, and times that: the bare query, measured in the same run and the same state.

What counts as "the rows the page shows": every SELECT the page ran against the record and
search tables, except counts (a pager's total is not a row shown) and the reader's session,
account, membership and ledger reads. That is the page's own plan for its rows, without Django,
the permission check, the template or the middleware around it. The main query alone (the one
SELECT of the page's records) is reported beside it for lists.

It writes its figures as JSON to --out; the parent prints them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

USER = "bench-investigator"
# A member of one case among several, as in a multi-team installation: most rows are not
# theirs, so a list must skip them. Its pages are timed apart, marked "(one case)".
ONE_CASE_USER = "bench-one-case"
ONE_CASE = "demo-exile"
ONE_CASE_PAGES = ("act list", "person list")
# Statements that read what the page shows. Accounts, sessions, memberships and the ledger are
# the reader's own state (and the disclosure record), not the rows.
# The table a statement reads is the first one after FROM (subqueries come later).
_FIRST_TABLE = re.compile(r'\bFROM\s+"?(\w+)"?', re.IGNORECASE)
_ROW_TABLES = re.compile(r"(records|evidence|search|law)_\w+|\w+_fts")
_COUNT = re.compile(r"^\s*SELECT\s+(COUNT\(\*\)|1 AS \"a\")", re.IGNORECASE)


def progress(text: str) -> None:
    print(f"   ... {text}", file=sys.stderr, flush=True)


@dataclass
class Statement:
    sql: str
    params: Sequence[Any]
    seconds: float


@dataclass
class Capture:
    """The SQL a request ran, through connection.execute_wrapper."""

    statements: list[Statement] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(Statement(sql, params or (), time.perf_counter() - started))


def row_statements(statements: Sequence[Statement]) -> list[Statement]:
    return [s for s in statements
            if s.sql.lstrip().upper().startswith(("SELECT", "WITH"))
            and _reads_rows(s.sql) and not _COUNT.match(s.sql)]


def _reads_rows(sql: str) -> bool:
    first = _FIRST_TABLE.search(sql)
    return bool(first and _ROW_TABLES.fullmatch(first.group(1)))


def main_statement(statements: Sequence[Statement], table: str) -> Statement | None:
    """The SELECT of the page's records: FROM the kind's table, with a LIMIT."""
    for s in statements:
        if re.search(rf'\bFROM "{table}"', s.sql) and "LIMIT" in s.sql.upper():
            return s
    return None


def bare(statements: Sequence[Statement]) -> float:
    """Run the statements again on the raw DB-API cursor, fetching every row; seconds taken."""
    from django.db import connection

    cursor = connection.cursor().cursor  # below Django's wrapper: no logging, no conversion
    started = time.perf_counter()
    for s in statements:
        cursor.execute(s.sql, s.params)
        cursor.fetchall()
    return time.perf_counter() - started


class Server:
    """Django's WSGI application, called the way a WSGI server calls it."""

    def __init__(self, cookie: str) -> None:
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()
        self.cookie = cookie

    def get(self, url: str) -> tuple[int, bytes, float]:
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
            "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": self.cookie,
            "HTTP_ACCEPT_LANGUAGE": "en", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        status: list[str] = []

        def start_response(line: str, headers: Any, exc_info: Any = None) -> None:
            status.append(line)

        started = time.perf_counter()
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return int(status[0].split()[0]), body, time.perf_counter() - started


def generate(persons: int, acts: int) -> dict[str, Any]:
    from sprava.cases.models import Case
    from sprava.home.vault import open_vault
    from sprava.records.demo import DemoSize, load_demo

    if Case.objects.filter(reference__startswith="demo-").exists():
        return {"seconds": 0.0, "reused": True}
    size = DemoSize(persons=persons, incidents=max(10, acts // 50), acts=acts, evidence=0,
                    testimonies=max(10, persons // 50))
    started = time.perf_counter()
    summary = load_demo(vault=open_vault(), size=size,
                        progress=lambda stage: progress(f"demo data: {stage}"))
    return {"seconds": time.perf_counter() - started, "counts": summary.counts}


def sign_in(username: str = USER, cases: str = "demo-") -> str:
    """A session cookie for an investigator (without identity access) on the demo cases whose
    reference starts with `cases`."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from sprava.accounts.members import add_member
    from sprava.accounts.users import create_user, generate_password
    from sprava.cases.models import Case

    user = User.objects.filter(username=username).first()
    if user is None:  # through Sprava, ledger event included: `verify` checks accounts too
        user = create_user(username, generate_password(), actor="benchmark")
        for case in Case.objects.filter(reference__startswith=cases):
            add_member(case, user, "investigator", identity_access=False, actor="benchmark")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def requests(rng: random.Random, count: int) -> dict[str, list[str]]:
    """The URLs timed for each page, `count` of each, drawn at random."""
    from sprava.records import demo_names
    from sprava.records.models import Act, PersonRole

    victims = list(PersonRole.objects.filter(role="victim").values_list("person_id", flat=True)
                   .order_by("person_id")[:50_000])
    top = Act.objects.order_by("-id").values_list("id", flat=True).first() or 1
    act_ids = list(Act.objects.filter(id__in=[rng.randint(1, top) for _ in range(count * 2)])
                   .values_list("id", flat=True))
    words = ["Akrestsina", "kneel", "insignia", "relatives", "yard", "detainees"]
    names: list[str] = []
    for surname in demo_names.SURNAMES:
        names.extend([surname[0], surname[1], surname[2]])  # Belarusian, Russian, Latin
    # Sorts that have an index. Sorting a million acts by a joined column (type, place) is a
    # full sort, seconds for the page and the bare query alike: not a page's overhead.
    sorts = ["", "", "sort=date", "sort=-number", "sort=number"]
    return {
        "act list": [_query("/acts/", rng.choice(sorts), f"page={rng.randint(1, 20)}")
                     for _ in range(count)],
        "person list": [_query("/persons/", f"page={rng.randint(1, 20)}") for _ in range(count)],
        "person detail": [f"/persons/{rng.choice(victims)}/" for _ in range(count)],
        "act detail": [f"/acts/{rng.choice(act_ids)}/" for _ in range(count)],
        "search": [_query("/search/", "q=" + quote(rng.choice(names + words)))
                   for _ in range(count)],
        # No record at all: what any signed-in page costs (session, user, memberships,
        # middleware, the page frame). Reported for reading the others, not as a ratio.
        "empty page": ["/search/" for _ in range(count)],
    }


def _query(path: str, *parts: str) -> str:
    return path + "?" + "&".join(p for p in parts if p)


MAIN_TABLE = {"act list": "records_act", "person list": "records_person",
              "act list (one case)": "records_act", "person list (one case)": "records_person"}


def measure(servers: dict[str, Server], plan: dict[str, list[str]], warmup: int
            ) -> dict[str, Any]:
    """Time every request of the plan; `servers` holds the signed-in server of each page."""
    from django.db import connection, reset_queries

    order = [(page, url) for page, urls in plan.items() for url in urls]
    random.Random(7).shuffle(order)  # interleaved, so no page enjoys a cache the others warmed
    for page, urls in plan.items():
        for url in urls[:warmup]:
            servers[page].get(url)
    figures: dict[str, dict[str, Any]] = {
        page: {"page": [], "bare": [], "main": [], "queries": [], "rows_queries": [],
               "bytes": [], "example": urls[0]} for page, urls in plan.items()}
    for done, (page, url) in enumerate(order, 1):
        capture = Capture()
        with connection.execute_wrapper(capture):
            status, body, seconds = servers[page].get(url)
        if status != 200:
            raise SystemExit(f"{url} answered {status}: {body[:500]!r}")
        rows = row_statements(capture.statements)
        entry = figures[page]
        entry["page"].append(seconds)
        entry["bare"].append(bare(rows))
        if page in MAIN_TABLE:
            main = main_statement(rows, MAIN_TABLE[page])
            if main is None:
                raise SystemExit(f"no main query found for {url}")
            entry["main"].append(bare([main]))
        entry["queries"].append(len(capture.statements))
        entry["rows_queries"].append(len(rows))
        entry["bytes"].append(len(body))
        reset_queries()
        if done % 100 == 0:
            progress(f"pages: {done:,} of {len(order):,} requests")
    return figures


def check_same_rows(server: Server) -> None:
    """The bare query's rows are the rows on the page: the act ids listed match."""
    from django.db import connection

    capture = Capture()
    with connection.execute_wrapper(capture):
        _, body, _ = server.get("/acts/?page=3")
    main = main_statement(row_statements(capture.statements), "records_act")
    assert main is not None
    cursor = connection.cursor().cursor
    cursor.execute(main.sql, main.params)
    ids = [row[0] for row in cursor.fetchall()]
    shown = [int(i) for i in re.findall(rb'href="/acts/(\d+)/"', body)]
    if list(dict.fromkeys(shown)) != ids:
        raise SystemExit(f"the bare query's acts {ids[:5]}... are not the page's {shown[:5]}...")


def iterate_counts() -> Iterator[tuple[str, int]]:
    from sprava.ledger.models import Entry
    from sprava.records.models import Act, Incident, Involvement, Person, PersonName

    for model in (Person, PersonName, Incident, Act, Involvement, Entry):
        yield model._meta.verbose_name_plural.__str__(), model._default_manager.count()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages")
    parser.add_argument("--out", required=True)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--acts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    import django

    django.setup()
    from django.db import connection

    results: dict[str, Any] = {"vendor": connection.vendor}
    progress(f"pages: loading {args.persons:,} persons and {args.acts:,} acts (demo generator)")
    results["generate"] = generate(args.persons, args.acts)
    results["counts"] = dict(iterate_counts())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    server = Server(sign_in())
    check_same_rows(server)
    one_case = Server(sign_in(ONE_CASE_USER, ONE_CASE))
    plan = requests(random.Random(2020), args.requests)
    progress(f"pages: {sum(len(v) for v in plan.values()):,} timed requests")
    for page in ONE_CASE_PAGES:
        plan[f"{page} (one case)"] = plan[page]
    servers = {page: one_case if page.endswith("(one case)") else server for page in plan}
    results["pages"] = measure(servers, plan, args.warmup)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
