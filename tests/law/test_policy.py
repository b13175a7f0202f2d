"""Policy evidence: the case's assessments of the contextual elements, shown beside the
contextual figures on the page, in the API and on the command line, as each reader may see them."""

from __future__ import annotations

from typing import Any

from sprava.law.assessments import assess, withdraw_assessment
from sprava.law.policy import context_with_policy, policy_evidence
from sprava.law.sources import Source
from sprava.law.targets import Target
from tests.law.conftest import WITNESS_NAME, World, appraisal, page_of


def _policy(world: World, reader: Any) -> Any:
    return assess(reader("analyst"), Target.of_context(world.case, "ctx-1"), page_of(world.item),
                  appraisal(category="context", strength="circumstantial",
                            reasoning="The minister's order sends OMON to every region."))


def test_a_context_assessment_is_policy_evidence_of_the_figures(world: World,
                                                                reader: Any) -> None:
    row = _policy(world, reader)
    figures = context_with_policy(reader("viewer"), world.case)
    assert [(p.assessment, p.element) for p in figures.policy] == [(row.pk, "ctx-1")]
    item = figures.policy[0]
    assert "widespread or systematic attack" in item.element_label
    assert "order sends OMON" in item.reasoning and "p. 3" in item.source
    assert figures.to_dict()["policy"][0]["assessment"] == row.pk


def test_act_assessments_and_withdrawn_ones_are_not_policy_evidence(world: World,
                                                                   reader: Any) -> None:
    assess(reader("analyst"), Target.of_act(world.act, "torture", "torture-1"),
           page_of(world.item), appraisal())
    row = _policy(world, reader)
    withdraw_assessment(reader("analyst"), row, reason="the order is a forgery")
    assert policy_evidence(reader("viewer"), world.case) == ()


def test_a_protected_witness_cited_as_policy_evidence_shows_by_pseudonym(
        world: World, reader: Any) -> None:
    assess(reader("analyst"), Target.of_context(world.case, "ctx-2"),
           Source(testimony=world.testimony, paragraph=1), appraisal(category="context"))
    [item] = policy_evidence(reader("viewer"), world.case)
    assert WITNESS_NAME not in item.source and world.witness.pseudonym in item.source


def test_the_page_and_the_api_show_it_to_members_only(world: World, reader: Any,
                                                      client_of: Any, api: Any) -> None:
    _policy(world, reader)
    page = client_of("viewer").get(f"/cases/{world.case.reference}/context/")
    assert page.status_code == 200 and "order sends OMON" in page.content.decode()
    answer = api("viewer").get(f"/cases/{world.case.pk}/context")
    assert answer.status_code == 200 and answer.json()["policy"][0]["element"] == "ctx-1"
    assert client_of("other_lead").get(
        f"/cases/{world.case.reference}/context/").status_code == 404
    assert api("other_lead").get(f"/cases/{world.case.pk}/context").status_code == 404
