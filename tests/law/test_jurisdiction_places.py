"""Places carry a country: the migration that fills it in, the reading of an empty one through
the place it lies within, and places abroad kept off the map of Belarus."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from sprava.records import services
from sprava.records.models import Place
from sprava.records.models.places import countries
from sprava.records.seed import load_reference_data, read_data
from sprava.search.figures import PlaceFigure
from sprava.web.insight import charts

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("sprava.records.migrations.0008_place_country")


def fill() -> None:
    MIGRATION.fill(apps, SimpleNamespace(connection=connection))


def test_every_shipped_place_has_its_country_after_the_migrations() -> None:
    shipped = {p["code"]: p["country"] for p in read_data("places.json")["places"]}
    assert dict(Place.objects.filter(code__in=shipped).values_list("code", "country")) == shipped
    assert Place.objects.get(code="akrestsina").country == "BY"
    assert Place.objects.get(code="medininkai").country == "LT"


def test_the_migration_fills_belarus_but_leaves_what_the_ledger_recorded(home: Path) -> None:
    minsk = Place.objects.get(code="minsk")
    recorded = services.save_record(Place(code="new-yard", label_en="A yard", kind="other",
                                          parent=minsk), actor="test")
    unrecorded = Place.objects.create(code="old-yard", label_en="Another yard", kind="other",
                                      parent=minsk)
    Place.objects.filter(code__in=["akrestsina", "vilnius"]).update(country="")
    fill()
    found = dict(Place.objects.values_list("code", "country"))
    assert found["new-yard"] == ""  # as its ledger events say; it reads as Minsk's
    assert found["old-yard"] == "BY"
    assert found["akrestsina"] == "BY" and found["vilnius"] == "LT"
    assert recorded.pk and unrecorded.pk
    fill()  # again: nothing changes
    assert dict(Place.objects.values_list("code", "country")) == found
    assert not load_reference_data().changed


def test_an_empty_country_reads_as_the_place_it_lies_within() -> None:
    assert countries({1: (None, "BY"), 2: (1, ""), 3: (2, ""), 4: (None, ""), 5: (3, "LT")}) == {
        1: "BY", 2: "BY", 3: "BY", 4: "", 5: "LT"}
    assert countries({1: (2, ""), 2: (1, "")}) == {1: "", 2: ""}  # a loop names none


def test_a_place_abroad_is_named_beside_the_map_not_drawn_off_it() -> None:
    vilnius, minsk = Place.objects.get(code="vilnius"), Place.objects.get(code="minsk")
    drawn = charts.belarus_map([PlaceFigure(vilnius, 3, 0), PlaceFigure(minsk, 2, 0)], {},
                               lambda figure: "")
    assert [figure.place.code for figure in drawn.abroad] == ["vilnius"]
    assert [marker.label for marker in drawn.incidents] == [minsk.label]
