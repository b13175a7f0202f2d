"""Instance commands: init, serve, demo, user (add, enrol-code), sweep, analyze."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
import time
from typing import Any

from sprava import instance
from sprava.cli.output import KEYS_NONE, KEYS_OWN, emit_json
from sprava.integrity.errors import ConfigurationError, KeyAccessError


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create the data directory, keys, database, vault")
    init.add_argument("--origin", help="custody log origin line (default: generated)")
    init.add_argument("--admin", default="admin", help="name of the first administrator")
    init.add_argument("--no-admin", action="store_true", help="create no administrator")
    init.add_argument("--json", action="store_true")
    init.set_defaults(handler=cmd_init, keys=KEYS_OWN)

    serve = commands.add_parser("serve", help="run the web app (initialises on first start)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-demo", action="store_true",
                       help="on first start, do not load the fictional demo data set")
    serve.set_defaults(handler=cmd_serve, keys=KEYS_OWN)

    demo = commands.add_parser("demo", help="load the fictional demo data set (once)")
    demo.add_argument("--small", action="store_true", help="a tenth of the full size")
    demo.add_argument("--member", metavar="USER",
                      help="who leads the demo cases, with identity access "
                      "(default: the earliest active administrator)")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(handler=cmd_demo)

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

    sweep = commands.add_parser("sweep", help="remove vault leftovers of interrupted ingests")
    sweep.add_argument(
        "--older-than",
        type=int,
        default=3600,
        metavar="SECONDS",
        help="only leftovers at least this old (default 3600): a younger one "
        "may belong to an ingest still running",
    )
    sweep.add_argument("--json", action="store_true")
    sweep.set_defaults(handler=cmd_sweep, keys=KEYS_NONE)

    analyze = commands.add_parser(
        "analyze", help="refresh the database planner's statistics (after a bulk change)"
    )
    analyze.add_argument("--json", action="store_true")
    analyze.set_defaults(handler=cmd_analyze, keys=KEYS_NONE)


def migrate_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def initialise(origin: str | None, admin: str | None, passphrase: str) -> dict[str, Any]:
    """Create keys, database and the first administrator; returns what to tell the person once."""
    from sprava.users import create_user, generate_password

    verifier_key = instance.create_keys(passphrase, origin)
    migrate_database()
    result: dict[str, Any] = {"home": str(instance.paths().home), "verifier_key": verifier_key}
    if admin:
        password = generate_password()
        create_user(admin, password, admin=True, actor="sprava-init")
        result["admin"] = {"username": admin, "password": password}
    instance.KEYRING.unlock(passphrase)
    instance.sign_checkpoint()
    return result


def _new_passphrase() -> tuple[str, bool]:
    """The passphrase for new keys: from the environment, asked twice, or generated."""
    if os.environ.get("SPRAVA_PASSPHRASE"):
        return os.environ["SPRAVA_PASSPHRASE"], False
    if sys.stdin.isatty():
        return instance.ask_passphrase(confirm=True), False
    return secrets.token_urlsafe(24), True


def _print_first_start(result: dict[str, Any], generated: str | None) -> None:
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
    if instance.is_initialised():
        raise ConfigurationError(f"{instance.paths().home} is initialised already")
    passphrase, generated = _new_passphrase()
    result = initialise(args.origin, None if args.no_admin else args.admin, passphrase)
    if args.json:
        if generated:
            result["passphrase"] = passphrase
        emit_json(result)
    else:
        _print_first_start(result, passphrase if generated else None)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not instance.is_initialised():
        passphrase, generated = _new_passphrase()
        first = initialise(None, "admin", passphrase)
        try:
            if not args.no_demo:
                # The README's first start: a newcomer finds cases to open, which the
                # administrator leads.
                _load_demo(small=False, member=first["admin"]["username"])
        finally:
            # Shown once, even if the demo failed; last, so that it does not scroll away.
            _print_first_start(first, passphrase if generated else None)
    else:
        migrate_database()
        instance.KEYRING.unlock(instance.ask_passphrase())
        instance.KEYRING.identity()  # a server reads blobs: open the vault key now, not mid-request
    from sprava.planner import refresh_in_background

    refresh_in_background()  # records made since the last start may have changed the plans
    from sprava.web.forms import MAX_UPLOAD_BYTES
    from sprava.server import bind, make_server, run
    from sprava.wsgi import application

    # Streams request and response bodies: no upload or download waits in a plaintext file.
    http = make_server(application, host=args.host, port=args.port, threads=args.threads,
                       max_body_bytes=MAX_UPLOAD_BYTES + 1024**2)  # the files plus the form
    bind(http)  # before saying so: the address below answers
    print(f"Sprava is serving on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    run(http)
    return 0


def _load_demo(*, small: bool, member: str | None = None, quiet: bool = False
               ) -> dict[str, Any]:
    from sprava.records.demo import DemoSize, demo_lead, load_demo
    from sprava.records.services import RecordError

    def say(message: str) -> None:  # with --json, standard output is for the JSON alone
        print(message, file=sys.stderr if quiet else sys.stdout, flush=True)

    size = DemoSize(persons=200, incidents=50, acts=500, evidence=30, testimonies=60) if small \
        else DemoSize()
    lead = demo_lead(member)  # before loading: a wrong --member must not leave a leaderless demo
    started = time.monotonic()
    try:
        summary = load_demo(vault=instance.vault(), size=size, lead=lead,
                            progress=lambda stage: say(f"Loading demo data: {stage} ..."))
    except RecordError:
        raise  # refused before anything was begun (loaded already), or a record refused
    except Exception as exc:  # the load is all or nothing (`load_demo`): say it, and what next
        raise RecordError(
            f"the demo data set could not be loaded ({exc or type(exc).__name__}); nothing of "
            "it was kept: `sprava demo` loads it again") from exc
    instance.sign_checkpoint()
    say(f"Loaded the fictional demo data set in {time.monotonic() - started:.0f} s: "
        + ", ".join(f"{n} {what}" for what, n in summary.counts.items()))
    if summary.lead:
        say(f"{summary.lead} leads the demo cases, with identity access")
    else:
        say("No administrator leads the demo cases yet: "
            "`sprava member add CASE USER lead --identity-access`")
    return {"counts": summary.counts, "lead": summary.lead}


def cmd_demo(args: argparse.Namespace) -> int:
    loaded = _load_demo(small=args.small, member=args.member, quiet=args.json)
    if args.json:
        emit_json({"ok": True, **loaded})
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from sprava.users import create_user

    password = os.environ.get("SPRAVA_USER_PASSWORD", "")
    if not password:
        if not sys.stdin.isatty():
            raise KeyAccessError("no terminal to ask the password: set SPRAVA_USER_PASSWORD")
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Repeat it: ") != password:
            raise KeyAccessError("the two passwords differ")
    user = create_user(args.name, password, admin=args.admin, actor="cli")
    if args.json:
        emit_json({"ok": True, "username": user.username, "admin": args.admin})
    else:
        print(f"Created {'administrator' if args.admin else 'user'} {user.username}")
    return 0


def cmd_user_enrol_code(args: argparse.Namespace) -> int:
    from sprava.accounts import enrolment
    from sprava.cli.evidence import default_actor
    from sprava.cli.exchange import user_named

    user = user_named(args.name)
    code = enrolment.issue(user, actor=default_actor())
    expires = enrolment.outstanding([user.pk])[user.pk]
    if args.json:
        emit_json({"ok": True, "user": args.name, "code": code,
                   "expires": f"{expires:%Y-%m-%dT%H:%M}Z"})
    else:
        print(f"Enrolment code for {args.name} (shown once; works once, until "
              f"{expires:%Y-%m-%d %H:%M} UTC):")
        print(code)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from sprava.planner import refresh_statistics

    started = time.monotonic()
    refresh_statistics()
    took = time.monotonic() - started
    if args.json:
        emit_json({"ok": True, "seconds": round(took, 3)})
    else:
        print(f"Refreshed the planner's statistics in {took:.1f} s")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from sprava.evidence.audit import sweep_leftovers

    removed_temps, removed_blobs = sweep_leftovers(instance.vault(), args.older_than)
    if args.json:
        emit_json({"ok": True, "temporaries": removed_temps, "blobs": removed_blobs})
    else:
        print(f"Removed {len(removed_temps)} temporaries and {len(removed_blobs)} unused blobs")
    return 0
