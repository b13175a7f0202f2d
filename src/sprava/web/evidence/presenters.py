"""Turning evidence receipts and upload results into what the evidence pages show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from sprava.evidence.models import Item, Receipt
from sprava.evidence.visibility import AnyUser, with_seen_receipts
from sprava.web.evidence.queries import receipts_by_id

# The collection metadata of a receipt, in the order and words the pages use.
COLLECTION_FIELDS = (
    ("collected_by", gettext_lazy("Collected by")),
    ("collected_at", gettext_lazy("When")),
    ("collected_from", gettext_lazy("From")),
    ("method", gettext_lazy("How")),
    ("tool", gettext_lazy("Tool")),
    ("tool_version", gettext_lazy("Tool version")),
    ("notes", gettext_lazy("Notes")),
)


def collection_facts(receipt: Receipt) -> list[tuple[str, str]]:
    """The collection metadata a receipt has, as (label, value); empty fields are left out."""
    return [
        (str(label), value) for name, label in COLLECTION_FIELDS
        if (value := getattr(receipt, name))
    ]


def describe_upload(user: AnyUser, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of an upload result, with the receipt (and its item, read through
    `with_seen_receipts`: its `number` is the uploader's) of each stored file."""
    receipts = receipts_by_id([r["receipt"] for r in results if r.get("receipt")])
    items = with_seen_receipts(user, Item.objects.filter(
        pk__in=[receipt.item_id for receipt in receipts.values()])).in_bulk()
    rows = []
    for result in results:
        receipt = receipts.get(result.get("receipt") or 0)
        rows.append({**result, "receipt": receipt,
                     "item": items.get(receipt.item_id) if receipt else None})
    return rows


def upload_counts(results: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"stored": 0, "duplicate": 0, "refused": 0}
    for result in results:
        counts[result["status"]] += 1
    return counts
