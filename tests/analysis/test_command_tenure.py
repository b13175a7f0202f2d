"""The precision rule: a post known only to the year covers that year, to the month that month;
no end is to this day; no date is never counted. Python and SQL agree on it."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from sprava.analysis.tenure import Tenure, covering
from sprava.records.models import Position
from tests.analysis.conftest import Chain

D = datetime.date


def span(start: datetime.date | None, end: datetime.date | None = None,
         precision: str = "day") -> SimpleNamespace:
    return SimpleNamespace(start_date=start, end_date=end, date_precision=precision)


def test_a_post_known_only_by_year_covers_the_whole_of_its_years() -> None:
    tenure = Tenure.of(span(D(2020, 1, 1), D(2021, 1, 1), "year"))
    assert (tenure.first, tenure.last) == (D(2020, 1, 1), D(2021, 12, 31))
    assert tenure.covers(D(2021, 12, 31)) and not tenure.covers(D(2022, 1, 1))


def test_a_post_known_to_the_month_covers_the_whole_month() -> None:
    tenure = Tenure.of(span(D(2020, 2, 1), D(2020, 2, 1), "month"))
    assert (tenure.first, tenure.last) == (D(2020, 2, 1), D(2020, 2, 29))


def test_an_approximate_date_covers_its_year() -> None:
    tenure = Tenure.of(span(D(2020, 6, 3), None, "approximate"))
    assert tenure.first == D(2020, 1, 1) and tenure.open


def test_a_post_with_no_end_is_held_to_this_day() -> None:
    tenure = Tenure.of(span(D(2020, 8, 12)))
    assert tenure.open and tenure.covers(D(2030, 1, 1)) and not tenure.covers(D(2020, 8, 11))
    assert tenure.last_or(D(2024, 5, 1)) == D(2024, 5, 1)


@pytest.mark.parametrize("undated", [span(None), span(D(2020, 1, 1), None, "unknown"),
                                     span(D(2020, 5, 2), D(2020, 5, 1))])
def test_a_post_without_a_usable_date_covers_nothing(undated: SimpleNamespace) -> None:
    tenure = Tenure.of(undated)
    assert not tenure.dated and not tenure.covers(D(2020, 5, 1))
    assert tenure.within(D(1900, 1, 1), D(2100, 1, 1)) is None


def test_a_tenure_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Tenure(D(2020, 2, 1), D(2020, 1, 1))


@pytest.mark.parametrize("day", [D(2019, 12, 31), D(2020, 1, 1), D(2020, 8, 1), D(2020, 8, 11),
                                 D(2020, 8, 12), D(2020, 8, 20), D(2020, 8, 21), D(2020, 8, 31),
                                 D(2020, 9, 1), D(2020, 12, 31), D(2021, 1, 1), D(2026, 1, 1)])
def test_the_database_picks_the_holders_of_a_date_by_the_same_rule(
        chain: Chain, day: datetime.date) -> None:
    posts = Position.objects.filter(pk__in=[p.pk for p in chain.posts.values()])
    by_sql = set(posts.filter(covering(day)).values_list("pk", flat=True))
    by_python = {p.pk for p in posts if Tenure.of(p).covers(day)}
    assert by_sql == by_python
