"""A lawyer's conclusion on an element, at a standard of proof: one function behind every front
end.

A conclusion is met, not met or open, at one of the framework's standards (reasonable grounds
to believe, arts. 15 and 58; substantial grounds, art. 61(7); beyond reasonable doubt, art.
66(3)). It is never changed: a new conclusion on the same target at the same standard supersedes
the current one, and both stay, each with its ledger event naming the framework version
(`law:conclusion:recorded`, then `law:conclusion:superseded` for the one it replaces).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.law import access, events
from sprava.law.assessments import REASONING_MAX, required_text
from sprava.law.errors import InvalidAssessment, UnknownElement
from sprava.law.framework import Framework, current
from sprava.law.models import Conclusion, State
from sprava.law.targets import Target, check_target
from sprava.ledger import tags
from sprava.records.reader import Reader
from sprava.rows import history


@dataclass(frozen=True)
class Finding:
    """What a conclusion says: the element's state at a standard of proof, and why."""

    state: str
    standard: str
    reasoning: str

    def __post_init__(self) -> None:
        if self.state not in State.values:
            raise InvalidAssessment(gettext("unknown state %(value)r; one of %(values)s") % {
                "value": self.state, "values": ", ".join(State.values)})
        reasoning = required_text(self.reasoning, gettext("the reasoning is required: say why"),
                                  REASONING_MAX)
        object.__setattr__(self, "reasoning", reasoning)


def check_standard(standard: str, framework: Framework) -> None:
    try:
        framework.standard(standard)
    except UnknownElement:
        raise InvalidAssessment(gettext("unknown standard of proof %(value)r; one of %(values)s")
                                % {"value": standard,
                                   "values": ", ".join(s.id for s in framework.standards)}
                                ) from None


def conclude(reader: Reader, target: Target, finding: Finding, *,
             framework: Framework | None = None, reason: str = "") -> Conclusion:
    """Record a conclusion, superseding the current one on the target at that standard."""
    framework = framework or current()
    access.require_conclude(reader, target.case)
    check_target(target, framework)
    check_standard(finding.standard, framework)
    with transaction.atomic():
        # One conclusion at a time per case: two lawyers concluding at once must not leave two
        # current conclusions on one element.
        Case.objects.select_for_update().filter(pk=target.case.pk).first()
        previous = (Conclusion.objects.select_for_update()
                    .filter(target.q(), standard=finding.standard, superseded_by__isnull=True)
                    .first())
        row = Conclusion(**target.fields(), state=finding.state, standard=finding.standard,
                         reasoning=finding.reasoning, framework_version=framework.version,
                         created_by=reader.user, created_at=timezone.now())
        row.save()
        events.write(reader, tags.CONCLUSION_RECORDED, row, case=target.case.reference,
                     framework=framework, version=framework.version, before=None,
                     after=history.snapshot(row), reason=reason,
                     extra={"supersedes": history.subject(previous) if previous else None})
        if previous is not None:
            before = history.snapshot(previous)
            previous.superseded_by, previous.superseded_at = row, row.created_at
            previous.save(update_fields=["superseded_by", "superseded_at"])
            events.write(reader, tags.CONCLUSION_SUPERSEDED, previous,
                         case=target.case.reference, framework=framework,
                         version=previous.framework_version, before=before,
                         after=history.snapshot(previous), reason=reason)
    return row


def visible(reader: Reader, rows: QuerySet[Conclusion] | None = None) -> QuerySet[Conclusion]:
    """The conclusions of the reader's cases."""
    rows = Conclusion.objects.all() if rows is None else rows
    return permissions.filter_visible(reader.user, rows)


def current_of(rows: QuerySet[Conclusion]) -> QuerySet[Conclusion]:
    return rows.filter(superseded_by__isnull=True)


__all__ = ["Finding", "conclude", "current_of", "visible"]
