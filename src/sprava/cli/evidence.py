"""Evidence: `sprava ingest`, and finding an item by the number the pages give it."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from sprava import ids
from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import case_named
from sprava.cli.output import EXIT_PROBLEMS, ProgressBar, emit_json, human_size
from sprava.home import keys, signing
from sprava.home.vault import open_vault
from sprava.integrity.errors import SpravaError

CHECKPOINT_EVERY = 500  # files; a long ingest is covered by signed checkpoints as it goes


def register(commands: Any) -> None:
    ingest = commands.add_parser("ingest", help="take files and folders into the locker")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
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
    ingest.add_argument("--case", default=None,
                        help="the case the files arrive for (its members see them; the user "
                        "must be one who may edit it)")
    as_user_option(ingest)
    ingest.add_argument("--json", action="store_true")
    ingest.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw a progress bar (default: when stderr is a terminal)",
    )
    ingest.set_defaults(handler=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    from sprava.accounts import permissions
    from sprava.accounts.actors import actor_name
    from sprava.evidence.batch import Candidate, Report, ingest_paths
    from sprava.evidence.intake import Collection
    from sprava.ledger.checkpoints import CHECKPOINT_SECONDS

    user = acting_user(args)
    if args.case:  # as the upload page offers: only cases where the user may add material
        permissions.require(user, permissions.Permission.EDIT, case_named(args.case))
    vault = open_vault()
    keys.KEYRING.signer()  # unlock now: fail before reading anything, not after
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
            signing.sign_checkpoint()
            signed_at[0] = time.monotonic()

    try:
        report = ingest_paths(
            args.paths,
            vault=vault,
            actor=actor_name(user),
            user=user,
            collection=collection,
            case=args.case,
            progress=progress,
            after_each=checkpoint,
        )
    finally:
        bar.close()
    # The rest is signed by the command line's wrapper once this returns, after the report: a
    # refused checkpoint is said beside it, and hides neither the report nor another error.
    stored, duplicates, numbers = _as_the_user_sees_them(user, report)
    if args.json:
        emit_json(
            {
                "ok": not report.failed,
                "ingested": [_outcome(o, numbers) for o in stored],
                "duplicates": [_outcome(o, numbers) for o in duplicates],
                "failed": [{"path": f.path, "reason": f.reason} for f in report.failed],
            }
        )
    else:
        print(
            f"{len(stored)} ingested, {len(duplicates)} duplicates, "
            f"{len(report.failed)} failed ({human_size(report.bytes_read)} in "
            f"{time.monotonic() - started:.1f} s)"
        )
        for failure in report.failed:
            print(f"  failed: {failure.path}: {failure.reason}")
    return EXIT_PROBLEMS if report.failed else 0


def _as_the_user_sees_them(user: Any, report: Any) -> tuple[list[Any], list[Any], dict[str, int]]:
    """The arrivals as the upload page tells them: a duplicate only to whom already saw an
    earlier arrival of the bytes (deduplication tells nothing of another team's files), and
    each item by the user's number for it (`sprava.evidence.visibility`)."""
    from sprava.evidence.visibility import numbers_by_sha256, sees_earlier_arrival

    told: list[Any] = []
    untold: list[Any] = []
    for outcome in report.duplicates:
        seen = sees_earlier_arrival(user, outcome.item, outcome.receipt)
        (told if seen else untold).append(outcome)
    stored = sorted([*report.ingested, *untold], key=lambda o: o.receipt.pk)
    digests = sorted({o.item.sha256 for o in [*stored, *told]})
    numbers: dict[str, int] = {}
    for start in range(0, len(digests), 500):
        numbers.update(numbers_by_sha256(user, set(digests[start:start + 500])))
    return stored, told, numbers


def _outcome(outcome: Any, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "item": numbers[outcome.item.sha256],  # the number the pages give it, for this user
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
