"""Protected identities: a pseudonym for everyone without identity access, a ledger entry for
every page that shows the name to someone with it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from sprava.records import services
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import CustodyPeriod, Person, PersonRole
from tests.web_records.conftest import (
    ACTOR,
    VICTIM_NAME,
    WITNESS_NAME,
    WITNESS_NAME_BE,
    World,
    entries,
    person,
    text,
)

WITHOUT_IDENTITY = ("lawyer", "investigator", "analyst", "viewer")


def pages(world: World) -> list[str]:
    w = world
    return [
        "/persons/", f"/persons/{w.witness.pk}/", f"/incidents/{w.incident.pk}/", "/acts/",
        f"/acts/{w.act2.pk}/", f"/acts/?victim={w.witness.pk}", "/testimonies/",
        f"/testimonies/{w.testimony.pk}/", f"/places/{w.akrestsina.pk}/",
        "/persons/?role=witness",
    ]


def edit_pages(world: World) -> list[str]:
    w = world
    return [f"/testimonies/{w.testimony.pk}/edit/",
            f"/custody/new/?person={w.witness.pk}"]


@pytest.fixture
def held(world: World) -> CustodyPeriod:
    """The witness was held at Akrestsina too, so the place's page lists them."""
    period = CustodyPeriod(person=world.witness, place=world.akrestsina, acknowledged=True,
                           start_date=datetime.date(2020, 8, 9))
    return services.save_record(period, actor=ACTOR)


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_a_protected_name_never_reaches_a_reader_without_identity_access(
    world: World, held: CustodyPeriod, client_of: Callable[[str], Client], persona: str
) -> None:
    client = client_of(persona)
    urls = [*pages(world), f"/cases/{world.case.reference}/"]
    if persona in ("lawyer", "investigator"):
        urls += edit_pages(world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        for secret in (WITNESS_NAME, WITNESS_NAME_BE, "Secretwitness", "Сакрэтны"):
            assert secret.encode() not in body, (url, secret)
    assert b"W-0001" in client.get(f"/persons/{world.witness.pk}/").content
    assert entries(IDENTITY_REVEALED) == []


def test_protected_birth_date_and_notes_stay_hidden(
    world: World, client_of: Callable[[str], Client]
) -> None:
    services.save_record(Person.objects.get(pk=world.witness.pk), actor=ACTOR)
    page = text(client_of("viewer").get(f"/persons/{world.witness.pk}/"))
    assert "notes about" not in page
    assert "1990-05-01" not in page
    lead_page = text(client_of("lead").get(f"/persons/{world.witness.pk}/"))
    assert "1990-05-01" in lead_page and "notes about" in lead_page


def test_identity_access_shows_the_name_and_the_ledger_records_each_page(
    world: World, held: CustodyPeriod, client_of: Callable[[str], Client]
) -> None:
    client = client_of("lead")
    for url in pages(world):
        before = len(entries(IDENTITY_REVEALED))
        page = text(client.get(url))
        assert WITNESS_NAME in page, url
        revealed = entries(IDENTITY_REVEALED)
        assert len(revealed) == before + 1, url
        event = revealed[-1]
        assert event["actor"] == "user:lead"
        assert event["details"]["persons"] == [f"records.person:{world.witness.pk}"]
        assert event["details"]["channel"] == f"web {url.split('?')[0]}"
        assert WITNESS_NAME not in str(event)  # the ledger names the record, not the person


def test_the_person_page_lists_every_name_to_those_with_identity_access(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("lead").get(f"/persons/{world.witness.pk}/"))
    assert WITNESS_NAME_BE in page and "(W-0001)" in page


def test_pages_without_protected_persons_write_no_reveal(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client_of("lead").get(f"/persons/{world.victim.pk}/")
    client_of("lead").get("/places/")
    assert entries(IDENTITY_REVEALED) == []


def test_searching_a_protected_name_finds_nothing_without_identity_access(
    world: World, client_of: Callable[[str], Client]
) -> None:
    # Otherwise the answer "W-0001" would tell the searcher who hides behind the pseudonym.
    for query in ("Secretwitness", "Сакрэтны", "Sakretny"):
        page = text(client_of("viewer").get("/persons/", {"q": query}))
        assert "W-0001" not in page and "No persons match" in page, query
        assert "W-0001" in text(client_of("lead").get("/persons/", {"q": query})), query
    assert "W-0001" in text(client_of("viewer").get("/persons/", {"q": "w-0001"}))


def test_names_are_found_across_scripts(
    world: World, client_of: Callable[[str], Client]
) -> None:
    person("Аляксандр Лукашэнка", world.case, "perpetrator")
    for query in ("Lukashenko", "Лукашенко", "лукашэнка"):
        page = text(client_of("viewer").get("/persons/", {"q": query}))
        assert "Аляксандр Лукашэнка" in page, query
        assert VICTIM_NAME not in page


def test_a_persons_history_leaves_out_what_another_team_recorded_in_its_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    services.save_record(PersonRole(person=world.victim, case=world.other_case, role="witness"),
                         actor="user:other_lead", reason="seen at the other team's hearing")
    page = text(client_of("viewer").get(f"/persons/{world.victim.pk}/"))
    assert "other_lead" not in page and "other team" not in page
    assert world.other_case.reference not in page
    assert "records:personname:created" in page  # the person's own history is there
