"""Places as pages name them: each name once in a chain, lists in the reader's alphabet."""

from __future__ import annotations

import re
from typing import Any

from sprava.collation import sort_key
from sprava.records.models import ActType, Place
from sprava.records.models.places import repeats, without_repeats
from tests.web_records.conftest import World, text


def fact(html: str, label: str) -> list[str]:
    """The link texts of one fact of a detail page."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html, re.S)
    assert found is not None, label
    return re.findall(r"<a [^>]*>([^<]+)</a>", found.group(1))


def test_a_name_that_only_repeats_the_end_of_the_one_before_is_left_out() -> None:
    assert repeats("Zhodzina", "Prison No. 8, Zhodzina")
    assert repeats("мінск", "Цэнтр ізаляцыі на Акрэсціна, Мінск")  # case aside
    assert repeats("Minsk", "Minsk")
    # Only exact repeats: "Minsk region" says what "..., Minsk" does not.
    assert not repeats("Minsk region", "Prison, Minsk")
    assert not repeats("Minsk", "Minsk region")
    assert not repeats("Minsk", "")


def test_a_chain_of_places_names_the_town_once(world: World) -> None:
    chain = [world.akrestsina, world.minsk, Place.objects.get(code="belarus")]
    assert [p.code for p in without_repeats(chain)] == ["akrestsina", "belarus"]
    chain = [Place.objects.get(code=code) for code in
             ("prison-8-zhodzina", "zhodzina", "minsk-region", "belarus")]
    assert [p.label for p in without_repeats(chain)] == [
        "Prison No. 8, Zhodzina", "Minsk region", "Belarus"]


def test_an_incident_page_names_its_place_without_repeats(world: World, client_of: Any) -> None:
    client = client_of("viewer")
    html = text(client.get(f"/incidents/{world.incident.pk}/"))
    assert fact(html, "Place") == [world.akrestsina.label_en, "Belarus"]
    client.post("/i18n/setlang/", {"language": "be", "next": "/"})
    html = text(client.get(f"/incidents/{world.incident.pk}/"))
    assert fact(html, "Месца") == [world.akrestsina.label_be, "Беларусь"]


def options(html: str, name: str) -> list[str]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found is not None, name
    return [label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                                                 found.group(1)) if value]


def test_place_filters_list_places_in_the_readers_alphabet(world: World, client_of: Any) -> None:
    client = client_of("viewer")
    client.post("/i18n/setlang/", {"language": "be", "next": "/"})
    places = options(text(client.get("/incidents/")), "place")
    assert places == sorted(places, key=lambda label: sort_key(label, "be"))
    # Belarusian "і" is no longer after "я", as it was by English name and by code point.
    assert places.index("Жодзіна") < places.index("Іванава") < places.index("Карэлічы")


def test_a_form_lists_places_in_the_readers_alphabet(world: World, client_of: Any) -> None:
    client = client_of("lead")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    html = text(client.get(f"/incidents/{world.incident.pk}/edit/"))
    places = options(html, "place")
    assert places == sorted(places, key=lambda label: sort_key(label, "ru"))
    assert places.index("Берёза") < places.index("Брест")  # by code point "ё" is after "я"
    chosen = re.search(r'<select name="place"[^>]*>.*?<option value="(\d+)" selected>', html, re.S)
    assert chosen is not None and chosen.group(1) == str(world.akrestsina.pk)


def test_act_types_keep_their_own_order(world: World, client_of: Any) -> None:
    client = client_of("viewer")
    client.post("/i18n/setlang/", {"language": "be", "next": "/"})
    types = options(text(client.get("/acts/")), "act_type")
    assert types == [t.label_be or t.label_en for t in ActType.objects.order_by("order", "code")]
