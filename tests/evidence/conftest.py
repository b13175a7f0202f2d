"""The evidence locker as a test sees it: ingest bytes, look at the whole state, audit it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sprava.evidence.audit import run_audit
from sprava.evidence.intake import Collection, Outcome, ingest_stream
from sprava.evidence.models import Item, Receipt
from sprava.home import keys
from sprava.ledger import log
from sprava.ledger.audit import Problem
from sprava.vault import Vault

ACTOR = "tester"


@dataclass(frozen=True)
class LockerState:
    """Everything a failed ingest could leave behind, in one comparable value."""

    problems: tuple[Problem, ...]
    ledger_size: int
    items: int
    receipts: int
    blobs: frozenset[str]
    temps: frozenset[str]


class Locker:
    def __init__(self, home: Path, vault: Vault) -> None:
        self.home = home
        self.vault = vault

    def ingest(
        self,
        data: bytes,
        name: str | bytes = "sample.bin",
        *,
        collection: Collection | None = None,
        **kwargs: Any,
    ) -> Outcome:
        return ingest_stream(
            io.BytesIO(data),
            vault=self.vault,
            filename=name,
            actor=kwargs.pop("actor", ACTOR),
            collection=collection,
            **kwargs,
        )

    def audit(self) -> list[Problem]:
        return list(run_audit(vault=self.vault, verifier=keys.verifier()))

    def fatal(self) -> list[Problem]:
        return [p for p in self.audit() if p.fatal]

    def state(self) -> LockerState:
        return LockerState(
            problems=tuple(self.audit()),
            ledger_size=log.size(),
            items=Item.objects.count(),
            receipts=Receipt.objects.count(),
            blobs=frozenset(self.vault.names()),
            temps=frozenset(t.temp_id for t in self.vault.temp_files()),
        )

    def object_path(self, item: Item) -> Path:
        """The file of an item's ciphertext in the local vault (objects/xx/<name>)."""
        path = self.home / "vault" / "objects" / item.blob[:2] / item.blob
        assert path.is_file()
        return path

    def rewrite_object(self, item: Item, data: bytes) -> None:
        path = self.object_path(item)
        path.chmod(0o600)  # committed blobs are 0400; the attacker does not care
        path.write_bytes(data)

    def flip_byte(self, item: Item, offset: int) -> None:
        data = bytearray(self.object_path(item).read_bytes())
        data[offset] ^= 0x01
        self.rewrite_object(item, bytes(data))


@pytest.fixture
def locker(home: Path, vault: Vault) -> Locker:
    return Locker(home, vault)
