"""The pages apply the one rule of every record's dates (sprava.records.dates), shown beside the
field: the same refusals as the API and the CSV import."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client

from sprava.records.models import Incident, Person
from tests.web_records.conftest import World, entries, text
from tests.web_records.test_forms import field_errors

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


def test_an_incident_dated_9999_is_refused_beside_its_field(
    world: World, client_of: Callable[[str], Client]
) -> None:
    before = len(entries())
    response = client_of("investigator").post("/incidents/new/", {
        "case": world.case.pk, "title": "Future", "date_precision": "day",
        "start_date": "9999-12-31"})
    assert response.status_code == 400
    [error] = field_errors(text(response), "start_date")
    assert "9999-12-31 is in the future" in error
    assert not Incident.objects.filter(title="Future").exists()
    assert len(entries()) == before


def test_a_birth_date_after_today_is_refused_on_the_person_page(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/persons/{world.victim.pk}/edit/", {
        "gender": "female", "birth_date": TOMORROW, "birth_precision": "day"})
    assert response.status_code == 400
    assert "in the future" in " ".join(field_errors(text(response), "birth_date"))
    assert Person.objects.get(pk=world.victim.pk).birth_date == datetime.date(1990, 5, 1)


def test_a_year_typed_as_0202_is_refused_on_the_incident_page(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/incidents/{world.incident.pk}/edit/", {
        "case": world.case.pk, "title": "Beatings", "date_precision": "day",
        "start_date": "0202-08-11"})
    assert response.status_code == 400
    assert "before 1800-01-01" in " ".join(field_errors(text(response), "start_date"))
