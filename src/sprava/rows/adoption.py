"""Adopting rows as found: the one way to accept, in the ledger, rows that `verify` reports.

An installation made before its events carried state (accounts, memberships, tokens, a
testimony's incidents, a person's protecting case added by a migration) has rows the records
audit cannot match with their events. Changing the audit to accept them would also accept an
insider's edit. Instead an operator adopts them, once and deliberately: each row gets an
`adopted` event with its state as found and what the audit said of it, and one summary event
says who adopted how many rows and why. From then on the row is checked against that state
(`rows.audit` folds from the last adoption), and `verify` lists every adoption each time it
runs, so nobody can adopt in silence.

Adoption refuses while the custody log itself fails verification: rows are adopted against an
intact log, never to cover up entries deleted with them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sprava.integrity.errors import SpravaError
from sprava.ledger import log, tags
from sprava.ledger.audit import Problem
from sprava.ledger.events import Event
from sprava.rows.audit import (
    CHUNK,
    Progress,
    RowProblem,
    Table,
    audit_records,
    current_states,
)


class AdoptionError(SpravaError):
    """Rows cannot be adopted as asked (no reason given, or nothing to adopt)."""


@dataclass(frozen=True)
class Found:
    """A row the records audit reports, with everything it said of it."""

    table: Table
    pk: int
    messages: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("a row is adopted for what the audit said of it")


def find(tables: Sequence[Table], progress: Progress | None = None) -> list[Found]:
    """Every row the records audit reports, in table and key order (none left out)."""
    by_label = {table.label: table for table in tables}
    said: dict[tuple[str, int], list[str]] = {}
    for problem in audit_records(tables, progress, report_at_most=None):
        if isinstance(problem, RowProblem) and problem.fatal:
            said.setdefault((problem.label, problem.pk), []).append(problem.message)
    return [Found(by_label[label], pk, tuple(messages))
            for (label, pk), messages in sorted(said.items())]


def adopt(found: Sequence[Found], *, actor: str, reason: str,
          log_problems: Iterable[Problem]) -> int:
    """Record each row as found, in one transaction; the number of rows adopted.

    `log_problems` is the custody log's own audit (`ledger.audit.audit_log`): any fatal problem
    there refuses the adoption before anything is written.
    """
    reason = reason.strip()
    if not reason:
        raise AdoptionError(_("Say why these rows are adopted: the reason stays in the ledger."))
    broken = [str(p) for p in log_problems if p.fatal]
    if broken:
        raise AdoptionError(
            _("The custody log itself fails verification (%(first)s): rows are adopted only "
              "against an intact log.") % {"first": broken[0]})
    if not found:
        return 0
    counts: dict[str, int] = {}
    with transaction.atomic():
        for label, rows in itertools.groupby(found, key=lambda f: f.table.label):
            for chunk in _chunks(list(rows)):
                log.append(list(_events(chunk[0].table, chunk, actor=actor, reason=reason)))
                counts[label] = counts.get(label, 0) + len(chunk)
        log.append([Event(actor=actor, action=tags.ADOPTION_SUMMARY, reason=reason,
                          details={"rows": len(found), "tables": counts})])
    return len(found)


def _chunks(rows: list[Found]) -> Iterator[list[Found]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def _events(table: Table, chunk: Sequence[Found], *, actor: str,
            reason: str) -> Iterator[Event]:
    states = current_states(table, [f.pk for f in chunk])
    app_label, model_name = table.label.split(".")
    for found in chunk:
        subject = f"{table.label}:{found.pk}"
        state = states.get(found.pk)
        details: dict[str, Any] = {"record": subject, "found": list(found.messages)}
        if state is not None:
            details["after"] = state  # the row as it is, in ledger values (text as keyed hashes)
        else:
            details["before"] = {}  # the row is gone: adopted as deleted
        yield Event(actor=actor, action=tags.record_action(model_name, tags.ADOPTED, app_label),
                    reason=reason, details=details, subject=subject)
