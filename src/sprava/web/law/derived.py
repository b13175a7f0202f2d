"""The "Proposed by rules" block of an act's page, and the lawyer's accept or reject behind it.

Thin over `sprava.law.derived` (what the rules propose for the act) and
`sprava.law.decisions` (the decision). The block is shown apart from human assessments: each
row names its rule and the records it rests on, and says whether the dates allow certainty.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sprava.accounts.permissions import case_field, in_cases
from sprava.law import decisions, derived
from sprava.law.errors import LawError, UnknownProposal
from sprava.law.proposals import Proposal, RecordRef
from sprava.law.spans import Certainty
from sprava.records.models import Act
from sprava.web.records.access import records_page
from sprava.web.records.context import Ctx, Link, url_of

# The page each kind of record a proposal names is shown on (a custody period and a post live
# on their person's page, which their own address leads to).
_KINDS = {"records.act": "act", "records.custodyperiod": "custody",
          "records.position": "position", "records.organisation": "organisation",
          "records.person": "person"}
TEMPLATE = "law/derived_block.html"
ANCHOR = "derived"


def _link(ref: RecordRef) -> Link:
    return Link(ref.label, url_of(f"records:{_KINDS[ref.model]}-detail", ref.id))


def _row(proposal: Proposal) -> dict[str, Any]:
    target = proposal.target
    decision = proposal.decision
    return {
        "key": proposal.key, "element": proposal.element_label,
        "rule": proposal.rule_name, "rule_id": proposal.rule_id,
        "rule_version": proposal.rule_version,
        "uncertain": proposal.certainty is Certainty.UNCERTAIN,
        "why": proposal.why, "records": [_link(r) for r in proposal.records],
        "examples": [_link(r) for r in proposal.examples], "instances": proposal.instances,
        "perpetrator": Link(proposal.target_label, url_of("records:person-detail",
                                                          target.perpetrator_id))
        if target.perpetrator_id is not None else None,
        "decision": decision,
    }


def act_block(ctx: Ctx, act: Act) -> dict[str, Any]:
    """What the block shows on an act's page: one computation for the act."""
    page = derived.act_proposals(ctx, act.pk)
    return {"rows": [_row(p) for p in page.items],
            "may_decide": ctx.can(decisions.DECIDE, page.case_id),
            "action": reverse("law:act-derived-decide", args=[act.pk]),
            "rules_version": page.rules_version, "framework_version": page.framework_version}


@require_POST
@records_page
def decide(request: HttpRequest, act: int) -> HttpResponseBase:
    ctx = Ctx.of(request)
    case_id = (Act.objects.filter(in_cases(Act, ctx.case_ids), pk=act)
               .values_list(case_field(Act, "id"), flat=True).first())
    if case_id is None:
        raise Http404("no act here")
    choice = request.POST.get("decision", "")
    try:
        if choice not in {"accept", "reject"}:
            raise LawError(gettext("choose to accept or to reject the proposal."))
        decisions.decide(ctx, case_id, request.POST.get("proposal", ""),
                         accepted=choice == "accept", reason=request.POST.get("reason", ""))
    except LawError as exc:
        messages.error(request, gettext("The decision was not recorded: %(why)s")
                       % {"why": _refusal(exc)})
    else:
        messages.success(request, gettext("Proposal accepted.") if choice == "accept"
                         else gettext("Proposal rejected."))
    response = redirect(url_of("records:act-detail", act) + f"#{ANCHOR}")
    ctx.commit()
    return response


def _refusal(exc: LawError) -> str:
    if isinstance(exc, UnknownProposal):
        return gettext("the rules no longer make this proposal; the records it rested on have "
                       "changed. Look at the proposals again.")
    return str(exc)
