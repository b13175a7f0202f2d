"""The full audit and what follows from it: `sprava verify` (run as the installation) and
`sprava adopt` (done as an administrator, `cli.acting`)."""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import operator
from sprava.cli.ledger import add_verify_options, kept_checkpoint_problems
from sprava.cli.output import EXIT_PROBLEMS, ProgressBar, emit_json
from sprava.home import keys
from sprava.home.vault import open_vault
from sprava.integrity.errors import SpravaError


def tables() -> list[Any]:
    """Every table the ledger's events describe: the records' and accounts', the legal layer's."""
    from sprava.law.audited import tables as law_tables
    from sprava.records.audited import every_table

    return [*every_table(), *law_tables()]


def register(commands: Any) -> None:
    verify = commands.add_parser("verify", help="full audit of blobs, records, ledger, checkpoints")
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="processes for the records check (default: one a core, at most 4; 1: one process)")
    add_verify_options(verify)
    verify.set_defaults(handler=cmd_verify)

    adopt = commands.add_parser(
        "adopt",
        help="accept, in the ledger, the rows verify reports as they are now (once, after an "
        "upgrade from a version whose events did not record them)",
    )
    adopt.add_argument("--reason", default="", help="why: it stays in the ledger (required)")
    adopt.add_argument("--dry-run", action="store_true", help="list the rows, write nothing")
    adopt.add_argument("--json", action="store_true")
    as_user_option(adopt)
    adopt.set_defaults(handler=cmd_adopt)


def cmd_verify(args: argparse.Namespace) -> int:
    from sprava.evidence.audit import run_audit
    from sprava.ledger import log, tags
    from sprava.ledger.audit import Tally
    from sprava.ledger.events import Event
    from sprava.rows.audit import audit_records
    from sprava.rows.workers import default_workers

    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise SpravaError("--workers takes a number of processes, 1 or more")
    bar = ProgressBar("verify")
    tally = Tally()  # what each step checked, for the report
    kept = list(kept_checkpoint_problems(args.checkpoint, tally))  # before the log can grow
    problems = []
    for problem in run_audit(
        vault=open_vault(read=True),
        verifier=keys.verifier(),
        progress=lambda stage, done, total: bar.update(done, stage),
        tally=tally,
    ):
        problems.append(problem)
    # Records and accounts against the state their ledger events recorded, table by table.
    problems.extend(
        audit_records(tables(), progress=lambda done, total: bar.update(done, "records"),
                      workers=workers, tally=tally)
    )
    bar.close()
    problems.extend(kept)
    fatal = [p for p in problems if p.fatal]
    checked = checked_counts(tally.summary())
    log.record(
        Event(
            actor=operator(),
            action=tags.LEDGER_AUDIT_COMPLETED,
            details={"problems": len(fatal), "warnings": len(problems) - len(fatal),
                     "checked": checked},
        )
    )
    if args.json:
        emit_json(
            {
                "ok": not fatal,
                "checked": checked,
                "problems": [
                    {"subject": p.subject, "message": p.message, "fatal": p.fatal} for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            print(("PROBLEM " if problem.fatal else "warning ") + str(problem))
        print("verify: checked " + describe_checked(checked))
        print(
            "verify: "
            + (f"{len(fatal)} problem(s) found" if fatal else "all checks passed")
            + (f", {len(problems) - len(fatal)} warning(s)" if len(problems) > len(fatal) else "")
        )
    return EXIT_PROBLEMS if fatal else 0


# What `verify` reports it checked, in this order, each said so (`Tally` of the audits).
CHECKED = (
    ("blobs", "blob", "blobs"),
    ("receipts", "receipt", "receipts"),
    ("entries", "ledger entry", "ledger entries"),
    ("tree_nodes", "tree node", "tree nodes"),
    ("checkpoints", "checkpoint", "checkpoints"),
    ("kept_checkpoints", "kept checkpoint", "kept checkpoints"),
    ("rows", "row", "rows"),
    ("tables", "table", "tables"),
    ("adoptions", "adoption", "adoptions"),
)


def checked_counts(summary: Any) -> dict[str, int]:
    """Every count `verify` reports, 0 for a step that found nothing to check; a count of a new
    step, which this list does not know yet, follows at the end rather than being dropped."""
    known = {key: summary[key] for key, _, _ in CHECKED}
    return {**known, **{k: v for k, v in summary.as_dict().items() if k not in known}}


def describe_checked(checked: dict[str, int]) -> str:
    """`checked_counts` for people: "2 blobs, ..., 130 rows in 24 tables, 0 adoptions"."""
    words = {key: (one, many) for key, one, many in CHECKED}

    def said(key: str) -> str:
        one, many = words.get(key, (key.replace("_", " "), key.replace("_", " ")))
        return f"{checked[key]} {one if checked[key] == 1 else many}"

    return ", ".join(f"{said('rows')} in {said('tables')}" if key == "rows" else said(key)
                     for key in checked if key != "tables")


def cmd_adopt(args: argparse.Namespace) -> int:
    from sprava.accounts import permissions
    from sprava.accounts.actors import actor_name
    from sprava.ledger.audit import audit_log
    from sprava.rows import adoption

    user = acting_user(args)
    permissions.require(user, permissions.Permission.ADMINISTER)  # rows of every case and table
    if not args.dry_run and not args.reason.strip():
        raise SpravaError("give --reason: why these rows are adopted stays in the ledger")
    bar = ProgressBar("adopt")
    found = adoption.find(tables(), progress=lambda done, total: bar.update(done, "records"))
    bar.close()
    adopted = 0
    if not args.dry_run and found:
        checks = audit_log(keys.verifier())
        adopted = adoption.adopt(found, actor=actor_name(user), reason=args.reason,
                                 log_problems=checks)
    counts: dict[str, int] = {}
    for row in found:
        counts[row.table.name] = counts.get(row.table.name, 0) + 1
    if args.json:
        emit_json({
            "ok": True, "dry_run": args.dry_run, "adopted": adopted, "tables": counts,
            "rows": [{"table": r.table.name, "row": r.pk, "found": list(r.messages)}
                     for r in found],
        })
        return 0
    for row in found[:ADOPT_LISTED]:
        print(f"table {row.table.name} row {row.pk}: {'; '.join(row.messages)}")
    if len(found) > ADOPT_LISTED:
        print(f"... and {len(found) - ADOPT_LISTED} more rows")
    tally = ", ".join(f"{n} in {name}" for name, n in sorted(counts.items()))
    if not found:
        print("adopt: every row matches its ledger events; nothing to adopt")
    elif args.dry_run:
        print(f"adopt: {len(found)} rows would be adopted ({tally}); dry run, nothing written")
    else:
        print(f"adopt: {adopted} rows adopted as found ({tally}); verify lists this adoption "
              "from now on")
    return 0


ADOPT_LISTED = 50  # rows printed; --json gives every one
