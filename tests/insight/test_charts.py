"""The dashboard's drawings as numbers and names: bars and their labels in each language, and
the names on the map."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sprava.records.models import Place, PlaceKind
from sprava.search.figures import PlaceFigure
from sprava.search.timeline import Bucket, Unit, timeline
from sprava.web.insight import charts

D = datetime.date
DAY = Bucket(D(2020, 8, 3), D(2020, 8, 3), 1)
WEEK = Bucket(D(2020, 8, 3), D(2020, 8, 9), 1)
MONTH = Bucket(D(2020, 12, 1), D(2020, 12, 31), 1)


@pytest.mark.parametrize(("language", "day", "week", "month"), [
    ("en", "Aug. 3, 2020", "Aug. 3, 2020 – Aug. 9, 2020", "December 2020"),
    ("ru", "3 августа 2020 г.", "3 августа 2020 г. – 9 августа 2020 г.", "Декабрь 2020 г."),
    # Django's Belarusian gave the genitive for a month alone, in the classical spelling
    # ("сьнежня 2020"), and no date formats at all: sprava.formats and sprava/locale/be.
    ("be", "3 жніўня 2020 г.", "3 жніўня 2020 г. – 9 жніўня 2020 г.", "Снежань 2020 г."),
])
def test_bars_are_named_in_the_readers_language(language: str, day: str, week: str,
                                                month: str) -> None:
    with translation.override(language):
        assert charts.bucket_label(DAY, Unit.DAY) == day
        assert charts.bucket_label(WEEK, Unit.WEEK) == week
        assert charts.bucket_label(MONTH, Unit.MONTH) == month


def chart(days: list[tuple[datetime.date, int]]) -> charts.Timeline:
    months: dict[datetime.date, int] = {}
    for day, count in days:
        months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + count
    drawing = charts.timeline(timeline(sorted(months.items()), days), lambda bucket: "")
    assert drawing is not None
    return drawing


def test_a_few_weeks_of_days_are_labelled_each_monday() -> None:
    drawing = chart([(D(2020, 8, 9), 2), (D(2020, 8, 30), 1)])
    assert drawing.unit is Unit.DAY and len(drawing.bars) == 2
    with translation.override("ru"):
        drawing = chart([(D(2020, 8, 9), 2), (D(2020, 8, 30), 1)])
    # 9 August (a Sunday) would run into 10 August: the Mondays are kept.
    assert [tick.label for tick in drawing.ticks] == ["10 августа", "17 августа", "24 августа"]
    assert drawing.heading == "Инциденты по дням"
    assert "период: 9 августа 2020 г. — 30 августа 2020 г.)." in drawing.caption


def test_longer_runs_are_labelled_by_month() -> None:
    with translation.override("be"):
        days = chart([(D(2020, 8, 9), 2), (D(2020, 10, 30), 1)])
        weeks = chart([(D(2020, 8, 9), 2), (D(2021, 6, 30), 1)])
    assert days.unit is Unit.DAY and [t.label for t in days.ticks] == ["Жні 2020", "Вер", "Кас"]
    assert weeks.unit is Unit.WEEK and weeks.heading == "Інцыдэнты па тыднях"
    assert [t.label for t in weeks.ticks][:6] == ["Жні 2020", "Вер", "Кас", "Ліс", "Сне",
                                                  "Сту 2021"]


def test_years_are_labelled_each_january() -> None:
    drawing = chart([(D(2020, 8, 9), 2), (D(2024, 12, 30), 1)])
    assert drawing.unit is Unit.MONTH and len(drawing.bars) == 2
    assert [t.label for t in drawing.ticks] == ["Aug 2020", "2021", "2022", "2023", "2024"]


def place(code: str, kind: str, label: str, lat: float, lon: float,
          parent: Place | None = None) -> Place:
    return Place(pk=abs(hash(code)) % 10**6, code=code, kind=kind, label_en=label,
                 latitude=lat, longitude=lon, parent=parent)


def test_the_map_names_the_towns_with_figures_over_the_markers() -> None:
    minsk = place("minsk", PlaceKind.CITY, "Minsk", 53.902, 27.561)
    prison = place("akrestsina", PlaceKind.DETENTION, "Akrestsina, Minsk", 53.86, 27.48, minsk)
    zhodzina = place("zhodzina", PlaceKind.CITY, "Zhodzina", 54.099, 28.332)
    quiet = place("quiet", PlaceKind.DISTRICT, "Quiet town", 52.5, 30.0)
    figures = [PlaceFigure(minsk, 5, 0), PlaceFigure(prison, 2, 3), PlaceFigure(zhodzina, 1, 0),
               PlaceFigure(quiet, 0, 0)]
    drawing = charts.belarus_map(figures, {"minsk-region": "Minsk region"}, lambda f: "")
    towns = [label.text for label in drawing.labels if label.kind == "town"]
    assert towns == ["Minsk", "Zhodzina"]  # once each, the busiest first; none without figures
    assert [label.text for label in drawing.labels if label.kind == "region"] == ["Minsk region"]


def test_a_town_of_a_prison_is_its_town_and_a_region_none() -> None:
    minsk = place("minsk", PlaceKind.CITY, "Minsk", 53.902, 27.561)
    region = place("minsk-region", PlaceKind.REGION, "Minsk region", 53.7, 27.6)
    assert charts.town_of(place("p", PlaceKind.DETENTION, "Prison", 53.9, 27.5, minsk)) == minsk
    assert charts.town_of(minsk) == minsk
    assert charts.town_of(region) is None
    assert charts.town_of(place("p", PlaceKind.DETENTION, "Prison", 53.9, 27.5, region)) is None
