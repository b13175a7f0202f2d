"""The testimonies' rule of dates read from the incident's side (`sprava.records.testimonies`,
`sprava.records.incidents`): an incident may not be moved to start after an interview or a
written statement that speaks of it was given, through the page and the API alike. The refusal
names those testimonies by reference, never by who gave them, and never names a testimony the
incident's team cannot see.

The world's incident began on 2020-08-11 (known to the day); the world's testimony, an
interview of a protected witness given on 2021-03-01, speaks of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sprava.ledger import tags
from sprava.records import models as records
from sprava.records import services
from sprava.records.incidents import save_incident
from sprava.records.models import Incident
from sprava.records.services import RecordError
from tests.api.conftest import ApiClient
from tests.parity.conftest import actions, mark, record_events
from tests.web_records.conftest import (
    ACTOR,
    WITNESS_NAME,
    WITNESS_NAME_BE,
    World,
    text,
)
from tests.web_records.test_forms import field_errors
from tests.web_records.test_translations import choose_language

REASON = "the date was checked against the court record"


def reference(testimony: records.Testimony) -> str:
    return f"T-{testimony.pk:06d}"


def on_the_page(client: Client, world: World, *, start: str = "2021-06-01",
                precision: str = "day", incident: Incident | None = None) -> Any:
    incident = incident or world.incident
    return client.post(f"/incidents/{incident.pk}/edit/", {
        "case": incident.case_id, "title": incident.title, "start_date": start,
        "end_date": "", "date_precision": precision,
        "place": incident.place_id or "", "place_detail": incident.place_detail,
        "narrative": incident.narrative, "reason": REASON})


def through_the_api(api: ApiClient, world: World, *, start: str = "2021-06-01",
                    precision: str = "day", incident: Incident | None = None) -> Any:
    incident = incident or world.incident
    return api.patch(f"/incidents/{incident.pk}?reason={REASON.replace(' ', '+')}",
                     {"start_date": start, "date_precision": precision})


def stored(incident: Incident) -> tuple[datetime.date | None, str]:
    row = Incident.objects.get(pk=incident.pk)
    return row.start_date, row.date_precision


def no_name_in(message: str) -> bool:
    return WITNESS_NAME not in message and WITNESS_NAME_BE not in message


def speaking_of(world: World, *, case: Any = None, given_on: datetime.date,
              kind: str = "interview") -> records.Testimony:
    made = services.save_record(records.Testimony(
        case=case or world.case, kind=kind, given_on=given_on, language="be",
        transcript="We were told to disperse."), actor=ACTOR)
    made.incidents.add(world.incident)
    return made


# --- the rule ---------------------------------------------------------------------------------


def test_an_incident_moved_after_a_testimony_of_it_is_refused_on_both_naming_the_testimony(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    start, before = mark(), stored(world.incident)
    page = on_the_page(client_of("investigator"), world)
    assert page.status_code == 400
    [error] = field_errors(text(page), "start_date")
    assert reference(world.testimony) in error and "before what it recounts" in error
    assert no_name_in(error)
    answer = through_the_api(api_of("investigator"), world)
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert reference(world.testimony) in detail and "2021-06-01" in detail
    assert no_name_in(detail)
    assert stored(world.incident) == before and record_events(start) == []


def test_an_incident_made_exact_again_is_refused_when_a_testimony_would_predate_it(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # "c. 2021-06-01" may have begun months before: the interview of March stood. Known to
    # the day, it cannot.
    incident = world.incident
    incident.start_date, incident.date_precision = datetime.date(2021, 6, 1), "approximate"
    services.save_record(incident, actor=ACTOR)
    start = mark()
    assert on_the_page(client_of("investigator"), world).status_code == 400
    assert through_the_api(api_of("investigator"), world).status_code == 400
    assert stored(incident) == (datetime.date(2021, 6, 1), "approximate")
    assert record_events(start) == []


def test_a_later_start_marked_approximate_is_the_same_change_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    start = mark()
    page = on_the_page(client_of("investigator"), world, precision="approximate")
    assert page.status_code == 302
    by_page = record_events(start)
    assert stored(world.incident) == (datetime.date(2021, 6, 1), "approximate")
    # Back as it was, then the same change through the API.
    incident = Incident.objects.get(pk=world.incident.pk)
    incident.start_date, incident.date_precision = datetime.date(2020, 8, 11), "day"
    services.save_record(incident, actor=ACTOR, reason=REASON)
    start = mark()
    answer = through_the_api(api_of("investigator"), world, precision="approximate")
    assert answer.status_code == 200, answer.json()
    assert actions(by_page) == [tags.record_action("incident", tags.CHANGED)]
    by_api = record_events(start)
    assert [e["details"].get("changes") for e in by_page] == [
        e["details"].get("changes") for e in by_api]
    assert [e["reason"] for e in by_api] == [REASON]


def test_a_start_on_or_before_every_account_is_accepted(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    # The interview was given on 2021-03-01: an incident of that very day is not after it.
    assert through_the_api(api_of("investigator"), world, start="2021-03-01").status_code == 200


def test_documents_and_open_sources_may_predate_the_incident(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # An order to disperse, signed the day before: the incident may start after it.
    world.testimony.incidents.remove(world.incident)
    speaking_of(world, given_on=datetime.date(2021, 5, 31), kind="document")
    speaking_of(world, given_on=datetime.date(2021, 5, 30), kind="open_source")
    assert on_the_page(client_of("investigator"), world).status_code == 302
    assert through_the_api(api_of("investigator"), world, start="2021-06-02"
                           ).status_code == 200


def test_every_predating_testimony_is_named_in_order(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    second = speaking_of(world, given_on=datetime.date(2021, 4, 1), kind="written")
    speaking_of(world, given_on=datetime.date(2021, 7, 1))  # after the new start: not named
    detail = through_the_api(api_of("investigator"), world).json()["detail"]
    named = f"{reference(world.testimony)}, {reference(second)}"
    assert f"Testimonies {named} speak of this incident" in detail


def test_the_domain_refuses_whoever_calls_it(world: World) -> None:
    incident = Incident.objects.get(pk=world.incident.pk)
    incident.start_date = datetime.date(2021, 6, 1)
    start = mark()
    with pytest.raises(RecordError, match=reference(world.testimony)):
        save_incident(incident, actor=ACTOR)
    assert stored(world.incident) == (datetime.date(2020, 8, 11), "day")
    assert record_events(start) == []


@pytest.mark.parametrize(("language", "words"), [("be", "раней за"), ("ru", "раньше")])
def test_the_refusal_reads_in_the_pages_language(
    world: World, client_of: Callable[[str], Client], language: str, words: str
) -> None:
    client = choose_language(client_of("investigator"), language)
    try:
        page = on_the_page(client, world)
    finally:
        translation.deactivate()  # a request leaves its language active in this thread
    [error] = field_errors(text(page), "start_date")
    assert words in error and reference(world.testimony) in error


# --- attacks ---------------------------------------------------------------------------------


def test_a_testimony_of_another_case_is_never_named_to_the_incidents_team(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # How another case's testimony comes to speak of this incident: the incident was moved
    # here from the case the testimony belongs to (its case can be changed), the link stayed.
    foreign = speaking_of(world, case=world.other_case, given_on=datetime.date(2020, 12, 1))
    # Their team's interview of December would predate a January start; ours would not.
    assert on_the_page(client_of("investigator"), world, start="2021-01-01").status_code == 302
    # A start after both: the refusal names ours only, on both front ends.
    page = on_the_page(client_of("investigator"), world)
    [error] = field_errors(text(page), "start_date")
    answer = through_the_api(api_of("investigator"), world).json()["detail"]
    for message in (error, answer):
        assert reference(world.testimony) in message
        assert reference(foreign) not in message and "and 1 more" not in message
        assert f"Testimony {reference(world.testimony)} speaks" in message


def test_the_testimonys_team_cannot_probe_the_incident_either(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    # The other team's lead sees neither the incident nor a refusal about it.
    speaking_of(world, case=world.other_case, given_on=datetime.date(2020, 12, 1))
    answer = through_the_api(api_of("other_lead"), world)
    assert answer.status_code == 404
    assert stored(world.incident) == (datetime.date(2020, 8, 11), "day")
