"""The legal layer: `sprava law show` (the framework); `derived`, `matrix` and `gaps` are in
`law_derived` and `law_matrix`."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli import law_derived, law_matrix
from sprava.cli.common import json_option
from sprava.cli.output import KEYS_NONE, emit_json


def register(commands: Any) -> None:
    law = commands.add_parser("law", help="the legal framework and the analysis against it")
    actions = law.add_subparsers(dest="law_command", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="the legal framework: crimes, elements, modes, venues")
    json_option(show)
    show.set_defaults(handler=cmd_law_show, keys=KEYS_NONE)
    law_derived.register_into(actions)
    law_matrix.register_into(actions)


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
