"""API tokens: `sprava token add|list|revoke`."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.common import json_option, operator, user_named, when
from sprava.cli.output import KEYS_NONE, emit_json


def register(commands: Any) -> None:
    token = commands.add_parser("token", help="API tokens")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a new API token for a user and print it (once)")
    add.add_argument("user")
    add.add_argument("--name", default="command line", help="what the token is for")
    json_option(add)
    add.set_defaults(handler=cmd_token_add)
    listing = actions.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("user", nargs="?", help="only this user's tokens")
    listing.add_argument("--active", action="store_true", help="leave out revoked tokens")
    json_option(listing)
    listing.set_defaults(handler=cmd_token_list, keys=KEYS_NONE)
    revoke = actions.add_parser("revoke", help="stop a token working")
    revoke.add_argument("id", type=int)
    json_option(revoke)
    revoke.set_defaults(handler=cmd_token_revoke)


def cmd_token_add(args: argparse.Namespace) -> int:
    from sprava.accounts.tokens import create_token

    user = user_named(args.user)
    token = create_token(user, args.name, actor=operator())
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
             "created": when(t.created), "last_used": when(t.last_used),
             "revoked": when(t.revoked), "second_factor": t.second_factor} for t in tokens]
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

    token = revoke_token(args.id, actor=operator())
    if args.json:
        emit_json({"ok": True, "id": token.pk, "prefix": token.prefix,
                   "revoked": when(token.revoked)})
    else:
        print(f"Revoked token {token.pk} ({token.prefix}, {token.name})")
    return 0
