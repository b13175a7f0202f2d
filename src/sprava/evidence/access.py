"""Reading evidence back: every read is a custody event, written before the first byte leaves."""

from __future__ import annotations

from collections.abc import Iterator

from sprava.evidence.models import Item
from sprava.ledger import log
from sprava.ledger.events import Event
from sprava.ledger.tags import ITEM_VIEWED
from sprava.vault import Vault


def open_item(
    item: Item, *, vault: Vault, actor: str, reason: str = "", channel: str = "web"
) -> Iterator[bytes]:
    """Record the view, then stream the plaintext; the vault re-checks both digests at the end."""
    log.record(
        Event(
            actor=actor,
            action=ITEM_VIEWED,
            items=(item.digests,),
            reason=reason,
            details={"channel": channel},
        )
    )
    return vault.read_chunks(item.blob, item.digests)
