"""Every date of every record follows one rule (sprava.records.dates), through the API as through
the pages and the CSV import: nothing after today, nothing before 1800, no end before its start,
no consent withdrawn before it was given."""

from __future__ import annotations

import datetime

import pytest

from tests.api.conftest import World

pytestmark = pytest.mark.django_db

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


def _refused(response: object, *words: str) -> None:
    assert response.status_code == 400, response.content  # type: ignore[attr-defined]
    detail = str(response.json()["detail"])  # type: ignore[attr-defined]
    assert all(word in detail for word in words), detail


def test_an_incident_dated_9999_is_refused_as_the_csv_import_refuses_it(world: World) -> None:
    body = {"case": world.personas.case.reference, "title": "Future", "start_date": "9999-12-31"}
    _refused(world.client("lead").post("/incidents", body), "start_date", "in the future")


@pytest.mark.parametrize(("path", "field"), [
    ("/incidents/{incident}", "start_date"), ("/acts/{act}", "end_date"),
    ("/custody-periods/{custody}", "start_date"), ("/positions/{position}", "end_date"),
    ("/persons/{victim}", "birth_date"), ("/testimonies/{testimony}", "given_on"),
    ("/consents/{consent}", "given_on"),
])
def test_no_date_of_any_record_may_be_after_today(world: World, path: str, field: str) -> None:
    url = path.format(incident=world.incident.pk, act=world.act.pk, custody=world.custody.pk,
                      position=world.position.pk, victim=world.victim.pk,
                      testimony=world.testimony.pk, consent=world.consent.pk)
    _refused(world.client("lead").patch(url, {field: TOMORROW}), field, "in the future")


def test_a_year_typed_as_0202_is_refused(world: World) -> None:
    _refused(world.client("lead").patch(f"/incidents/{world.incident.pk}",
                                        {"start_date": "0202-08-09"}), "before 1800-01-01")


def test_an_end_patched_alone_before_the_stored_start_is_refused(world: World) -> None:
    # The API's schema compared the two dates only when both were in the same body.
    start = world.incident.start_date
    assert start is not None
    earlier = (start - datetime.timedelta(days=1)).isoformat()
    _refused(world.client("lead").patch(f"/incidents/{world.incident.pk}", {"end_date": earlier}),
             "end_date", "cannot come before the start")
    world.incident.refresh_from_db()
    assert world.incident.end_date is None


def test_a_consent_withdrawn_before_it_was_given_is_refused(world: World) -> None:
    given = world.consent.given_on
    earlier = (given - datetime.timedelta(days=1)).isoformat()
    _refused(world.client("lead").patch(f"/consents/{world.consent.pk}",
                                        {"granted": False, "withdrawn_on": earlier}),
             "withdrawn_on", "withdrawn before it was given")


def test_today_is_a_date_like_any_other(world: World) -> None:
    response = world.client("lead").patch(f"/incidents/{world.incident.pk}",
                                          {"end_date": datetime.date.today().isoformat()})
    assert response.status_code == 200, response.content
