"""Turning stored ledger entries into what a page shows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sprava.ledger.models import Entry


def describe_entries(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    described = []
    for entry in entries:
        document = json.loads(bytes(entry.body))
        details = document.get("details") or {}
        described.append(
            {
                "seq": entry.seq,
                "time": entry.time,
                "action": entry.action,
                "actor": entry.actor,
                "items": [i.get("sha256", "") for i in document.get("items", [])],
                "reason": document.get("reason", ""),
                "details": details,
                "summary": details.get("filename") or details.get("channel") or "",
            }
        )
    return described
