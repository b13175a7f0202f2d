"""A perpetrator's page: for each mode claimed against them, how far each element is proven,
with its evidence, as the proof matrix by perpetrator says."""

from __future__ import annotations

from typing import Any

from sprava.law.assessments import assess
from sprava.law.perpetrator import mode_states
from sprava.law.sources import Source
from sprava.law.states import Proof
from sprava.law.targets import Target
from tests.law.conftest import INSIDER_NAME, World, appraisal


def test_each_element_of_a_mode_claimed_has_its_state_and_evidence(world: World,
                                                                   reader: Any) -> None:
    assess(reader("analyst"), Target.of_perpetrator(world.case, world.perpetrator, "commission",
                                                    "commission-1"),
           Source(involvement=world.involvement), appraisal(category="linkage"))
    states = mode_states(reader("viewer"), world.perpetrator)
    assert list(states) == ["commission"]
    first, second = states["commission"]
    assert (first.element.id, first.state) == ("commission-1", Proof.SUPPORTED)
    assert [(c.case, c.supports) for c in first.evidence] == [(world.case.reference, True)]
    assert (second.element.id, second.state, second.evidence) == ("commission-2", Proof.NONE, ())


def test_the_person_page_shows_them_under_the_mode(world: World, reader: Any,
                                                   client_of: Any) -> None:
    assess(reader("analyst"), Target.of_perpetrator(world.case, world.perpetrator, "commission",
                                                    "commission-1"),
           Source(involvement=world.involvement), appraisal(category="linkage"))
    page = client_of("viewer").get(f"/persons/{world.perpetrator.pk}/").content.decode()
    assert "Carried out the material elements" in page
    assert "supported" in page and "no evidence" in page
    assert f"/cases/{world.case.reference}/matrix/?by=perpetrator" in page


def test_a_member_of_another_case_sees_no_mode_and_no_state(world: World, reader: Any) -> None:
    assess(reader("analyst"), Target.of_perpetrator(world.case, world.perpetrator, "commission",
                                                    "commission-1"),
           Source(involvement=world.involvement), appraisal(category="linkage"))
    assert mode_states(reader("other_lead"), world.perpetrator) == {}


def test_a_protected_insider_cited_shows_by_pseudonym(world: World, reader: Any) -> None:
    assess(reader("analyst"), Target.of_perpetrator(world.case, world.perpetrator, "commission",
                                                    "commission-1"),
           Source(involvement=world.insider_involvement), appraisal(category="linkage"))
    [cited] = mode_states(reader("viewer"), world.perpetrator)["commission"][0].evidence
    assert INSIDER_NAME not in cited.source and world.insider.pseudonym in cited.source
