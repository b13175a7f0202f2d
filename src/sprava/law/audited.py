"""The legal layer's tables that `sprava verify` checks against the ledger: every assessment,
conclusion and charge is as its events (`law.events`) say it is."""

from __future__ import annotations

from sprava.law.models import Assessment, Charge, Conclusion
from sprava.rows.audit import Table


def tables() -> list[Table]:
    return [Table(Assessment), Table(Conclusion), Table(Charge)]
