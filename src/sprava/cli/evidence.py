"""Evidence: `sprava ingest`, and finding an item by the number the pages give it."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from sprava import ids, instance
from sprava.cli.common import operator
from sprava.cli.output import EXIT_PROBLEMS, ProgressBar, emit_json, human_size
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
            actor=args.actor or operator(),
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
