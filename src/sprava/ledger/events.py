"""Custody events and their canonical form (RFC 8785), the exact bytes hashed into the log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import rfc8785

from sprava.integrity.errors import MalformedError
from sprava.integrity.hashing import Digests
from sprava.ledger.tags import ACTION_PATTERN


@dataclass(frozen=True)
class Event:
    """What happened, before the log gives it a sequence number and a time."""

    actor: str
    action: str
    items: tuple[Digests, ...] = ()
    case: str | None = None
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # The record the event is about, e.g. "records.person:42": a record's page lists its history.
    subject: str = ""

    def __post_init__(self) -> None:
        if not ACTION_PATTERN.match(self.action):
            raise MalformedError(f"action {self.action!r} is not a structured tag like a:b:c")
        if not self.actor:
            raise MalformedError("every custody event names its actor")


def entry_document(seq: int, time: datetime, event: Event) -> dict[str, Any]:
    return {
        "seq": seq,
        "time": format_time(time),
        "actor": event.actor,
        "action": event.action,
        "items": [
            {"sha256": d.sha256_hex, "sha512": d.sha512_hex, "size": d.size} for d in event.items
        ],
        "case": event.case,
        "subject": event.subject or None,
        "reason": event.reason,
        "details": event.details,
    }


def canonical(document: dict[str, Any]) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme bytes of a document."""
    return bytes(rfc8785.dumps(document))


def parse_entry(body: bytes) -> dict[str, Any]:
    """Parse stored entry bytes, insisting they are already canonical (else they were edited)."""
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedError(f"entry is not JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise MalformedError("entry is not a JSON object")
    if canonical(document) != body:
        raise MalformedError("entry bytes are not RFC 8785 canonical")
    return document


def format_time(time: datetime) -> str:
    if time.tzinfo is None:
        raise MalformedError("custody times must be timezone-aware")
    return time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
