"""A record imported from CSV is the record the page makes (issue 8): the same rows and the same
ledger events, because both go through one domain function; and the import obeys the same
rules, refusing a row that breaks one with the domain's own words and the row's line.

The import runs as the investigator, as `sprava import` and the API run it (their visible
persons, no reveals). It runs first and the page second, because an import matches what is
already there: the page does not, so the second change is a new record like the first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sprava.accounts import permissions
from sprava.accounts.actors import actor_name
from sprava.ledger import tags
from sprava.records import acts, dates
from sprava.records import models as records
from sprava.records.csv_io import ImportReport, import_csv
from sprava.records.identity import Disclosure
from sprava.records.models import Act, CustodyPeriod, Involvement, Person, PersonRole
from sprava.records.services import RecordError, save_record
from tests.accounts.conftest import Personas
from tests.csv_io.conftest import ledger_size
from tests.parity import test_custody, test_people, test_testimonies
from tests.parity.acts.conftest import Front, Row, ref
from tests.parity.conftest import actions, mark, record_events
from tests.web_records.conftest import World, person

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


def imported(personas: Personas, world: World, kind: str, text: str, *,
             dry_run: bool = False) -> ImportReport:
    """`text` imported into the world's case by the investigator."""
    user = personas["investigator"]
    return import_csv(kind, text.encode(), case=world.case, actor=actor_name(user),
                      dry_run=dry_run, user=user, disclosure=Disclosure(identity_case_ids=set()),
                      persons=permissions.filter_visible(user, Person.objects.all()))


def outcomes(report: ImportReport) -> list[tuple[int, str]]:
    return [(row.line, row.outcome) for row in report.rows]


