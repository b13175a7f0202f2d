"""The `sprava` command: one parser, thin commands over the same domain functions as the web."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from sprava.cli import (
        analysis,
        audit,
        cases,
        command,
        evidence,
        exchange,
        law,
        ledger,
        maintenance,
        members,
        serve,
        setup,
        tokens,
        users,
    )

    parser = argparse.ArgumentParser(
        prog="sprava",
        description="Sprava evidence locker. State lives under SPRAVA_HOME.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # One module a command group, in the order `sprava --help` lists them.
    for group in (setup, serve, users, maintenance, evidence, audit, ledger, cases, members,
                  tokens, exchange, law, analysis, command):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            code = _main(argv)
        finally:  # also after `--help`: a reader gone away shows here, not at the exit
            sys.stdout.flush()
    except BrokenPipeError:  # in `--help`, `manage`, or the flush
        from sprava.cli.output import reader_gone

        return reader_gone()
    return code


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        # Django's own management commands (migrate, shell, createsuperuser, ...).
        _setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["sprava manage", *argv[1:]])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_django()
    from sprava.cli.output import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
