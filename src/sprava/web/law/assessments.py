"""The pages that change an act's legal analysis: assess an element, change or withdraw an
assessment, conclude on an element.

Each view: find the act or assessment among those the reader sees (else 404), check the
permission (403 with a page that says why), read the form into the domain's values, call the
one domain function the API calls too, and go back to the act's analysis.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from sprava.accounts.errors import PermissionDenied
from sprava.law import access as law_access
from sprava.law import assessments, conclusions
from sprava.law.errors import LawError
from sprava.law.framework import current
from sprava.law.models import Assessment
from sprava.law.shown import element_of
from sprava.law.targets import assessable_crimes
from sprava.records.models import Act
from sprava.web.law.forms import AssessmentForm, ConclusionForm, WithdrawForm
from sprava.web.records import access, presenters
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx

ANCHOR = "legal-analysis"


def _act(ctx: Ctx, pk: int) -> Act:
    act: Act = access.get_visible(ctx, KINDS["act"], pk)
    return act


def _back(act: Act) -> str:
    return presenters.detail_url(KINDS["act"], act) + f"#{ANCHOR}"


def _page(ctx: Ctx, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(ctx.request, template, context, status=status)
    ctx.commit()  # whatever the page showed of protected persons is in the ledger first
    return response


def _assessment(ctx: Ctx, pk: int) -> Assessment:
    row = assessments.for_display(assessments.visible(ctx)).filter(pk=pk).first()
    if row is None or row.act_id is None:
        raise Http404("no assessment here")  # (one of a perpetrator or context: the API's)
    return row


def _initial(request: HttpRequest) -> dict[str, Any]:
    crime, element = request.GET.get("crime", ""), request.GET.get("element", "")
    return {"element": f"{crime}:{element}"} if crime and element else {}


def _refused(form: Any, exc: LawError | PermissionDenied) -> None:
    form.add_error(None, str(exc))


@require_http_methods(["GET", "POST"])
@access.records_page
def assessment_create(request: HttpRequest, act: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    found = _act(ctx, act)
    law_access.require_assess(ctx, found.incident.case_id)
    crimes = assessable_crimes(found, current())
    form = AssessmentForm(request.POST if request.method == "POST" else None, ctx=ctx,
                          act=found, crimes=crimes, initial=_initial(request))
    if request.method == "POST" and form.is_valid() and (values := form.values()) is not None:
        target, source, appraisal = values
        assert target is not None
        try:
            with transaction.atomic():
                assessments.assess(ctx, target, source, appraisal,
                                   reason=form.cleaned_data["reason"])
        except LawError as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Assessment recorded."))
            return redirect(_back(found))
    return _page(ctx, "law/assessment_form.html", {
        "form": form, "act": found, "back_url": _back(found),
        "title": gettext("Assess an element of act #%(number)s") % {"number": found.pk},
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@access.records_page
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    row = _assessment(ctx, pk)
    act = _act(ctx, row.act_id)  # type: ignore[arg-type]
    law_access.require_change(ctx, row)
    if not row.live:
        raise PermissionDenied(gettext("A withdrawn assessment is not changed: make a new one."))
    form = AssessmentForm(request.POST if request.method == "POST" else None, ctx=ctx, act=act,
                          crimes=(), row=row)
    if request.method == "POST" and form.is_valid() and (values := form.values()) is not None:
        _, source, appraisal = values
        try:
            with transaction.atomic():
                assessments.change_assessment(ctx, row, source=source, appraisal=appraisal,
                                              reason=form.cleaned_data["reason"])
        except LawError as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Assessment saved. Its earlier version stays in "
                                              "the ledger."))
            return redirect(_back(act))
    return _page(ctx, "law/assessment_form.html", {
        "form": form, "act": act, "back_url": _back(act), "row": row,
        "element": element_of(current(), row),
        "title": gettext("Change assessment #%(number)s") % {"number": row.pk},
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@access.records_page
def assessment_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    row = _assessment(ctx, pk)
    act = _act(ctx, row.act_id)  # type: ignore[arg-type]
    law_access.require_change(ctx, row)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.withdraw_assessment(ctx, row, reason=form.cleaned_data["reason"])
        except LawError as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Assessment withdrawn. It stays on the page, "
                                              "marked withdrawn."))
            return redirect(_back(act))
    return _page(ctx, "law/withdraw.html", {
        "form": form, "act": act, "row": row, "back_url": _back(act),
        "element": element_of(current(), row),
        "title": gettext("Withdraw assessment #%(number)s") % {"number": row.pk},
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@access.records_page
def conclusion_create(request: HttpRequest, act: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    found = _act(ctx, act)
    law_access.require_conclude(ctx, found.incident.case_id)
    framework = current()
    form = ConclusionForm(request.POST if request.method == "POST" else None, act=found,
                          crimes=assessable_crimes(found, framework), framework=framework,
                          initial=_initial(request))
    if request.method == "POST" and form.is_valid() and (values := form.values()) is not None:
        target, finding = values
        try:
            conclusions.conclude(ctx, target, finding, reason=form.cleaned_data["reason"])
        except LawError as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Conclusion recorded. A conclusion it replaces "
                                              "stays in the record."))
            return redirect(_back(found))
    return _page(ctx, "law/conclusion_form.html", {
        "form": form, "act": found, "back_url": _back(found),
        "title": gettext("Conclude on an element of act #%(number)s") % {"number": found.pk},
    }, status=400 if form.is_bound and form.errors else 200)
