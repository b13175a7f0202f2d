"""Persistence of the custody log.

Leaves live in `Entry` (its leaf hash is level 0 of the tree); every complete (perfect) subtree of
level 1 and up is stored once in `TreeNode`, so any root or proof needs O(log n) rows.
"""

from __future__ import annotations

from django.db import models

# A node's key packs (level, index) into one integer: one primary-key lookup, no composite index.
NODE_LEVEL_SHIFT = 56


def node_key(level: int, index: int) -> int:
    return (level << NODE_LEVEL_SHIFT) | index


class LogHead(models.Model):
    """The one row that says how large the log is; appends lock it to serialise."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    root = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"log of {self.size} entries"


class Entry(models.Model):
    """One custody event, stored as the exact RFC 8785 bytes that were hashed into the log."""

    seq = models.BigIntegerField(primary_key=True)
    body = models.BinaryField()
    leaf_hash = models.BinaryField(max_length=32)
    action = models.CharField(max_length=80, db_index=True)
    actor = models.CharField(max_length=150, db_index=True)
    subject = models.CharField(max_length=120, blank=True, db_index=True)
    # The case the event names ("" for none), as the body says: what ties an entry to a case's
    # members (`sprava.evidence.entries`), found by an index instead of reading every body.
    case = models.CharField(max_length=120, blank=True, db_index=True, default="")
    time = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class EntryItem(models.Model):
    """Which evidence items an entry speaks of, so the history of one item is an index lookup."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="item_refs")
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "sha256"], name="entry_item_once"),
        ]


class TreeNode(models.Model):
    """A perfect subtree hash: (level, index) covers leaves [index*2^level, (index+1)*2^level)."""

    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)


class Checkpoint(models.Model):
    """A signed C2SP checkpoint of the log at one size; never two for one size."""

    size = models.BigIntegerField(unique=True)
    root = models.BinaryField(max_length=32)
    note = models.TextField(help_text="The signed note, exactly as signed.")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint at {self.size}"
