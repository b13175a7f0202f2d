"""`sprava serve`: the web app, on the server of `sprava.server` (initialised on first start)."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.output import KEYS_OWN
from sprava.cli.setup import (
    initialise,
    load_demo_set,
    migrate_database,
    new_passphrase,
    print_first_start,
)
from sprava.home import keys
from sprava.home.paths import is_initialised


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the web app (initialises on first start)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-demo", action="store_true",
                       help="on first start, do not load the fictional demo data set")
    serve.set_defaults(handler=cmd_serve, keys=KEYS_OWN)


def cmd_serve(args: argparse.Namespace) -> int:
    if not is_initialised():
        passphrase, generated = new_passphrase()
        first = initialise(None, "admin", passphrase)
        try:
            if not args.no_demo:
                # The README's first start: a newcomer finds cases to open, which the
                # administrator leads.
                load_demo_set(small=False, member=first["admin"]["username"])
        finally:
            # Shown once, even if the demo failed; last, so that it does not scroll away.
            print_first_start(first, passphrase if generated else None)
    else:
        migrate_database()
        keys.KEYRING.unlock(keys.ask_passphrase())
        keys.KEYRING.identity()  # a server reads blobs: open the vault key now, not mid-request
    from sprava.home.planner import refresh_in_background

    refresh_in_background()  # records made since the last start may have changed the plans
    from sprava.evidence.uploads import MAX_UPLOAD_BYTES
    from sprava.server import bind, make_server, run
    from sprava.wsgi import application

    # Streams request and response bodies: no upload or download waits in a plaintext file.
    http = make_server(application, host=args.host, port=args.port, threads=args.threads,
                       max_body_bytes=MAX_UPLOAD_BYTES + 1024**2)  # the files plus the form
    bind(http)  # before saying so: the address below answers
    print(f"Sprava is serving on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    run(http)
    return 0
