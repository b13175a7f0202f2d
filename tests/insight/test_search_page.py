"""The search page: one box, results grouped by kind, paged, marked safely, logged reveals."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.records import services
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import Act, ActType, Incident, Person, PersonName, PersonRole
from sprava.records.models import Testimony as GivenTestimony
from tests.insight.conftest import entries, text
from tests.search.conftest import ACTOR, WITNESS_NAME, WITNESS_NAME_BE, World, save


def results(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Result links per kind section, e.g. {"person": ["/persons/3/"]}."""
    html = text(response)
    found = {}
    for kind, body in re.findall(r'<section class="results" aria-labelledby="results-(\w+)">'
                                 r"(.*?)</section>", html, re.S):
        found[kind] = re.findall(r'<a class="result-title" href="([^"]+)"', body)
    return found


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    response = Client().get("/search/", {"q": "Lukashenko"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_empty_box(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_of("viewer").get("/search/")
    assert response.status_code == 200
    assert results(response) == {}
    assert 'type="search"' in text(response)


@pytest.mark.parametrize("query", ["Lukashenko", "Лукашенко", "Лукашэнка"])
def test_a_name_in_any_script_on_the_page(client_of, world: World, query: str) -> None:  # type: ignore[no-untyped-def]
    response = client_of("viewer").get("/search/", {"q": query})
    assert results(response) == {"person": [f"/persons/{world.lukashenko.pk}/"]}
    assert "<mark>Лукашэнка</mark>" in text(response)


def test_results_are_grouped_by_kind_with_counts(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_of("viewer").get("/search/", {"q": "yard"})
    assert results(response) == {
        "incident": [f"/incidents/{world.incident.pk}/"],
        "act": [f"/acts/{world.act.pk}/"],
        "testimony": [f"/testimonies/{world.testimony.pk}/"],
    }
    html = text(response)
    assert 'Incidents <span class="count">1</span>' in html
    assert 'Persons <span class="count">0</span>' in html
    assert "<mark>yard</mark>" in html


def test_another_teams_records_are_not_found(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_of("viewer").get("/search/", {"q": "Secret incident other team"})
    assert results(response) == {}
    assert "Nothing matches" in text(response)
    assert "Only the other team" not in text(response)


def test_an_outsider_finds_places_but_no_case_content(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_of("outsider").get("/search/", {"q": "Akrestsina"})
    assert "place" in results(response)
    assert set(results(response)) <= {"place", "organisation"}


def test_markup_in_records_is_shown_as_text(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    save(Incident(case=world.case, title='<img src=x onerror="alert(1)"> yard',
                  narrative='<script>alert("yard")</script> in the yard'))
    html = text(client_of("viewer").get("/search/", {"q": "yard", "kind": "incident"}))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;<mark>yard</mark>&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>yard</mark>" in html


def test_the_query_is_shown_back_as_text(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get("/search/", {"q": '"><script>x</script>'}))
    assert "<script>x</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_no_script_on_the_page(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("viewer").get("/search/", {"q": "yard"}))
    # The only scripts are the site's own files (the header's language switcher).
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html) == []
    assert 'style="' not in html


# --- Protected identities ----------------------------------------------------------------------


@pytest.mark.parametrize("query", [WITNESS_NAME, WITNESS_NAME_BE, "Sakretny", "Сакрэтны"])
def test_a_protected_name_finds_nobody_without_identity_access(
        client_of, world: World, query: str) -> None:  # type: ignore[no-untyped-def]
    response = client_of("viewer").get("/search/", {"q": query})
    assert "person" not in results(response)
    assert f"/persons/{world.witness.pk}/" not in text(response)
    assert 'Persons <span class="count">0</span>' in text(response)
    assert entries(IDENTITY_REVEALED) == []


def test_a_protected_person_is_shown_by_pseudonym(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    for query in ("W-0001", "yard"):  # by pseudonym, and as the giver of a testimony
        html = text(client_of("viewer").get("/search/", {"q": query}))
        assert "W-0001" in html
        assert "Sakretny" not in html and "Сакрэтны" not in html and "Zmitser" not in html
    assert entries(IDENTITY_REVEALED) == []


def test_identity_access_shows_the_name_and_the_ledger_records_it(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_of("lead").get("/search/", {"q": "Sakretny"})
    assert results(response) == {"person": [f"/persons/{world.witness.pk}/"]}
    html = text(response)
    assert "<mark>Sakretny</mark> (W-0001)" in html
    assert "<mark>Сакрэтны</mark>" in html  # the other matching name, too
    [event] = entries(IDENTITY_REVEALED)
    assert event["actor"] == "user:lead"
    assert event["details"] == {"persons": [f"records.person:{world.witness.pk}"],
                                "channel": "web:search"}
    assert "Sakretny" not in str(event)  # the ledger names the record, never the query


def test_a_revealing_testimony_is_recorded_too(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = text(client_of("lead").get("/search/", {"q": "isolator"}))
    assert f"by {WITNESS_NAME} (W-0001)" in html
    [event] = entries(IDENTITY_REVEALED)
    assert event["details"]["persons"] == [f"records.person:{world.witness.pk}"]


def test_nothing_is_recorded_when_nothing_protected_is_shown(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    client_of("lead").get("/search/", {"q": "Lukashenko"})
    assert entries(IDENTITY_REVEALED) == []


# --- Paging and query counts -------------------------------------------------------------------


def populate(world: World, count: int, start: int = 0, *, protected: bool = False) -> None:
    """`count` matching persons, incidents, acts and testimonies; with `protected`, every
    person is protected, so that every page shows (to the lead: reveals) protected persons."""
    case = world.case
    persons = services.create_many([
        Person(protected=protected, pseudonym=f"W-9{start + n:03d}" if protected else None,
               protecting_case=case if protected else None)
        for n in range(count)], actor=ACTOR)
    services.create_many([PersonName(person=p, text=f"Pagina Testava{start + n}", script="be")
                          for n, p in enumerate(persons)], actor=ACTOR)
    services.create_many([PersonRole(person=p, case=case, role="victim") for p in persons],
                         actor=ACTOR)
    incidents = services.create_many([
        Incident(case=case, title=f"Paged incident {start + n}", narrative="pagina words",
                 start_date=datetime.date(2020, 9, 1) + datetime.timedelta(days=start + n))
        for n in range(count)], actor=ACTOR)
    beating = ActType.objects.get(code="beating")
    services.create_many([Act(incident=i, act_type=beating, victim=p,
                              description="pagina act")
                          for i, p in zip(incidents, persons, strict=True)], actor=ACTOR)
    services.create_many([GivenTestimony(case=case, given_by=p, kind="interview",
                                          transcript="pagina testimony")
                          for p in persons], actor=ACTOR)


def test_a_kind_alone_is_paged(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    populate(world, 30)
    client = client_of("viewer")
    overview = client.get("/search/", {"q": "pagina"})
    assert {kind: len(links) for kind, links in results(overview).items()} == {
        "person": 5, "incident": 5, "act": 5, "testimony": 5}
    assert '<a href="?q=pagina&amp;kind=incident">Show all 30 ›</a>' in text(overview)
    first = client.get("/search/", {"q": "pagina", "kind": "incident"})
    assert list(results(first)) == ["incident"]
    assert len(results(first)["incident"]) == 25
    assert "Page 1 of 2" in text(first)
    second = client.get("/search/", {"q": "pagina", "kind": "incident", "page": "2"})
    assert len(results(second)["incident"]) == 5
    assert not set(results(first)["incident"]) & set(results(second)["incident"])
    beyond = client.get("/search/", {"q": "pagina", "kind": "incident", "page": "99"})
    assert results(beyond) == results(second)
    junk = client.get("/search/", {"q": "pagina", "kind": "nonsense", "page": "x"})
    assert junk.status_code == 200 and len(results(junk)) == 4


def test_many_results_are_counted_only_as_far_as_needed(  # type: ignore[no-untyped-def]
    client_of, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sprava.web import paging

    populate(world, 30)
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    client = client_of("viewer")
    overview = text(client.get("/search/", {"q": "pagina"}))
    assert "Show all 10+ ›" in overview
    first = text(client.get("/search/", {"q": "pagina", "kind": "incident"}))
    assert "Page 1 · 1–25 of more than 25" in first  # counted to one row past the page
    assert "Next ›" in first and "Last »" not in first
    second = text(client.get("/search/", {"q": "pagina", "kind": "incident", "page": "2"}))
    assert "Page 2 of 2 · 26–30 of 30" in second  # counted to the end


def queries(client: Client, **params: str) -> int:
    """Queries of one search page, less the ledger's own (an append costs what the Merkle tree
    needs at its size, whatever the page)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return sum(1 for query in captured if "ledger_" not in query["sql"])


@pytest.mark.parametrize("who", ["viewer", "lead"])
def test_the_number_of_queries_does_not_grow_with_the_results(
        client_of, world: World, who: str) -> None:  # type: ignore[no-untyped-def]
    populate(world, 5, protected=True)
    client = client_of(who)
    kinds = ("", "person", "incident", "act", "testimony")
    few = {kind: queries(client, q="pagina", kind=kind) for kind in kinds}
    revealed = len(entries(IDENTITY_REVEALED))
    populate(world, 45, start=5, protected=True)
    many = {kind: queries(client, q="pagina", kind=kind) for kind in kinds}
    assert few == many
    # The lead's pages revealed protected persons both times; the viewer's never.
    assert len(entries(IDENTITY_REVEALED)) == (2 * revealed if who == "lead" else 0)
    assert len(results(client.get("/search/", {"q": "pagina", "kind": "act"}))["act"]) == 25


def test_protected_victims_and_givers_appear_by_pseudonym(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    populate(world, 3, protected=True)
    viewer = text(client_of("viewer").get("/search/", {"q": "pagina"}))
    assert 'Persons <span class="count">0</span>' in viewer  # the names match, but are hidden
    # What a hidden person suffered is not tied to their pseudonym (records.identity).
    assert "victim: a protected person" in viewer and "by W-9000" in viewer
    assert "victim: W-9000" not in viewer
    assert "Testava" not in viewer
    assert entries(IDENTITY_REVEALED) == []
    lead = text(client_of("lead").get("/search/", {"q": "pagina"}))
    assert 'Persons <span class="count">3</span>' in lead
    assert "victim: Pagina Testava0 (W-9000)" in lead
    [event] = entries(IDENTITY_REVEALED)
    assert len(event["details"]["persons"]) == 3
