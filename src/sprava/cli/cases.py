"""Cases: `sprava case add` (done as an administrator, as in the API) and `sprava case list`."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import json_option, user_named
from sprava.cli.output import KEYS_NONE, emit_json


def register(commands: Any) -> None:
    case = commands.add_parser("case", help="cases")
    actions = case.add_subparsers(dest="case_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a case")
    add.add_argument("reference", help="a short slug, e.g. akrestsina-2020")
    add.add_argument("title")
    add.add_argument("--summary", default="")
    add.add_argument("--venue", action="append", default=[],
                     choices=("tribunal", "national", "peoples", "publication"),
                     help="a venue the case is prepared for (repeatable)")
    add.add_argument("--lead", metavar="USER", help="make this user the case's lead")
    as_user_option(add)
    json_option(add)
    add.set_defaults(handler=cmd_case_add)
    listing = actions.add_parser("list", help="list cases with their member counts")
    json_option(listing)
    listing.set_defaults(handler=cmd_case_list, keys=KEYS_NONE)


def cmd_case_add(args: argparse.Namespace) -> int:
    from django.db import transaction

    from sprava.accounts import permissions
    from sprava.accounts.actors import actor_name
    from sprava.accounts.members import add_member
    from sprava.cases.models import Case
    from sprava.records.services import save_record

    user = acting_user(args)
    permissions.require(user, permissions.Permission.ADMINISTER)  # an organisation's cases
    lead = user_named(args.lead) if args.lead else None
    with transaction.atomic():
        case = save_record(Case(reference=args.reference, title=args.title,
                                summary=args.summary, venues=list(dict.fromkeys(args.venue))),
                           actor=actor_name(user))
        if lead is not None:
            add_member(case, lead, "lead", actor=user)
    if args.json:
        emit_json({"ok": True, "id": case.pk, "reference": case.reference,
                   "lead": lead.get_username() if lead else None})
    else:
        print(f"Created case {case.reference}" + (f" led by {lead.get_username()}"
                                                   if lead else ""))
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    from django.db.models import Count

    from sprava.cases.models import Case

    rows = [{"id": c.pk, "reference": c.reference, "title": c.title, "members": c.members}
            for c in Case.objects.annotate(members=Count("memberships"))]
    if args.json:
        emit_json({"ok": True, "cases": rows})
        return 0
    if not rows:
        print("No cases.")
    for row in rows:
        print(f"{row['reference']:<30} {row['members']:>3} members  {row['title']}")
    return 0
