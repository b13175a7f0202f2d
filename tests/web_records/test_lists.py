"""Lists: paged by fifty, sorted by clicking a heading, filtered by what matters."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client

from sprava.records import services
from sprava.records.models import Incident, PersonRole
from tests.web_records.conftest import ACTOR, VICTIM_NAME, World, text


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/incidents/\d+/">([^<]*)</a>', page.split("<tbody>")[1])


def add_incidents(world: World, count: int) -> None:
    services.create_many([
        Incident(case=world.case, title=f"Incident {n:03d}",
                 start_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
        for n in range(count)], actor=ACTOR)


def test_a_list_is_paged_by_fifty_and_the_pager_keeps_the_filters(
    world: World, client_of: Callable[[str], Client]
) -> None:
    add_incidents(world, 60)
    client = client_of("viewer")
    first = text(client.get("/incidents/", {"case": world.case.reference, "sort": "title"}))
    assert len(titles(first)) == 50
    assert "Page 1 of 2" in first and "1–50 of 61" in first
    assert f'href="?case={world.case.reference}&amp;sort=title&amp;page=2"' in first
    second = text(client.get("/incidents/", {"case": world.case.reference, "sort": "title",
                                             "page": "2"}))
    assert len(titles(second)) == 11
    assert client.get("/incidents/", {"page": "999"}).status_code == 200  # the last page


def test_clicking_a_heading_sorts_and_clicking_again_reverses(
    world: World, client_of: Callable[[str], Client]
) -> None:
    add_incidents(world, 3)
    client = client_of("viewer")
    page = text(client.get("/incidents/", {"sort": "title"}))
    assert titles(page) == ["Beatings at Akrestsina", "Incident 000", "Incident 001",
                            "Incident 002"]
    assert 'aria-sort="ascending"><a href="?sort=-title">Title' in page
    page = text(client.get("/incidents/", {"sort": "-title"}))
    assert titles(page)[0] == "Incident 002"
    assert 'aria-sort="descending"><a href="?sort=title">Title' in page
    # By default: newest first. An unknown sort key falls back to it.
    assert titles(text(client.get("/incidents/")))[0] == "Incident 002"
    assert titles(text(client.get("/incidents/", {"sort": "narrative"})))[0] == "Incident 002"


def test_incidents_filter_by_date_range_place_and_title(
    world: World, client_of: Callable[[str], Client]
) -> None:
    add_incidents(world, 10)
    client = client_of("viewer")
    page = text(client.get("/incidents/", {"start": "2021-01-03", "end": "2021-01-05"}))
    assert sorted(titles(page)) == ["Incident 002", "Incident 003", "Incident 004"]
    # Minsk holds Akrestsina: filtering by the city finds incidents at the prison.
    assert titles(text(client.get("/incidents/", {"place": world.minsk.pk}))) == [
        "Beatings at Akrestsina"]
    assert titles(text(client.get("/incidents/", {"q": "akrest"}))) == ["Beatings at Akrestsina"]


def test_a_wrong_filter_value_is_shown_and_not_obeyed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get("/incidents/", {"case": world.other_case.reference,
                                                        "start": "not a date"}))
    assert "Select a valid choice" in page and "Enter a valid date" in page
    assert world.other_incident.title not in page
    assert "Beatings at Akrestsina" in page


def test_acts_filter_by_type_victim_perpetrator_unit_and_incident(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("viewer")

    def acts(**params: object) -> list[str]:
        page = text(client.get("/acts/", params))
        return re.findall(r'<a href="/acts/(\d+)/">', page)

    act, act2 = str(world.act.pk), str(world.act2.pk)
    assert sorted(acts()) == sorted([act, act2])
    assert acts(act_type="beating") == [act]
    assert acts(victim=world.victim.pk) == [act]
    assert acts(victim=world.witness.pk) == []  # what a hidden person suffered is withheld
    assert acts(perpetrator=world.perpetrator.pk) == [act]
    assert acts(organisation=world.unit.pk) == [act]
    assert sorted(acts(incident=world.incident.pk)) == sorted([act, act2])
    assert acts(place=world.minsk.pk) == [act]
    assert acts(start="2020-08-11") == [act]


def test_persons_filter_by_case_role_and_protection(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("lead")

    def people(**params: object) -> list[str]:
        page = text(client.get("/persons/", params))
        return re.findall(r'<a href="/persons/\d+/">(P-\d+)</a>', page)

    refs = {p: f"P-{p.pk:06d}" for p in (world.victim, world.witness, world.perpetrator)}
    assert people(role="victim") == [refs[world.victim]]
    assert people(case=world.case.reference, role="perpetrator") == [refs[world.perpetrator]]
    assert people(protected="yes") == [refs[world.witness]]
    assert people(q="vyctimovich") == [refs[world.victim]]
    assert people(q=refs[world.perpetrator]) == [refs[world.perpetrator]]


def test_a_persons_roles_in_cases_the_reader_cannot_see_stay_unnamed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    services.save_record(PersonRole(person=world.victim, case=world.other_case, role="witness"),
                         actor=ACTOR)
    page = text(client_of("viewer").get("/persons/"))
    assert VICTIM_NAME in page
    assert world.other_case.reference not in page


def test_reference_lists_are_readable_by_everyone_and_filterable(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("outsider")
    page = text(client.get("/places/", {"kind": "detention", "within": world.minsk.pk}))
    rows = page.split("<tbody>")[1]
    assert "Akrestsina" in rows and "Brest" not in rows
    assert "New place" not in page  # only administrators keep the list
    assert "New place" in text(client_of("administrator").get("/places/"))
    assert "Beating" in text(client.get("/act-types/"))
    assert "TRPC" in text(client.get("/organisations/", {"q": "riot"}))


def test_an_empty_list_says_why(client_of: Callable[[str], Client], world: World) -> None:
    page = text(client_of("outsider").get("/incidents/"))
    assert "No incidents yet in your cases" in page
    assert "The lead of a case adds members" in page


def _sorted_lists() -> list[tuple[str, str]]:
    from sprava.web.records.config import KINDS

    return [(kind.path, f"{direction}{key}") for kind in KINDS.values() if kind.listed
            for key in kind.sorts for direction in ("", "-")]


@pytest.mark.parametrize(("path", "sort"), _sorted_lists())
def test_every_list_sorts_by_every_column_it_offers(
    world: World, client_of: Callable[[str], Client], path: str, sort: str
) -> None:
    response = client_of("lead").get(f"/{path}/", {"sort": sort})
    assert response.status_code == 200
    assert "<tbody>" in text(response)  # the personas' case has a row of every kind
