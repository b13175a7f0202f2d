"""Every records page, for every persona: members read, editors write, nobody else sees a thing.

Outsiders and administrators (who are not members of the case) get "not found" for a record of
the case, exactly as for a record that does not exist; members who may read but not write get
a polite refusal (403) that says why.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from sprava.records.models import Incident
from tests.accounts.conftest import PERSONA_NAMES
from tests.web_records.conftest import (
    OTHER_NAME,
    PERPETRATOR_NAME,
    VICTIM_NAME,
    World,
    text,
)

READERS = {"lead", "lawyer", "investigator", "analyst", "viewer"}
EDITORS = {"lead", "lawyer", "investigator"}
IDENTITY = {"lead"}  # only the lead holds identity access in the personas' case

Url = Callable[[World], str]


def read(persona: str) -> int:
    return 200 if persona in READERS else 404


def edit(persona: str) -> int:
    return 200 if persona in EDITORS else 403 if persona in READERS else 404


def edit_protected(persona: str) -> int:
    return 200 if persona in EDITORS & IDENTITY else 403 if persona in READERS else 404


def lead(persona: str) -> int:
    return 200 if persona == "lead" else 403 if persona in READERS else 404


def create_anywhere(persona: str) -> int:
    return 200 if persona in EDITORS else 403


def administrator(persona: str) -> int:
    return 200 if persona == "administrator" else 403


def everyone(persona: str) -> int:
    return 200


def nobody(persona: str) -> int:
    return 404


PAGES: list[tuple[Url, Callable[[str], int]]] = [
    # Lists: everyone signed in gets a list (of what they may see).
    (lambda w: "/cases/", everyone),
    (lambda w: "/incidents/", everyone),
    (lambda w: "/acts/", everyone),
    (lambda w: "/persons/", everyone),
    (lambda w: "/testimonies/", everyone),
    (lambda w: "/places/", everyone),
    (lambda w: "/organisations/", everyone),
    (lambda w: "/act-types/", everyone),
    # A case and its records.
    (lambda w: f"/cases/{w.case.reference}/", read),
    (lambda w: f"/cases/{w.case.reference}/edit/", lead),
    (lambda w: f"/cases/{w.case.reference}/delete/", lead),
    (lambda w: "/cases/new/", administrator),
    (lambda w: f"/incidents/{w.incident.pk}/", read),
    (lambda w: f"/incidents/{w.incident.pk}/edit/", edit),
    (lambda w: f"/incidents/{w.incident.pk}/delete/", edit),
    (lambda w: "/incidents/new/", create_anywhere),
    (lambda w: f"/incidents/new/?case={w.case.reference}", edit),
    (lambda w: f"/acts/{w.act.pk}/", read),
    (lambda w: f"/acts/{w.act.pk}/edit/", edit),
    (lambda w: f"/acts/{w.act.pk}/delete/", edit),
    (lambda w: "/acts/new/", create_anywhere),
    (lambda w: f"/acts/new/?incident={w.incident.pk}", edit),
    (lambda w: f"/involvements/new/?act={w.act.pk}", edit),
    (lambda w: f"/involvements/{w.involvement.pk}/edit/", edit),
    (lambda w: f"/involvements/{w.involvement.pk}/delete/", edit),
    (lambda w: f"/testimonies/{w.testimony.pk}/", read),
    (lambda w: f"/testimonies/{w.testimony.pk}/edit/", edit),
    (lambda w: f"/testimonies/{w.testimony.pk}/delete/", edit),
    (lambda w: "/testimonies/new/", create_anywhere),
    (lambda w: f"/testimonies/new/?case={w.case.reference}", edit),
    # Persons and what lives on their pages.
    (lambda w: f"/persons/{w.victim.pk}/", read),
    (lambda w: f"/persons/{w.victim.pk}/edit/", edit),
    (lambda w: f"/persons/{w.victim.pk}/delete/", edit),
    (lambda w: "/persons/new/", create_anywhere),
    (lambda w: f"/names/new/?person={w.victim.pk}", edit),
    (lambda w: f"/names/{w.victim.names.first().pk}/edit/", edit),  # type: ignore[union-attr]
    (lambda w: f"/roles/new/?person={w.victim.pk}", edit),
    (lambda w: f"/custody/new/?person={w.victim.pk}", edit),
    (lambda w: f"/custody/{w.custody.pk}/edit/", edit),
    (lambda w: f"/custody/{w.custody.pk}/delete/", edit),
    (lambda w: f"/positions/new/?person={w.perpetrator.pk}", edit),
    (lambda w: f"/consents/new/?person={w.victim.pk}", edit),
    # A protected person: reading shows a pseudonym; changing identity needs identity access.
    (lambda w: f"/persons/{w.witness.pk}/", read),
    (lambda w: f"/persons/{w.witness.pk}/edit/", edit_protected),
    (lambda w: f"/names/new/?person={w.witness.pk}", edit_protected),
    (lambda w: f"/names/{w.witness.names.first().pk}/edit/", edit_protected),  # type: ignore[union-attr]
    (lambda w: f"/custody/new/?person={w.witness.pk}", edit),
    # Reference data: everyone reads it, administrators keep it.
    (lambda w: f"/places/{w.akrestsina.pk}/", everyone),
    (lambda w: f"/places/{w.akrestsina.pk}/edit/", administrator),
    (lambda w: f"/places/{w.akrestsina.pk}/delete/", administrator),
    (lambda w: "/places/new/", administrator),
    (lambda w: f"/organisations/{w.unit.pk}/", everyone),
    (lambda w: f"/organisations/{w.unit.pk}/edit/", administrator),
    (lambda w: "/organisations/new/", administrator),
    (lambda w: f"/act-types/{w.beating.pk}/", everyone),
    (lambda w: f"/act-types/{w.beating.pk}/edit/", administrator),
    (lambda w: "/act-types/new/", administrator),
    # Another team's case: not found, whoever asks.
    (lambda w: f"/cases/{w.other_case.reference}/", nobody),
    (lambda w: f"/cases/{w.other_case.reference}/edit/", nobody),
    (lambda w: f"/incidents/{w.other_incident.pk}/", nobody),
    (lambda w: f"/incidents/{w.other_incident.pk}/edit/", nobody),
    (lambda w: f"/incidents/{w.other_incident.pk}/delete/", nobody),
    (lambda w: f"/incidents/new/?case={w.other_case.reference}", nobody),
    (lambda w: f"/acts/{w.other_act.pk}/", nobody),
    (lambda w: f"/acts/new/?incident={w.other_incident.pk}", nobody),
    (lambda w: f"/persons/{w.other_person.pk}/", nobody),
    (lambda w: f"/persons/{w.other_person.pk}/edit/", nobody),
    (lambda w: f"/custody/new/?person={w.other_person.pk}", nobody),
    # Records that do not exist: the same answer.
    (lambda w: "/incidents/999999/", nobody),
    (lambda w: "/persons/999999/", nobody),
    (lambda w: "/cases/no-such-case/", nobody),
]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_page_answers_each_persona_as_its_role_allows(
    world: World, client_of: Callable[[str], Client], persona: str
) -> None:
    client = client_of(persona)
    wrong = []
    for url_of, expected_for in PAGES:
        url, expected = url_of(world), expected_for(persona)
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{url}: {status}, expected {expected}")
    assert wrong == []


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_lists_show_only_the_readers_cases(
    world: World, client_of: Callable[[str], Client], persona: str
) -> None:
    client = client_of(persona)
    pages = "".join(text(client.get(url)) for url in
                    ("/cases/", "/incidents/", "/acts/", "/persons/", "/testimonies/",
                     f"/places/{world.akrestsina.pk}/", f"/organisations/{world.unit.pk}/"))
    # Nobody here is a member of the other team's case.
    for secret in (world.other_case.reference, world.other_incident.title, OTHER_NAME):
        assert secret not in pages
    for own in (world.case.reference, world.incident.title, VICTIM_NAME, PERPETRATOR_NAME):
        assert (own in pages) == (persona in READERS), own


def test_the_other_team_sees_its_own_case_only(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("other_lead")
    pages = text(client.get("/incidents/")) + text(client.get("/persons/"))
    assert world.other_incident.title in pages and OTHER_NAME in pages
    assert world.incident.title not in pages and VICTIM_NAME not in pages


def test_anonymous_visitors_are_sent_to_log_in(world: World, client: Client) -> None:
    for url in ("/incidents/", f"/incidents/{world.incident.pk}/", "/persons/new/",
                "/thumbnails/1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_refusal_says_why_and_changes_nothing(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("viewer").post(f"/incidents/{world.incident.pk}/edit/",
                                        {"case": world.case.pk, "title": "Changed by a viewer",
                                         "date_precision": "day"})
    assert response.status_code == 403
    page = text(response)
    assert "You may not do this" in page
    assert "not change it" in page and "lead of the case" in page
    assert Incident.objects.get(pk=world.incident.pk).title == "Beatings at Akrestsina"


def test_an_outsider_cannot_change_or_delete_by_posting(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("outsider")
    assert client.post(f"/incidents/{world.incident.pk}/edit/",
                       {"title": "x"}).status_code == 404
    assert client.post(f"/incidents/{world.incident.pk}/delete/",
                       {"reason": "x"}).status_code == 404
    assert client.post(f"/incidents/{world.incident.pk}/evidence/",
                       {"item": 1}).status_code == 404
    assert client.post("/incidents/new/", {"case": world.case.pk, "title": "Planted",
                                           "date_precision": "day"}).status_code == 403
    assert Incident.objects.filter(title__in=["x", "Planted"]).count() == 0


def test_a_viewer_cannot_create_in_a_case_by_posting_its_id(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("viewer").post("/incidents/new/", {
        "case": world.case.pk, "title": "Planted", "date_precision": "day"})
    assert response.status_code == 403
    assert not Incident.objects.filter(title="Planted").exists()


def test_an_investigator_cannot_file_into_another_teams_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post("/incidents/new/", {
        "case": world.other_case.pk, "title": "Planted", "date_precision": "day"})
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert not Incident.objects.filter(title="Planted").exists()
