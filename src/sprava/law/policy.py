"""Policy evidence: what the case's assessments link to the contextual elements.

An order, an official statement or a pattern that shows a State policy (art. 7(2)(a)) is
assessed against ctx-1 or ctx-2 for the case as a whole (a context target). The contextual
figures (`sprava.analysis.context`) are computed from records and know nothing of assessments;
this adds the assessments to them, so that page, API and command show the two side by side.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sprava.analysis.context import ContextFigures, context_figures
from sprava.cases.models import Case
from sprava.law.assessments import for_display
from sprava.law.framework import current
from sprava.law.models import Assessment
from sprava.law.shown import Shown, element_of, who
from sprava.records.reader import Reader


@dataclass(frozen=True)
class PolicyItem:
    assessment: int
    element: str  # ctx-1 or ctx-2
    element_label: str
    direction: str
    strength: str
    source: str  # the citation, as this reader may see it
    reasoning: str
    by: str
    at: str

    def __str__(self) -> str:
        return f"{self.element_label} ({self.direction}, {self.strength}): {self.source}. " \
               f"{self.reasoning}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def policy_evidence(reader: Reader, case: Case) -> tuple[PolicyItem, ...]:
    """The live context assessments of the case, oldest first, their sources as the reader may
    see them. The caller has checked that the reader is a member of the case."""
    framework = current()
    rows = list(for_display(Assessment.objects.filter(
        case=case, act__isnull=True, perpetrator__isnull=True, withdrawn_at__isnull=True))
        .order_by("id"))
    shown = Shown.of(reader, rows)
    return tuple(PolicyItem(
        assessment=row.pk, element=row.element,
        element_label=element_of(framework, row).label,
        direction=row.get_direction_display(), strength=row.get_strength_display(),
        source=shown.source(row).label, reasoning=row.reasoning, by=who(row.created_by),
        at=row.created_at.date().isoformat()) for row in rows)


def context_with_policy(reader: Reader, case: Case) -> ContextFigures:
    """The contextual figures of the case with its policy evidence."""
    return dataclasses.replace(context_figures(reader, case),
                               policy=policy_evidence(reader, case))
