"""The case dashboard: counts, acts by type, a timeline and a map, for members only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava import instance
from sprava.accounts.members import add_member
from sprava.records import services
from sprava.records.demo import DemoSize, load_demo
from sprava.records.models import Case, Incident, Place
from sprava.search.figures import case_figures
from tests.accounts.conftest import PERSONA_NAMES, ROLES
from tests.insight.conftest import text
from tests.search.conftest import ACTOR, World, save

URL = "/cases/akrestsina-2020/dashboard/"


def tiles(html: str) -> dict[str, int]:
    return {label: int(value) for value, label in
            re.findall(r"<strong>(\d+)</strong> <span>([^<]+)</span>", html)}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_members_only(client_of, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    response = client_of(name).get(URL)
    assert response.status_code == (200 if name in ROLES else 404)


def test_another_teams_case_is_not_found(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client_of("viewer").get("/cases/okrestina-other/dashboard/").status_code == 404
    assert client_of("other_lead").get(URL).status_code == 404
    assert client_of("other_lead").get("/cases/okrestina-other/dashboard/").status_code == 200
    assert client_of("viewer").get("/cases/no-such-case/dashboard/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_counts_and_acts_by_type(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title="Undated"))
    html = text(client_of("viewer").get(URL))
    assert tiles(html) == {"Incidents": 2, "Acts": 1, "Victims": 1, "Perpetrators": 1,
                           "Testimonies": 1, "Evidence items": 0}
    assert '<a href="/acts/?case=akrestsina-2020&amp;act_type=beating">Beating</a>' in html
    assert "1 without a date" in html


def test_a_timeline_with_a_bar_per_month_linking_to_its_incidents(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title="Later", start_date=datetime.date(2020, 11, 3)))
    html = text(client_of("viewer").get(URL))
    bars = re.findall(r'<a href="([^"]+)"><rect class="bar"[^>]*><title>([^<]+)</title>', html)
    assert bars == [
        ("/incidents/?case=akrestsina-2020&amp;start=2020-08-01&amp;end=2020-08-31",
         "Aug 2020: 1 incident"),
        ("/incidents/?case=akrestsina-2020&amp;start=2020-11-01&amp;end=2020-11-30",
         "Nov 2020: 1 incident"),
    ]


def test_a_map_of_belarus_with_markers_that_link(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get(URL))
    assert html.count('<path class="map-region"') == 6
    assert html.count('<path class="map-country"') == 1
    assert html.count('<path class="map-city"') == 1
    place = f"/places/{world.akrestsina.pk}/"
    circles = re.findall(r'<a href="([^"]+)"><circle class="marker-incidents"[^>]*>'
                         r"<title>([^<]+)</title>", html)
    assert circles == [(place, f"{world.akrestsina.label} · 1 incident")]
    squares = re.findall(r'<a href="([^"]+)"><rect class="marker-detention', html)
    assert len(squares) == Place.objects.filter(kind="detention").count()
    assert place in squares
    assert "<title>Minsk region</title>" in html


@pytest.mark.parametrize("language", ["ru", "be"])
def test_every_number_in_the_drawings_is_plain_in_any_language(
        client_of, world: World, language: str) -> None:  # type: ignore[no-untyped-def]
    client = client_of("viewer")
    client.post("/i18n/setlang/", {"language": language, "next": URL})
    html = text(client.get(URL))
    assert f'<html lang="{language}">' in html  # both write decimals with a comma
    svg = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    numbers = re.findall(r'\b(?:x|y|cx|cy|r|width|height|x1|x2|y1|y2)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?(%)?", n) for n in numbers), numbers
    assert "Aug 2020" not in html  # the month is named in the reader's language
    search = client.get("/search/", {"q": "Лукашэнка"})
    assert search.status_code == 200 and f"/persons/{world.lukashenko.pk}/" in text(search)


def test_no_script_and_no_inline_style(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get(URL))
    # The only scripts are the site's own files (the header's language switcher).
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html) == []
    assert 'style="' not in html
    assert "http://" not in html and "https://" not in html  # no tiles, fonts or anything else


def test_no_person_is_named(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("lead").get(URL))
    for name in ("Лукашэнка", "Ціханоўская", "Sakretny"):
        assert name not in html


def test_a_fixed_number_of_queries(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_of("viewer")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    minsk = Place.objects.get(code="minsk")
    services.create_many([Incident(case=world.case, title=f"more {n}", place=minsk if n % 2
                                   else world.akrestsina,
                                   start_date=datetime.date(2021, 1 + n % 12, 1 + n % 28))
                          for n in range(60)], actor=ACTOR)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert tiles(text(response))["Incidents"] == 61
    assert len(few) == len(many)


def test_the_demo_data_set(client_of, personas) -> None:  # type: ignore[no-untyped-def]
    load_demo(vault=instance.vault(), size=DemoSize(persons=80, incidents=40, acts=150,
                                                    evidence=4, testimonies=20))
    case = Case.objects.get(reference="demo-akrestsina-2020")
    add_member(case, personas.viewer, "viewer", actor="test")
    client = Client()
    client.force_login(personas.viewer)
    response = client.get(f"/cases/{case.reference}/dashboard/")
    assert response.status_code == 200
    figures = case_figures(case)
    assert tiles(text(response)) == {
        "Incidents": figures.incidents, "Acts": figures.acts, "Victims": figures.victims,
        "Perpetrators": figures.perpetrators, "Testimonies": figures.testimonies,
        "Evidence items": figures.evidence}
    assert figures.incidents == 10 and figures.acts > 0
    assert text(response).count('class="bar"') == sum(1 for _, n in figures.months if n)
    search = client.get("/search/", {"q": "Fictional"})
    assert 'Incidents <span class="count">10</span>' in text(search)
