"""`sprava law ...`: the legal layer on the command line.

    sprava law jurisdiction CASE [--venue V] [--limit N] [--json] --as USER

Read as a Sprava user (`cli.acting`): only a member of the case may read its analysis, as on
the pages and in the API. Acts are listed by number, type, date and place, without victims.

Each subcommand is one `add_*` function in `SUBCOMMANDS`; a new one is one more function there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, case_named, json_option
from sprava.cli.output import KEYS_NONE, emit_json

DEFAULT_LIMIT = 20


def register(commands: Any) -> None:
    law = commands.add_parser("law", help="the law as data: jurisdiction per venue")
    subcommands = law.add_subparsers(dest="law_command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(subcommands)


def add_jurisdiction(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "jurisdiction", help="which venues can reach the acts of a case, and why")
    parser.add_argument("case", help="the case's reference")
    parser.add_argument("--venue", help="only this venue (icc, lt, de, pl, peoples-tribunal)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"acts listed per venue (default {DEFAULT_LIMIT}; 0: all)")
    as_user_option(parser)
    json_option(parser)
    parser.set_defaults(handler=cmd_jurisdiction, keys=KEYS_NONE)


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (add_jurisdiction,)


def cmd_jurisdiction(args: argparse.Namespace) -> int:
    from sprava.law.jurisdiction import case_jurisdiction

    if args.limit < 0:
        raise CommandError("--limit is 0 (all) or more")
    user = acting_user(args)
    found = case_jurisdiction(user, case_named(args.case), args.venue)
    listed = []
    for reach in found.venues:
        rows = reach.reachable_acts().select_related("act_type", "place", "incident__place")
        rows = rows.order_by("j_start", "pk")
        listed.append(reach.explain(rows[: args.limit] if args.limit else rows.iterator()))
    if args.json:
        document = found.as_dict()
        for venue, acts in zip(document["venues"], listed, strict=True):
            venue["reachable_acts"] = [act.as_dict() for act in acts]
        emit_json(document)
        return 0
    framework_id, version = found.framework
    print(f"Case {found.case.reference}: legal framework {framework_id} {version}, "
          f"jurisdiction data {found.data_version}")
    for reach, acts in zip(found.venues, listed, strict=True):
        _print_venue(reach, acts)
    return 0


def _print_venue(reach: Any, acts: list[Any]) -> None:
    venue = reach.venue
    print(f"\n{venue.name.text()} ({venue.id}, {venue.jurisdiction}): "
          f"{reach.reachable} of {reach.acts} acts can be brought here")
    counts = ", ".join(f"{status} {count}" for status, count in sorted(reach.counts.items()))
    if counts:
        print(f"  by status: {counts}")
    if reach.crimes:
        print("  by crime: " + ", ".join(f"{c.name.text()} ({c.article}) {c.acts}"
                                         for c in reach.crimes))
    if reach.referral is not None:
        print(f"  covered by the referral: {reach.referral}")
    for group in reach.groups:
        print(f"  {group.acts} {'act' if group.acts == 1 else 'acts'}, {group.finding.status}"
              + (" [verify]" if group.finding.verify else "") + ":")
        for reason in group.finding.reasons:
            print(f"    - {reason.text()}")
    for act in acts:
        place = act.place.label if act.place is not None else "-"
        referral = f"  referral {act.finding.referral}" if act.finding.referral else ""
        print(f"  act {act.act.pk:>8}  {act.when:<12} {act.act.act_type.code:<24} "
              f"{place} ({act.country or '?'}){referral}")
