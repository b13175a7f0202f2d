"""The custody-ledger events of the legal layer: one per change, in the change's transaction.

Each carries the row's state as `sprava.rows.history.state_details` writes it (so `sprava
verify` checks the row against its events, `law.audited`) and names the framework, with the
version the row was made or changed under: a revised framework file never silently changes what
an old event meant.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from sprava.integrity.hashing import Digests
from sprava.law.framework import Framework
from sprava.ledger import log
from sprava.ledger.events import Event
from sprava.records.reader import Reader
from sprava.rows import history


def write(reader: Reader, action: str, row: Model, *, case: str, framework: Framework,
          version: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
          reason: str = "", extra: dict[str, Any] | None = None,
          items: tuple[Digests, ...] = ()) -> None:
    """Append `action` about `row`; call inside the transaction of the change."""
    details = history.state_details(row, before, after)
    details["framework"] = {"id": framework.id, "version": version}
    details.update(extra or {})
    log.append([Event(actor=reader.actor, action=action, case=case, reason=reason,
                      details=details, subject=history.subject(row), items=items)])
