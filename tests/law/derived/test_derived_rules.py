"""Each rule of derived support on hand-built records: where it proposes, and where it must not.

Dates are read at their precision (`sprava.law.spans`): where they do not allow saying that a
condition holds, the proposal says "uncertain"; where no reading meets it, there is none.
"""

from __future__ import annotations

import datetime

import pytest

from sprava.law import rules
from tests.law.derived.conftest import D, Law, elements

pytestmark = pytest.mark.django_db

TORTURE_2 = [("torture-2", "certain")]


# --- torture element 2: custody or control -------------------------------------------------


def test_custody_covering_the_act_proposes_torture_element_2(law: Law):
    victim = law.person("Ales Vykrytski")
    held = law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 8, 10))
    (proposal,) = law.of_act(act)
    assert (proposal.target.act_id, proposal.target.crime_id, proposal.target.element_id) == (
        act.pk, "torture", "torture-2")
    assert proposal.rule_id == "custody-covers-act" and proposal.rule_version == 1
    assert proposal.rules_version == rules.current().version
    assert proposal.framework_version == rules.current().framework.version
    assert [(r.model, r.id) for r in proposal.records] == [
        ("records.act", act.pk), ("records.custodyperiod", held.pk)]
    assert str(proposal.certainty) == "certain"
    assert "2020-08-09 – 2020-08-14" in proposal.why
    assert proposal.element_label == "Torture, element 2: Custody or control"


def test_custody_that_ended_the_day_before_the_act_proposes_nothing(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 8, 15))
    assert law.of_act(act) == []


def test_custody_that_began_the_day_after_the_act_proposes_nothing(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 11), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 8, 10))
    assert law.of_act(act) == []


def test_custody_still_going_on_covers_an_act_after_its_start(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2021, 3, 1))  # no end: still held
    act = law.act("torture", victim, D(2023, 5, 2))
    assert elements(law.of_act(act)) == TORTURE_2


def test_custody_known_only_to_the_year_is_uncertain_not_asserted(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 1, 1), D(2020, 1, 1), precision="year")
    act = law.act("beating", victim, D(2020, 8, 10))
    (proposal,) = law.of_act(act)
    assert str(proposal.certainty) == "uncertain"
    assert "not precise enough" in proposal.why


def test_an_act_known_only_to_the_year_is_uncertain_in_a_short_custody(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 1, 1), precision="year")
    assert elements(law.of_act(act)) == [("torture-2", "uncertain")]


def test_a_span_known_to_the_month_covers_the_months_between_its_ends(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 7, 1), D(2020, 9, 1), precision="month")
    inside = law.act("beating", victim, D(2020, 8, 10))
    at_an_end = law.act("beating", victim, D(2020, 7, 15))
    after = law.act("beating", victim, D(2020, 10, 1))
    assert elements(law.of_act(inside)) == TORTURE_2
    assert elements(law.of_act(at_an_end)) == [("torture-2", "uncertain")]
    assert law.of_act(after) == []


