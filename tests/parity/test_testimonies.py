"""A testimony recorded through the page and through the API is one change
(`sprava.records.testimonies`), and both obey its rule of dates: an account is not given before
the incident it recounts, unless the incident's start is approximate or unknown, or the source
is a document (an order, a plan) that may well predate it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sprava.accounts.members import add_member
from sprava.ledger import tags
from sprava.records import models as records
from sprava.records import services
from sprava.records.models import Incident
from sprava.records.services import RecordError
from sprava.records.testimonies import save_testimony
from tests.accounts.conftest import Personas
from tests.api.conftest import ApiClient
from tests.parity.conftest import actions, mark, record_events
from tests.web_records.conftest import ACTOR, World, text
from tests.web_records.test_forms import field_errors
from tests.web_records.test_translations import choose_language

REASON = "recorded at the office"


def on_the_page(client: Client, world: World, *, given_on: str = "2021-04-02",
                kind: str = "interview", incidents: list[Incident] | None = None,
                path: str = "/testimonies/new/", **extra: Any) -> Any:
    linked = [world.incident] if incidents is None else incidents
    return client.post(path, {
        "case": world.case.pk, "given_by": f"P-{world.victim.pk:06d}", "kind": kind,
        "given_on": given_on, "language": "be", "reliability": "B", "taken_by": "A. K.",
        "transcript": "They kept us in the yard all night.",
        "incidents": ", ".join(str(i.pk) for i in linked), "reason": REASON, **extra})


def through_the_api(api: ApiClient, world: World, *, given_on: str = "2021-04-02",
                    kind: str = "interview", incidents: list[Incident] | None = None) -> Any:
    linked = [world.incident] if incidents is None else incidents
    return api.post(f"/testimonies?reason={REASON.replace(' ', '+')}", {
        "case": world.case.reference, "given_by": world.victim.pk, "kind": kind,
        "given_on": given_on, "language": "be", "reliability": "B", "taken_by": "A. K.",
        "transcript": "They kept us in the yard all night.",
        "incidents": [i.pk for i in linked]})


def rows(testimony: records.Testimony) -> dict[str, Any]:
    fields = ("case_id", "given_by_id", "kind", "given_on", "language", "transcript",
              "translation", "translation_language", "reliability", "taken_by", "notes")
    return {**{name: getattr(testimony, name) for name in fields},
            "incidents": sorted(testimony.incidents.values_list("pk", flat=True))}


def newest() -> records.Testimony:
    found = records.Testimony.objects.order_by("-pk").first()
    assert found is not None
    return found


def test_a_testimony_recorded_on_the_page_is_the_one_the_api_records(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    start = mark()
    assert on_the_page(client_of("investigator"), world).status_code == 302
    paged, by_page, start = newest(), record_events(start), mark()
    assert through_the_api(api, world).status_code == 201
    sent = newest()
    assert rows(paged) == rows(sent) and paged.pk != sent.pk
    assert by_page == record_events(start)
    # The testimony, then the incidents it speaks of (the victim has a role already).
    assert actions(by_page) == [tags.record_action("testimony", tags.CREATED),
                                tags.record_action("testimony", tags.CHANGED)]


def test_changing_a_testimony_is_the_same_change_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    on_the_page(client_of("investigator"), world)
    paged = newest()
    through_the_api(api, world)
    sent = newest()
    start = mark()
    response = on_the_page(client_of("investigator"), world, given_on="2021-05-05",
                           path=f"/testimonies/{paged.pk}/edit/", reliability="C")
    assert response.status_code == 302
    by_page, start = record_events(start), mark()
    answer = api.patch(f"/testimonies/{sent.pk}", {"given_on": "2021-05-05",
                                                   "reliability": "C"})
    assert answer.status_code == 200, answer.json()
    paged.refresh_from_db()
    sent.refresh_from_db()
    assert rows(paged) == rows(sent)
    changes = [(e["action"], e["details"].get("changes")) for e in by_page]
    assert changes == [(e["action"], e["details"].get("changes"))
                       for e in record_events(start)]


# --- the rule of dates ----------------------------------------------------------------------


def test_a_testimony_dated_before_its_incident_is_refused_on_both_naming_it(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # The incident began on 2020-08-11, known to the day.
    api = api_of("investigator")
    start, count = mark(), records.Testimony.objects.count()
    page = on_the_page(client_of("investigator"), world, given_on="2020-08-01")
    assert page.status_code == 400
    [error] = field_errors(text(page), "given_on")
    assert f"#{world.incident.pk}" in error and "Beatings at Akrestsina" in error
    answer = through_the_api(api, world, given_on="2020-08-01")
    assert answer.status_code == 400
    assert f"#{world.incident.pk}" in answer.json()["detail"]
    assert "before what it recounts" in answer.json()["detail"]
    assert records.Testimony.objects.count() == count and record_events(start) == []


@pytest.mark.parametrize(("language", "words"), [("be", "да пачатку інцыдэнту"),
                                                 ("ru", "до начала инцидента")])
def test_the_refusal_reads_in_the_pages_language(
    world: World, client_of: Callable[[str], Client], language: str, words: str
) -> None:
    client = choose_language(client_of("investigator"), language)
    try:
        page = on_the_page(client, world, given_on="2020-08-01")
    finally:
        translation.deactivate()  # a request leaves its language active in this thread
    [error] = field_errors(text(page), "given_on")
    assert words in error and f"№{world.incident.pk}" in error


def test_a_testimony_moved_before_its_incident_is_refused_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # The world's testimony speaks of the incident; only its date changes.
    start = mark()
    page = client_of("lead").post(f"/testimonies/{world.testimony.pk}/edit/", {
        "case": world.case.pk, "given_by": f"P-{world.witness.pk:06d}", "kind": "interview",
        "given_on": "2019-01-01", "reliability": "F", "incidents": str(world.incident.pk)})
    assert page.status_code == 400
    answer = api_of("lead").patch(f"/testimonies/{world.testimony.pk}",
                                  {"given_on": "2019-01-01"})
    assert answer.status_code == 400
    stored = records.Testimony.objects.get(pk=world.testimony.pk)
    assert stored.given_on == datetime.date(2021, 3, 1)
    assert record_events(start) == []


def test_an_incident_known_only_approximately_may_be_spoken_of_earlier(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    incident = world.incident
    incident.date_precision = "approximate"  # "c. 2020-08-11": it may have begun before
    services.save_record(incident, actor=ACTOR)
    assert on_the_page(client_of("investigator"), world, given_on="2020-08-01"
                       ).status_code == 302
    assert through_the_api(api_of("investigator"), world, given_on="2020-08-01"
                           ).status_code == 201


def test_an_incident_known_to_the_month_is_not_spoken_of_before_that_month(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    incident = world.incident
    incident.start_date, incident.date_precision = datetime.date(2020, 8, 1), "month"
    services.save_record(incident, actor=ACTOR)
    api = api_of("investigator")
    assert through_the_api(api, world, given_on="2020-08-05").status_code == 201
    assert through_the_api(api, world, given_on="2020-07-31").status_code == 400


def test_a_document_may_predate_the_incident_it_speaks_of(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # An order to "clear the square", signed the day before: evidence of what was intended.
    assert on_the_page(client_of("investigator"), world, given_on="2020-08-10",
                       kind="document").status_code == 302
    assert through_the_api(api_of("investigator"), world, given_on="2020-08-10",
                           kind="document").status_code == 201


def test_the_domain_refuses_an_incident_of_another_case_whoever_calls_it(world: World) -> None:
    testimony = records.Testimony(case=world.case, kind="interview")
    start = mark()
    with pytest.raises(RecordError, match=f"#{world.other_incident.pk} belongs to another case"):
        save_testimony(testimony, incidents=[world.other_incident], actor=ACTOR)
    assert testimony.pk is None and record_events(start) == []


def test_whoever_gave_it_is_seen_in_the_case_through_either_front_end(
    world: World, personas: Personas, api_of: Callable[[str], ApiClient]
) -> None:
    # The lead also views the other team's case, and so sees its victim: a testimony of theirs
    # here makes them this case's source (the page always did this; now the API does too).
    add_member(world.other_case, personas.lead, "viewer", actor=ACTOR)
    answer = api_of("lead").post("/testimonies", {
        "case": world.case.reference, "kind": "interview", "given_by": world.other_person.pk})
    assert answer.status_code == 201, answer.json()
    assert world.other_person.roles.get(case=world.case).role == "source"
    # One who has a role in the case keeps just that: the victim does not also become a source.
    save_testimony(records.Testimony(case=world.case, kind="interview", given_by=world.victim),
                   actor=ACTOR)
    assert list(world.victim.roles.values_list("role", flat=True)) == ["victim"]


# --- who may --------------------------------------------------------------------------------


def test_a_member_of_another_case_cannot_record_a_testimony_in_this_one(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    start, count = mark(), records.Testimony.objects.count()
    page = client_of("other_lead").post("/testimonies/new/", {
        "case": world.case.pk, "kind": "interview", "reliability": "F"})
    assert page.status_code in (400, 403)
    answer = api_of("other_lead").post("/testimonies", {
        "case": world.case.reference, "kind": "interview"})
    assert answer.status_code in (400, 403)
    assert records.Testimony.objects.count() == count and record_events(start) == []


def test_a_member_of_another_case_cannot_link_this_cases_incident(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    theirs = save_testimony(records.Testimony(case=world.other_case, kind="interview"),
                            incidents=[world.other_incident], actor=ACTOR)
    start = mark()
    page = client_of("other_lead").post(f"/testimonies/{theirs.pk}/edit/", {
        "case": world.other_case.pk, "kind": "interview", "reliability": "F",
        "incidents": f"{world.other_incident.pk}, {world.incident.pk}"})
    assert page.status_code == 400
    answer = api_of("other_lead").patch(f"/testimonies/{theirs.pk}", {
        "incidents": [world.other_incident.pk, world.incident.pk]})
    assert answer.status_code == 400
    assert list(theirs.incidents.values_list("pk", flat=True)) == [world.other_incident.pk]
    assert record_events(start) == []
