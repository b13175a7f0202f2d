"""What the commands share: the options every group uses, and looking up what a command names."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.integrity.errors import SpravaError


class CommandError(SpravaError):
    """The command names something that is not there."""


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for machines")


def operator() -> str:
    """The installation itself, as the ledger names it: `cli:<OS user>`, for the commands that
    set the instance up and keep it (see `sprava.cli.acting` for those that act as a user)."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def user_named(name: str) -> Any:
    """The account of that name; a command error if there is none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"there is no user {name!r}")
    return user


def case_named(reference: str) -> Any:
    from sprava.cases.models import Case

    case = Case.objects.filter(reference=reference).first()
    if case is None:
        raise CommandError(f"there is no case {reference!r}")
    return case


def when(value: Any) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"
