"""The legal layer's tables that `sprava verify` checks against the ledger: every assessment,
conclusion, charge and decision on a rule's proposal is as its events (`law.events`) say it is."""

from __future__ import annotations

from sprava.law.models import Assessment, Charge, Conclusion, DerivedDecision
from sprava.rows.audit import Table


def tables() -> list[Table]:
    return [Table(Assessment), Table(Conclusion), Table(Charge), Table(DerivedDecision)]
