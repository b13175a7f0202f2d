"""Every create, change and delete of a record is a ledger event with before and after values.

Values that could identify a person (names, dates of birth) and free text (narratives,
transcripts, notes — they name people too) enter the ledger only as keyed hashes: the ledger can
be shown to an auditor, a change stays visible, and nobody without the instance key can test a
guess against a hash.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from django.db import models

from sprava import instance
from sprava.integrity.hashing import Digests
from sprava.ledger import log
from sprava.ledger.events import Event
from sprava.ledger.models import Entry

# Fields never written to the ledger in clear, whatever the model.
HASHED_FIELDS = frozenset({
    "text", "search_key", "birth_date", "notes", "narrative", "transcript", "translation",
    "description", "summary", "basis", "scope", "address", "place_detail",
})
SKIPPED_FIELDS = frozenset({"created_at"})


def subject(obj: models.Model) -> str:
    """The ledger's name for a record, e.g. `records.person:42`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def keyed_hash(value: Any, key: bytes | None = None) -> str:
    digest = hmac.new(key or instance.record_hash_key(), repr(value).encode("utf-8"),
                      hashlib.sha256)
    return "hmac-sha256:" + digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):  # choices (TextChoices) as their plain value
        return value.value
    return value


def snapshot(obj: models.Model, key: bytes | None = None) -> dict[str, Any]:
    """Concrete field values as the ledger records them (foreign keys by id).

    `key` is the record-hash key, for callers that snapshot many records at once.
    """
    key = key or instance.record_hash_key()
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if field.name in HASHED_FIELDS and value not in (None, ""):
            values[field.name] = keyed_hash(value, key)
        else:
            values[field.name] = _plain(value)
    return values


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def record_event(*, actor: str, verb: str, obj: models.Model, case: str | None,
                 before: dict[str, Any] | None, after: dict[str, Any] | None,
                 reason: str = "", extra: dict[str, Any] | None = None,
                 items: tuple[Digests, ...] = ()) -> Entry:
    """Append `records:<model>:<verb>`; must run inside the transaction of the change."""
    details: dict[str, Any] = {"record": subject(obj)}
    if before is not None and after is not None:
        details["changes"] = changed(before, after)
    elif after is not None:
        details["after"] = after
    elif before is not None:
        details["before"] = before
    details.update(extra or {})
    action = f"records:{obj._meta.model_name}:{verb}"
    return log.append([Event(actor=actor, action=action, items=items, case=case, reason=reason,
                             details=details, subject=subject(obj))])[0]


def record_events(*, actor: str, verb: str, objs: Sequence[models.Model],
                  cases: Sequence[str | None], reason: str = "") -> None:
    """Append one `records:<model>:<verb>` event per record, in one batch."""
    key = instance.record_hash_key()
    log.append([
        Event(actor=actor, action=f"records:{obj._meta.model_name}:{verb}", case=case,
              reason=reason, details={"record": subject(obj), "after": snapshot(obj, key)},
              subject=subject(obj))
        for obj, case in zip(objs, cases, strict=True)
    ])


def history(obj: models.Model) -> Any:
    """The ledger entries of one record, oldest first."""
    return log.history().filter(subject=subject(obj))
