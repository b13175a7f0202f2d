"""Full text in narratives, descriptions, transcripts and translations, on either database."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from sprava.records import models, services
from sprava.records.models import Incident, Organisation, Place
from sprava.search import engine
from sprava.search.query import MAX_TERMS, parse
from tests.search.conftest import ACTOR, World, save


def find(personas, kind: str, query: str, who: str = "viewer") -> list:  # type: ignore[no-untyped-def]
    return list(engine.find(personas[who], parse(query), kind))


def test_words_of_a_narrative(personas, world: World) -> None:
    assert find(personas, "incident", "insignia") == [world.incident]
    assert find(personas, "incident", "KNEEL insignia") == [world.incident]  # any case, any order
    assert find(personas, "incident", "insignia tanks") == []  # every word must occur


def test_the_start_of_a_word_finds_the_word(personas, world: World) -> None:
    assert find(personas, "incident", "insig") == [world.incident]
    assert find(personas, "act", "baton") == [world.act]


def test_short_words_match_whole_words_only(personas, world: World) -> None:
    assert find(personas, "incident", "of") == [world.incident]
    assert find(personas, "incident", "ar") == []  # not "arrival"


def test_a_belarusian_transcript_and_its_translation(personas, world: World) -> None:
    assert find(personas, "testimony", "двары") == [world.testimony]
    assert find(personas, "testimony", "ДВАРЫ ізалятара") == [world.testimony]
    assert find(personas, "testimony", "Жодзін") == [world.testimony]
    assert find(personas, "testimony", "isolator") == [world.testimony]
    assert find(personas, "testimony", "двор") == []  # Russian spelling: text is not folded


def test_the_title_is_searched_too(personas, world: World) -> None:
    assert find(personas, "incident", "Beatings arrival") == [world.incident]


def test_places_and_organisations_in_any_of_their_three_labels(personas) -> None:
    akrestsina = Place.objects.get(code="akrestsina")
    for query in ("Akrestsina", "Акрэсціна", "Окрестина"):
        assert akrestsina in find(personas, "place", query), query
    unit = save(Organisation(label_en="Test riot police", label_be="Тэставы АМАП",
                             label_ru="Тестовый ОМОН", abbreviation="TRP", kind="police"))
    for query in ("Test riot", "Тэставы АМАП", "Тестовый", "TRP"):
        assert find(personas, "organisation", query) == [unit], query


def test_changes_are_searchable_at_once_and_old_words_are_gone(personas, world: World) -> None:
    world.incident.narrative = "Rewritten: prisoners were denied water."
    save(world.incident)
    assert find(personas, "incident", "water") == [world.incident]
    assert find(personas, "incident", "insignia") == []
    services.delete_record(world.testimony, actor=ACTOR, reason="test")
    assert find(personas, "testimony", "isolator") == []


def test_records_made_in_bulk_are_found(personas) -> None:
    """The CSV import and the demo loader use bulk_create, which sends no signals."""
    services.create_many([
        Incident(case=personas.case, title=f"Bulk incident {n}",
                 narrative=f"Imported narrative number{n} about Valadarskaha prison",
                 start_date=datetime.date(2021, 1, n + 1)) for n in range(5)
    ], actor=ACTOR)
    assert len(find(personas, "incident", "Valadarskaha")) == 5
    assert len(find(personas, "incident", "number3")) == 1
    # A queryset update, too, sends no signal.
    Incident.objects.filter(title="Bulk incident 0").update(narrative="changed in bulk")
    assert len(find(personas, "incident", "Valadarskaha")) == 4
    assert len(find(personas, "incident", "changed bulk")) == 1


@pytest.mark.parametrize("query", [
    '"', "'", '"unbalanced', "NEAR(a b)", "a OR b", "title:x", "x*", "*", "-x", "a & b | !c",
    "(", ")", "{x}", "^x", "x:*", "\\", "%", "_", "a\u0000b", "'; DROP TABLE records_incident;--",
    "🙂", "  ", "a-b", "e-mail@example.org", "2020-08-11",
])
def test_any_input_is_a_plain_search(personas, world: World, query: str) -> None:
    for kind in engine.KINDS:
        list(engine.find(personas["viewer"], parse(query), kind))  # raises nothing


def test_a_long_query_is_cut(personas, world: World) -> None:
    query = parse(" ".join(f"word{n}" for n in range(100)))
    assert len(query.words) == MAX_TERMS
    assert len(query.text) <= 200
    assert find(personas, "incident", "insignia " * 50) == [world.incident]


def test_an_empty_query_finds_nothing(personas, world: World) -> None:
    for kind in engine.KINDS:
        assert find(personas, kind, "") == []
        assert find(personas, kind, " ... ") == []


def test_many_matches_are_ordered_newest_first(personas) -> None:
    dates = [datetime.date(2021, 5, 1), None, datetime.date(2022, 1, 1), datetime.date(2020, 9, 1)]
    made = services.create_many([
        models.Testimony(case=personas.case, kind="written", given_on=day,
                         transcript="ordered words")
        for day in dates], actor=ACTOR)
    got = find(personas, "testimony", "ordered")
    assert [t.given_on for t in got] == [dates[2], dates[0], dates[3], None]
    assert {t.pk for t in got} == {t.pk for t in made}


def test_the_database_in_use() -> None:
    # The suite runs on both: plain `pytest` (SQLite) and with DATABASE_URL=postgresql://...
    assert connection.vendor in ("sqlite", "postgresql")
