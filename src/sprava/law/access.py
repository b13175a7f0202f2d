"""Who may assess, change an assessment, conclude and charge: the domain functions ask here, so
that pages, API and command line cannot differ.

- Assessing needs ANALYSE in the case (analysts, lawyers, leads).
- Changing or withdrawing an assessment needs ANALYSE there too, and either to be its author or
  to hold CONCLUDE (a lawyer or lead reviews the team's analysis).
- Concluding on an element and charging a crime need CONCLUDE (lawyers and leads).

A reader who is no member of the case is refused like any other; the front ends answer 404
before that, as for every record of a case the reader does not see.
"""

from __future__ import annotations

from django.utils.translation import gettext

from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.law.models import Assessment
from sprava.records.reader import Reader


def may_assess(reader: Reader, case: Case | int) -> bool:
    return reader.can(Permission.ANALYSE, case)


def may_conclude(reader: Reader, case: Case | int) -> bool:
    return reader.can(Permission.CONCLUDE, case)


def may_change(reader: Reader, assessment: Assessment) -> bool:
    return may_assess(reader, assessment.case_id) and (
        assessment.created_by_id == reader.user.pk or may_conclude(reader, assessment.case_id))


def require_assess(reader: Reader, case: Case | int) -> None:
    if not may_assess(reader, case):
        raise PermissionDenied(gettext(
            "Assessing evidence against the elements of crimes needs the role of analyst, "
            "lawyer or lead in the case."))


def require_conclude(reader: Reader, case: Case | int) -> None:
    if not may_conclude(reader, case):
        raise PermissionDenied(gettext(
            "Conclusions on the elements of crimes and the crimes a case charges are for the "
            "case's lawyers and lead."))


def require_change(reader: Reader, assessment: Assessment) -> None:
    if not may_change(reader, assessment):
        raise PermissionDenied(gettext(
            "Only the author of an assessment, or a lawyer or lead of the case, may change or "
            "withdraw it."))
