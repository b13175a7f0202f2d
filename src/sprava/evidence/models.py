"""Evidence items and their receipts.

An item is one unique byte string (deduplicated by SHA-256); each arrival of those bytes is a
receipt with its own collection metadata, because the same video may reach two documenters from
two sources, and a court may ask about either chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sprava.integrity.hashing import Digests


class Item(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    sha512 = models.CharField(max_length=128, unique=True)
    size = models.BigIntegerField()
    media_type = models.CharField(max_length=200)
    blob = models.CharField(max_length=100, unique=True, help_text="Vault object name (random).")
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"item {self.id} ({self.sha256[:12]})"

    @property
    def digests(self) -> Digests:
        return Digests.from_hex(self.sha256, self.sha512, self.size)

    @property
    def first_receipt(self) -> Receipt | None:
        receipts = list(self.receipts.all())
        return min(receipts, key=lambda r: r.id) if receipts else None


class Receipt(models.Model):
    """One arrival of an item, with who collected it, when, where from and how."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="receipts")
    ledger_seq = models.BigIntegerField(unique=True, help_text="The custody entry of this arrival.")
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.CharField(max_length=150)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="receipts",
        help_text="The case the material arrived for; its members may see the item.",
    )
    original_filename = models.CharField(max_length=1024, blank=True)
    source_path = models.CharField(max_length=4096, blank=True)
    collected_by = models.CharField(max_length=300, blank=True)
    collected_at = models.CharField(
        max_length=64, blank=True, help_text="When it was collected, as precise as known."
    )
    collected_from = models.CharField(
        max_length=1000, blank=True, help_text="Where from: a place, a device, a URL."
    )
    method = models.CharField(max_length=300, blank=True)
    tool = models.CharField(max_length=300, blank=True)
    tool_version = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"receipt {self.id} of item {self.item_id}"
