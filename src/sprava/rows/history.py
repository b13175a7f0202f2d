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
import functools
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from django.db import models

from sprava.home.keys import record_hash_key
from sprava.integrity.hashing import Digests
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.ledger.models import Entry

# Fields never written to the ledger in clear, whatever the model.
HASHED_FIELDS = frozenset({
    "text", "search_key", "birth_date", "notes", "narrative", "transcript", "translation",
    "description", "summary", "basis", "scope", "address", "place_detail",
    "reasoning", "withdrawn_reason",  # an assessment's or a conclusion's: they name people too
    "secret_hash",  # an API token's: even its hash stays out of a ledger shown to auditors
    "code_hash",  # an enrolment code's: 59 bits, so its plain SHA-256 could be searched
})
SKIPPED_FIELDS = frozenset({"created_at"})


def ledger_label(model: type[models.Model] | models.Model) -> str:
    """The ledger's name for a model's rows, e.g. `records.person`.

    It is the model's label, unless the model moved to another app after its rows entered the
    ledger: then it keeps the old name (`LEDGER_LABEL`), since signed entries never change.
    """
    label = getattr(model, "LEDGER_LABEL", None)
    return label if isinstance(label, str) else model._meta.label_lower


@functools.cache  # the registry does not change once a label is asked for
def model_of(label: str) -> type[models.Model]:
    """The model whose rows the ledger names `label` (`records.case` is `cases.Case`);
    LookupError for a label no model has."""
    from django.apps import apps

    for model in apps.get_models():
        if ledger_label(model) == label:
            return model
    raise LookupError(f"no model's rows are named {label!r} in the ledger")


def subject(obj: models.Model) -> str:
    """The ledger's name for a record, e.g. `records.person:42`."""
    return f"{ledger_label(obj)}:{obj.pk}"


def keyed_hash(value: Any, key: bytes | None = None) -> str:
    digest = hmac.new(key or record_hash_key(), repr(value).encode("utf-8"),
                      hashlib.sha256)
    return "hmac-sha256:" + digest.hexdigest()


_AS_IS = frozenset({str, int, bool, float, type(None), list, dict})  # what _plain keeps as is
# Model fields whose values are always of an `_AS_IS` type, unless they have choices (enums).
_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField",
    "CharField", "ForeignKey", "IntegerField", "OneToOneField", "PositiveBigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField",
    "TextField",
})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):  # choices (TextChoices) as their plain value
        return value.value
    return value


class Snapshotter:
    """How one model's rows become ledger values: which fields, in clear or as keyed hashes.

    `snapshot` (one saved record) and the records audit (rows read as tuples, many at once)
    share it, so both compute the very values the ledger recorded.
    """

    def __init__(self, model: type[models.Model], key: bytes | None = None) -> None:
        self.key = key or record_hash_key()
        # By name: a dictionary of values then has its keys in the order the ledger writes
        # them, so the records audit can encode many without sorting each one.
        self.fields = sorted(
            (field.name, field.attname, field.name in HASHED_FIELDS)
            for field in model._meta.concrete_fields
            if field.name not in SKIPPED_FIELDS and not field.primary_key
        )
        self.attnames = [attname for _, attname, _ in self.fields]
        self.names = tuple(name for name, _, _ in self.fields)
        self._hashed = tuple(name for name, _, hashed in self.fields if hashed)
        # Fields whose values a query may give in a type the ledger does not keep as is (dates,
        # decimals, choices as enums); every other field's value is its ledger value already.
        self._converted = tuple(
            field.name for field in model._meta.concrete_fields
            if field.name in self.names and field.name not in HASHED_FIELDS
            and (field.choices or field.get_internal_type() not in _PLAIN_TYPES)
        )
        # keyed_hash, with the key schedule done once: the audit hashes every row's text.
        # OpenSSL's own HMAC object where there is one: its copy is made in C.
        keyed = hmac.new(self.key, digestmod=hashlib.sha256)
        self._hmac = getattr(keyed, "_hmac", None) or keyed

    def _hash(self, value: Any) -> str:
        digest = self._hmac.copy()
        digest.update(repr(value).encode("utf-8"))
        return "hmac-sha256:" + digest.hexdigest()

    def values(self, row: Sequence[Any]) -> dict[str, Any]:
        """The ledger values of a row given as its `attnames`, in that order.

        The records audit calls this for every row of every table: the dictionary is made in
        one step and only the fields that need it are visited again.
        """
        values = dict(zip(self.names, row, strict=True))
        for name in self._hashed:
            value = values[name]
            if value is not None and value != "":
                values[name] = self._hash(value)
        for name in self._converted:
            value = values[name]
            if type(value) not in _AS_IS:  # exact types: an enum (a str subclass) is converted
                values[name] = _plain(value)
        return values

    def value(self, name: str, value: Any) -> Any:
        """The ledger value of one field (by name) holding `value`."""
        if name in HASHED_FIELDS and value not in (None, ""):
            return self._hash(value)
        return _plain(value)

    def of(self, obj: models.Model) -> dict[str, Any]:
        return self.values([getattr(obj, attname) for attname in self.attnames])


def snapshot(obj: models.Model, key: bytes | None = None) -> dict[str, Any]:
    """Concrete field values as the ledger records them (foreign keys by id).

    `key` is the record-hash key, for callers that snapshot many records at once.
    """
    return Snapshotter(type(obj), key).of(obj)


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def state_details(obj: models.Model, before: dict[str, Any] | None,
                  after: dict[str, Any] | None) -> dict[str, Any]:
    """The part of an event's details that says what a row is now, as the records audit reads it.

    `after` alone: the row was created with these values; `changes` (when both are given): the
    fields that changed; `before` alone: the row was deleted. Events of accounts and other
    modules carry the same keys (beside their own), so `sprava verify` checks their rows too.
    """
    details: dict[str, Any] = {"record": subject(obj)}
    if before is not None and after is not None:
        details["changes"] = changed(before, after)
    elif after is not None:
        details["after"] = after
    elif before is not None:
        details["before"] = before
    return details


def record_event(*, actor: str, verb: str, obj: models.Model, case: str | None,
                 before: dict[str, Any] | None, after: dict[str, Any] | None,
                 reason: str = "", extra: dict[str, Any] | None = None,
                 items: tuple[Digests, ...] = ()) -> Entry:
    """Append `records:<model>:<verb>`; must run inside the transaction of the change."""
    details = state_details(obj, before, after)
    details.update(extra or {})
    action = tags.record_action(str(obj._meta.model_name), verb)
    return log.append([Event(actor=actor, action=action, items=items, case=case, reason=reason,
                             details=details, subject=subject(obj))])[0]


def record_events(*, actor: str, verb: str, objs: Sequence[models.Model],
                  cases: Sequence[str | None], reason: str = "") -> None:
    """Append one `records:<model>:<verb>` event per record, in one batch."""
    key = record_hash_key()
    snapshotters = {model: Snapshotter(model, key) for model in {type(obj) for obj in objs}}
    log.append([
        Event(actor=actor, action=tags.record_action(str(obj._meta.model_name), verb), case=case,
              reason=reason, details={"record": subject(obj),
                                      "after": snapshotters[type(obj)].of(obj)},
              subject=subject(obj))
        for obj, case in zip(objs, cases, strict=True)
    ])


def history(obj: models.Model) -> Any:
    """The ledger entries of one record, oldest first."""
    return log.history().filter(subject=subject(obj))
