"""A lawyer's decision on a proposal: a ledger event, shown with the proposal, superseded by a
later one with its history kept, and left behind when the records it rested on change."""

from __future__ import annotations

import json

import pytest

from sprava.accounts.errors import PermissionDenied
from sprava.law import decisions
from sprava.law.derived_models import DerivedDecision
from sprava.law.errors import UnknownProposal
from sprava.ledger.models import Entry
from sprava.ledger.tags import DERIVED_ACCEPTED, DERIVED_REJECTED
from sprava.records import services
from sprava.records.models import Act, CustodyPeriod
from tests.law.derived.conftest import ACTOR, D, Law

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(law: Law) -> tuple[Act, CustodyPeriod]:
    victim = law.person("Ales Vykrytski")
    period = law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    return law.act("beating", victim, D(2020, 8, 10)), period


def test_a_decision_is_a_ledger_event_and_shows_on_the_proposal(law: Law, held):
    act, period = held
    (proposal,) = law.of_act(act)
    decided = decisions.decide(law.reader("lawyer"), law.case.pk, proposal.key, accepted=True,
                               reason="The custody record matches the testimony.")
    assert decided.decision is not None and decided.decision.accepted
    entry = Entry.objects.get(action=DERIVED_ACCEPTED)
    body = json.loads(bytes(entry.body))
    assert (entry.actor, entry.case) == ("user:lawyer", law.case.reference)
    assert body["reason"] == "The custody record matches the testimony."
    details = body["details"]
    assert details["proposal"] == proposal.key
    assert details["rule"] == {"id": "custody-covers-act", "version": 1}
    assert details["rules_version"] == proposal.rules_version
    assert details["framework_version"] == proposal.framework_version
    assert details["records"] == [["records.act", act.pk], ["records.custodyperiod", period.pk]]
    assert details["target"]["element"] == "torture-2"
    assert b"Akrestsina" not in bytes(entry.body)  # ids only, never a label
    (shown,) = law.of_act(act)
    assert shown.decision is not None
    assert (shown.decision.accepted, shown.decision.by) == (True, "lawyer")
    row = DerivedDecision.objects.get()
    assert (row.act_id, row.crime_id, row.element_id, row.rule_id, row.rule_version) == (
        act.pk, "torture", "torture-2", "custody-covers-act", 1)
    assert row.records_key == proposal.records_key


def test_a_later_decision_supersedes_and_the_history_is_kept(law: Law, held):
    act, _ = held
    key = law.of_act(act)[0].key
    lawyer = law.reader("lawyer")
    decisions.decide(lawyer, law.case.pk, key, accepted=True)
    decisions.decide(law.reader("lead"), law.case.pk, key, accepted=False,
                     reason="The dates come from a single source.")
    (shown,) = law.of_act(act)
    assert shown.decision is not None
    assert (shown.decision.accepted, shown.decision.by, shown.decision.earlier) == (
        False, "lead", 1)
    history = decisions.history(lawyer, law.case.pk, key)
    assert [(d.accepted, d.by) for d in history] == [(True, "lawyer"), (False, "lead")]
    assert DerivedDecision.objects.filter(current=True).count() == 1
    first, second = DerivedDecision.objects.order_by("id")
    assert second.supersedes_id == first.pk and not first.current
    assert Entry.objects.filter(action=DERIVED_REJECTED).count() == 1


@pytest.mark.parametrize("persona", ["viewer", "investigator"])
def test_a_member_without_the_right_cannot_decide(law: Law, held, persona):
    act, _ = held
    key = law.of_act(act)[0].key
    with pytest.raises(PermissionDenied):
        decisions.decide(law.reader(persona), law.case.pk, key, accepted=True)
    assert not DerivedDecision.objects.exists()
    assert not Entry.objects.filter(action__in=[DERIVED_ACCEPTED, DERIVED_REJECTED]).exists()


def test_a_changed_record_makes_a_new_proposal(law: Law, held):
    act, period = held
    old = law.of_act(act)[0]
    decisions.decide(law.reader("lawyer"), law.case.pk, old.key, accepted=True)
    period.end_date = D(2020, 8, 20)  # a record found later: held longer
    services.save_record(period, actor=ACTOR)
    (new,) = law.of_act(act)
    assert new.key != old.key and new.records_key != old.records_key
    assert new.decision is None  # the lawyer has not seen this one
    with pytest.raises(UnknownProposal):
        decisions.decide(law.reader("lawyer"), law.case.pk, old.key, accepted=False)
    # The old decision stays, as history of what was decided on what.
    assert DerivedDecision.objects.get().proposal_key == old.key


def test_a_record_changed_back_finds_its_decision_again(law: Law, held):
    act, period = held
    key = law.of_act(act)[0].key
    decisions.decide(law.reader("lawyer"), law.case.pk, key, accepted=True)
    period.notes = "Read from the detention log."  # not what the rule reads: same proposal
    services.save_record(period, actor=ACTOR)
    (same,) = law.of_act(act)
    assert same.key == key and same.decision is not None


@pytest.mark.parametrize("key", ["", "act-1-zz", "perpetrator-0-" + "0" * 40, "x" * 200])
def test_a_key_that_names_no_proposal_is_refused(law: Law, held, key):
    with pytest.raises(UnknownProposal):
        decisions.decide(law.reader("lawyer"), law.case.pk, key, accepted=True)


def test_a_perpetrators_proposal_is_decided_without_reading_the_whole_case(law: Law):
    omon = law.unit("OMON")
    head = law.person("Jury Karajeu", "perpetrator")
    law.post(head, omon, D(2019, 1, 1))
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, law.person("Ivan Kat", "perpetrator"), omon)
    (proposal,) = law.proposals().items
    decided = decisions.decide(law.reader("lawyer"), law.case.pk, proposal.key, accepted=True)
    row = DerivedDecision.objects.get()
    assert (row.perpetrator_id, row.mode_id, row.element_id, row.act_id) == (
        head.pk, "superior", "superior-1", None)
    assert decided.target.perpetrator_id == head.pk


def test_the_records_audit_finds_every_decision_as_its_events_say(law: Law, held):
    from sprava.law.audited import tables
    from sprava.rows.audit import audit_records

    act, _ = held
    key = law.of_act(act)[0].key
    decisions.decide(law.reader("lawyer"), law.case.pk, key, accepted=True)
    decisions.decide(law.reader("lead"), law.case.pk, key, accepted=False, reason="One source.")
    assert [str(p) for p in audit_records(tables()) if p.fatal] == []
    last = DerivedDecision.objects.order_by("id").last()
    assert last is not None
    # Someone with the database turns the rejection into an acceptance, behind the ledger.
    DerivedDecision.objects.filter(pk=last.pk).update(accepted=True)
    problems = [str(p) for p in audit_records(tables()) if p.fatal]
    assert problems and "accepted" in problems[0]
