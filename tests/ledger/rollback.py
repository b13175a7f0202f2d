"""The rollback attack of issue 7, as a forger with the database does it.

Delete every entry from `size` on, with its item index, every tree node that covers any of
them and every checkpoint beyond `size`, then reset the log head to the root at `size`: what is
left is a smaller log that is whole, consistent and signed, and hides everything after `size`.
Plain DB-API, so that the same attack runs in the test process and on a child's database.
"""

from __future__ import annotations

from typing import Any

from sprava.ledger.models import NODE_LEVEL_SHIFT


def roll_back(connection: Any, size: int, mark: str = "%s") -> int:
    """Cut the log back to `size` entries; returns how many entries vanished."""
    cursor = connection.cursor()
    cursor.execute(f"SELECT root FROM ledger_checkpoint WHERE size = {mark}", [size])
    root = bytes(cursor.fetchone()[0])  # the attacker keeps a checkpoint it already has
    cursor.execute(f"SELECT COUNT(*) FROM ledger_entry WHERE seq >= {mark}", [size])
    vanished = int(cursor.fetchone()[0])
    cursor.execute(f"DELETE FROM ledger_entryitem WHERE entry_id >= {mark}", [size])
    cursor.execute(f"DELETE FROM ledger_entry WHERE seq >= {mark}", [size])
    cursor.execute("SELECT key FROM ledger_treenode")
    beyond = [
        (key,)
        for (key,) in cursor.fetchall()
        if ((key & ((1 << NODE_LEVEL_SHIFT) - 1)) + 1) << (key >> NODE_LEVEL_SHIFT) > size
    ]
    cursor.executemany(f"DELETE FROM ledger_treenode WHERE key = {mark}", beyond)
    cursor.execute(f"DELETE FROM ledger_checkpoint WHERE size > {mark}", [size])
    cursor.execute(
        f"UPDATE ledger_loghead SET size = {mark}, root = {mark} WHERE id = 1", [size, root]
    )
    return vanished
