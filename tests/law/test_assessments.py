"""Assessing sources against elements: who may, for which targets, on which sources; and what
the ledger keeps of every change.

Attacks first: another team's member, a viewer, a source of another case, a protected person's
custody timeline cited by a reader who may not see it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sprava.accounts.errors import PermissionDenied
from sprava.law import assessments
from sprava.law.assessments import assess, change_assessment, withdraw_assessment
from sprava.law.errors import ForeignSource, InvalidAssessment, LawConflict, NotAssessable
from sprava.law.framework import current
from sprava.law.models import Assessment
from sprava.law.sources import Pinpoint, Source
from sprava.law.targets import Target
from sprava.ledger import tags
from sprava.ledger.models import Entry
from sprava.records.reader import Reader
from tests.law.conftest import World, appraisal, entries, page_of

Readers = Callable[[str], Reader]


def torture(world: World, element: str = "torture-1") -> Target:
    return Target.of_act(world.act, "torture", element)


# --- attacks ---------------------------------------------------------------------------------


def test_a_member_of_another_case_cannot_assess_an_act_of_this_one(world: World,
                                                                   reader: Readers) -> None:
    with pytest.raises(PermissionDenied):
        assess(reader("other_lead"), torture(world), page_of(world.item), appraisal())
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("persona", ["viewer", "investigator", "outsider", "administrator"])
def test_those_without_analyse_cannot_assess(world: World, reader: Readers,
                                             persona: str) -> None:
    with pytest.raises(PermissionDenied):
        assess(reader(persona), torture(world), page_of(world.item), appraisal())
    assert not Entry.objects.filter(action=tags.ASSESSMENT_CREATED).exists()


@pytest.mark.parametrize("persona", ["analyst", "lawyer", "lead"])
def test_analysts_lawyers_and_leads_assess(world: World, reader: Readers, persona: str) -> None:
    row = assess(reader(persona), torture(world), page_of(world.item), appraisal())
    assert row.case == world.case and row.act == world.act and row.crime == "torture"


@pytest.mark.parametrize("source", ["other_item", "other_testimony", "other_custody",
                                    "other_involvement"])
def test_a_source_of_another_case_is_refused(world: World, reader: Readers, source: str) -> None:
    record = getattr(world, source)
    given = {"other_item": lambda: page_of(record),
             "other_testimony": lambda: Source(testimony=record, paragraph=1),
             "other_custody": lambda: Source(custody=record),
             "other_involvement": lambda: Source(involvement=record)}[source]()
    with pytest.raises(ForeignSource):
        assess(reader("lead"), torture(world), given, appraisal())
    assert Assessment.objects.count() == 0


def test_an_act_of_another_case_is_refused_even_named_with_this_case(
        world: World, reader: Readers) -> None:
    target = Target(case=world.case, act=world.other_act, crime="torture", element="torture-1")
    with pytest.raises(NotAssessable, match="not an act of case"):
        assess(reader("lead"), target, page_of(world.item), appraisal())


def test_a_protected_persons_custody_is_no_source_for_a_reader_who_may_not_see_it(
        world: World, reader: Readers) -> None:
    hidden = Target.of_act(world.hidden_act, "torture", "torture-2")
    with pytest.raises(ForeignSource):
        assess(reader("analyst"), hidden, Source(custody=world.hidden_custody), appraisal())
    # The lead holds identity access in the protecting case: they see it, and may cite it.
    assess(reader("lead"), hidden, Source(custody=world.hidden_custody), appraisal())


# --- targets ---------------------------------------------------------------------------------


def test_an_unknown_element_of_the_crime_is_refused(world: World, reader: Readers) -> None:
    with pytest.raises(NotAssessable, match="has no element 'murder-1'"):
        assess(reader("analyst"), torture(world, "murder-1"), page_of(world.item), appraisal())


def test_a_crime_the_act_type_does_not_name_needs_a_charge(world: World, reader: Readers) -> None:
    from sprava.law.charges import charge

    murder = Target.of_act(world.act, "murder", "murder-1")
    with pytest.raises(NotAssessable, match="charge it first"):
        assess(reader("analyst"), murder, page_of(world.item), appraisal())
    charge(reader("lawyer"), world.case, "murder")
    assert assess(reader("analyst"), murder, page_of(world.item), appraisal()).crime == "murder"


def test_contextual_elements_and_alternatives_are_elements_of_the_crime(
        world: World, reader: Readers) -> None:
    from sprava.law.charges import charge

    for element in ("torture-4", "ctx-1", "ctx-2"):
        if element == "torture-4":
            with pytest.raises(NotAssessable):
                assess(reader("analyst"), torture(world, element), page_of(world.item),
                       appraisal())
            continue
        assess(reader("analyst"), torture(world, element), page_of(world.item),
               appraisal(category="context"))
    charge(reader("lawyer"), world.case, "enforced-disappearance")
    target = Target.of_act(world.act, "enforced-disappearance", "enforced-disappearance-1b")
    assert assess(reader("analyst"), target, Source(custody=world.custody),
                  appraisal()).element == "enforced-disappearance-1b"


def test_a_perpetrators_element_is_of_a_mode_claimed_against_them(world: World,
                                                                  reader: Readers) -> None:
    claimed = Target.of_perpetrator(world.case, world.perpetrator, "commission", "commission-1")
    row = assess(reader("analyst"), claimed, Source(involvement=world.involvement),
                 appraisal(category="linkage"))
    assert (row.act, row.perpetrator, row.mode, row.crime) == (None, world.perpetrator,
                                                                "commission", "")
    not_claimed = Target.of_perpetrator(world.case, world.perpetrator, "superior", "superior-1")
    with pytest.raises(NotAssessable, match="not claimed against P-"):
        assess(reader("analyst"), not_claimed, Source(position=world.position), appraisal())
    with pytest.raises(NotAssessable, match="no element 'superior-1'"):
        assess(reader("analyst"), Target.of_perpetrator(world.case, world.perpetrator,
                                                        "commission", "superior-1"),
               Source(position=world.position), appraisal())
    # Claimed in another case's act is not claimed in this one.
    elsewhere = Target.of_perpetrator(world.other_case, world.perpetrator, "commission",
                                      "commission-1")
    with pytest.raises(PermissionDenied):
        assess(reader("analyst"), elsewhere, Source(involvement=world.involvement), appraisal())


def test_the_cases_context_has_only_the_contextual_elements(world: World,
                                                            reader: Readers) -> None:
    row = assess(reader("analyst"), Target.of_context(world.case, "ctx-1"),
                 Source(testimony=world.testimony, paragraph=2), appraisal(category="context"))
    assert (row.act, row.perpetrator, row.crime, row.mode) == (None, None, "", "")
    with pytest.raises(NotAssessable, match="only the contextual elements"):
        assess(reader("analyst"), Target.of_context(world.case, "torture-1"),
               Source(testimony=world.testimony, paragraph=2), appraisal())


def test_a_target_of_no_shape_is_refused_when_made(world: World) -> None:
    with pytest.raises(NotAssessable):
        Target(case=world.case, act=world.act, element="torture-1")  # no crime
    with pytest.raises(NotAssessable):
        Target(case=world.case, perpetrator=world.perpetrator, crime="torture",
               element="commission-1")
    with pytest.raises(NotAssessable):
        Target(case=world.case, crime="torture", element="ctx-1")


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value"), [
    ("page", "0"), ("page", "5-3"), ("page", "three"), ("paragraph", ""), ("time", "1:99"),
    ("time", "00:02:00-00:01:00"), ("region", "10,10,0,5"), ("region", "10,10"),
    ("line", "3"),
])
def test_a_pinpoint_that_says_nowhere_is_refused(kind: str, value: str) -> None:
    with pytest.raises(InvalidAssessment):
        Pinpoint(kind, value)


@pytest.mark.parametrize(("kind", "value", "shown"), [
    ("page", "12", "p. 12"), ("page", "12-14", "p. 12-14"), ("paragraph", "4", "para. 4"),
    ("time", "01:02:03-01:04:00", "at 01:02:03-01:04:00"), ("time", "2:03", "at 2:03"),
    ("region", "120,80,300,200", "region 120,80,300,200"),
])
def test_a_pinpoint_reads_as_a_citation(kind: str, value: str, shown: str) -> None:
    assert Pinpoint(kind, value).display() == shown


def test_a_source_is_exactly_one_thing_with_its_pinpoint(world: World) -> None:
    with pytest.raises(InvalidAssessment, match="exactly one source"):
        Source()
    with pytest.raises(InvalidAssessment, match="exactly one source"):
        Source(custody=world.custody, position=world.position)
    with pytest.raises(InvalidAssessment, match="pinpoint"):
        Source(item=world.item)
    with pytest.raises(InvalidAssessment, match="paragraph"):
        Source(testimony=world.testimony)
    with pytest.raises(InvalidAssessment, match="only a testimony"):
        Source(custody=world.custody, paragraph=3)


@pytest.mark.parametrize("field", ["direction", "category", "strength", "reliability"])
def test_an_appraisal_of_unknown_values_is_refused(field: str) -> None:
    with pytest.raises(InvalidAssessment, match=f"{field}: unknown value"):
        appraisal(**{field: "maybe"})


def test_an_appraisal_needs_its_reasoning() -> None:
    with pytest.raises(InvalidAssessment, match="reasoning is required"):
        appraisal(reasoning="   ")


# --- the ledger and history ------------------------------------------------------------------


def test_an_assessment_is_a_ledger_event_naming_the_framework_version(
        world: World, reader: Readers) -> None:
    row = assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    assert row.framework_version == current().version
    [event] = entries(tags.ASSESSMENT_CREATED)
    assert event["details"]["framework"] == {"id": current().id, "version": current().version}
    assert event["subject"] == f"law.assessment:{row.pk}"
    assert event["case"] == world.case.reference and event["actor"] == "user:analyst"
    assert event["items"][0]["sha256"] == world.item.sha256  # the item's history shows it
    after = event["details"]["after"]
    assert after["element"] == "torture-1" and after["pinpoint"] == "3"
    assert after["reasoning"].startswith("hmac-sha256:")  # free text, as every record's


def test_editing_keeps_the_history_in_the_ledger(world: World, reader: Readers) -> None:
    row = assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    change_assessment(reader("analyst"), row, appraisal=appraisal(strength="corroborating",
                                                                   reasoning="Second look."),
                      reason="read the report again")
    change_assessment(reader("analyst"), row, source=Source(testimony=world.testimony,
                                                            paragraph=7))
    row.refresh_from_db()
    assert (row.strength, row.testimony, row.item, row.pinpoint) == (
        "corroborating", world.testimony, None, "")
    first, second = entries(tags.ASSESSMENT_CHANGED)
    assert first["reason"] == "read the report again"
    assert first["details"]["changes"]["strength"] == {"before": "direct",
                                                       "after": "corroborating"}
    assert set(first["details"]["changes"]) == {"strength", "reasoning"}
    assert second["details"]["changes"]["item"] == {"before": world.item.pk, "after": None}
    assert second["details"]["framework"]["version"] == current().version


def test_changing_nothing_records_nothing(world: World, reader: Readers) -> None:
    row = assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    change_assessment(reader("analyst"), row, appraisal=appraisal())
    assert entries(tags.ASSESSMENT_CHANGED) == []


def test_a_withdrawn_assessment_stays_with_its_reason(world: World, reader: Readers) -> None:
    row = assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    with pytest.raises(InvalidAssessment, match="reason"):
        withdraw_assessment(reader("analyst"), row, reason=" ")
    withdraw_assessment(reader("analyst"), row, reason="The report is of another detainee.")
    row.refresh_from_db()
    assert not row.live and row.withdrawn_by == world.personas.analyst
    assert row.withdrawn_reason == "The report is of another detainee."
    assert Assessment.objects.count() == 1  # never deleted
    [event] = entries(tags.ASSESSMENT_WITHDRAWN)
    assert event["reason"] == "The report is of another detainee."
    assert set(event["details"]["changes"]) == {"withdrawn_at", "withdrawn_by",
                                                "withdrawn_reason"}
    with pytest.raises(LawConflict):
        withdraw_assessment(reader("analyst"), row, reason="again")
    with pytest.raises(LawConflict):
        change_assessment(reader("analyst"), row, appraisal=appraisal(strength="direct"))


def test_another_analyst_may_not_change_it_but_a_lawyer_may(world: World, reader: Readers,
                                                           personas: object) -> None:
    from sprava.accounts.members import change_member

    row = assess(reader("lawyer"), torture(world), page_of(world.item), appraisal())
    with pytest.raises(PermissionDenied):
        change_assessment(reader("analyst"), row, appraisal=appraisal(strength="direct",
                                                                       reasoning="Mine now."))
    with pytest.raises(PermissionDenied):
        withdraw_assessment(reader("viewer"), row, reason="no")
    mine = assess(reader("analyst"), torture(world, "torture-2"), Source(custody=world.custody),
                  appraisal())
    withdraw_assessment(reader("lead"), mine, reason="Reviewed: not custody of the perpetrator.")
    # An author who is no longer an analyst may no longer change what they wrote.
    change_member(world.case, world.personas.lawyer, role="viewer", actor="test")
    with pytest.raises(PermissionDenied):
        change_assessment(reader("lawyer"), row, appraisal=appraisal(reasoning="Changed."))


def test_the_records_audit_finds_every_law_row_as_its_events_say(world: World,
                                                                 reader: Readers) -> None:
    from sprava.law.audited import tables
    from sprava.law.charges import charge, uncharge
    from sprava.law.conclusions import Finding, conclude
    from sprava.rows.audit import audit_records

    row = assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    change_assessment(reader("analyst"), row, appraisal=appraisal(strength="circumstantial"))
    withdraw_assessment(reader("analyst"), row, reason="wrong detainee")
    conclude(reader("lawyer"), torture(world), Finding("open", "reasonable-grounds", "Thin."))
    conclude(reader("lawyer"), torture(world), Finding("met", "reasonable-grounds", "Now yes."))
    uncharge(reader("lawyer"), charge(reader("lawyer"), world.case, "murder"), reason="no body")
    charge(reader("lawyer"), world.case, "persecution")
    assert [p for p in audit_records(tables()) if p.fatal] == []
    Assessment.objects.filter(pk=row.pk).update(strength="direct")  # behind the ledger's back
    problems = [str(p) for p in audit_records(tables()) if p.fatal]
    assert problems and "strength" in problems[0]


def test_the_reader_sees_the_assessments_of_their_cases_only(world: World,
                                                            reader: Readers) -> None:
    assess(reader("analyst"), torture(world), page_of(world.item), appraisal())
    assert assessments.visible(reader("viewer")).count() == 1
    assert assessments.visible(reader("other_lead")).count() == 0
    assert assessments.visible(reader("outsider")).count() == 0
    assert assessments.visible(reader("administrator")).count() == 0
