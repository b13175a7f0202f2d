"""The bars of a case's timeline: the unit chosen by the span, and no false precision."""

from __future__ import annotations

import datetime

import pytest

from sprava.search.timeline import Bucket, Unit, choose_unit, timeline

D = datetime.date


@pytest.mark.parametrize(("first", "last", "unit"), [
    (D(2020, 8, 9), D(2020, 8, 9), Unit.DAY),
    (D(2020, 8, 9), D(2020, 11, 8), Unit.DAY),  # 92 days, both counted
    (D(2020, 8, 9), D(2020, 11, 9), Unit.WEEK),
    (D(2020, 8, 9), D(2021, 8, 9), Unit.WEEK),  # 366 days
    (D(2020, 8, 9), D(2021, 8, 10), Unit.MONTH),
    (D(2020, 8, 9), D(2024, 12, 31), Unit.MONTH),
])
def test_the_span_chooses_the_unit(first: datetime.date, last: datetime.date, unit: Unit) -> None:
    assert choose_unit(first, last) is unit


def test_days_of_a_few_weeks_get_a_bar_each_empty_days_included() -> None:
    run = timeline([(D(2020, 8, 1), 3), (D(2020, 9, 1), 1)],
                   [(D(2020, 8, 9), 2), (D(2020, 8, 11), 1), (D(2020, 9, 2), 1)])
    assert run is not None and run.unit is Unit.DAY and run.month_only == ()
    assert len(run.buckets) == 25  # 9 August to 2 September
    assert run.buckets[:3] == (Bucket(D(2020, 8, 9), D(2020, 8, 9), 2),
                               Bucket(D(2020, 8, 10), D(2020, 8, 10), 0),
                               Bucket(D(2020, 8, 11), D(2020, 8, 11), 1))
    assert sum(bucket.count for bucket in run.buckets) == 4


def test_weeks_run_monday_to_sunday() -> None:
    run = timeline([(D(2020, 8, 1), 1), (D(2021, 1, 1), 1)],
                   [(D(2020, 8, 9), 1), (D(2021, 1, 6), 1)])  # a Sunday; a Wednesday
    assert run is not None and run.unit is Unit.WEEK
    assert run.buckets[0] == Bucket(D(2020, 8, 3), D(2020, 8, 9), 1)
    assert run.buckets[-1] == Bucket(D(2021, 1, 4), D(2021, 1, 10), 1)
    assert all(bucket.start.weekday() == 0 for bucket in run.buckets)


def test_years_are_drawn_by_month() -> None:
    run = timeline([(D(2020, 8, 1), 1), (D(2020, 9, 1), 0), (D(2022, 3, 1), 2)],
                   [(D(2020, 8, 9), 1), (D(2022, 3, 5), 2)])
    assert run is not None and run.unit is Unit.MONTH
    assert run.buckets[0] == Bucket(D(2020, 8, 1), D(2020, 8, 31), 1)
    assert run.buckets[-1] == Bucket(D(2022, 3, 1), D(2022, 3, 31), 2)
    assert len(run.buckets) == 20
    assert Bucket(D(2021, 2, 1), D(2021, 2, 28), 0) in run.buckets


def test_incidents_known_only_to_the_month_are_counted_apart_from_days() -> None:
    run = timeline([(D(2020, 8, 1), 3), (D(2020, 9, 1), 1)],
                   [(D(2020, 8, 9), 1), (D(2020, 8, 12), 1)])
    assert run is not None and run.unit is Unit.DAY
    assert run.month_only == ((D(2020, 8, 1), 1), (D(2020, 9, 1), 1))
    # The bars run over the whole time those could fall in: all August and September.
    assert run.buckets[0].start == D(2020, 8, 1) and run.buckets[-1].end == D(2020, 9, 30)
    assert sum(bucket.count for bucket in run.buckets) == 2


def test_mostly_month_only_incidents_keep_the_months() -> None:
    run = timeline([(D(2020, 8, 1), 3)], [(D(2020, 8, 9), 1)])
    assert run is not None and run.unit is Unit.MONTH and run.month_only == ()
    assert run.buckets == (Bucket(D(2020, 8, 1), D(2020, 8, 31), 3),)


def test_nothing_dated_is_no_timeline() -> None:
    assert timeline([], []) is None
