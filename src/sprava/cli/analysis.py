"""Analyses of a case: `sprava analysis context CASE [--json]`, done as a Sprava user
(`cli.acting`) who must be a member of the case, as on the page and in the API."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, json_option
from sprava.cli.output import KEYS_NONE, emit_json


def register(commands: Any) -> None:
    analysis = commands.add_parser("analysis", help="figures computed from a case's records")
    actions = analysis.add_subparsers(dest="analysis_command", required=True, metavar="ACTION")
    context = actions.add_parser(
        "context", help="the contextual element: acts and victims by type, period, region, "
        "place, place of detention and unit; recurring patterns")
    context.add_argument("case", help="the case's reference")
    as_user_option(context)
    json_option(context)
    context.set_defaults(handler=cmd_context, keys=KEYS_NONE)


def cmd_context(args: argparse.Namespace) -> int:
    from sprava.accounts.permissions import Permission
    from sprava.law.policy import context_with_policy
    from sprava.records.reader import Reader

    user = acting_user(args)
    reader = Reader.of_user(user, channel="user")
    # Another team's case reads as one that is not there, as on the pages and in the API.
    case = reader.visible_cases().filter(reference=args.case).first()
    if case is None or not reader.can(Permission.VIEW, case):
        raise CommandError(f"there is no case {args.case!r}")
    figures = context_with_policy(reader, case)
    if args.json:
        emit_json({"ok": True, **figures.to_dict()})
        return 0
    for line in summary(figures):
        print(line)
    return 0


def summary(figures: Any) -> list[str]:
    """The figures for a terminal, in English, each row with the acts list that shows it."""
    from urllib.parse import urlencode

    def where(filters: Any) -> str:
        return "/acts/?" + urlencode(filters)

    def row(label: str, item: Any, spread: bool = True) -> str:
        more = f" {item.periods:>4} {figures.unit}s {item.regions:>2} regions" if spread else ""
        return (f"  {label[:48]:<48} {item.acts:>7} acts {item.victims:>7} victims{more}"
                f"  {where(item.filters)}")

    lines = [f"Case {figures.case_reference}: {figures.total.acts} acts, "
             f"{figures.total.victims} victims, {figures.place_count} places in "
             f"{figures.region_count} of {len(figures.regions)} regions (by {figures.unit})"]
    lines += ["By type:", *(row(r.name.en, r) for r in figures.by_type)]
    lines += [f"By {figures.unit}:"]
    lines += [f"  {p.key:<10} {p.acts:>7} acts {p.victims:>7} victims  to date {p.acts_to_date}"
              f" acts, {p.victims_to_date} victims  {where(p.filters)}" for p in figures.periods]
    lines += [f"  date not precise enough ({u.precision}): {u.acts} acts, {u.victims} victims"
              f"  {where(u.filters)}" for u in figures.unplaced]
    lines += ["By region:", *(row(r.name.en, r, spread=False) for r in figures.regions)]
    lines += [row("outside Belarus", figures.region_abroad, spread=False),
              row("region unknown", figures.region_unknown, spread=False)]
    lines += ["By place of detention:"]
    lines += [row(f.name.en, f) + f"  held there: {f.held} victims, {f.custody_periods} periods"
              for f in figures.facilities]
    lines += ["By unit:", *(row(u.name.en, u) for u in figures.units)]
    lines += [row("no unit recorded", figures.unit_unknown, spread=False)]
    lines += ["Recurring patterns:"]
    lines += [row(f"{p.act_type.en} {'by' if p.by == 'unit' else 'at'} {p.where.en}", p)
              for p in figures.patterns]
    return lines
