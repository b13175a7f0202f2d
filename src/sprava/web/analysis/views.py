"""The contextual element of a case, for its members only: a case the reader is not a member
of is "not found", like one that does not exist."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.law import access as law_access
from sprava.law.framework import current
from sprava.law.policy import context_with_policy
from sprava.web.analysis import presenters
from sprava.web.records.context import Ctx


@require_GET
def case_context(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = ctx.visible_cases().filter(reference=reference).first()
    if case is None or not ctx.can(Permission.VIEW, case):
        raise Http404("no case here")
    figures = context_with_policy(ctx, case)
    response = render(request, "analysis/context.html", {
        "case": case, **presenters.page(figures),
        "case_url": reverse("records:case-detail", args=[case.reference]),
        "dashboard_url": reverse("insight:case-dashboard", args=[case.reference]),
        "policy_actions": _policy_actions(ctx, case),
    })
    ctx.commit()  # the figures name nobody; a later section that does is in the ledger too
    return response


def _policy_actions(ctx: Ctx, case: Case) -> list[dict[str, str]]:
    """Per contextual element, where to assess a source against it and to conclude on it, for
    the readers who may (`sprava.law.access`)."""
    may_assess, may_conclude = law_access.may_assess(ctx, case), law_access.may_conclude(ctx, case)
    if not may_assess and not may_conclude:
        return []
    assess = reverse("law:context-assessment-create", args=[case.reference])
    conclude = reverse("law:context-conclusion-create", args=[case.reference])
    return [{"element": f"{element.number}. {element.label.text()}",
             "assess_url": f"{assess}?element={element.id}" if may_assess else "",
             "conclude_url": f"{conclude}?element={element.id}" if may_conclude else ""}
            for element in current().contextual()]
