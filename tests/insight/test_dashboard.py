"""The case dashboard: counts, acts by type, a timeline and a map, for members only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.accounts.members import add_member
from sprava.cases.models import Case
from sprava.home.vault import open_vault
from sprava.records import services
from sprava.records.demo import DemoSize, load_demo
from sprava.records.identity import Disclosure
from sprava.records.models import Incident, Place
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


def bars(html: str) -> list[tuple[str, str]]:
    """(address, title) of each bar's link, which lies over the drawing for the pointer."""
    return re.findall(r'<a href="([^"]+)" tabindex="-1"><rect class="hit"[^>]*>'
                      r"<title>([^<]+)</title>", drawing(html, "timeline"))


def drawing(html: str, name: str) -> str:
    found = re.search(rf'<svg class="{name}".*?</svg>', html, re.S)
    assert found is not None
    return found.group()


def test_years_get_a_bar_per_month_linking_to_its_incidents(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title="Later", start_date=datetime.date(2021, 11, 3)))
    html = text(client_of("viewer").get(URL))
    assert bars(html) == [
        ("/incidents/?case=akrestsina-2020&amp;start=2020-08-01&amp;end=2020-08-31",
         "August 2020: 1 incident"),
        ("/incidents/?case=akrestsina-2020&amp;start=2021-11-01&amp;end=2021-11-30",
         "November 2021: 1 incident"),
    ]
    assert html.count('<rect class="bar"') == 2
    assert "Incidents by month" in html


def test_a_case_of_some_weeks_has_a_bar_per_day(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    for day in (12, 12, 20):
        save(Incident(case=world.case, title="Later", start_date=datetime.date(2020, 9, day)))
    html = text(client_of("viewer").get(URL))
    assert bars(html) == [
        ("/incidents/?case=akrestsina-2020&amp;start=2020-08-11&amp;end=2020-08-11",
         "Aug. 11, 2020: 1 incident"),
        ("/incidents/?case=akrestsina-2020&amp;start=2020-09-12&amp;end=2020-09-12",
         "Sept. 12, 2020: 2 incidents"),
        ("/incidents/?case=akrestsina-2020&amp;start=2020-09-20&amp;end=2020-09-20",
         "Sept. 20, 2020: 1 incident"),
    ]
    assert "Incidents by day" in html and "<th scope=\"col\">Day</th>" in html
    assert "from Aug. 11, 2020 to Sept. 20, 2020" in html


def test_incidents_known_only_to_the_month_are_named_beside_days(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title="Some day", start_date=datetime.date(2020, 8, 20)))
    save(Incident(case=world.case, title="Some time in September",
                  start_date=datetime.date(2020, 9, 1), date_precision="month"))
    html = text(client_of("viewer").get(URL))
    assert len(bars(html)) == 2  # the 11th and the 20th of August
    assert "1 incident known only to the month, September 2020" in html


def test_month_names_in_russian_and_belarusian(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title="Later", start_date=datetime.date(2021, 12, 3)))
    client = client_of("viewer")
    client.post("/i18n/setlang/", {"language": "ru", "next": URL})
    titles = [title for _, title in bars(text(client.get(URL)))]
    assert titles == ["Август 2020 г.: 1 инцидент", "Декабрь 2021 г.: 1 инцидент"]
    client.post("/i18n/setlang/", {"language": "be", "next": URL})
    titles = [title for _, title in bars(text(client.get(URL)))]
    assert titles == ["Жнівень 2020 г.: 1 інцыдэнт", "Снежань 2021 г.: 1 інцыдэнт"]


def test_day_bars_in_russian(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_of("viewer")
    client.post("/i18n/setlang/", {"language": "ru", "next": URL})
    html = text(client.get(URL))
    assert bars(html)[0][1] == "11 августа 2020 г.: 1 инцидент"
    assert "Инциденты по дням" in html


def test_no_link_inside_an_image_and_none_in_the_tab_order(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get(URL))
    images = re.findall(r'<g role="img".*?</g>', html, re.S)
    assert len(images) == 2 and not any("<a " in image for image in images)
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        links = re.findall(r"<a [^>]*>", svg)
        assert all('tabindex="-1"' in link for link in links), links
    hits = re.findall(r'<g class="hits" aria-hidden="true">', html)
    assert len(hits) == 2
    # The same links, for the keyboard and screen readers, in the tables under the drawings.
    place = f"/places/{world.akrestsina.pk}/"
    assert f'<td><a href="{place}">' in html
    assert '<td><a href="/incidents/?case=akrestsina-2020&amp;start=2020-08-11' in html


def test_a_map_of_belarus_with_markers_that_link(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get(URL))
    assert html.count('<path class="map-region"') == 6
    assert html.count('<path class="map-country"') == 1
    assert html.count('<path class="map-city"') == 1
    place = f"/places/{world.akrestsina.pk}/"
    circles = re.findall(r'<a href="([^"]+)" tabindex="-1"><circle class="hit"[^>]*>'
                         r"<title>([^<]+)</title>", html)
    assert circles == [(place, f"{world.akrestsina.label} · 1 incident")]
    assert html.count('<circle class="marker-incidents"') == 1 + 1  # and the legend's
    squares = re.findall(r'<a href="([^"]+)" tabindex="-1"><rect class="hit"',
                         drawing(html, "belarus"))
    detention = Place.objects.filter(kind="detention").count()
    assert html.count('<rect class="marker-detention') == detention + 1  # and the legend's
    assert place in squares and len(squares) == detention
    assert "<title>Minsk region</title>" in html


def test_the_map_names_regions_and_the_towns_of_the_case(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get(URL))
    names = re.findall(r'<text class="map-label (\w+)"[^>]*>([^<]+)</text>', html)
    assert ("region", "Minsk region") in names and ("town", "Minsk") in names
    svg = drawing(html, "belarus")
    # Names come after every marker, so that no marker hides one.
    assert svg.index('class="map-label') > svg.rindex('class="marker-')


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
    load_demo(vault=open_vault(), size=DemoSize(persons=80, incidents=40, acts=150,
                                                    evidence=4, testimonies=20))
    case = Case.objects.get(reference="demo-akrestsina-2020")
    add_member(case, personas.viewer, "viewer", actor="test")
    client = Client()
    client.force_login(personas.viewer)
    response = client.get(f"/cases/{case.reference}/dashboard/")
    assert response.status_code == 200
    figures = case_figures(case, Disclosure(set()))
    assert tiles(text(response)) == {
        "Incidents": figures.incidents, "Acts": figures.acts, "Victims": figures.victims,
        "Perpetrators": figures.perpetrators, "Testimonies": figures.testimonies,
        "Evidence items": figures.evidence}
    assert figures.incidents == 10 and figures.acts > 0
    # Its incidents span a week of August 2020: a bar per day, not one for the month.
    days = {day for day, _ in figures.days}
    assert len(days) > 1 and max(days) - min(days) < datetime.timedelta(days=7)
    assert text(response).count('class="bar"') == len(days)
    search = client.get("/search/", {"q": "Fictional"})
    assert 'Incidents <span class="count">10</span>' in text(search)
