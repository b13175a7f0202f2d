"""CSV import and export: `sprava import|export`, done as a Sprava user (`cli.acting`).

The user's permissions apply as in the API: an import needs EDIT in its case, an export
EXPORT in the cases it takes rows from. Exports show protected persons by pseudonym, and
imports match no protected person, unless `--reveal` is given, and then only those whose
identity the user may see (identity access in the protecting case); a reveal is logged. An
import never takes a protected person into another case than their protecting one unless the
user leads that one (rule 4 of `sprava.accounts.permissions`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, case_named, json_option
from sprava.cli.output import EXIT_PROBLEMS, emit_json

# As in `records.csv_io` (a test keeps them equal): the parser is built before Django starts.
IMPORT_KINDS = ("persons", "incidents", "acts", "testimonies", "custody")
EXPORT_KINDS = ("cases", "incidents", "acts", "act-types", "persons", "organisations",
                "positions", "involvements", "places", "custody-periods", "testimonies",
                "consents")


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="import persons, incidents, acts, testimonies "
                              "or custody periods from CSV")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--case", required=True, help="the case's reference")
    imp.add_argument("--dry-run", action="store_true",
                     help="only report what would be created, matched or rejected")
    imp.add_argument("--reveal", action="store_true",
                     help="match rows against protected persons too (a match names them: "
                          "logged as an identity reveal), those whose identity the user may see")
    as_user_option(imp)
    json_option(imp)
    imp.set_defaults(handler=cmd_import)
    exp = commands.add_parser("export", help="write a list as CSV")
    exp.add_argument("kind", choices=EXPORT_KINDS)
    exp.add_argument("--case", help="only rows of this case")
    exp.add_argument("--output", "-o", type=Path, help="a file (default: standard output)")
    exp.add_argument("--reveal", action="store_true",
                     help="show protected persons' names (logged) instead of pseudonyms, where "
                     "the user may see them")
    as_user_option(exp)
    json_option(exp)
    exp.set_defaults(handler=cmd_export)


def _disclosure(user: Any, reveal: bool) -> Any:
    """Whose identities the command may show: with `--reveal`, those the user may see."""
    from sprava.accounts import permissions
    from sprava.records.identity import Disclosure

    return Disclosure(identity_case_ids=permissions.identity_case_ids(user) if reveal else set())


def cmd_import(args: argparse.Namespace) -> int:
    from sprava.accounts import permissions
    from sprava.accounts.actors import actor_name
    from sprava.records.csv_io import MAX_BYTES, import_csv
    from sprava.records.models import Person

    user = acting_user(args)
    case = case_named(args.case)
    permissions.require(user, permissions.Permission.EDIT, case)
    try:
        with args.file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from None
    actor = actor_name(user)
    disclosure = _disclosure(user, args.reveal)
    # Rows match only persons the user sees (a match names them), as in the API.
    report = import_csv(args.kind, data, case=case, actor=actor, dry_run=args.dry_run,
                        persons=permissions.filter_visible(user, Person.objects.all()),
                        disclosure=disclosure, user=user)
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

    from sprava.accounts import permissions
    from sprava.accounts.actors import actor_name
    from sprava.accounts.errors import PermissionDenied
    from sprava.records.csv_io import EXPORTS, ExportView, export_csv, record_export

    if args.json and args.output is None:
        raise CommandError("--json needs --output: the CSV itself goes to standard output")
    user = acting_user(args)
    export = EXPORTS[args.kind]
    case = case_named(args.case) if args.case else None
    if case is not None:
        permissions.require(user, permissions.Permission.EXPORT, case)
        allowed = {case.pk}
    else:  # every case the user may export from, as the API's export
        allowed = set(permissions.cases_where(user, permissions.Permission.EXPORT)
                      .values_list("pk", flat=True))
        if not allowed:
            raise PermissionDenied(f"{user.get_username()} may not export from any case")
    actor = actor_name(user)
    rows = export.within(export.queryset(), allowed)
    disclosure = _disclosure(user, args.reveal)
    buffer = io.StringIO()
    count = export_csv(args.kind, rows.order_by("pk"), buffer,
                       ExportView(disclosure, case_ids=allowed))
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
