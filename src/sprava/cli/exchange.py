"""CSV import and export: `sprava import|export`.

Exports show protected persons by pseudonym, and imports match no protected person, unless
`--reveal` is given; a reveal is logged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sprava.cli.common import CommandError, case_named, json_option, operator
from sprava.cli.output import EXIT_PROBLEMS, emit_json

# As in `records.csv_io` (a test keeps them equal): the parser is built before Django starts.
IMPORT_KINDS = ("persons", "incidents", "acts")
EXPORT_KINDS = ("cases", "incidents", "acts", "act-types", "persons", "organisations",
                "positions", "involvements", "places", "custody-periods", "testimonies",
                "consents")


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="import persons, incidents or acts from CSV")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--case", required=True, help="the case's reference")
    imp.add_argument("--dry-run", action="store_true",
                     help="only report what would be created, matched or rejected")
    imp.add_argument("--reveal", action="store_true",
                     help="match rows against protected persons too (a match names them: "
                          "logged as an identity reveal)")
    json_option(imp)
    imp.set_defaults(handler=cmd_import)
    exp = commands.add_parser("export", help="write a list as CSV")
    exp.add_argument("kind", choices=EXPORT_KINDS)
    exp.add_argument("--case", help="only rows of this case")
    exp.add_argument("--output", "-o", type=Path, help="a file (default: standard output)")
    exp.add_argument("--reveal", action="store_true",
                     help="show protected persons' names (logged) instead of pseudonyms")
    json_option(exp)
    exp.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    from sprava.records.csv_io import MAX_BYTES, import_csv
    from sprava.records.identity import Disclosure
    from sprava.records.models import Case

    try:
        with args.file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from None
    actor = operator()
    every_case = set(Case.objects.values_list("pk", flat=True)) if args.reveal else set()
    disclosure = Disclosure(identity_case_ids=every_case)
    report = import_csv(args.kind, data, case=case_named(args.case), actor=actor,
                        dry_run=args.dry_run, disclosure=disclosure)
    disclosure.commit(actor=actor, channel="cli", reason="sprava import --reveal")
    counts = report.counts
    if args.json:
        emit_json({"ok": counts["rejected"] == 0, **report.to_dict()})
    else:
        for warning in report.warnings:
            print(f"warning: {warning}")
        for row in report.rows:
            print(f"line {row.line:>5}  {row.outcome:<8}  {row.record:<14} "
                  + "; ".join(row.messages))
        verb = "would be" if report.dry_run else "were"
        print(f"{counts['created']} {verb} created, {counts['matched']} matched, "
              f"{counts['rejected']} rejected" + (" (dry run: nothing written)"
                                                   if report.dry_run else ""))
    return EXIT_PROBLEMS if counts["rejected"] else 0


def cmd_export(args: argparse.Namespace) -> int:
    import io

    from sprava.records.csv_io import EXPORTS, ExportView, export_csv, record_export
    from sprava.records.identity import Disclosure
    from sprava.records.models import Case

    if args.json and args.output is None:
        raise CommandError("--json needs --output: the CSV itself goes to standard output")
    actor = operator()
    export = EXPORTS[args.kind]
    case = case_named(args.case) if args.case else None
    rows = export.in_case(case) if case is not None else export.queryset()
    every_case = set(Case.objects.values_list("pk", flat=True)) if args.reveal else set()
    disclosure = Disclosure(identity_case_ids=every_case)
    buffer = io.StringIO()
    count = export_csv(args.kind, rows.order_by("pk"), buffer, ExportView(disclosure))
    record_export(actor=actor, kind=args.kind, rows=count, channel="cli",
                  case=case.reference if case else None)
    disclosure.commit(actor=actor, channel="cli", reason="sprava export --reveal")
    if args.output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        try:
            # The byte-order mark makes spreadsheets read the file as UTF-8.
            args.output.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror}") from None
        if args.json:
            emit_json({"ok": True, "kind": args.kind, "rows": count, "file": str(args.output)})
        else:
            print(f"Wrote {count} {args.kind} to {args.output}", file=sys.stderr)
    return 0
