"""A stand-in for one `sprava serve` worker: threads that each append and sign, request after
request, on the instance of SPRAVA_HOME and DATABASE_URL.

    python -m tests.cli.signing_worker NAME THREADS REQUESTS GO_FILE

Prints "ready" once its keys are unlocked, waits for GO_FILE, then runs; each request appends
one to three entries in a transaction and then signs, as CheckpointMiddleware does (every
fifth with an explicit `sign_checkpoint`, as ingest's periodic signing does), and checks that
a signed checkpoint then covers what it appended and that the kept copy never got smaller. Exits
1 and prints the errors if any signing or check failed.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path


def main(name: str, threads: int, requests: int, go_file: Path) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")  # as `sprava` does
    django.setup()
    from django.db import connection, transaction

    from sprava.home import keys, signing
    from sprava.ledger import checkpoints, log
    from sprava.ledger.events import Event

    keys.unlock_keys()
    errors: list[str] = []

    def serve(thread: int) -> None:
        seen_before = [0]
        try:
            for request in range(requests):
                with transaction.atomic():
                    entries = log.append([
                        Event(actor=f"{name}-{thread}", action="test:entry:made",
                              reason=f"request {request}, entry {n}")
                        for n in range(1 + request % 3)
                    ])
                if request % 5 == 4:
                    signing.sign_checkpoint()
                else:
                    signing.sign_appended()
                # This request's entries are covered by a signed checkpoint when it ends (this
                # thread's, or another's that signed them first).
                signed = checkpoints.latest()
                if signed is None or signed.size <= entries[-1].seq:
                    errors.append(f"{name}-{thread}: entry {entries[-1].seq} is not signed")
                # The copy kept outside the database never gets smaller. It may lag behind the
                # database by a checkpoint another worker signed and is about to keep.
                kept = signing.kept_copy().read()
                seen, last_seen = (kept.size if kept else 0), seen_before[0]
                if seen < last_seen:
                    errors.append(f"{name}-{thread}: the kept copy went from {last_seen} "
                                  f"back to {seen}")
                seen_before[0] = max(seen, last_seen)
        except Exception as exc:  # reported to the test, which fails on it
            errors.append(f"{name}-{thread}: {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.01)
    running = [threading.Thread(target=serve, args=(t,)) for t in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])))