def reason_aside(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events without their reason: the import gives its own ("CSV import of acts")."""
    return [{name: value for name, value in event.items() if name != "reason"}
            for event in events]


def counts() -> tuple[int, ...]:
    return (Act.objects.count(), Involvement.objects.count(), records.Testimony.objects.count(),
            CustodyPeriod.objects.count(), PersonRole.objects.count(), ledger_size())


# --- the same record, the same ledger --------------------------------------------------------


def test_a_person_imported_is_the_person_the_page_records(
    world: World, personas: Personas, client_of: Callable[[str], Client]
) -> None:
    start = mark()
    report = imported(personas, world, "persons",
                      "name,name_script,gender,birth_date,role,notes\n"
                      "Nina Paritetava,latin,female,1979-03,witness,Met at the courthouse.\n")
    assert outcomes(report) == [(2, "created")]
    by_import, start = record_events(start), mark()
    sent = Person.objects.get(pk=int(report.rows[0].record[2:]))
    response = client_of("investigator").post("/persons/new/", {
        "name": "Nina Paritetava", "script": "latin", "case": world.case.pk, "role": "witness",
        "gender": "female", "birth_date": "1979-03-01", "birth_precision": "month",
        "notes": "Met at the courthouse.", "reason": "from the intake interview"})
    assert response.status_code == 302, response.content.decode()
    paged = Person.objects.exclude(pk=sent.pk).get(names__text="Nina Paritetava")
    assert test_people.rows(sent) == test_people.rows(paged)
    assert reason_aside(by_import) == reason_aside(record_events(start))
    assert actions(by_import) == [tags.record_action("person", tags.CREATED),
                                  tags.record_action("personrole", tags.CREATED),
                                  tags.record_action("personname", tags.CREATED)]


def test_an_act_imported_is_the_act_the_page_records(world: World, personas: Personas) -> None:
    # No dates and no place given: both take the incident's.
    start = mark()
    report = imported(personas, world, "acts",
                      "incident_id,act_type,victim_id,description,perpetrators\n"
                      f"{world.incident.pk},detention,{ref(world.victim)},Held overnight.,"
                      f"{ref(world.perpetrator)}:ordering\n")
    assert outcomes(report) == [(2, "created")], report.to_dict()
    by_import, start = record_events(start), mark()
    sent = Act.objects.order_by("-pk")[0]
    answer = Front("page", personas).new_acts(
        "investigator", world.incident, world.detention, [world.victim],
        [Row(world.perpetrator, "ordering")], description="Held overnight.", reason="seen")
    assert answer.status == 201, answer.text
    paged = Act.objects.order_by("-pk")[0]

    def act_rows(act: Act) -> tuple[Any, ...]:
        return (act.incident_id, act.act_type_id, act.victim_id, act.start_date, act.end_date,
                act.date_precision, act.place_id, act.description,
                [(i.perpetrator_id, i.mode) for i in act.involvements.all()])

    assert act_rows(sent) == act_rows(paged)
    assert reason_aside(by_import) == reason_aside(record_events(start))
    assert actions(by_import) == [tags.record_action("act", tags.CREATED),
                                  tags.record_action("involvement", tags.CREATED)]


def test_a_testimony_imported_is_the_testimony_the_page_records(
    world: World, personas: Personas, client_of: Callable[[str], Client]
) -> None:
    start = mark()
    report = imported(personas, world, "testimonies",
                      "given_by_id,kind,given_on,language,reliability,taken_by,transcript,"
                      "incident_ids\n"
                      f"{world.victim.pk},interview,2021-04-02,be,B,A. K.,"
                      f"They kept us in the yard all night.,{world.incident.pk}\n")
    assert outcomes(report) == [(2, "created")], report.to_dict()
    by_import, start = record_events(start), mark()
    sent = test_testimonies.newest()
    test_testimonies.on_the_page(client_of("investigator"), world)
    paged = test_testimonies.newest()
    assert paged.pk != sent.pk
    assert test_testimonies.rows(sent) == test_testimonies.rows(paged)
    assert reason_aside(by_import) == reason_aside(record_events(start))


def test_a_custody_period_imported_is_the_one_the_page_records(
    world: World, personas: Personas, client_of: Callable[[str], Client]
) -> None:
    start = mark()
    report = imported(personas, world, "custody",
                      "person_id,place,place_detail,start_date,end_date,acknowledged,notes\n"
                      f"{ref(world.victim)},akrestsina,cell 14,2020-08-12,2020-08-15,no,"
                      "Moved twice.\n")
    assert outcomes(report) == [(2, "created")], report.to_dict()
    by_import, start = record_events(start), mark()
    sent = test_custody.newest()
    assert test_custody.on_the_page(client_of("investigator"), world).status_code == 302
    paged = test_custody.newest()
    assert paged.pk != sent.pk and test_custody.rows(sent) == test_custody.rows(paged)
    assert reason_aside(by_import) == reason_aside(record_events(start))


# --- the rules, through the import -----------------------------------------------------------


def test_a_testimony_dated_before_its_incident_is_refused_on_its_line_in_the_domains_words(
    world: World, personas: Personas
) -> None:
    # The incident began on 2020-08-11, known to the day. Line 3 is the one dated before it.
    text = ("given_by_id,kind,given_on,transcript,incident_ids\n"
            f"{world.victim.pk},interview,2021-04-02,After.,{world.incident.pk}\n"
            f"{world.victim.pk},interview,2020-08-01,Before.,{world.incident.pk}\n")
    before = counts()
    dry = imported(personas, world, "testimonies", text, dry_run=True)
    assert counts() == before
    real = imported(personas, world, "testimonies", text)
    assert outcomes(dry) == outcomes(real) == [(2, "created"), (3, "rejected")]
    [message] = real.rows[1].messages
    assert f"before incident #{world.incident.pk}" in message
    assert "an account cannot be given before what it recounts" in message
    assert not records.Testimony.objects.filter(transcript="Before.").exists()


def test_a_document_may_predate_its_incident_and_so_may_an_account_of_a_vague_date(
    world: World, personas: Personas
) -> None:
    text = ("given_by_id,kind,given_on,transcript,incident_ids\n"
            f"{world.victim.pk},document,2020-08-01,The order.,{world.incident.pk}\n")
    assert outcomes(imported(personas, world, "testimonies", text)) == [(2, "created")]
    world.incident.date_precision = "approximate"
    save_record(world.incident, actor="test")
    text = text.replace("document", "interview").replace("The order.", "Recalled.")
    assert outcomes(imported(personas, world, "testimonies", text)) == [(2, "created")]


def test_a_testimony_may_not_speak_of_another_cases_incident(world: World,
                                                             personas: Personas) -> None:
    report = imported(personas, world, "testimonies", "given_by_id,kind,incident_ids\n"
                      f"{world.victim.pk},interview,{world.other_incident.pk}\n")
    assert outcomes(report) == [(2, "rejected")]
    assert "is not an incident of case" in report.rows[0].messages[0]


def test_custody_in_the_future_is_refused_on_its_line(world: World, personas: Personas) -> None:
    before = counts()
    report = imported(personas, world, "custody",
                      "person_id,place,start_date,end_date\n"
                      f"{world.victim.pk},akrestsina,2020-09-01,2020-09-03\n"
                      f"{world.victim.pk},akrestsina,{TOMORROW},\n"
                      f"{world.victim.pk},akrestsina,2020-10-01,{TOMORROW}\n")
    assert outcomes(report) == [(2, "created"), (3, "rejected"), (4, "rejected")]
    future = dates.date_problem(datetime.date.fromisoformat(TOMORROW))
    assert future is not None
    assert all(future in row.messages[0] for row in report.rows[1:])
    assert counts()[3] == before[3] + 1


def test_an_act_without_dates_or_place_takes_the_incidents(world: World,
                                                            personas: Personas) -> None:
    report = imported(personas, world, "acts", "incident_id,act_type,victim_id\n"
                      f"{world.incident.pk},detention,{world.victim.pk}\n")
    assert outcomes(report) == [(2, "created")]
    act = Act.objects.get(pk=int(report.rows[0].record.removeprefix("act ")))
    incident = world.incident
    assert (act.start_date, act.end_date, act.date_precision, act.place) == (
        incident.start_date, incident.end_date, incident.date_precision, world.akrestsina)


def test_an_act_keeps_the_dates_and_place_it_gives(world: World, personas: Personas) -> None:
    report = imported(personas, world, "acts", "incident_id,act_type,victim_id,start_date,place\n"
                      f"{world.incident.pk},detention,{world.victim.pk},2020-08-12,minsk\n")
    act = Act.objects.get(pk=int(report.rows[0].record.removeprefix("act ")))
    assert (act.start_date, act.date_precision, act.place) == (
        datetime.date(2020, 8, 12), "day", world.minsk)


def test_the_same_perpetrator_twice_is_refused_on_its_line_and_nothing_of_it_is_written(
    world: World, personas: Personas
) -> None:
    twice = f"{ref(world.perpetrator)}:ordering; {world.perpetrator.pk}:ordering"
    before = counts()
    report = imported(personas, world, "acts", "incident_id,act_type,victim_id,perpetrators\n"
                      f"{world.incident.pk},detention,{world.victim.pk},{twice}\n")
    assert outcomes(report) == [(2, "rejected")]
    with pytest.raises(RecordError) as refusal:  # what the page and the API answer
        acts.check(acts.NewActs(world.incident, world.detention, [world.victim], perpetrators=[
            acts.Perpetrator(world.perpetrator, "ordering")] * 2))
    assert report.rows[0].messages == [str(refusal.value)]
    assert counts() == before


def test_a_perpetrator_without_a_mode_or_with_an_unknown_one_is_refused(
    world: World, personas: Personas
) -> None:
    report = imported(personas, world, "acts", "incident_id,act_type,perpetrators\n"
                      f"{world.incident.pk},detention,{world.perpetrator.pk}\n"
                      f"{world.incident.pk},detention,{world.perpetrator.pk}:shouting\n")
    assert outcomes(report) == [(2, "rejected"), (3, "rejected")]
    assert "no mode of liability" in report.rows[0].messages[0]
    assert "Unknown mode of liability" in report.rows[1].messages[0]


def test_victims_and_perpetrators_get_their_roles_in_the_case(world: World,
                                                               personas: Personas) -> None:
    newcomer = person("Pavel Novy", world.case, "witness")
    helper = person("Helper Novy", world.case, "witness")
    report = imported(personas, world, "acts", "incident_id,act_type,victim_id,perpetrators\n"
                      f"{world.incident.pk},detention,{newcomer.pk},{helper.pk}:aiding\n")
    assert outcomes(report) == [(2, "created")]
    assert set(PersonRole.objects.filter(case=world.case, person__in=[newcomer, helper])
               .values_list("person_id", "role")) == {
        (newcomer.pk, "witness"), (newcomer.pk, "victim"), (helper.pk, "witness"),
        (helper.pk, "perpetrator")}
    assert [m for m in report.rows[0].messages if m.startswith("adds role")] == [
        f"adds role victim for {newcomer.reference} in {world.case.reference}",
        f"adds role perpetrator for {helper.reference} in {world.case.reference}"]


def test_a_refusal_only_writing_finds_writes_nothing_at_all(
    world: World, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan checks every rule first; should the domain still refuse a row when it is
    # written (another user changed something meanwhile), the whole import is rolled back.
    real = acts.write_acts
    calls: list[int] = []

    def refuse_the_second(new: acts.NewActs, **kwargs: Any) -> list[Act]:
        calls.append(1)
        if len(calls) == 2:
            raise RecordError("refused while written")
        return real(new, **kwargs)

    monkeypatch.setattr(acts, "write_acts", refuse_the_second)
    before = counts()
    report = imported(personas, world, "acts", "incident_id,act_type,victim_id,start_date\n"
                      f"{world.incident.pk},detention,{world.victim.pk},2020-08-12\n"
                      f"{world.incident.pk},detention,{world.victim.pk},2020-08-13\n")
    assert outcomes(report) == [(2, "created"), (3, "rejected")]
    assert report.rows[1].messages == ["refused while written"]
    assert report.dry_run and "line 3" in report.warnings[0]
    assert counts() == before
