"""What the evidence pages read, each in a fixed number of queries however many items there are."""

from __future__ import annotations

import re

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from sprava.evidence.models import Item, Receipt
from sprava.evidence.visibility import AnyUser, seen_receipts, visible_items, with_seen_receipts

HEX = re.compile(r"[0-9a-f]{1,64}")


def _name_variants(query: str) -> list[str]:
    # SQLite folds only ASCII case in LIKE, and documenters search Cyrillic names; the common
    # spellings (as typed, lower, upper, capitalised) cover most of what case folding would.
    return list(dict.fromkeys([query, query.lower(), query.upper(), query.capitalize()]))


def search_items(query: str, user: AnyUser) -> QuerySet[Item]:
    """The items the user sees, newest first as they see them, with the file name and count of
    the receipts they see (`visibility.with_seen_receipts`); filtered by `query`.

    The query matches the file name of a receipt the user sees (never another arrival's: a
    name would tell what someone else sent), or the start of the SHA-256 digest. Matching
    receipts are found with EXISTS rather than a join, so the receipt count stays right.
    """
    receipts = Receipt.objects.filter(seen_receipts(user), item=OuterRef("pk"))
    items = with_seen_receipts(user, visible_items(user))
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
    # By the first arrival the user sees, not the item's: the order must not tell them that
    # bytes they sent were held long before.
    return items.order_by(F("first_seen").desc(nulls_last=True), F("number").desc())


def receipts_by_id(ids: list[int]) -> dict[int, Receipt]:
    return {r.id: r for r in Receipt.objects.filter(id__in=ids).select_related("item")}
