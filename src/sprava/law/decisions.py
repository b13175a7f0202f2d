"""A lawyer accepts or rejects a proposal of derived support: one function behind the page, the
API and whatever comes next.

`decide` does, in order, and stops at the first refusal:
1. the case must be one the reader is a member of (else it does not exist for them);
2. the reader must be allowed to decide there;
3. the proposal must be one the rules make now, from what the reader may see: a key of
   records since changed, or of a custody period hidden from the reader, is refused;
4. in one transaction: the decision in force on the key, if any, is superseded (kept, no
   longer current), the new one is written, and so is its custody-ledger event.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.law import derived, events
from sprava.law.derived_models import DerivedDecision
from sprava.law.errors import LawError
from sprava.law.framework import current
from sprava.law.proposals import Decision, Proposal
from sprava.ledger import tags
from sprava.records.reader import Reader
from sprava.rows import history as row_history

REASON_MAX = 2000
# Accepting or rejecting what a rule proposes is a lawyer's call, like a conclusion.
DECIDE = Permission.CONCLUDE


def decide(reader: Reader, case_id: int, key: str, *, accepted: bool,
           reason: str = "") -> Proposal:
    """Record the reader's decision on the proposal `key` of the case; the proposal, with it."""
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise LawError(gettext("a reason is at most %(count)d characters")
                       % {"count": REASON_MAX})
    # 1. The case.
    case = derived.visible_case(reader, case_id)
    # 2. The permission.
    permissions.require(reader.user, DECIDE, case)
    # 3. The proposal, as the rules make it now.
    proposal = derived.find(reader, case, key)
    target = proposal.target
    # 4. The decision and its event, together.
    with transaction.atomic():
        previous = (DerivedDecision.objects.select_for_update()
                    .filter(proposal_key=key, current=True).first())
        earlier = 0
        framework = current()
        if previous is not None:
            earlier = DerivedDecision.objects.filter(proposal_key=key).count()
            before = row_history.snapshot(previous)
            previous.current = False
            previous.save(update_fields=["current"])
            # The earlier decision stays, no longer in force: an event of its own, so that
            # `sprava verify` finds the row as its events say.
            events.write(reader, tags.DERIVED_SUPERSEDED, previous, case=case.reference,
                         framework=framework, version=previous.framework_version,
                         before=before, after=row_history.snapshot(previous), reason=reason)
        row = DerivedDecision.objects.create(
            case=case, act_id=target.act_id, crime_id=target.crime_id or "",
            perpetrator_id=target.perpetrator_id, mode_id=target.mode_id or "",
            element_id=target.element_id, rule_id=proposal.rule_id,
            rule_version=proposal.rule_version, rules_version=proposal.rules_version,
            framework_version=proposal.framework_version,
            records=[[r.model, r.id] for r in proposal.records],
            records_key=proposal.records_key, proposal_key=key, accepted=accepted,
            reason=reason, by=reader.user, at=timezone.now(), current=True,
            supersedes=previous)
        events.write(reader, tags.DERIVED_ACCEPTED if accepted else tags.DERIVED_REJECTED,
                     row, case=case.reference, framework=framework,
                     version=proposal.framework_version, before=None,
                     after=row_history.snapshot(row), reason=reason,
                     extra=_details(proposal, row, previous))
    return replace(proposal, decision=Decision(
        id=row.pk, accepted=accepted, reason=reason, by=reader.user.get_username(), at=row.at,
        earlier=earlier))


def _details(proposal: Proposal, row: DerivedDecision,
             previous: DerivedDecision | None) -> dict[str, Any]:
    # Records by model and id only: an entry never holds a label (a name, a place of custody).
    return {"proposal": proposal.key, "target": proposal.target.as_json(),
            "rule": {"id": proposal.rule_id, "version": proposal.rule_version},
            "rules_version": proposal.rules_version,
            "framework_version": proposal.framework_version,
            "records": row.records, "records_key": proposal.records_key,
            "certainty": str(proposal.certainty), "accepted": row.accepted,
            "supersedes": f"law.deriveddecision:{previous.pk}" if previous else None}


def history(reader: Reader, case_id: int, key: str) -> list[Decision]:
    """Every decision taken on the proposal `key`, oldest first (the last is in force)."""
    case = derived.visible_case(reader, case_id)
    rows = (DerivedDecision.objects.filter(case=case, proposal_key=key).order_by("at", "id")
            .values_list("id", "accepted", "reason", "by__username", "at"))
    return [Decision(id=pk, accepted=accepted, reason=reason, by=by, at=at, earlier=n)
            for n, (pk, accepted, reason, by, at) in enumerate(rows)]
