"""Long lists count only so far: "more than 1,000", a next page, and no last page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.test import Client

from sprava.records import services
from sprava.records.models import Incident, Place
from sprava.web import paging
from sprava.web.records.fields import FastSelect
from tests.web_records.conftest import ACTOR, World, text


@pytest.fixture
def sixty_incidents(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    services.create_many([
        Incident(case=world.case, title=f"Incident {n:03d}",
                 start_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
        for n in range(60)], actor=ACTOR)
    monkeypatch.setattr(paging, "COUNT_CAP", 55)


@pytest.mark.usefixtures("sixty_incidents")
def test_a_list_longer_than_the_cap_says_more_than_and_offers_no_last_page(
    client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get("/incidents/"))
    assert "More than 55 incidents." in page
    assert "1–50 of more than 55" in page
    assert "Next ›" in page and "Last »" not in page
    assert "Page 1 of" not in page  # the number of pages is not known


@pytest.mark.usefixtures("sixty_incidents")
def test_a_page_past_the_cap_is_reachable_and_counts_exactly_to_its_end(
    client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get("/incidents/", {"page": "2"}))
    assert "51–61 of 61" in page  # the case's own incident and the sixty
    assert "Page 2 of 2" in page and "Next ›" not in page


def test_a_list_within_the_cap_is_counted_exactly(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get("/incidents/"))
    assert "more than" not in page
    assert f"{Incident.objects.filter(case=world.case).count()} incident" in page


def _options(html: str) -> list[str]:
    return [" ".join(part.split()) for part in html.split("<option")[1:]]


@pytest.mark.parametrize("value", [None, "", "2", 3])
def test_the_fast_drop_down_renders_what_django_renders(world: World, value: Any) -> None:
    field = forms.ModelChoiceField(Place.objects.order_by("label_en"), required=False,
                                   empty_label="Anywhere")
    field.widget.choices = [(1, "A & B <b>"), *list(field.choices)[:5]]
    slow = field.widget.render("place", value, {"id": "id_place"})
    field.widget.__class__ = FastSelect
    fast = field.widget.render("place", value, {"id": "id_place"})
    assert fast.startswith('<select name="place" id="id_place">')
    assert _options(fast) == _options(slow)
    assert "A &amp; B &lt;b&gt;" in fast


@pytest.mark.usefixtures("sixty_incidents")
@pytest.mark.parametrize("number", ["0", "-3", "abc", "99999999999999999999999", "1e9"])
def test_an_odd_page_number_gives_a_page_not_an_error(
    client_of: Callable[[str], Client], number: str
) -> None:
    response = client_of("viewer").get("/incidents/", {"page": number})
    assert response.status_code == 200
    assert "<tbody>" in text(response)
