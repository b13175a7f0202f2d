"""Cases, members, API tokens, CSV import and export: `sprava token|case|member|import|export`.

The command line is the operator of the installation (it holds the database and the keys), so
it calls the domain functions with a trusted actor, `cli:<os user>`; every change is a custody
event like one made in the pages or through the API. Exports show protected persons by
pseudonym, and imports match no protected person, unless `--reveal` is given; a reveal is
logged. The operator leads no case, so an import never takes a protected person into another
case than their protecting one (rule 4 of `sprava.accounts.permissions`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sprava.cli.evidence import default_actor
from sprava.cli.output import EXIT_PROBLEMS, KEYS_NONE, emit_json
from sprava.integrity.errors import SpravaError

ROLES = ("lead", "lawyer", "investigator", "analyst", "viewer")
# As in `records.csv_io` (a test keeps them equal): the parser is built before Django starts.
IMPORT_KINDS = ("persons", "incidents", "acts")
EXPORT_KINDS = ("cases", "incidents", "acts", "act-types", "persons", "organisations",
                "positions", "involvements", "places", "custody-periods", "testimonies",
                "consents")


class CommandError(SpravaError):
    """The command names something that is not there."""


def register(commands: Any) -> None:
    _register_tokens(commands)
    _register_cases(commands)
    _register_members(commands)
    _register_exchange(commands)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for machines")


def _register_tokens(commands: Any) -> None:
    token = commands.add_parser("token", help="API tokens")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a new API token for a user and print it (once)")
    add.add_argument("user")
    add.add_argument("--name", default="command line", help="what the token is for")
    _json(add)
    add.set_defaults(handler=cmd_token_add)
    listing = actions.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("user", nargs="?", help="only this user's tokens")
    listing.add_argument("--active", action="store_true", help="leave out revoked tokens")
    _json(listing)
    listing.set_defaults(handler=cmd_token_list, keys=KEYS_NONE)
    revoke = actions.add_parser("revoke", help="stop a token working")
    revoke.add_argument("id", type=int)
    _json(revoke)
    revoke.set_defaults(handler=cmd_token_revoke)


def _register_cases(commands: Any) -> None:
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
    _json(add)
    add.set_defaults(handler=cmd_case_add)
    listing = actions.add_parser("list", help="list cases with their member counts")
    _json(listing)
    listing.set_defaults(handler=cmd_case_list, keys=KEYS_NONE)


def _register_members(commands: Any) -> None:
    member = commands.add_parser("member", help="case membership")
    actions = member.add_subparsers(dest="member_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a user a member of a case")
    add.add_argument("case", help="the case's reference")
    add.add_argument("user")
    add.add_argument("role", choices=ROLES)
    add.add_argument("--identity-access", action="store_true",
                     help="may see the real identity of protected persons")
    add.add_argument("--reason", default="")
    _json(add)
    add.set_defaults(handler=cmd_member_add)
    change = actions.add_parser("change", help="change a member's role or identity access")
    change.add_argument("case")
    change.add_argument("user")
    change.add_argument("--role", choices=ROLES)
    change.add_argument("--identity-access", action=argparse.BooleanOptionalAction,
                        default=None)
    change.add_argument("--reason", default="")
    _json(change)
    change.set_defaults(handler=cmd_member_change)
    listing = actions.add_parser("list", help="list the members of a case")
    listing.add_argument("case")
    _json(listing)
    listing.set_defaults(handler=cmd_member_list, keys=KEYS_NONE)
    remove = actions.add_parser("remove", help="end a membership")
    remove.add_argument("case")
    remove.add_argument("user")
    remove.add_argument("--reason", default="")
    _json(remove)
    remove.set_defaults(handler=cmd_member_remove)


def _register_exchange(commands: Any) -> None:
    imp = commands.add_parser("import", help="import persons, incidents or acts from CSV")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--case", required=True, help="the case's reference")
    imp.add_argument("--dry-run", action="store_true",
                     help="only report what would be created, matched or rejected")
    imp.add_argument("--reveal", action="store_true",
                     help="match rows against protected persons too (a match names them: "
                          "logged as an identity reveal)")
    _json(imp)
    imp.set_defaults(handler=cmd_import)
    exp = commands.add_parser("export", help="write a list as CSV")
    exp.add_argument("kind", choices=EXPORT_KINDS)
    exp.add_argument("--case", help="only rows of this case")
    exp.add_argument("--output", "-o", type=Path, help="a file (default: standard output)")
    exp.add_argument("--reveal", action="store_true",
                     help="show protected persons' names (logged) instead of pseudonyms")
    _json(exp)
    exp.set_defaults(handler=cmd_export)


# --- lookups -------------------------------------------------------------------------------


def user_named(name: str) -> Any:
    """The account of that name (also for `sprava user`); a command error if there is none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"there is no user {name!r}")
    return user


def _case(reference: str) -> Any:
    from sprava.records.models import Case

    case = Case.objects.filter(reference=reference).first()
    if case is None:
        raise CommandError(f"there is no case {reference!r}")
    return case


def _when(value: Any) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


# --- tokens --------------------------------------------------------------------------------


