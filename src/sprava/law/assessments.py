"""Assessing a source against an element: one function per change behind pages, API and CLI.

`assess` records that a source supports or contradicts an element of a target
(`targets.Target`), with its category, strength, reliability and the reasoning; `change_assessment`
changes what it says or the source it rests on; `withdraw_assessment` takes it back, with a
reason. Nothing is ever deleted, and each change is a ledger event in the same transaction that
names the framework version (`events.write`); an edit's before and after values stay in the
ledger, as every record's do (`sprava.rows.history`).

The checks, in order, each refusing with a `LawError` (or `PermissionDenied`) before anything is
written: 1. the reader's permission (`access`); 2. the target (`targets.check_target`); 3. the
source (`sources.check_source`); the values themselves are checked when `Appraisal`, `Source`
and `Pinpoint` are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.law import access, events
from sprava.law.errors import InvalidAssessment, LawConflict
from sprava.law.framework import Framework, current
from sprava.law.models import Assessment, Category, Direction, Strength
from sprava.law.sources import Source, check_source
from sprava.law.targets import Target, check_target
from sprava.ledger import tags
from sprava.records.models import Reliability
from sprava.records.reader import Reader
from sprava.rows import history

REASONING_MAX = 20_000
REASON_MAX = 1_000


def _choice(value: str, choices: Any, what: str) -> None:
    if value not in choices.values:
        raise InvalidAssessment(gettext("%(what)s: unknown value %(value)r; one of %(values)s")
                                % {"what": what, "value": value,
                                   "values": ", ".join(choices.values)})


def required_text(value: str, missing: str, maximum: int) -> str:
    """`value` stripped; refused with `missing` when empty, or when longer than `maximum`."""
    text = value.strip()
    if not text:
        raise InvalidAssessment(missing)
    if len(text) > maximum:
        raise InvalidAssessment(gettext("the text is longer than %(max)d characters") % {
            "max": maximum})
    return text


@dataclass(frozen=True)
class Appraisal:
    """What an assessment says of its source for the element."""

    direction: str
    category: str
    strength: str
    reliability: str
    reasoning: str

    def __post_init__(self) -> None:
        _choice(self.direction, Direction, gettext("direction"))
        _choice(self.category, Category, gettext("category"))
        _choice(self.strength, Strength, gettext("strength"))
        _choice(self.reliability, Reliability, gettext("reliability"))
        reasoning = required_text(self.reasoning, gettext("the reasoning is required: say why"),
                                  REASONING_MAX)
        object.__setattr__(self, "reasoning", reasoning)

    def fields(self) -> dict[str, str]:
        return {"direction": self.direction, "category": self.category,
                "strength": self.strength, "reliability": self.reliability,
                "reasoning": self.reasoning}

    @classmethod
    def of_row(cls, row: Assessment) -> Appraisal:
        return cls(direction=row.direction, category=row.category, strength=row.strength,
                   reliability=row.reliability, reasoning=row.reasoning)


def _items(source: Source) -> tuple[Any, ...]:
    # An item cited is named by its digests, as a link to a record names it: its custody
    # history then shows what it was used for.
    return (source.item.digests,) if source.item is not None else ()


def assess(reader: Reader, target: Target, source: Source, appraisal: Appraisal, *,
           framework: Framework | None = None, reason: str = "") -> Assessment:
    """Record an assessment; raises LawError or PermissionDenied and writes nothing if refused."""
    framework = framework or current()
    access.require_assess(reader, target.case)  # 1.
    check_target(target, framework)  # 2.
    check_source(reader, target.case, source)  # 3.
    with transaction.atomic():
        row = Assessment(**target.fields(), **source.fields(), **appraisal.fields(),
                         framework_version=framework.version, created_by=reader.user,
                         created_at=timezone.now())
        row.save()
        events.write(reader, tags.ASSESSMENT_CREATED, row, case=target.case.reference,
                     framework=framework, version=framework.version, before=None,
                     after=history.snapshot(row), reason=reason, items=_items(source))
    return row


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("case").get(pk=assessment.pk)


def change_assessment(reader: Reader, assessment: Assessment, *, source: Source | None = None,
                      appraisal: Appraisal | None = None, framework: Framework | None = None,
                      reason: str = "") -> Assessment:
    """Change what an assessment says, or the source it rests on; its target stays (assess
    another element with a new assessment). It is checked again, under the current framework,
    and records that version. Changing nothing records nothing."""
    framework = framework or current()
    access.require_change(reader, assessment)  # 1.
    with transaction.atomic():
        row = _locked(assessment)
        if not row.live:
            raise LawConflict(gettext("a withdrawn assessment is not changed: make a new one"))
        access.require_change(reader, row)  # as stored, not as the caller holds it
        check_target(Target.of_row(row), framework)  # 2.
        if source is not None:
            check_source(reader, row.case, source)  # 3.
        before = history.snapshot(row)
        for name, value in {**(source.fields() if source else {}),
                            **(appraisal.fields() if appraisal else {})}.items():
            setattr(row, name, value)
        row.framework_version = framework.version
        after = history.snapshot(row)
        if after == before:
            return row
        row.save()
        events.write(reader, tags.ASSESSMENT_CHANGED, row, case=row.case.reference,
                     framework=framework, version=framework.version, before=before,
                     after=after, reason=reason, items=_items(Source.of_row(row)))
    return row


def withdraw_assessment(reader: Reader, assessment: Assessment, *, reason: str,
                        framework: Framework | None = None) -> Assessment:
    """Withdraw an assessment, saying why: it stays, marked withdrawn, and counts no more."""
    framework = framework or current()
    reason = required_text(reason, gettext("give the reason for withdrawing it"), REASON_MAX)
    access.require_change(reader, assessment)
    with transaction.atomic():
        row = _locked(assessment)
        if not row.live:
            raise LawConflict(gettext("this assessment is withdrawn already"))
        access.require_change(reader, row)
        before = history.snapshot(row)
        row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = timezone.now(), reader.user, \
            reason
        row.save()
        events.write(reader, tags.ASSESSMENT_WITHDRAWN, row, case=row.case.reference,
                     framework=framework, version=row.framework_version, before=before,
                     after=history.snapshot(row), reason=reason)
    return row


# --- reading ---------------------------------------------------------------------------------


def visible(reader: Reader, rows: QuerySet[Assessment] | None = None) -> QuerySet[Assessment]:
    """The assessments of the reader's cases (none of any other)."""
    rows = Assessment.objects.all() if rows is None else rows
    return permissions.filter_visible(reader.user, rows)


def for_display(rows: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """With what a list shows of each, in a fixed number of queries."""
    return rows.select_related(
        "case", "act", "perpetrator", "created_by", "withdrawn_by", "testimony__given_by",
        "custody__person", "position__person", "position__organisation",
        "involvement__perpetrator", "item",
    ).prefetch_related("perpetrator__names", "testimony__given_by__names",
                       "custody__person__names", "position__person__names",
                       "involvement__perpetrator__names")


__all__ = ["Appraisal", "assess", "change_assessment", "visible", "withdraw_assessment"]
