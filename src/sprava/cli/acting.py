"""Who a command acts as: the Sprava user named by `--as USER`, or else by `SPRAVA_USER`.

Commands that change evidence, records or a case's team (`ingest`, `import`, `export`, `case
add`, `member add|change|remove`, `adopt`), and those that read a case's records as a member
does (`analysis context`), are done as a user, as in the pages and the API: the
ledger names them (`user:NAME`), and the permission rules apply to them, so that a user who is
no member of a case cannot import into it here either. There is no default: a command that
would otherwise run as the installation says which user it needs.

It is not a sign-in. Whoever runs the command line holds the database and the keys already;
`--as` is what makes their work accountable to a person and keeps it within that person's
rights. The commands that set the instance up and keep it (`init`, `serve`, `demo`, `user`,
`token`, `verify`, `sweep`, `analyze`, `log`, `prove`, `checkpoint`, the lists) run as the
installation itself, `cli:<OS user>` in the ledger (`sprava.cli.common.operator`): they take
no `--as`, and ignore `SPRAVA_USER`.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from sprava.integrity.errors import SpravaError

ENVIRONMENT = "SPRAVA_USER"


class ActingUserError(SpravaError):
    """The command needs a Sprava user to act as, and has none it may use."""


def as_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as", dest="as_user", metavar="USER", default=None,
        help=f"the Sprava user this is done as: the ledger names them and their permissions "
        f"apply (default: ${ENVIRONMENT}; required)")


def acting_user(args: argparse.Namespace) -> Any:
    """The active account the command acts as; ActingUserError if none is named, or the one
    named is unknown or deactivated (then nothing else is read or written)."""
    from django.contrib.auth import get_user_model

    name = (args.as_user or os.environ.get(ENVIRONMENT, "")).strip()
    if not name:
        raise ActingUserError(f"`sprava {args.command}` is done as a Sprava user: give --as "
                              f"USER or set {ENVIRONMENT}")
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise ActingUserError(f"--as {name}: there is no user {name!r}")
    if not user.is_active:
        raise ActingUserError(f"--as {name}: the account is deactivated")
    return user
