"""Who sees derived support: members of the case only, protected victims' custody only with
identity access in their protecting case, perpetrators by pseudonym."""

from __future__ import annotations

import pytest

from sprava.cases.models import Case
from sprava.law import decisions, derived
from sprava.ledger.models import Entry
from sprava.ledger.tags import IDENTITY_REVEALED
from sprava.records.models import Act
from tests.law.derived.conftest import D, Law, elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(law: Law) -> Act:
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    return law.act("beating", victim, D(2020, 8, 10))


def test_a_member_of_another_case_sees_no_proposal_of_it(law: Law, held: Act):
    stranger = law.reader("other_lead")
    with pytest.raises(Case.DoesNotExist):
        derived.case_proposals(stranger, law.case.pk)
    with pytest.raises(Act.DoesNotExist):
        derived.act_proposals(stranger, held.pk)
    key = law.of_act(held)[0].key
    with pytest.raises(Case.DoesNotExist):
        decisions.decide(stranger, law.case.pk, key, accepted=True)


@pytest.mark.parametrize("persona", ["outsider", "administrator"])
def test_no_member_sees_nothing_an_administrator_included(law: Law, held: Act, persona):
    with pytest.raises(Case.DoesNotExist):
        derived.case_proposals(law.reader(persona), law.case.pk)


@pytest.mark.parametrize("persona", ["viewer", "investigator", "analyst", "lawyer", "lead"])
def test_every_member_reads_the_proposals(law: Law, held: Act, persona):
    assert elements(law.proposals(persona)) == [("torture-2", "certain")]


def test_a_protected_victims_custody_is_shown_only_with_identity_access(law: Law):
    victim = law.person("Hanna Sakretnaja", protected=True)
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 8, 10))
    # The lawyer has no identity access: the custody is hidden, and so is what rests on it.
    assert law.of_act(act, "lawyer") == []
    assert law.proposals("lawyer").count == 0
    # The lead has it: the proposal, and the custody it shows is a reveal.
    lead = law.reader("lead")
    page = derived.act_proposals(lead, act.pk)
    assert elements(list(page.items)) == [("torture-2", "certain")]
    assert victim.pk in lead.disclosure.revealed
    lead.commit("test")
    assert Entry.objects.filter(action=IDENTITY_REVEALED).count() == 1


def test_a_hidden_proposal_cannot_be_decided_by_its_key(law: Law):
    victim = law.person("Hanna Sakretnaja", protected=True)
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    act = law.act("beating", victim, D(2020, 8, 10))
    key = derived.act_proposals(law.reader("lead"), act.pk).items[0].key
    from sprava.law.errors import UnknownProposal

    with pytest.raises(UnknownProposal):
        decisions.decide(law.reader("lawyer"), law.case.pk, key, accepted=True)


def test_a_protected_perpetrator_is_named_by_pseudonym(law: Law):
    omon = law.unit("OMON")
    head = law.person("Jury Karajeu", "perpetrator", protected=True)
    law.post(head, omon, D(2019, 1, 1))
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, law.person("Ivan Kat", "perpetrator"), omon)
    head.refresh_from_db()
    (proposal,) = law.proposals("lawyer").items
    assert proposal.target_label == head.pseudonym
    assert "Karajeu" not in proposal.why
    (shown,) = law.proposals("lead").items
    assert "Jury Karajeu" in shown.target_label


def test_a_perpetrator_of_another_case_is_no_candidate_here(law: Law):
    omon = law.unit("OMON")
    elsewhere = law.person("Jury Karajeu", "perpetrator", case=law.personas.other_case)
    law.post(elsewhere, omon, D(2019, 1, 1))
    act = law.act("beating", law.person("Ales Vykrytski"), D(2020, 8, 10))
    law.involve(act, law.person("Ivan Kat", "perpetrator"), omon)
    assert law.proposals().count == 0
