"""What the evidence pages read, each in a fixed number of queries however many items there are."""

from __future__ import annotations

import re

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from sprava.evidence.models import Item, Receipt

HEX = re.compile(r"[0-9a-f]{1,64}")


def _name_variants(query: str) -> list[str]:
    # SQLite folds only ASCII case in LIKE, and documenters search Cyrillic names; the common
    # spellings (as typed, lower, upper, capitalised) cover most of what case folding would.
    return list(dict.fromkeys([query, query.lower(), query.upper(), query.capitalize()]))


def search_items(query: str) -> QuerySet[Item]:
    """Items, newest first, with their first file name and receipt count; filtered by `query`.

    The query matches any receipt's file name, or the start of the SHA-256 digest. Matching
    receipts are found with EXISTS rather than a join, so the receipt count stays right.
    """
    receipts = Receipt.objects.filter(item=OuterRef("pk"))
    items = Item.objects.annotate(
        receipt_count=Count("receipts"),
        first_name=Subquery(receipts.order_by("id").values("original_filename")[:1]),
    )
    query = query.strip()
    if query:
        named = Q()
        for variant in _name_variants(query):
            named |= Q(original_filename__icontains=variant)
        condition = Q(Exists(receipts.filter(named)))
        digest = query.lower().removeprefix("sha256:").strip()
        if HEX.fullmatch(digest):
            condition |= Q(sha256__startswith=digest)
        items = items.filter(condition)
    return items.order_by("-received_at", "-id")


def receipts_by_id(ids: list[int]) -> dict[int, Receipt]:
    return {r.id: r for r in Receipt.objects.filter(id__in=ids).select_related("item")}


def item_ids_by_sha256(digests: set[str]) -> dict[str, int]:
    if not digests:
        return {}
    return dict(Item.objects.filter(sha256__in=digests).values_list("sha256", "id"))
