"""Case membership: `sprava member add|change|list|remove`.

A change is done as a Sprava user (`cli.acting`) who leads the case or administers the
organisation: `sprava.accounts.members` checks it, as for the pages and the API.
"""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import case_named, json_option, user_named, when
from sprava.cli.output import KEYS_NONE, emit_json

ROLES = ("lead", "lawyer", "investigator", "analyst", "viewer")


def register(commands: Any) -> None:
    member = commands.add_parser("member", help="case membership")
    actions = member.add_subparsers(dest="member_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a user a member of a case")
    add.add_argument("case", help="the case's reference")
    add.add_argument("user")
    add.add_argument("role", choices=ROLES)
    add.add_argument("--identity-access", action="store_true",
                     help="may see the real identity of protected persons")
    add.add_argument("--reason", default="")
    as_user_option(add)
    json_option(add)
    add.set_defaults(handler=cmd_member_add)
    change = actions.add_parser("change", help="change a member's role or identity access")
    change.add_argument("case")
    change.add_argument("user")
    change.add_argument("--role", choices=ROLES)
    change.add_argument("--identity-access", action=argparse.BooleanOptionalAction,
                        default=None)
    change.add_argument("--reason", default="")
    as_user_option(change)
    json_option(change)
    change.set_defaults(handler=cmd_member_change)
    listing = actions.add_parser("list", help="list the members of a case")
    listing.add_argument("case")
    json_option(listing)
    listing.set_defaults(handler=cmd_member_list, keys=KEYS_NONE)
    remove = actions.add_parser("remove", help="end a membership")
    remove.add_argument("case")
    remove.add_argument("user")
    remove.add_argument("--reason", default="")
    as_user_option(remove)
    json_option(remove)
    remove.set_defaults(handler=cmd_member_remove)


def _membership_dict(membership: Any) -> dict[str, Any]:
    return {"user": membership.user.get_username(), "role": membership.role,
            "identity_access": membership.identity_access,
            "granted_by": membership.granted_by.get_username() if membership.granted_by
            else None, "granted_at": when(membership.granted_at)}


def cmd_member_add(args: argparse.Namespace) -> int:
    from sprava.accounts.members import add_member

    actor = acting_user(args)
    membership = add_member(case_named(args.case), user_named(args.user), args.role,
                            identity_access=args.identity_access, actor=actor,
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

    actor = acting_user(args)
    membership = change_member(case_named(args.case), user_named(args.user), role=args.role,
                               identity_access=args.identity_access, actor=actor,
                               reason=args.reason)
    return _report_membership(args, membership, "is")


def cmd_member_list(args: argparse.Namespace) -> int:
    from sprava.accounts.members import members_of

    rows = [_membership_dict(m) for m in members_of(case_named(args.case))]
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

    actor = acting_user(args)
    remove_member(case_named(args.case), user_named(args.user), actor=actor, reason=args.reason)
    if args.json:
        emit_json({"ok": True, "case": args.case, "user": args.user})
    else:
        print(f"{args.user} is no longer a member of {args.case}")
    return 0
