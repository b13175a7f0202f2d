"""Names are found across scripts and transliterations, in either order, by the start of a word."""

from __future__ import annotations

import pytest

from sprava.records.models import Person
from sprava.search import engine
from sprava.search.query import parse
from tests.search.conftest import World, person

LUKASHENKO = ["Lukashenko", "Лукашенко", "Лукашэнка", "Lukashenka", "Łukašenka"]
TSIKHANOUSKAYA = ["Tsikhanouskaya", "Тихановская", "Ціханоўская", "Cichanouskaja",
                  "Tikhanovskaya"]


def found(personas, query: str, who: str = "viewer") -> list[Person]:  # type: ignore[no-untyped-def]
    return list(engine.find(personas[who], parse(query), "person"))


@pytest.mark.parametrize("query", LUKASHENKO)
def test_lukashenko_in_any_script_finds_the_one_stored_in_belarusian(
        personas, world: World, query: str) -> None:
    assert found(personas, query) == [world.lukashenko]


@pytest.mark.parametrize("query", TSIKHANOUSKAYA)
def test_tsikhanouskaya_in_any_script_finds_the_one_stored_in_belarusian(
        personas, world: World, query: str) -> None:
    assert found(personas, query) == [world.tsikhanouskaya]


@pytest.mark.parametrize("stored", [("Александр Лукашенко", "ru"),
                                    ("Alexander Lukashenko", "latin"),
                                    ("Аляксандр Лукашэнка", "be")])
@pytest.mark.parametrize("query", ["Lukashenko", "Лукашенко", "Лукашэнка"])
def test_every_stored_script_meets_every_typed_script(personas, query: str,
                                                      stored: tuple[str, str]) -> None:
    someone = person([stored], personas.case, "perpetrator")
    assert found(personas, query) == [someone]


def test_first_name_and_surname_in_either_order(personas, world: World) -> None:
    for query in ("Аляксандр Лукашэнка", "Лукашэнка Аляксандр", "Lukashenka Aliaksandr",
                  "Svyatlana Tsikhanouskaya"):
        assert len(found(personas, query)) == 1, query
    assert found(personas, "Lukashenko Sviatlana") == []  # every word must match one name


def test_the_start_of_a_name_is_enough(personas, world: World) -> None:
    assert found(personas, "Лукаш") == [world.lukashenko]
    assert found(personas, "Tsikhanou") == [world.tsikhanouskaya]


def test_a_different_name_is_not_found(personas, world: World) -> None:
    assert found(personas, "Lukashevich") == []
    assert found(personas, "Kolesnikova") == []


def test_a_name_in_a_script_the_folding_does_not_know_is_found_as_written(personas) -> None:
    someone = person([("ნინო ბერიძე", "other")], personas.case, "witness")
    assert found(personas, "ბერიძე") == [someone]


def test_a_person_is_found_by_reference(personas, world: World) -> None:
    assert found(personas, world.lukashenko.reference) == [world.lukashenko]
