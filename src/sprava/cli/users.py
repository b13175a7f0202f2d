"""User accounts: `sprava user add|enrol-code`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from sprava.cli.common import operator, user_named
from sprava.cli.output import emit_json
from sprava.integrity.errors import KeyAccessError


def register(commands: Any) -> None:
    user = commands.add_parser("user", help="manage user accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser(
        "add", help="create a user (password asked, or SPRAVA_USER_PASSWORD)"
    )
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="an administrator")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_user_add)
    enrol = user_commands.add_parser(
        "enrol-code",
        help="issue a one-time code to enrol two-factor sign-in (shown once; needed while "
        "two-factor is required)",
    )
    enrol.add_argument("name")
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(handler=cmd_user_enrol_code)


def cmd_user_add(args: argparse.Namespace) -> int:
    from sprava.accounts.users import create_user

    password = os.environ.get("SPRAVA_USER_PASSWORD", "")
    if not password:
        if not sys.stdin.isatty():
            raise KeyAccessError("no terminal to ask the password: set SPRAVA_USER_PASSWORD")
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Repeat it: ") != password:
            raise KeyAccessError("the two passwords differ")
    user = create_user(args.name, password, admin=args.admin, actor=operator())
    if args.json:
        emit_json({"ok": True, "username": user.username, "admin": args.admin})
    else:
        print(f"Created {'administrator' if args.admin else 'user'} {user.username}")
    return 0


def cmd_user_enrol_code(args: argparse.Namespace) -> int:
    from sprava.accounts import enrolment

    user = user_named(args.name)
    code = enrolment.issue(user, actor=operator())
    expires = enrolment.outstanding([user.pk])[user.pk]
    if args.json:
        emit_json({"ok": True, "user": args.name, "code": code,
                   "expires": f"{expires:%Y-%m-%dT%H:%M}Z"})
    else:
        print(f"Enrolment code for {args.name} (shown once; works once, until "
              f"{expires:%Y-%m-%d %H:%M} UTC):")
        print(code)
    return 0
