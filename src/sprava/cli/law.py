"""`sprava law ...`: the legal layer on the command line.

    sprava law show [--json]                      the legal framework
    sprava law jurisdiction CASE [--venue V] [--limit N] [--json] --as USER
    sprava law derived ...                        derived support (`cli.law_derived`)
    sprava law matrix CASE [--by act|perpetrator] [--json] --as USER   (`cli.law_matrix`)
    sprava law gaps CASE [--json] --as USER       the proof matrix's gaps (`cli.law_matrix`)

The framework is reference data, read by the installation. A case's analysis is read as a
Sprava user (`cli.acting`): only a member of the case may read it, as on the pages and in the
API. Acts are listed by number, type, date and place, without victims.

Each subcommand is one `add_*` function in `SUBCOMMANDS`; a new one is one more function there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sprava.cli import law_derived, law_matrix
from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, case_named, json_option
from sprava.cli.output import KEYS_NONE, emit_json

DEFAULT_LIMIT = 20


def register(commands: Any) -> None:
    law = commands.add_parser("law", help="the legal framework and the analysis against it")
    subcommands = law.add_subparsers(dest="law_command", required=True, metavar="ACTION")
    for add in SUBCOMMANDS:
        add(subcommands)


def add_show(subcommands: Any) -> None:
    show = subcommands.add_parser(
        "show", help="the legal framework: crimes, elements, modes, venues")
    json_option(show)
    show.set_defaults(handler=cmd_law_show, keys=KEYS_NONE)


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


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (add_show, add_jurisdiction,
                                                  law_derived.register_into,
                                                  law_matrix.register_into)


def cmd_law_show(args: argparse.Namespace) -> int:
    from sprava.law.framework import current

    framework = current()
    if args.json:
        emit_json(framework.as_json())
        return 0
    print(f"{framework.title.en}\nframework {framework.id}, version {framework.version}\n")
    for crime in framework.crimes:
        print(f"art. {crime.article}  {crime.name.en}  [{crime.id}]")
        for element in crime.elements:
            shared = ", contextual" if element.contextual else ""
            print(f"  {element.number}. ({element.type}{shared}) {element.label.en}"
                  f"  [{element.id}]")
            for alternative in element.alternatives:
                print(f"       or {alternative.label.en}  [{alternative.id}]")
    print("\nModes of liability")
    for mode in framework.modes:
        mark = "  [verify]" if mode.verify else ""
        print(f"art. {mode.article}  {mode.name.en}  [{mode.id}]{mark}")
        for element in mode.elements:
            print(f"  {element.number}. ({element.type}) {element.label.en}  [{element.id}]")
    print("\nNational provisions")
    for national in framework.national:
        mark = "  [verify]" if national.verify else ""
        print(f"{national.name.en}{mark}\n  jurisdiction: {national.jurisdiction_provision}"
              f"\n  covers: {', '.join(national.covers)}")
    print("\nVenues")
    for venue in framework.venues:
        print(f"{venue.id:<18} {venue.name.en}  (jurisdiction: {venue.jurisdiction})")
    print("\nStandards of proof")
    for standard in framework.standards:
        print(f"{standard.id:<24} {standard.name.en} (art. {', '.join(standard.articles)})")
    return 0


def cmd_jurisdiction(args: argparse.Namespace) -> int:
    from sprava.law.jurisdiction import case_jurisdiction

    if args.limit < 0:
        raise CommandError("--limit is 0 (all) or more")
    user = acting_user(args)
    found = case_jurisdiction(user, case_named(args.case), args.venue)
    listed = []
    for reach in found.venues:
        rows = reach.reachable_acts().select_related("act_type", "place", "incident__place")
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
