"""What the evidence pages read, each in a fixed number of queries however many items there are."""

from __future__ import annotations

import re

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet

from sprava.cases.models import Case
from sprava.evidence.models import Item, Receipt
from sprava.evidence.visibility import (
    AnyUser,
    items_reaching,
    seen_receipts,
    visible_items,
    with_seen_receipts,
)

HEX = re.compile(r"[0-9a-f]{1,64}")


def _name_variants(query: str) -> list[str]:
    # SQLite folds only ASCII case in LIKE, and documenters search Cyrillic names; the common
    # spellings (as typed, lower, upper, capitalised) cover most of what case folding would.
    return list(dict.fromkeys([query, query.lower(), query.upper(), query.capitalize()]))


def search_items(query: str, user: AnyUser, *, case: Case | None = None,
                 record: Model | None = None) -> QuerySet[Item]:
    """The items the user sees, newest first as they see them, with the file name and count of
    the receipts they see (`visibility.with_seen_receipts`); filtered by `query`, by a `case`
    they reach (arrived for it or linked to one of its records) and by a `record` they are
    linked to. The caller has found the case and the record among those the user may see.

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
    if case is not None:
        items = items.filter(items_reaching([case.pk]))
    if record is not None:
        items = items.filter(pk__in=record.evidence.values("pk"))  # type: ignore[attr-defined]
    # By the first arrival the user sees, not the item's: the order must not tell them that
    # bytes they sent were held long before.
    return items.order_by(F("first_seen").desc(nulls_last=True), F("number").desc())


def receipts_by_id(ids: list[int]) -> dict[int, Receipt]:
    return {r.id: r for r in Receipt.objects.filter(id__in=ids).select_related("item")}
