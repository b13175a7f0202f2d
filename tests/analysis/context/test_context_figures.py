"""Every figure of the contextual element against the hand-counted case of conftest.py.

The expected numbers below were counted by hand from the table in conftest.py's docstring;
none is computed by the code under test.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.analysis.context import ContextFigures, context_figures
from sprava.analysis.periods import Unit
from sprava.analysis.tallies import Row
from sprava.records.reader import Reader
from tests.accounts.conftest import Personas
from tests.analysis.context.conftest import World

REF = "akrestsina-2020"


@pytest.fixture
def figures(world: World, personas: Personas) -> ContextFigures:
    return context_figures(Reader.of_user(personas.lead), world.case)


def counts(rows: tuple[Row, ...]) -> dict[str, tuple[int, int, int, int]]:
    """code -> (acts, victims, months, regions)."""
    return {row.name.code: (row.acts, row.victims, row.periods, row.regions) for row in rows}


def test_totals(figures: ContextFigures) -> None:
    assert (figures.total.acts, figures.total.victims) == (10, 4)  # V5 has no act
    assert figures.total.filters == (("case", REF),)
    assert figures.unit is Unit.MONTH  # 10 August to 20 October: more than two months
    assert figures.place_count == 4  # Akrestsina, Brest, Zhodzina No. 8, Hrodna region
    assert figures.region_count == 4  # Minsk, Brest region, Minsk region, Hrodna region


def test_acts_by_type(figures: ContextFigures) -> None:
    assert counts(figures.by_type) == {
        "beating": (6, 4, 3, 2),  # acts 1 2 4 6 8 10; Aug Sep Oct; Minsk, Minsk region
        "torture": (2, 2, 1, 2),  # acts 3 7; Aug (7 is known to the year); Minsk, Hrodna
        "arbitrary-arrest": (1, 1, 1, 1),
        "detention": (1, 1, 1, 1),
    }
    assert [row.name.code for row in figures.by_type][:2] == ["beating", "torture"]
    assert dict(figures.by_type[0].filters) == {"case": REF, "act_type": "beating"}


def test_by_month_with_growth(figures: ContextFigures) -> None:
    got = [(p.key, p.acts, p.victims, p.new_victims, p.acts_to_date, p.victims_to_date)
           for p in figures.periods]
    assert got == [
        ("2020-08", 3, 2, 2, 3, 2),  # acts 1 2 3; V1 V2, both new
        ("2020-09", 2, 1, 1, 5, 3),  # acts 4 5; V3, new
        ("2020-10", 3, 2, 1, 8, 4),  # acts 6 9 10; V4 V1, only V4 new
    ]
    assert figures.periods[0].start == datetime.date(2020, 8, 1)
    assert figures.periods[0].end == datetime.date(2020, 8, 31)
    assert dict(figures.periods[1].filters) == {"case": REF, "month": "2020-09"}


def test_acts_dated_too_roughly_are_counted_apart(figures: ContextFigures) -> None:
    # Act 7 is known only to the year (entered as 1 January 2020): in no month, January or
    # other; act 8 has no date.
    assert [(u.precision, u.acts, u.victims) for u in figures.unplaced] == [
        ("year", 1, 1), ("unknown", 1, 0)]
    assert figures.periods[0].key == "2020-08"
    assert figures.dated == 8
    assert dict(figures.unplaced[0].filters) == {"case": REF, "precision": "year"}


def test_by_region(figures: ContextFigures) -> None:
    assert counts(figures.regions) == {
        "minsk": (4, 3, 2, 1),  # acts 1 2 3 4 at Akrestsina
        "minsk-region": (3, 2, 1, 1),  # acts 6 9 10 at Zhodzina No. 8
        "brest-region": (1, 1, 1, 1),  # act 5 in Brest
        "hrodna-region": (1, 1, 0, 1),  # act 7, known to the year
        "viciebsk-region": (0, 0, 0, 0), "mahiliou-region": (0, 0, 0, 0),
        "homiel-region": (0, 0, 0, 0),
    }
    assert [row.name.code for row in figures.regions][:2] == ["minsk", "minsk-region"]
    # Act 8: no place of its own and none of its incident.
    assert (figures.region_unknown.acts, figures.region_unknown.victims) == (1, 0)
    assert dict(figures.region_unknown.filters) == {"case": REF, "region": "unknown"}


def test_by_place(figures: ContextFigures) -> None:
    assert counts(figures.places) == {
        "akrestsina": (4, 3, 2, 1),  # act 1 through its incident, act 4 by its own place
        "prison-8-zhodzina": (3, 2, 1, 1),  # act 10 through its incident
        "brest": (1, 1, 1, 1),
        "hrodna-region": (1, 1, 0, 1),
    }
    assert [row.name.code for row in figures.places] == [
        "akrestsina", "prison-8-zhodzina", "brest", "hrodna-region"]


def test_by_place_of_detention(figures: ContextFigures) -> None:
    got = {f.name.code: (f.acts, f.victims, f.periods, f.held, f.custody_periods)
           for f in figures.facilities}
    # Held: V1, V2 at Akrestsina (V5 has no act, the other case's victim is not this case's);
    # V2 and the protected V4 at Zhodzina No. 8, whom the lead may see.
    assert got == {"akrestsina": (4, 3, 2, 2, 2), "prison-8-zhodzina": (3, 2, 1, 2, 2)}
    assert dict(figures.facilities[0].filters) == {"case": REF, "at": "akrestsina"}


def test_by_unit(figures: ContextFigures, world: World) -> None:
    omon, gubopik = str(world.omon.pk), str(world.gubopik.pk)
    assert counts(figures.units) == {
        omon: (5, 4, 3, 2),  # acts 1 2 4 6 10 (act 2 twice involved, counted once)
        gubopik: (3, 3, 2, 3),  # acts 3 7 9; Aug Oct; Minsk, Hrodna, Minsk region
    }
    assert (figures.unit_unknown.acts, figures.unit_unknown.victims) == (2, 1)  # acts 5, 8
    assert dict(figures.units[0].filters) == {"case": REF, "organisation": omon}
    assert dict(figures.unit_unknown.filters) == {"case": REF, "organisation": "none"}


def test_heat_map(figures: ContextFigures) -> None:
    assert [(row.name.code, row.cells) for row in figures.heat] == [
        ("akrestsina", (3, 1, 0)), ("prison-8-zhodzina", (0, 0, 3)), ("brest", (0, 1, 0))]
    assert dict(figures.heat[0].links[1]) == {"case": REF, "at": "akrestsina",
                                              "month": "2020-09"}


def test_recurring_patterns(figures: ContextFigures, world: World) -> None:
    got = [(p.by, p.act_type.code, p.where.code, p.acts, p.victims, p.periods, p.regions)
           for p in figures.patterns]
    assert got == [
        ("unit", "beating", str(world.omon.pk), 5, 4, 3, 2),
        ("facility", "beating", "akrestsina", 3, 3, 2, 1),  # acts 1 2 4
        ("unit", "torture", str(world.gubopik.pk), 2, 2, 1, 2),  # acts 3 7: two regions
    ]  # beating at Zhodzina No. 8 (acts 6 10) is one month in one region: no pattern
    assert dict(figures.patterns[1].filters) == {"case": REF, "act_type": "beating",
                                                 "at": "akrestsina"}


def test_the_policy_evidence_has_its_place_and_nothing_in_it_yet(
        figures: ContextFigures) -> None:
    assert figures.policy == ()
    assert figures.to_dict()["policy"] == []


def test_the_json_names_each_figures_acts(figures: ContextFigures) -> None:
    document = figures.to_dict()
    assert document["acts"] == 10 and document["victims"] == 4
    assert document["widespread"]["by_period"][0]["acts_filter"] == {"case": REF,
                                                                     "month": "2020-08"}
    assert document["widespread"]["date_not_precise_enough"][0] == {
        "precision": "year", "acts": 1, "victims": 1,
        "acts_filter": {"case": REF, "precision": "year"}}
    assert document["systematic"]["patterns"][0]["act_type"]["labels"]["be"] == "Збіццё"


def test_a_fixed_number_of_queries_whatever_the_size(world: World, personas: Personas) -> None:
    reader = Reader.of_user(personas.lead)
    with CaptureQueriesContext(connection) as small:
        context_figures(reader, world.case)
    act = world.acts[1]
    for _ in range(20):
        act.pk = None
        act.save()  # straight to the table: this counts queries, not records
    reader = Reader.of_user(personas.lead)
    with CaptureQueriesContext(connection) as large:
        context_figures(reader, world.case)
    assert len(large) == len(small) <= 25


def test_an_empty_case_has_no_figures_but_zeros(personas: Personas) -> None:
    figures = context_figures(Reader.of_user(personas.lead), personas.case)
    assert (figures.total.acts, figures.total.victims) == (0, 0)
    assert figures.periods == () and figures.heat == () and figures.patterns == ()
    assert all(row.acts == 0 for row in figures.regions) and len(figures.regions) == 7


def test_an_act_abroad_is_counted_outside_belarus_not_as_of_an_unknown_region(
        world: World, personas: Personas) -> None:
    from sprava.records.models import Act, ActType, Place

    first = world.acts[1]
    Act.objects.create(incident=first.incident, act_type=ActType.objects.get(code="forced-exile"),
                       victim=first.victim, start_date=datetime.date(2021, 3, 1),
                       place=Place.objects.get(code="medininkai"))
    figures = context_figures(Reader.of_user(personas.viewer), world.case)
    assert (figures.region_abroad.acts, figures.region_abroad.victims) == (1, 1)
    assert (figures.region_unknown.acts, figures.region_unknown.victims) == (1, 0)  # act 8 only
    assert dict(figures.region_abroad.filters) == {"case": REF, "region": "abroad"}
    assert figures.to_dict()["widespread"]["abroad"]["acts"] == 1