def test_an_act_no_rule_reads_is_left_alone(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("dismissal", victim, D(2020, 8, 10))  # persecution only
    assert law.of_act(act) == []


# --- enforced disappearance 1(b) and 2 -------------------------------------------------------


def test_unacknowledged_custody_following_an_arrest_proposes_enforced_disappearance(law: Law):
    victim = law.person("Maryja Kalesnikava")
    remand = law.custody(victim, D(2020, 9, 7), D(2021, 9, 6))
    colony = law.custody(victim, D(2021, 9, 6), D(2023, 2, 1))
    hidden = law.custody(victim, D(2023, 2, 1), acknowledged=False)
    arrest = law.act("arbitrary-arrest", victim, D(2020, 9, 7))
    found = [p for p in law.of_act(arrest) if p.rule_id == "unacknowledged-custody"]
    assert elements(found) == [("enforced-disappearance-1b", "certain"),
                               ("enforced-disappearance-2", "certain")]
    assert [r.id for r in found[0].records] == [arrest.pk, remand.pk, colony.pk, hidden.pk]
    assert found[0].target.crime_id == "enforced-disappearance"
    assert found[0].element_label.startswith("Enforced disappearance of persons, element 1(b)")


def test_unacknowledged_custody_covering_the_act_proposes_it_too(law: Law):
    victim = law.person("Maryja Kalesnikava")
    law.custody(victim, D(2023, 2, 1), acknowledged=False)
    act = law.act("enforced-disappearance", victim, D(2023, 6, 1))
    assert elements(law.of_act(act)) == [("enforced-disappearance-1b", "certain"),
                                         ("enforced-disappearance-2", "certain")]


def test_acknowledgement_not_recorded_is_unknown_not_a_refusal(law: Law):
    victim = law.person("Maryja Kalesnikava")
    law.custody(victim, D(2020, 9, 7), acknowledged=None)
    act = law.act("arbitrary-arrest", victim, D(2020, 9, 7))
    assert not [p for p in law.of_act(act) if p.target.crime_id == "enforced-disappearance"]


def test_a_release_between_breaks_the_chain_to_a_later_disappearance(law: Law):
    victim = law.person("Maryja Kalesnikava")
    law.custody(victim, D(2020, 9, 7), D(2020, 9, 20))
    law.custody(victim, D(2022, 1, 10), acknowledged=False)  # arrested again, later
    act = law.act("arbitrary-arrest", victim, D(2020, 9, 7))
    assert not [p for p in law.of_act(act) if p.target.crime_id == "enforced-disappearance"]


def test_enforced_disappearance_is_not_proposed_for_a_beating(law: Law):
    victim = law.person("Maryja Kalesnikava")
    law.custody(victim, D(2023, 2, 1), acknowledged=False)
    act = law.act("beating", victim, D(2023, 6, 1))  # torture, other inhumane acts
    assert elements(law.of_act(act)) == TORTURE_2


# --- imprisonment 1 and 2 ---------------------------------------------------------------------


IMPRISONMENT = [("imprisonment-1", "certain"), ("imprisonment-2", "certain")]


def _detention(law: Law, days: int, charges: list[str] | None):
    start = D(2021, 3, 1)
    victim = law.person("Ihar Losik")
    law.custody(victim, start, start + datetime.timedelta(days=days),
                charges=charges)
    return law.act("detention", victim, start)


def test_a_detention_longer_than_the_limit_without_any_charge_proposes_imprisonment(law: Law):
    act = _detention(law, 10, [])
    found = [p for p in law.of_act(act) if p.rule_id == "long-detention-political-charge"]
    assert elements(found) == IMPRISONMENT
    assert "without any charge" in found[0].why


def test_a_detention_on_a_political_charge_proposes_imprisonment(law: Law):
    act = _detention(law, 200, ["CC 342(1)", "CC 205"])
    found = [p for p in law.of_act(act) if p.rule_id == "long-detention-political-charge"]
    assert elements(found) == IMPRISONMENT
    assert "CC 342(1)" in found[0].why and "CC 205" not in found[0].why


@pytest.mark.parametrize(("days", "charges"), [
    (200, ["CC 205"]),  # theft: not of the list
    (200, None),  # the charge is not known: neither "none" nor political
    (3, []),  # 72 hours and no more: not beyond the limit
])
def test_no_imprisonment_proposal_on_another_charge_an_unknown_one_or_a_short_detention(
        law: Law, days, charges):
    act = _detention(law, days, charges)
    assert not [p for p in law.of_act(act) if p.rule_id == "long-detention-political-charge"]


def test_a_detention_whose_length_the_months_do_not_settle_is_uncertain(law: Law):
    victim = law.person("Ihar Losik")
    law.custody(victim, D(2021, 3, 1), D(2021, 3, 1), precision="month", charges=[])
    act = law.act("detention", victim, D(2021, 3, 2))
    found = [p for p in law.of_act(act) if p.rule_id == "long-detention-political-charge"]
    assert elements(found) == [("imprisonment-1", "uncertain"), ("imprisonment-2", "uncertain")]


# --- art. 28(b) element 1: a post over the unit involved -----------------------------------


def test_a_post_over_the_unit_involved_at_the_time_proposes_superior_1(law: Law):
    ministry = law.unit("Interior Ministry")
    omon = law.unit("OMON", parent=ministry)
    head = law.person("Jury Karajeu", "perpetrator")
    post = law.post(head, ministry, D(2019, 1, 1), precision="year")
    officer = law.person("Ivan Kat", "perpetrator")
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, officer, omon)
    found = [p for p in law.proposals().items if p.rule_id == "superior-position"]
    assert len(found) == 1
    proposal = found[0]
    assert (proposal.target.perpetrator_id, proposal.target.mode_id,
            proposal.target.element_id) == (head.pk, "superior", "superior-1")
    assert str(proposal.certainty) == "certain"
    assert [(r.model, r.id) for r in proposal.records] == [
        ("records.position", post.pk), ("records.organisation", omon.pk)]
    assert [r.id for r in proposal.examples] == [act.pk] and proposal.instances == 1
    assert proposal.target_label == "Jury Karajeu"
    assert "OMON" in proposal.why
    # The act's page shows it too: the post is over a unit involved in this act.
    assert "superior-1" in [p.target.element_id for p in law.of_act(act)]


@pytest.mark.parametrize("case", ["after", "no authority", "other unit"])
def test_no_superior_proposal_for_a_later_post_one_without_authority_or_another_unit(
        law: Law, case):
    omon = law.unit("OMON")
    head = law.person("Jury Karajeu", "perpetrator")
    if case == "after":
        law.post(head, omon, D(2021, 1, 1))
    elif case == "no authority":
        law.post(head, omon, D(2019, 1, 1), authority=False)
    else:
        law.post(head, law.unit("GUBOPiK"), D(2019, 1, 1))
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, law.person("Ivan Kat", "perpetrator"), omon)
    assert not [p for p in law.proposals().items if p.rule_id == "superior-position"]


def test_a_post_known_to_the_year_of_the_act_is_an_uncertain_candidate(law: Law):
    omon = law.unit("OMON")
    head = law.person("Jury Karajeu", "perpetrator")
    law.post(head, omon, D(2020, 1, 1), precision="year")
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, law.person("Ivan Kat", "perpetrator"), omon)
    found = [p for p in law.proposals().items if p.rule_id == "superior-position"]
    assert [str(p.certainty) for p in found] == ["uncertain"]


# --- the whole case --------------------------------------------------------------------------


def test_the_case_lists_acts_in_order_then_perpetrators_and_pages_them(law: Law):
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    first = law.act("beating", victim, D(2020, 8, 10))
    second = law.act("torture", victim, D(2020, 8, 11))
    omon = law.unit("OMON")
    head = law.person("Jury Karajeu", "perpetrator")
    law.post(head, omon, D(2019, 1, 1))
    law.involve(first, law.person("Ivan Kat", "perpetrator"), omon)
    page = law.proposals()
    assert page.count == 3
    assert [(p.target.kind, p.target.record_id) for p in page.items] == [
        ("act", first.pk), ("act", second.pk), ("perpetrator", head.pk)]
    from sprava.law import derived

    part = derived.case_proposals(law.reader("lawyer"), law.case.pk, offset=1, limit=1)
    assert part.count == 3 and [p.key for p in part.items] == [page.items[1].key]
