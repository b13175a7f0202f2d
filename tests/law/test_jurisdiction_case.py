"""Jurisdiction per venue on a small hand-built case whose answers are known (conftest.Case9).

    act               ICC                                 referral     LT (covers)    People's
    Minsk 2020        no link: Belarus is not a party     -            as art. 100    not needed
    Vilnius 2021      link (Lithuania, since 2003-08-01)  covered      deportation    not needed
    Vilnius 2002      no link: before entry into force    -            deportation    not needed
    Kyiv 2024         link (art. 12(3) declaration)       covered      ...            not needed
    torture, Vilnius  link                                not covered  torture        not needed
    Vilnius, "2003"   unknown: entry into force in 2003   -            deportation    not needed
    undated           unknown: no date                    -            deportation    not needed
    unplaced          unknown: no place                   -            deportation    not needed
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.accounts.errors import PermissionDenied
from sprava.law.errors import UnknownElement
from sprava.law.framework import current
from sprava.law.jurisdiction import act_jurisdiction, case_jurisdiction
from sprava.law.venue_rules import Cover, Status
from sprava.records import services
from sprava.records.models import Act, ActType
from tests.law.case9 import ACTOR, Case9

pytestmark = pytest.mark.django_db


def finding(case9: Case9, act: Act, venue: str) -> object:
    return dict(act_jurisdiction(case9.people.lead, act))[current().venue(venue)]


def codes(found: object) -> list[str]:
    return [reason.code for reason in found.reasons]  # type: ignore[attr-defined]


# --- attacks first ---------------------------------------------------------------------------


def test_a_member_of_another_case_is_refused(case9: Case9) -> None:
    with pytest.raises(PermissionDenied):
        case_jurisdiction(case9.people.other_lead, case9.people.case)
    with pytest.raises(PermissionDenied):
        act_jurisdiction(case9.people.other_lead, case9.minsk)
    with pytest.raises(PermissionDenied):
        case_jurisdiction(case9.people.outsider, case9.people.case)


def test_the_other_teams_act_is_never_counted(case9: Case9) -> None:
    found = case_jurisdiction(case9.people.lead, case9.people.case)
    assert all(reach.acts == 8 for reach in found.venues)
    icc = found.venue("icc")
    assert case9.other_act.pk not in set(icc.reachable_acts().values_list("pk", flat=True))


# --- the ICC ---------------------------------------------------------------------------------


def test_an_act_in_minsk_has_no_icc_link_belarus_is_no_state_party(case9: Case9) -> None:
    found = finding(case9, case9.minsk, "icc")
    assert found.status is Status.NO_LINK
    assert codes(found) == ["icc-non-party"]
    assert "Belarus" in found.reasons[0].text()
    assert "not a State Party" in found.reasons[0].text()
    assert found.referral is None and not found.crimes


def test_a_deportation_completed_in_vilnius_in_2021_is_linked_and_referred(
        case9: Case9) -> None:
    found = finding(case9, case9.vilnius_2021, "icc")
    assert found.status is Status.LINK
    assert found.crimes == ("deportation",)
    assert codes(found) == ["icc-state-party", "icc-ruling", "referral-covers"]
    text = " ".join(reason.text() for reason in found.reasons)
    assert "Vilnius (Lithuania)" in text and "2003-08-01" in text
    assert "ICC-RoC46(3)-01/18-37" in text
    assert found.referral is Cover.COVERED
    assert found.verify  # the dates of entry into force are marked [verify]


def test_one_in_vilnius_in_2002_precedes_the_entry_into_force(case9: Case9) -> None:
    found = finding(case9, case9.vilnius_2002, "icc")
    assert found.status is Status.NO_LINK
    assert codes(found) == ["icc-before"]
    assert "2003-08-01" in found.reasons[0].text()


def test_an_act_in_ukraine_in_2024_is_linked_by_its_art_12_3_declaration(
        case9: Case9) -> None:
    found = finding(case9, case9.kyiv_2024, "icc")
    assert found.status is Status.LINK
    assert codes(found)[0] == "icc-declaration"
    text = found.reasons[0].text()
    assert "Ukraine" in text and "2014-02-20" in text and "12(3)" in text
    assert found.referral is Cover.COVERED  # forced exile: deportation, persecution


def test_torture_in_vilnius_is_linked_but_not_referred(case9: Case9) -> None:
    found = finding(case9, case9.torture_vilnius, "icc")
    assert found.status is Status.LINK
    assert found.referral is Cover.NOT_COVERED
    assert codes(found)[-1] == "referral-other-crimes"


def test_a_date_known_only_to_the_year_of_entry_into_force_is_unknown(case9: Case9) -> None:
    found = finding(case9, case9.vilnius_2003, "icc")
    assert found.status is Status.UNKNOWN
    assert codes(found) == ["icc-date-imprecise"]


@pytest.mark.parametrize(("act", "code"), [("undated", "no-date"), ("unplaced", "no-place")])
def test_an_act_without_a_date_or_a_place_is_unknown_not_guessed(
        case9: Case9, act: str, code: str) -> None:
    found = finding(case9, getattr(case9, act), "icc")
    assert found.status is Status.UNKNOWN
    assert codes(found) == [code]


def test_an_act_without_dates_goes_by_its_incidents(case9: Case9) -> None:
    case9.minsk.start_date = None
    services.save_record(case9.minsk, actor=ACTOR)
    found = finding(case9, case9.minsk, "icc")
    assert codes(found) == ["icc-non-party"]  # still in Minsk, dated by its incident


# --- national venues and the People's Tribunal ----------------------------------------------


@pytest.mark.parametrize("venue", ["lt", "de", "pl"])
def test_universal_jurisdiction_depends_on_what_the_national_provision_covers(
        case9: Case9, venue: str) -> None:
    framework = current()
    national = next(n for n in framework.national
                    if n.id == framework.venue(venue).national)
    for act in (case9.minsk, case9.vilnius_2021, case9.torture_vilnius, case9.undated,
                case9.unplaced):
        found = finding(case9, act, venue)
        candidates = {framework.crime_at(ref).id for ref in act.act_type.legal_refs}
        covered = candidates & set(national.covers)
        assert found.status is (Status.LINK if covered else Status.NO_LINK), (venue, act)
        assert set(found.crimes) == covered
        assert found.referral is None


def test_lithuania_says_a_trial_in_absentia_is_possible(case9: Case9) -> None:
    found = finding(case9, case9.vilnius_2021, "lt")
    assert "in-absentia" in codes(found)
    assert "discretion" not in codes(found)


def test_germany_notes_prosecutorial_discretion_and_poland_is_to_verify(case9: Case9) -> None:
    germany = finding(case9, case9.vilnius_2021, "de")
    assert "discretion" in codes(germany) and germany.verify
    assert any("§153f" in reason.text() for reason in germany.reasons)
    poland = finding(case9, case9.vilnius_2021, "pl")
    assert poland.verify and "to-verify" in codes(poland)
    assert "art. 113" in poland.reasons[0].text()


def test_the_peoples_tribunal_needs_no_link_for_any_act(case9: Case9) -> None:
    found = case_jurisdiction(case9.people.lead, case9.people.case, "peoples-tribunal")
    reach = found.venue("peoples-tribunal")
    assert reach.counts == {Status.NOT_NEEDED: 8}
    assert reach.reachable == 8 == reach.reachable_acts().count()


# --- what the case can bring to each venue ---------------------------------------------------


def test_counts_per_venue_and_per_crime(case9: Case9) -> None:
    found = case_jurisdiction(case9.people.lead, case9.people.case)
    icc = found.venue("icc")
    assert icc.counts == {Status.LINK: 3, Status.NO_LINK: 2, Status.UNKNOWN: 3}
    assert icc.reachable == 3
    assert icc.referral == 2
    crimes = {count.crime: count.acts for count in icc.crimes}
    assert crimes == {"deportation": 2, "torture": 1, "persecution": 1}
    assert set(icc.reachable_acts().values_list("pk", flat=True)) == {
        case9.vilnius_2021.pk, case9.kyiv_2024.pk, case9.torture_vilnius.pk}
    assert sum(group.acts for group in icc.groups) == 8
    assert found.framework == (current().id, current().version)


def test_the_grouped_counts_agree_with_each_acts_own_finding(case9: Case9) -> None:
    found = case_jurisdiction(case9.people.lead, case9.people.case)
    for reach in found.venues:
        acts = Act.objects.filter(incident__case=case9.people.case).select_related(
            "incident", "act_type", "place")
        findings = [one.finding for one in reach.explain(acts)]
        for status in Status:
            assert sum(f.status is status for f in findings) == reach.counts.get(status, 0)
        assert {f for f in findings} == {group.finding for group in reach.groups}
        reached = {one.act.pk for one in reach.explain(acts) if one.finding.reachable}
        assert reached == set(reach.reachable_acts().values_list("pk", flat=True))


def test_a_few_queries_for_any_number_of_acts(case9: Case9) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            case_jurisdiction(case9.people.lead, case9.people.case)
        return len(captured)

    queries()  # reads the lead's memberships, once
    before = queries()
    Act.objects.bulk_create([Act(incident=case9.vilnius_2021.incident,
                                 act_type=case9.vilnius_2021.act_type,
                                 place=case9.vilnius_2021.place,
                                 start_date=datetime.date(2021, 1, 1) + datetime.timedelta(n))
                             for n in range(200)])
    assert queries() == before == 3  # act types, places, the acts by groups
    assert case_jurisdiction(case9.people.lead, case9.people.case).venue("icc").counts[
        Status.LINK] == 203


def test_an_unknown_venue_is_refused(case9: Case9) -> None:
    with pytest.raises(UnknownElement):
        case_jurisdiction(case9.people.lead, case9.people.case, "atlantis")


def test_a_crime_lithuania_does_not_cover_has_no_lithuanian_link(case9: Case9) -> None:
    # Art. 100 does not list enslavement; VStGB §7 and art. 118a do (the framework's data).
    framework = current()
    assert "enslavement" not in framework.national_provision("lt-100").covers
    forced_labour = services.save_record(ActType(code="forced-labour", label_en="Forced labour",
                                                 legal_refs=["7(1)(c)"]), actor=ACTOR)
    act = services.save_record(Act(incident=case9.minsk.incident, act_type=forced_labour,
                                   start_date=datetime.date(2021, 3, 1)), actor=ACTOR)
    lithuania = finding(case9, act, "lt")
    assert lithuania.status is Status.NO_LINK
    assert codes(lithuania) == ["national-not-covered"]
    assert "Enslavement" in lithuania.reasons[0].text()
    assert finding(case9, act, "de").status is Status.LINK
    assert finding(case9, act, "peoples-tribunal").status is Status.NOT_NEEDED
