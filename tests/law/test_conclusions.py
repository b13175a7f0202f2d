"""Conclusions on elements and the crimes a case charges: lawyers' and leads' decisions, each
kept, each a ledger event naming the framework version."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sprava.accounts.errors import PermissionDenied
from sprava.law import conclusions
from sprava.law.charges import charge, uncharge
from sprava.law.conclusions import Finding, conclude
from sprava.law.errors import InvalidAssessment, LawConflict, NotAssessable
from sprava.law.framework import current
from sprava.law.models import Charge, Conclusion
from sprava.law.targets import Target, assessable_crimes, charged
from sprava.ledger import tags
from sprava.records.reader import Reader
from tests.law.conftest import World, entries

Readers = Callable[[str], Reader]


def element(world: World, name: str = "torture-2") -> Target:
    return Target.of_act(world.act, "torture", name)


def met(standard: str = "reasonable-grounds", reasoning: str = "Held at Akrestsina.") -> Finding:
    return Finding("met", standard, reasoning)


# --- attacks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["analyst", "investigator", "viewer", "other_lead",
                                     "outsider", "administrator"])
def test_only_lawyers_and_leads_conclude(world: World, reader: Readers, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        conclude(reader(persona), element(world), met())
    assert Conclusion.objects.count() == 0


@pytest.mark.parametrize("persona", ["analyst", "investigator", "viewer", "other_lead"])
def test_only_lawyers_and_leads_charge(world: World, reader: Readers, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        charge(reader(persona), world.case, "persecution")
    made = charge(reader("lawyer"), world.case, "persecution")
    with pytest.raises(PermissionDenied):
        uncharge(reader(persona), made, reason="no")
    assert Charge.objects.count() == 1


def test_the_other_team_reads_no_conclusion(world: World, reader: Readers) -> None:
    conclude(reader("lawyer"), element(world), met())
    assert conclusions.visible(reader("viewer")).count() == 1
    assert conclusions.visible(reader("other_lead")).count() == 0


# --- conclusions -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["lawyer", "lead"])
def test_a_conclusion_is_a_ledger_event_naming_the_framework_version(
        world: World, reader: Readers, persona: str) -> None:
    row = conclude(reader(persona), element(world), met())
    assert (row.state, row.standard, row.framework_version) == (
        "met", "reasonable-grounds", current().version)
    [event] = entries(tags.CONCLUSION_RECORDED)
    assert event["details"]["framework"]["version"] == current().version
    assert event["details"]["supersedes"] is None
    assert event["details"]["after"]["reasoning"].startswith("hmac-sha256:")


def test_a_new_conclusion_supersedes_the_current_one_and_both_stay(world: World,
                                                                   reader: Readers) -> None:
    first = conclude(reader("lawyer"), element(world), Finding("open", "reasonable-grounds",
                                                               "Waiting for the report."))
    other_standard = conclude(reader("lawyer"), element(world), met("beyond-reasonable-doubt"))
    other_element = conclude(reader("lawyer"), element(world, "torture-1"), met())
    second = conclude(reader("lead"), element(world), met())
    first.refresh_from_db()
    assert first.superseded_by == second and first.superseded_at is not None
    current_rows = conclusions.current_of(Conclusion.objects.all())
    assert set(current_rows) == {second, other_standard, other_element}
    assert Conclusion.objects.count() == 4
    [superseded] = entries(tags.CONCLUSION_SUPERSEDED)
    assert superseded["subject"] == f"law.conclusion:{first.pk}"
    assert superseded["details"]["changes"]["superseded_by"] == {"before": None,
                                                                 "after": second.pk}
    assert entries(tags.CONCLUSION_RECORDED)[-1]["details"]["supersedes"] == (
        f"law.conclusion:{first.pk}")


def test_a_conclusion_names_a_known_state_and_standard_and_says_why(world: World) -> None:
    with pytest.raises(InvalidAssessment, match="unknown state"):
        Finding("proven", "reasonable-grounds", "x")
    with pytest.raises(InvalidAssessment, match="reasoning is required"):
        Finding("met", "reasonable-grounds", "")


def test_an_unknown_standard_is_refused(world: World, reader: Readers) -> None:
    with pytest.raises(InvalidAssessment, match="unknown standard of proof"):
        conclude(reader("lawyer"), element(world), met("balance-of-probabilities"))


def test_a_conclusion_follows_the_rule_of_targets(world: World, reader: Readers) -> None:
    with pytest.raises(NotAssessable):
        conclude(reader("lawyer"), Target.of_act(world.act, "murder", "murder-1"), met())
    conclude(reader("lawyer"), Target.of_perpetrator(world.case, world.insider, "aiding",
                                                     "aiding-1"), met())
    conclude(reader("lawyer"), Target.of_context(world.case, "ctx-1"), met())
    assert Conclusion.objects.count() == 2


# --- charges ---------------------------------------------------------------------------------


def test_charging_adds_the_crime_to_every_act_of_the_case(world: World, reader: Readers) -> None:
    framework = current()
    assert [c.id for c in assessable_crimes(world.act, framework)] == [
        "torture", "other-inhumane-acts"]
    row = charge(reader("lawyer"), world.case, "persecution", reason="the pattern")
    assert row.framework_version == framework.version
    assert charged(world.case) == {"persecution"}
    assert [c.id for c in assessable_crimes(world.act, framework)] == [
        "torture", "persecution", "other-inhumane-acts"]
    [event] = entries(tags.CHARGE_ADDED)
    assert event["details"]["framework"]["version"] == framework.version
    assert event["reason"] == "the pattern"


def test_a_crime_is_charged_once_and_an_unknown_one_not_at_all(world: World,
                                                               reader: Readers) -> None:
    charge(reader("lawyer"), world.case, "persecution")
    with pytest.raises(LawConflict, match="already"):
        charge(reader("lead"), world.case, "persecution")
    with pytest.raises(NotAssessable, match="no crime 'genocide'"):
        charge(reader("lead"), world.case, "genocide")


def test_withdrawing_a_charge_needs_a_reason_and_keeps_its_history(world: World,
                                                                   reader: Readers) -> None:
    row = charge(reader("lawyer"), world.case, "persecution")
    with pytest.raises(InvalidAssessment):
        uncharge(reader("lawyer"), row, reason="")
    uncharge(reader("lawyer"), row, reason="Not this case's theory.")
    assert not Charge.objects.exists()
    [event] = entries(tags.CHARGE_REMOVED)
    assert event["details"]["before"]["crime"] == "persecution"
    assert event["subject"] == f"law.charge:{row.pk}"
    with pytest.raises(LawConflict):
        uncharge(reader("lawyer"), row, reason="again")
