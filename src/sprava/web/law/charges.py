"""The pages that change the crimes a case charges (its page's "Charges" section): one domain
function each, the API's too."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from sprava.cases.models import Case
from sprava.law import access as law_access
from sprava.law import charges
from sprava.law.errors import LawError
from sprava.law.framework import current
from sprava.web.law.analysis import case_charges
from sprava.web.law.forms import ChargeForm, UnchargeForm
from sprava.web.records import access, presenters
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx

ANCHOR = "charges"


def _case(ctx: Ctx, reference: str) -> Case:
    case: Case = access.get_visible(ctx, KINDS["case"], reference, for_detail=False)
    return case


def _back(case: Case) -> str:
    return presenters.detail_url(KINDS["case"], case) + f"#{ANCHOR}"


@require_POST
@access.records_page
def charge_add(request: HttpRequest, reference: str) -> HttpResponseBase:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    law_access.require_conclude(ctx, case)
    form = ChargeForm(request.POST, choices=case_charges(ctx, case)["choices"])
    if not form.is_valid():
        messages.error(request, gettext("Choose a crime that the case does not charge yet."))
        return redirect(_back(case))
    try:
        charges.charge(ctx, case, form.cleaned_data["crime"], reason=form.cleaned_data["reason"])
    except LawError as exc:
        messages.error(request, str(exc))
    else:
        crime = current().crime(form.cleaned_data["crime"])
        messages.success(request, gettext("%(crime)s charged: its elements are now rows of the "
                                          "case's proof matrix.") % {"crime": crime.name.text()})
    return redirect(_back(case))


@require_http_methods(["GET", "POST"])
@access.records_page
def charge_remove(request: HttpRequest, reference: str, crime: str) -> HttpResponseBase:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    law_access.require_conclude(ctx, case)
    row = charges.of_case(case).filter(crime=crime).first()
    if row is None:
        raise Http404("not charged")
    form = UnchargeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            charges.uncharge(ctx, row, reason=form.cleaned_data["reason"])
        except LawError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Charge withdrawn. Its history stays in the "
                                              "ledger."))
            return redirect(_back(case))
    names = {c.id: c for c in current().crimes}
    response = render(request, "law/charge_remove.html", {
        "form": form, "case": case, "back_url": _back(case),
        "crime": names[crime].name.text() if crime in names else crime,
    }, status=400 if form.is_bound and form.errors else 200)
    ctx.commit()
    return response
