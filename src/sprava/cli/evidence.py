"""Evidence commands: ingest, verify, log, prove."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from sprava import ids, instance
from sprava.cli.ledger import add_verify_options, kept_checkpoint_problems
from sprava.cli.output import EXIT_PROBLEMS, KEYS_NONE, ProgressBar, emit_json, human_size
from sprava.integrity.errors import SpravaError

CHECKPOINT_EVERY = 500  # files; a long ingest is covered by signed checkpoints as it goes


def register(commands: Any) -> None:
    ingest = commands.add_parser("ingest", help="take files and folders into the locker")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--actor", default="", help="who ingests (default: the OS user)")
    for option, text in [
        ("--collected-by", "who collected the material"),
        ("--collected-at", "when it was collected (ISO 8601, as precise as known)"),
        ("--collected-from", "where from: place, device, URL"),
        ("--method", "how: seizure, donation, download, interview recording ..."),
        ("--tool", "tool used to collect"),
        ("--tool-version", "version of that tool"),
        ("--notes", "free notes"),
    ]:
        ingest.add_argument(option, default="", help=text)
    ingest.add_argument("--case", default=None, help="case reference recorded in the ledger")
    ingest.add_argument("--json", action="store_true")
    ingest.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw a progress bar (default: when stderr is a terminal)",
    )
    ingest.set_defaults(handler=cmd_ingest)

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
    adopt.set_defaults(handler=cmd_adopt)

    log = commands.add_parser("log", help="custody history")
    log.add_argument("--item", help="only entries about this item (number or SHA-256 prefix)")
    log.add_argument("--limit", type=int, default=0, help="only the last N entries")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=cmd_log, keys=KEYS_NONE)

    prove = commands.add_parser("prove", help="an item's entries with inclusion proofs, as JSON")
    prove.add_argument("item", help="item number or SHA-256 (prefix of at least 8 characters)")
    prove.set_defaults(handler=cmd_prove, json=True)


def default_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def cmd_ingest(args: argparse.Namespace) -> int:
    from sprava.evidence.batch import Candidate, Report, ingest_paths
    from sprava.evidence.intake import Collection
    from sprava.ledger.checkpoints import CHECKPOINT_SECONDS

    vault = instance.vault()
    instance.KEYRING.signer()  # unlock now: fail before reading anything, not after
    collection = Collection(
        collected_by=args.collected_by,
        collected_at=args.collected_at,
        collected_from=args.collected_from,
        method=args.method,
        tool=args.tool,
        tool_version=args.tool_version,
        notes=args.notes,
    )
    bar = ProgressBar("ingest", enabled=args.progress)
    started = time.monotonic()

    def progress(candidate: Candidate, report: Report) -> None:
        rate = report.bytes_read / max(time.monotonic() - started, 1e-6)
        bar.update(
            report.total,
            f"files  {human_size(report.bytes_read)}  "
            f"{human_size(rate)}/s  {len(report.failed)} failed",
        )

    signed_at = [time.monotonic()]

    def checkpoint(report: Report) -> None:
        # Every N files, and every few seconds for large ones: the tail stays within its bound.
        if report.total % CHECKPOINT_EVERY == 0 or (
            time.monotonic() - signed_at[0] >= CHECKPOINT_SECONDS
        ):
            instance.sign_checkpoint()
            signed_at[0] = time.monotonic()

    try:
        report = ingest_paths(
            args.paths,
            vault=vault,
            actor=args.actor or default_actor(),
            collection=collection,
            case=args.case,
            progress=progress,
            after_each=checkpoint,
        )
    finally:
        bar.close()
    # The rest is signed by the command line's wrapper once this returns, after the report: a
    # refused checkpoint is said beside it, and hides neither the report nor another error.
    if args.json:
        emit_json(
            {
                "ok": not report.failed,
                "ingested": [_outcome(o) for o in report.ingested],
                "duplicates": [_outcome(o) for o in report.duplicates],
                "failed": [{"path": f.path, "reason": f.reason} for f in report.failed],
            }
        )
    else:
        print(
            f"{len(report.ingested)} ingested, {len(report.duplicates)} duplicates, "
            f"{len(report.failed)} failed ({human_size(report.bytes_read)} in "
            f"{time.monotonic() - started:.1f} s)"
        )
        for failure in report.failed:
            print(f"  failed: {failure.path}: {failure.reason}")
    return EXIT_PROBLEMS if report.failed else 0


def _outcome(outcome: Any) -> dict[str, Any]:
    from sprava.evidence.visibility import first_number

    return {
        "item": first_number(outcome.item),  # the number the pages give it (its first arrival)
        "sha256": outcome.item.sha256,
        "size": outcome.item.size,
        "media_type": outcome.item.media_type,
        "filename": outcome.receipt.original_filename,
        "ledger_seq": outcome.receipt.ledger_seq,
    }


def cmd_verify(args: argparse.Namespace) -> int:
    from sprava.evidence.audit import run_audit
    from sprava.ledger import log, tags
    from sprava.ledger.events import Event
    from sprava.records.audited import every_table as tables
    from sprava.rows.audit import audit_records
    from sprava.rows.workers import default_workers

    bar = ProgressBar("verify")
    kept = list(kept_checkpoint_problems(args.checkpoint))  # before the log can grow
    problems = []
    for problem in run_audit(
        vault=instance.vault(read=True),
        verifier=instance.verifier(),
        progress=lambda stage, done, total: bar.update(done, stage),
    ):
        problems.append(problem)
    # Records and accounts against the state their ledger events recorded, table by table.
    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise SpravaError("--workers takes a number of processes, 1 or more")
    problems.extend(
        audit_records(tables(), progress=lambda done, total: bar.update(done, "records"),
                      workers=workers)
    )
    bar.close()
    problems.extend(kept)
    fatal = [p for p in problems if p.fatal]
    log.record(
        Event(
            actor=default_actor(),
            action=tags.LEDGER_AUDIT_COMPLETED,
            details={"problems": len(fatal), "warnings": len(problems) - len(fatal)},
        )
    )
    if args.json:
        emit_json(
            {
                "ok": not fatal,
                "problems": [
                    {"subject": p.subject, "message": p.message, "fatal": p.fatal} for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            print(("PROBLEM " if problem.fatal else "warning ") + str(problem))
        print(
            "verify: "
            + (f"{len(fatal)} problem(s) found" if fatal else "all checks passed")
            + (f", {len(problems) - len(fatal)} warning(s)" if len(problems) > len(fatal) else "")
        )
    return EXIT_PROBLEMS if fatal else 0


def cmd_adopt(args: argparse.Namespace) -> int:
    from sprava.ledger.audit import audit_log
    from sprava.records.audited import every_table as tables
    from sprava.rows import adoption

    if not args.dry_run and not args.reason.strip():
        raise SpravaError("give --reason: why these rows are adopted stays in the ledger")
    bar = ProgressBar("adopt")
    found = adoption.find(tables(), progress=lambda done, total: bar.update(done, "records"))
    bar.close()
    adopted = 0
    if not args.dry_run and found:
        checks = audit_log(instance.verifier())
        adopted = adoption.adopt(found, actor=default_actor(), reason=args.reason,
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


def find_item(reference: str) -> Any:
    """An item by a number the pages give it (the number of any of its arrivals: the operator
    sees them all, see `sprava.evidence.visibility`) or by the start of its SHA-256."""
    from sprava.evidence.models import Item

    reference = reference.strip().lower()
    number = ids.id_or_none(reference) if len(reference) < 8 else None
    if number is not None:  # ASCII digits only (sprava.ids): "١٢" is not item 12
        item = Item.objects.filter(receipts__id=number).first()
    elif len(reference) >= 8 and all(c in "0123456789abcdef" for c in reference):
        matches = list(Item.objects.filter(sha256__startswith=reference)[:2])
        if len(matches) > 1:
            raise SpravaError(f"{reference} matches more than one item; give more of the digest")
        item = matches[0] if matches else None
    else:
        raise SpravaError("give an item number or at least 8 hex characters of its SHA-256")
    if item is None:
        raise SpravaError(f"no item {reference}")
    return item


def cmd_log(args: argparse.Namespace) -> int:
    from sprava.ledger import log

    sha256 = find_item(args.item).sha256 if args.item else None
    entries = log.history(sha256)
    if args.limit:
        entries = entries.order_by("-seq")[: args.limit]
    documents = sorted((json.loads(bytes(e.body)) for e in entries), key=lambda d: d["seq"])
    if args.json:
        emit_json(documents)
        return 0
    for doc in documents:
        items = ", ".join(i["sha256"][:12] for i in doc["items"])
        detail = doc["details"].get("filename") or doc["reason"] or ""
        print(
            f"{doc['seq']:>8}  {doc['time'][:19]}Z  {doc['action']:<28} {doc['actor']:<20} "
            f"{items} {detail}".rstrip()
        )
    if not documents:
        print("no entries", file=sys.stderr)
    return 0


def cmd_prove(args: argparse.Namespace) -> int:
    from sprava.ledger.proofs import item_proof

    item = find_item(args.item)
    emit_json(
        item_proof(
            item.digests, verifier_key=instance.verifier_key(), sign=instance.sign_checkpoint
        )
    )
    return 0
