"""Setting the instance up: `sprava init` and `sprava demo` (and `serve`'s first start)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from typing import Any

from sprava.cli.output import KEYS_OWN, emit_json
from sprava.home import keys, signing
from sprava.home.paths import is_initialised, paths
from sprava.home.vault import open_vault
from sprava.integrity.errors import ConfigurationError


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create the data directory, keys, database, vault")
    init.add_argument("--origin", help="custody log origin line (default: generated)")
    init.add_argument("--admin", default="admin", help="name of the first administrator")
    init.add_argument("--no-admin", action="store_true", help="create no administrator")
    init.add_argument("--json", action="store_true")
    init.set_defaults(handler=cmd_init, keys=KEYS_OWN)

    demo = commands.add_parser("demo", help="load the fictional demo data set (once)")
    demo.add_argument("--small", action="store_true", help="a tenth of the full size")
    demo.add_argument("--member", metavar="USER",
                      help="who leads the demo cases, with identity access "
                      "(default: the earliest active administrator)")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(handler=cmd_demo)


def migrate_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def initialise(origin: str | None, admin: str | None, passphrase: str) -> dict[str, Any]:
    """Create keys, database and the first administrator; returns what to tell the person once."""
    from sprava.accounts.users import create_user, generate_password

    verifier_key = keys.create_keys(passphrase, origin)
    migrate_database()
    result: dict[str, Any] = {"home": str(paths().home), "verifier_key": verifier_key}
    if admin:
        password = generate_password()
        create_user(admin, password, admin=True, actor="sprava-init")
        result["admin"] = {"username": admin, "password": password}
    keys.KEYRING.unlock(passphrase)
    signing.sign_checkpoint()
    return result


def new_passphrase() -> tuple[str, bool]:
    """The passphrase for new keys: from the environment, asked twice, or generated."""
    if os.environ.get("SPRAVA_PASSPHRASE"):
        return os.environ["SPRAVA_PASSPHRASE"], False
    if sys.stdin.isatty():
        return keys.ask_passphrase(confirm=True), False
    return secrets.token_urlsafe(24), True


def print_first_start(result: dict[str, Any], generated: str | None) -> None:
    print(f"Initialised Sprava in {result['home']}")
    print(f"Custody log verifier key: {result['verifier_key']}")
    if generated:
        print(f"Key passphrase (shown once, keep it safe; set SPRAVA_PASSPHRASE): {generated}")
    if "admin" in result:
        print(
            f"First administrator: {result['admin']['username']}  "
            f"password (shown once): {result['admin']['password']}"
        )


def cmd_init(args: argparse.Namespace) -> int:
    if is_initialised():
        raise ConfigurationError(f"{paths().home} is initialised already")
    passphrase, generated = new_passphrase()
    result = initialise(args.origin, None if args.no_admin else args.admin, passphrase)
    if args.json:
        if generated:
            result["passphrase"] = passphrase
        emit_json(result)
    else:
        print_first_start(result, passphrase if generated else None)
    return 0


def load_demo_set(*, small: bool, member: str | None = None, quiet: bool = False
               ) -> dict[str, Any]:
    from sprava.law.demo import load_analysis
    from sprava.records.demo import DemoSize, demo_lead, load_demo
    from sprava.records.services import RecordError

    def say(message: str) -> None:  # with --json, standard output is for the JSON alone
        print(message, file=sys.stderr if quiet else sys.stdout, flush=True)

    size = DemoSize(persons=200, incidents=50, acts=500, evidence=30, testimonies=60) if small \
        else DemoSize()
    lead = demo_lead(member)  # before loading: a wrong --member must not leave a leaderless demo
    started = time.monotonic()
    try:
        summary = load_demo(vault=open_vault(), size=size, lead=lead, then=load_analysis,
                            progress=lambda stage: say(f"Loading demo data: {stage} ..."))
    except RecordError:
        raise  # refused before anything was begun (loaded already), or a record refused
    except Exception as exc:  # the load is all or nothing (`load_demo`): say it, and what next
        raise RecordError(
            f"the demo data set could not be loaded ({exc or type(exc).__name__}); nothing of "
            "it was kept: `sprava demo` loads it again") from exc
    signing.sign_checkpoint()
    say(f"Loaded the fictional demo data set in {time.monotonic() - started:.0f} s: "
        + ", ".join(f"{n} {what}" for what, n in summary.counts.items()))
    if summary.lead:
        say(f"{summary.lead} leads the demo cases, with identity access")
    else:
        say("No administrator leads the demo cases yet: "
            "`sprava member add CASE USER lead --identity-access`")
    return {"counts": summary.counts, "lead": summary.lead}


def cmd_demo(args: argparse.Namespace) -> int:
    loaded = load_demo_set(small=args.small, member=args.member, quiet=args.json)
    if args.json:
        emit_json({"ok": True, **loaded})
    return 0
