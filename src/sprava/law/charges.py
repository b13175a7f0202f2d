"""The crimes a case charges: their elements are the rows of the case's proof matrix, and any act
of the case may be assessed against them (beside its type's candidate crimes).

Charging and withdrawing a charge are a lawyer's or lead's decision (CONCLUDE), each a ledger
event naming the framework version. A charge withdrawn leaves the assessments and conclusions
made under it as they were: they stay in the act's analysis.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sprava.cases.models import Case
from sprava.law import access, events
from sprava.law.assessments import REASON_MAX, required_text
from sprava.law.errors import LawConflict, NotAssessable, UnknownElement
from sprava.law.framework import Crime, Framework, current
from sprava.law.models import Charge
from sprava.ledger import tags
from sprava.records.reader import Reader
from sprava.rows import history


def known_crime(crime_id: str, framework: Framework) -> Crime:
    try:
        return framework.crime(crime_id)
    except UnknownElement:
        raise NotAssessable(gettext("the framework defines no crime %(crime)r") % {
            "crime": crime_id}) from None


def charge(reader: Reader, case: Case, crime_id: str, *, framework: Framework | None = None,
           reason: str = "") -> Charge:
    """Charge the crime in the case; LawConflict if it is charged already."""
    framework = framework or current()
    access.require_conclude(reader, case)
    crime = known_crime(crime_id, framework)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one change at a time
        if Charge.objects.filter(case=case, crime=crime.id).exists():
            raise LawConflict(gettext("%(crime)s is charged in this case already") % {
                "crime": crime.name.text()})
        row = Charge(case=case, crime=crime.id, framework_version=framework.version,
                     created_by=reader.user, created_at=timezone.now())
        row.save()
        events.write(reader, tags.CHARGE_ADDED, row, case=case.reference, framework=framework,
                     version=framework.version, before=None, after=history.snapshot(row),
                     reason=reason)
    return row


def uncharge(reader: Reader, row: Charge, *, reason: str,
             framework: Framework | None = None) -> None:
    """Withdraw a charge, saying why; its history stays in the ledger."""
    framework = framework or current()
    reason = required_text(reason, gettext("give the reason for withdrawing the charge"),
                           REASON_MAX)
    access.require_conclude(reader, row.case_id)
    with transaction.atomic():
        stored = Charge.objects.select_for_update().select_related("case").filter(
            pk=row.pk).first()
        if stored is None:
            raise LawConflict(gettext("this crime is not charged in the case"))
        before, pk = history.snapshot(stored), stored.pk
        stored.delete()
        stored.pk = pk  # the event still names the row
        events.write(reader, tags.CHARGE_REMOVED, stored, case=stored.case.reference,
                     framework=framework, version=stored.framework_version, before=before,
                     after=None, reason=reason)


def of_case(case: Case) -> QuerySet[Charge]:
    """The case's charges, oldest first."""
    return Charge.objects.filter(case=case).select_related("created_by").order_by("id")


def in_framework_order(charges: list[Charge], framework: Framework) -> list[Charge]:
    """Charges as the framework orders their crimes; one of a crime it no longer defines last."""
    order = {c.id: n for n, c in enumerate(framework.crimes)}
    return sorted(charges, key=lambda c: (order.get(c.crime, len(order)), c.pk))


__all__ = ["charge", "in_framework_order", "known_crime", "of_case", "uncharge"]
