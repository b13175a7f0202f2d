"""The custody log: `sprava log`, `sprava prove`, `sprava checkpoint`, and the kept checkpoints
`verify` checks."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sprava.cli.evidence import find_item
from sprava.cli.output import KEYS_NONE, emit_json
from sprava.home import keys, signing
from sprava.integrity.errors import SpravaError


class CheckpointFileError(SpravaError):
    """A checkpoint file given to `verify --checkpoint` cannot be read."""


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="custody history")
    log.add_argument("--item", help="only entries about this item (number or SHA-256 prefix)")
    log.add_argument("--limit", type=int, default=0, help="only the last N entries")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=cmd_log, keys=KEYS_NONE)

    prove = commands.add_parser("prove", help="an item's entries with inclusion proofs, as JSON")
    prove.add_argument("item", help="item number or SHA-256 (prefix of at least 8 characters)")
    prove.set_defaults(handler=cmd_prove, json=True)

    checkpoint = commands.add_parser(
        "checkpoint",
        help="print the latest signed checkpoint (a signed note), for partners to keep",
    )
    checkpoint.add_argument("--json", action="store_true")
    checkpoint.set_defaults(handler=cmd_checkpoint, keys=KEYS_NONE)


def add_verify_options(verify: argparse.ArgumentParser) -> None:
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a signed checkpoint kept elsewhere (from `sprava checkpoint`): the log must be "
        "consistent with it (repeatable)",
    )


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from sprava.ledger.checkpoints import latest

    checkpoint = latest()
    if checkpoint is None:
        raise SpravaError("no checkpoint has been signed yet")
    if args.json:
        emit_json(
            {
                "origin": keys.origin(),
                "size": checkpoint.size,
                "root": base64.b64encode(bytes(checkpoint.root)).decode("ascii"),
                "signed_at": checkpoint.signed_at.isoformat(),
                "verifier_key": keys.verifier_key(),
                "note": checkpoint.note,
            }
        )
    else:
        print(checkpoint.note, end="")
    return 0


def kept_checkpoint_problems(files: Sequence[Path], tally: Any = None) -> Iterator[Any]:
    """The audit of each kept checkpoint file, and of the instance's own copy outside the
    database (counted in `tally`, a `ledger.audit.Tally`); CheckpointFileError if a given file
    cannot be read."""
    from sprava.ledger.audit import audit_kept_checkpoint

    texts = []
    own = signing.kept_checkpoint()
    if own is not None:
        texts.append((signing.kept_checkpoint_path(), own))
    for path in files:  # read them all first: an unreadable file fails before any audit
        try:
            texts.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise CheckpointFileError(f"cannot read the checkpoint {path}: {exc}") from exc
    verifier, origin = keys.verifier(), keys.origin()
    for path, text in texts:
        yield from audit_kept_checkpoint(text, verifier, origin, str(path), tally)


def cmd_log(args: argparse.Namespace) -> int:
    """The custody log, items named by the numbers the pages give them: the operator sees every
    arrival, so an item's number is its first (`visibility.first_number`), never its row id."""
    from sprava.evidence.visibility import first_numbers
    from sprava.ledger import log

    sha256 = find_item(args.item).sha256 if args.item else None
    entries = log.history(sha256)
    if args.limit:
        entries = entries.order_by("-seq")[: args.limit]
    documents = sorted((json.loads(bytes(e.body)) for e in entries), key=lambda d: d["seq"])
    numbers = first_numbers(i["sha256"] for d in documents for i in d["items"])
    if args.json:
        # Each entry as recorded, and each item in it with its number (not part of the entry).
        for doc in documents:
            for item in doc["items"]:
                item["number"] = numbers.get(item["sha256"])
        emit_json(documents)
        return 0
    for doc in documents:
        items = ", ".join(_item_name(i["sha256"], numbers) for i in doc["items"])
        detail = doc["details"].get("filename") or doc["reason"] or ""
        print(
            f"{doc['seq']:>8}  {doc['time'][:19]}Z  {doc['action']:<28} {doc['actor']:<20} "
            f"{items} {detail}".rstrip()
        )
    if not documents:
        print("no entries", file=sys.stderr)
    return 0


def _item_name(sha256: str, numbers: dict[str, int]) -> str:
    number = numbers.get(sha256)
    # An item the ledger names but the records lack (`verify` reports it): by its digest.
    return f"item {number}" if number is not None else f"item {sha256[:12]} (not in the records)"


def cmd_prove(args: argparse.Namespace) -> int:
    from sprava.ledger.proofs import item_proof

    item = find_item(args.item)
    emit_json(
        item_proof(
            item.digests, verifier_key=keys.verifier_key(), sign=signing.sign_checkpoint
        )
    )
    return 0
