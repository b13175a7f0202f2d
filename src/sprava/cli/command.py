"""Responsibility up the chain: `sprava command superiors CASE [--json]`, the ranked candidates
for superior responsibility of a case, as the page and the API list them
(`sprava.analysis.superiors`), read as the user named by `--as`.

Protected persons show by pseudonym unless `--reveal` is given and the user holds identity
access, as for `sprava export`; a shown identity is written to the ledger.
"""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, json_option
from sprava.cli.output import emit_json


def register(commands: Any) -> None:
    group = commands.add_parser("command", help="responsibility up the chain of command")
    actions = group.add_subparsers(dest="command_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "superiors", help="rank the candidates for superior responsibility of a case")
    listing.add_argument("case", help="the case's reference")
    listing.add_argument("--limit", type=int, default=50,
                         help="how many candidates, from the top (default 50, at most 500)")
    listing.add_argument("--offset", type=int, default=0, help="skip this many first")
    listing.add_argument("--reveal", action="store_true",
                         help="show the names of protected persons the user may see "
                              "(written to the ledger)")
    as_user_option(listing)
    json_option(listing)
    listing.set_defaults(handler=cmd_superiors)


def _ground(ground: Any) -> dict[str, Any]:
    position = ground.post.position
    return {"id": position.pk, "title": position.title, "rank": position.rank,
            "unit": {"id": position.organisation.pk, "label": position.organisation.label_en},
            "when": position.when, "superior_responsibility": ground.post.superior,
            "first": ground.first.isoformat(), "last": ground.last.isoformat(),
            "acts": ground.tally.acts, "victims": ground.tally.victims,
            "units": [{"unit": {"id": row.unit.pk, "label": row.unit.label_en},
                       "acts": row.acts} for row in ground.units]}


def cmd_superiors(args: argparse.Namespace) -> int:
    from sprava.accounts import permissions
    from sprava.analysis.superiors import MAX_PAGE, case_of, superiors
    from sprava.cases.models import Case
    from sprava.records.identity import Disclosure
    from sprava.records.reader import Reader

    if not 1 <= args.limit <= MAX_PAGE or args.offset < 0:
        raise CommandError(f"--limit is 1 to {MAX_PAGE}, --offset 0 or more")
    user = acting_user(args)
    reader = Reader(user=user, disclosure=Disclosure(
        permissions.identity_case_ids(user) if args.reveal else set()))
    try:
        case = case_of(reader, reference=args.case)
    except Case.DoesNotExist:
        # As for a case that is not there: a member of another team learns nothing of it.
        raise CommandError(f"there is no case {args.case!r} among {user.get_username()}'s "
                           "cases") from None
    found = superiors(reader, case, offset=args.offset, limit=args.limit)
    rows: list[dict[str, Any]] = [{"rank": c.rank, "person": {"id": c.person.pk,
                                        "label": reader.person_label(c.person),
                                        "protected": c.person.protected},
             "acts": c.tally.acts, "victims": c.tally.victims,
             "superior_responsibility": c.superior,
             "posts": [_ground(g) for g in c.grounds]} for c in found.candidates]
    reader.commit(f"cli command superiors {case.reference}")
    if args.json:
        emit_json({"ok": True, "case": case.reference, "count": found.total,
                   "limit": found.limit, "offset": found.offset, "items": rows})
        return 0
    if not rows:
        print(f"No candidates in {case.reference}.")
        return 0
    print(f"{found.total} candidates in {case.reference}; by acts, then victims "
          "(a lead for art. 28(b), not a finding):")
    for row in rows:
        mark = " [command]" if row["superior_responsibility"] else ""
        print(f"{row['rank']:>4}. {row['person']['label']}{mark}: {row['acts']} acts, "
              f"{row['victims']} victims")
        for post in row["posts"]:
            units = ", ".join(f"{u['unit']['label']} {u['acts']}" for u in post["units"])
            print(f"        {post['title']}, {post['unit']['label']} ({post['when']}): "
                  f"{post['acts']} acts, {post['victims']} victims, {post['first']} to "
                  f"{post['last']}; {units}")
    shown = found.offset + len(rows)
    if shown < found.total:
        print(f"... {found.total - shown} more (--offset {shown})")
    return 0