def cmd_token_add(args: argparse.Namespace) -> int:
    from sprava.accounts.tokens import create_token

    user = user_named(args.user)
    token = create_token(user, args.name, actor=default_actor())
    if args.json:
        emit_json({"ok": True, "user": user.get_username(), "name": args.name, "token": token})
    else:
        print(f"API token for {user.get_username()} (shown once, keep it secret):")
        print(token)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    from sprava.accounts.models import ApiToken

    tokens = ApiToken.objects.select_related("user")
    if args.user:
        tokens = tokens.filter(user=user_named(args.user))
    if args.active:
        tokens = tokens.filter(revoked__isnull=True)
    rows = [{"id": t.pk, "user": t.user.get_username(), "name": t.name, "prefix": t.prefix,
             "created": _when(t.created), "last_used": _when(t.last_used),
             "revoked": _when(t.revoked), "second_factor": t.second_factor} for t in tokens]
    if args.json:
        emit_json({"ok": True, "tokens": rows})
        return 0
    if not rows:
        print("No tokens.")
    for row in rows:
        state = f"revoked {row['revoked']}" if row["revoked"] else "active"
        print(f"{row['id']:>5}  {row['user']:<20} {row['prefix']:<10} {row['name']:<24} "
              f"created {row['created']}  last used {row['last_used'] or 'never'}  {state}")
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from sprava.accounts.tokens import revoke_token

    token = revoke_token(args.id, actor=default_actor())
    if args.json:
        emit_json({"ok": True, "id": token.pk, "prefix": token.prefix,
                   "revoked": _when(token.revoked)})
    else:
        print(f"Revoked token {token.pk} ({token.prefix}, {token.name})")
    return 0


# --- cases and members ---------------------------------------------------------------------


def cmd_case_add(args: argparse.Namespace) -> int:
    from django.db import transaction

    from sprava.accounts.members import add_member
    from sprava.records.models import Case
    from sprava.records.services import save_record

    actor = default_actor()
    lead = user_named(args.lead) if args.lead else None
    with transaction.atomic():
        case = save_record(Case(reference=args.reference, title=args.title,
                                summary=args.summary, venues=list(dict.fromkeys(args.venue))),
                           actor=actor)
        if lead is not None:
            add_member(case, lead, "lead", actor=actor)
    if args.json:
        emit_json({"ok": True, "id": case.pk, "reference": case.reference,
                   "lead": lead.get_username() if lead else None})
    else:
        print(f"Created case {case.reference}" + (f" led by {lead.get_username()}"
                                                   if lead else ""))
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    from django.db.models import Count

    from sprava.records.models import Case

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


def _membership_dict(membership: Any) -> dict[str, Any]:
    return {"user": membership.user.get_username(), "role": membership.role,
            "identity_access": membership.identity_access,
            "granted_by": membership.granted_by.get_username() if membership.granted_by
            else None, "granted_at": _when(membership.granted_at)}


def cmd_member_add(args: argparse.Namespace) -> int:
    from sprava.accounts.members import add_member

    membership = add_member(_case(args.case), user_named(args.user), args.role,
                            identity_access=args.identity_access, actor=default_actor(),
                            reason=args.reason)
    return _report_membership(args, membership, "is now")


def _report_membership(args: argparse.Namespace, membership: Any, verb: str) -> int:
    if args.json:
        emit_json({"ok": True, "case": args.case, **_membership_dict(membership)})
    else:
        extra = " with identity access" if membership.identity_access else ""
        print(f"{args.user} {verb} {membership.role} in {args.case}{extra}")
    return 0


def cmd_member_change(args: argparse.Namespace) -> int:
    from sprava.accounts.members import change_member

    membership = change_member(_case(args.case), user_named(args.user), role=args.role,
                               identity_access=args.identity_access, actor=default_actor(),
                               reason=args.reason)
    return _report_membership(args, membership, "is")


def cmd_member_list(args: argparse.Namespace) -> int:
    from sprava.accounts.members import members_of

    rows = [_membership_dict(m) for m in members_of(_case(args.case))]
    if args.json:
        emit_json({"ok": True, "case": args.case, "members": rows})
        return 0
    if not rows:
        print(f"{args.case} has no members.")
    for row in rows:
        identity = "identity access" if row["identity_access"] else ""
        print(f"{row['user']:<24} {row['role']:<13} {identity:<16} since {row['granted_at']}")
    return 0


def cmd_member_remove(args: argparse.Namespace) -> int:
    from sprava.accounts.members import remove_member

    remove_member(_case(args.case), user_named(args.user), actor=default_actor(),
                  reason=args.reason)
    if args.json:
        emit_json({"ok": True, "case": args.case, "user": args.user})
    else:
        print(f"{args.user} is no longer a member of {args.case}")
    return 0


# --- CSV -----------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from sprava.records.csv_io import MAX_BYTES, import_csv
    from sprava.records.identity import Disclosure
    from sprava.records.models import Case

    try:
        with args.file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from None
    actor = default_actor()
    every_case = set(Case.objects.values_list("pk", flat=True)) if args.reveal else set()
    disclosure = Disclosure(identity_case_ids=every_case)
    report = import_csv(args.kind, data, case=_case(args.case), actor=actor,
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
    actor = default_actor()
    export = EXPORTS[args.kind]
    case = _case(args.case) if args.case else None
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
