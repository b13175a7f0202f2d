"""Legal-analysis page benchmark, run in a child process: `python -m benchmarks.law_pages`.

On the page benchmark's data set (the demo generator at benchmark size: 1,000,000 acts over
four cases by default, with the demo's legal analysis), signed in as a lawyer on every demo case
without identity access, it times through Django's WSGI handler:

- the proof matrix of each case (`/cases/REF/matrix/`), its gap list (`/cases/REF/gaps/`),
  its contextual figures (`/cases/REF/context/`) and its superior-responsibility candidates
  (`/cases/REF/superiors/`);
- a perpetrator's page (`/persons/ID/`: posts, the chart of command, the acts of their units).

Beside each request, as in `benchmarks.pages`: the SELECTs the page ran against the record and
law tables (its grouped counts and the rows the figures are computed from; not sessions,
accounts, memberships or the ledger), re-run on the raw DB-API cursor and fetched in full.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Sequence

from benchmarks.pages import Server, generate, measure, progress

LAWYER = "bench-lawyer"


def sign_in_lawyer() -> str:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from sprava.accounts.members import add_member
    from sprava.accounts.users import create_user, generate_password
    from sprava.cases.models import Case

    user = User.objects.filter(username=LAWYER).first()
    if user is None:
        user = create_user(LAWYER, generate_password(), actor="benchmark")
        for case in Case.objects.filter(reference__startswith="demo-"):
            add_member(case, user, "lawyer", identity_access=False, actor="benchmark")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def ensure_analysis() -> dict[str, object]:
    """The demo's legal analysis, once, as a lead of the demo cases (the page benchmark's data
    is generated without one)."""
    import time

    from django.db import transaction

    from sprava.accounts.members import add_member
    from sprava.accounts.users import create_user, generate_password
    from sprava.cases.models import Case
    from sprava.law.demo import load_analysis
    from sprava.law.models import Charge

    if Charge.objects.exists():
        return {"seconds": 0.0, "reused": True}
    started = time.perf_counter()
    cases = list(Case.objects.filter(reference__startswith="demo-").order_by("reference"))
    with transaction.atomic():
        lead = create_user("bench-lead", generate_password(), actor="benchmark")
        for case in cases:
            add_member(case, lead, "lead", identity_access=True, actor="benchmark")
        made = load_analysis(cases, lead)
    return {"seconds": time.perf_counter() - started, "counts": made}


def requests(rng: random.Random, count: int) -> dict[str, list[str]]:
    from sprava.cases.models import Case
    from sprava.records.models import Position

    cases = list(Case.objects.filter(reference__startswith="demo-")
                 .values_list("reference", flat=True).order_by("reference"))
    perpetrators = list(Position.objects.order_by("person_id").values_list("person_id", flat=True)
                        .distinct()[:5000])
    plan: dict[str, list[str]] = {}
    for page, path in (("case matrix", "matrix/"), ("gap list", "gaps/"),
                       ("contextual figures", "context/"), ("superiors", "superiors/")):
        plan[page] = [f"/cases/{rng.choice(cases)}/{path}" for _ in range(count)]
    plan["perpetrator page"] = [f"/persons/{rng.choice(perpetrators)}/" for _ in range(count)]
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.law_pages")
    parser.add_argument("--out", required=True)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--acts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.pages import iterate_counts

    results: dict[str, object] = {"vendor": connection.vendor}
    progress(f"law pages: {args.persons:,} persons and {args.acts:,} acts (demo generator)")
    results["generate"] = generate(args.persons, args.acts)
    progress("law pages: the demo's legal analysis")
    results["analysis"] = ensure_analysis()
    results["counts"] = dict(iterate_counts())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    server = Server(sign_in_lawyer())
    plan = requests(random.Random(2020), args.requests)
    progress(f"law pages: {sum(len(v) for v in plan.values()):,} timed requests")
    results["pages"] = measure({page: server for page in plan}, plan, args.warmup)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
