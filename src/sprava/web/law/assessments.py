"""The pages that change the legal analysis: assess an element, change or withdraw an
assessment, conclude on an element; for an act, a perpetrator in a case, or a case's context
(`subjects.Subject`).

Each view: find the subject or assessment among those the reader sees (else 404: a case the
reader is no member of, a person not of that case), check the permission (403 with a page that
says why), read the form into the domain's values, call the one domain function the API calls
too, and go back to where the subject is analysed (the act's analysis, the person's "Positions
and command", the case's policy evidence).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.law import access as law_access
from sprava.law import assessments, conclusions
from sprava.law.errors import LawError
from sprava.law.framework import current
from sprava.law.models import Assessment
from sprava.law.shown import element_of
from sprava.records.models import Act, Person
from sprava.web.law.forms import AssessmentForm, ConclusionForm, WithdrawForm
from sprava.web.law.subjects import Subject
from sprava.web.records import access
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx


def _act(ctx: Ctx, pk: int) -> Act:
    act: Act = access.get_visible(ctx, KINDS["act"], pk)
    return act


def _back(act: Act) -> str:
    return Subject.of_act(act).back_url()


def _case(ctx: Ctx, reference: str) -> Case:
    """A case the reader is a member of, else 404 (one of another team is not there)."""
    case = ctx.visible_cases().filter(reference=reference).first()
    if case is None or not ctx.can(Permission.VIEW, case):
        raise Http404("no case here")
    return case


def _perpetrator(ctx: Ctx, case: Case, pk: int) -> Subject:
    person: Person = access.get_visible(ctx, KINDS["person"], pk)
    if case.pk not in permissions.case_ids_of(person):
        raise Http404("no such person in this case")
    return Subject(case=case, perpetrator=person)


def _page(ctx: Ctx, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(ctx.request, template, context, status=status)
    ctx.commit()  # whatever the page showed of protected persons is in the ledger first
    return response


def _assessment(ctx: Ctx, pk: int) -> Assessment:
    row = assessments.for_display(assessments.visible(ctx)).filter(pk=pk).first()
    if row is None or row.act_id is None:
        raise Http404("no assessment here")  # (one of a perpetrator or context: the API's)
    return row


def _refused(form: Any, exc: LawError | PermissionDenied) -> None:
    form.add_error(None, str(exc))


def _assess(ctx: Ctx, subject: Subject) -> HttpResponseBase:
    request = ctx.request
    law_access.require_assess(ctx, subject.case)
    form = AssessmentForm(request.POST if request.method == "POST" else None, ctx=ctx,
                          subject=subject, framework=current(),
                          initial=subject.initial(request.GET))
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
            return redirect(subject.back_url())
    return _page(ctx, "law/assessment_form.html", {
        "form": form, "act": subject.act, "back_url": subject.back_url(),
        "back_label": subject.back_label(), "title": subject.titles(ctx)[0],
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@access.records_page
def assessment_create(request: HttpRequest, act: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _assess(ctx, Subject.of_act(_act(ctx, act)))


@require_http_methods(["GET", "POST"])
@access.records_page
def perpetrator_assessment_create(request: HttpRequest, reference: str,
                                  person: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _assess(ctx, _perpetrator(ctx, _case(ctx, reference), person))


@require_http_methods(["GET", "POST"])
@access.records_page
def context_assessment_create(request: HttpRequest, reference: str) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _assess(ctx, Subject(case=_case(ctx, reference)))


@require_http_methods(["GET", "POST"])
@access.records_page
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    row = _assessment(ctx, pk)
    act = _act(ctx, row.act_id)  # type: ignore[arg-type]
    law_access.require_change(ctx, row)
    if not row.live:
        raise PermissionDenied(gettext("A withdrawn assessment is not changed: make a new one."))
    form = AssessmentForm(request.POST if request.method == "POST" else None, ctx=ctx,
                          subject=Subject.of_act(act), framework=current(), row=row)
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


def _conclude(ctx: Ctx, subject: Subject) -> HttpResponseBase:
    request = ctx.request
    law_access.require_conclude(ctx, subject.case)
    form = ConclusionForm(request.POST if request.method == "POST" else None, subject=subject,
                          framework=current(), initial=subject.initial(request.GET))
    if request.method == "POST" and form.is_valid() and (values := form.values()) is not None:
        target, finding = values
        try:
            conclusions.conclude(ctx, target, finding, reason=form.cleaned_data["reason"])
        except LawError as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Conclusion recorded. A conclusion it replaces "
                                              "stays in the record."))
            return redirect(subject.back_url())
    return _page(ctx, "law/conclusion_form.html", {
        "form": form, "act": subject.act, "back_url": subject.back_url(),
        "back_label": subject.back_label(), "title": subject.titles(ctx)[1],
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@access.records_page
def conclusion_create(request: HttpRequest, act: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _conclude(ctx, Subject.of_act(_act(ctx, act)))


@require_http_methods(["GET", "POST"])
@access.records_page
def perpetrator_conclusion_create(request: HttpRequest, reference: str,
                                  person: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _conclude(ctx, _perpetrator(ctx, _case(ctx, reference), person))


@require_http_methods(["GET", "POST"])
@access.records_page
def context_conclusion_create(request: HttpRequest, reference: str) -> HttpResponseBase:
    ctx = Ctx.of(request)
    return _conclude(ctx, Subject(case=_case(ctx, reference)))
