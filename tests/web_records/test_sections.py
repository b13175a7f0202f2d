"""A detail page's section never stops short in silence: it shows all its rows, or pages through
them with the total in its heading and pager, and links to the list filtered to the same rows.

(The demo's Akrestsina had 97 custody periods; its page showed 50 and said nothing.)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client

from sprava.records import services
from sprava.records.models import Act, CustodyPeriod, Involvement, Position
from tests.web_records.conftest import ACTOR, World, text

MORE = 60  # past one page of a section (config.common.SECTION_ROWS = 50)


def day(n: int) -> datetime.date:
    return datetime.date(2020, 1, 1) + datetime.timedelta(days=n)


def heading_count(page: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}".*?<h2>.*?<span class="count">(\d+)</span>',
                      page, re.S)
    assert match, f"section {anchor} has no count in its heading"
    return match.group(1)


def rows_in(page: str, anchor: str) -> int:
    match = re.search(rf'<section id="{anchor}".*?</section>', page, re.S)
    assert match
    return match.group(0).count("<tr") - 1  # less the header row


@pytest.fixture
def crowded(world: World) -> World:
    """Akrestsina with 61 custody periods, the unit with 60 posts, the victim with 61 acts and
    the perpetrator in 61."""
    services.create_many([CustodyPeriod(person=world.victim, place=world.akrestsina,
                                        start_date=day(n), end_date=day(n)) for n in range(MORE)],
                         actor=ACTOR)
    services.create_many([Position(person=world.perpetrator, organisation=world.unit,
                                   title=f"post {n}", start_date=day(n)) for n in range(MORE)],
                         actor=ACTOR)
    acts = services.create_many([Act(incident=world.incident, act_type=world.beating,
                                     victim=world.victim, start_date=day(n))
                                 for n in range(MORE)], actor=ACTOR)
    services.create_many([Involvement(act=act, perpetrator=world.perpetrator, mode="commission")
                          for act in acts], actor=ACTOR)
    return world


def test_held_here_says_how_many_and_pages_through_all_of_them(
    crowded: World, client_of: Callable[[str], Client]
) -> None:
    client, url = client_of("viewer"), f"/places/{crowded.akrestsina.pk}/"
    first = text(client.get(url))
    assert heading_count(first, "held") == "61"
    assert rows_in(first, "held") == 50
    assert "1–50 of 61" in first
    assert "61 custody periods of 1 person, in your cases." in first
    second = text(client.get(url, {"held-page": "2"}))
    assert rows_in(second, "held") == 11 and "51–61 of 61" in second


def test_posts_held_in_a_unit_say_how_many_and_page_through_all_of_them(
    crowded: World, client_of: Callable[[str], Client]
) -> None:
    client, url = client_of("viewer"), f"/organisations/{crowded.unit.pk}/"
    first = text(client.get(url))
    assert heading_count(first, "positions") == "60"
    assert "1–50 of 60" in first
    assert rows_in(text(client.get(url, {"positions-page": "2"})), "positions") == 10


def test_acts_sections_give_the_total_and_link_to_the_filtered_list(
    crowded: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("viewer")
    victim = text(client.get(f"/persons/{crowded.victim.pk}/"))
    assert heading_count(victim, "acts-suffered") == "61"
    assert "1–50 of 61" in victim
    assert f'href="/acts/?victim={crowded.victim.pk}">All 61 in the list' in victim
    perpetrator = text(client.get(f"/persons/{crowded.perpetrator.pk}/"))
    assert heading_count(perpetrator, "acts-involved") == "61"
    assert f'href="/acts/?perpetrator={crowded.perpetrator.pk}">All 61 in the list' \
        in perpetrator
    incident = text(client.get(f"/incidents/{crowded.incident.pk}/"))
    assert heading_count(incident, "acts") == "62"
    assert f'href="/acts/?incident={crowded.incident.pk}">All 62 in the list' in incident


def test_one_page_of_a_section_needs_no_pager(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get(f"/places/{world.akrestsina.pk}/"))
    assert heading_count(page, "held") == "1"
    assert "held-page" not in page


def test_a_long_history_pages_to_its_oldest_entry(
    world: World, client_of: Callable[[str], Client]
) -> None:
    services.create_many([CustodyPeriod(person=world.victim, place=world.akrestsina,
                                        start_date=day(n)) for n in range(120)], actor=ACTOR)
    client, url = client_of("viewer"), f"/persons/{world.victim.pk}/"
    first = text(client.get(url))
    assert "history-page=2#history" in first and "Older →" in first
    # The newest hundred are the custody periods; the person's own entries are older.
    assert f"person #{world.victim.pk}" not in first
    second = text(client.get(url, {"history-page": "2"}))
    assert f"person #{world.victim.pk}" in second
    assert "Older →" not in second and "← Newer" in second
