"""No figure claims more precision than the record has: an act known to the year is in no
month, one known to the month in no day; a short case is counted by day."""

from __future__ import annotations

import datetime

from sprava.analysis.context import context_figures
from sprava.analysis.periods import DAYS_UNDER, Unit, choose_unit
from sprava.records.models import Act, ActType, Incident
from sprava.records.reader import Reader
from tests.accounts.conftest import Personas
from tests.analysis.context.conftest import World, day, save

D = datetime.date


def short_case(personas: Personas) -> None:
    """The other team's case: 10-12 August 2020, by day; one act known to the month, one to the
    year, one approximately."""
    incident = save(Incident(case=personas.other_case, title="Three days in August"))
    beating = ActType.objects.get(code="beating")
    for start, precision in (("2020-08-10", "day"), ("2020-08-10", "day"), ("2020-08-12", "day"),
                             ("2020-08-01", "month"), ("2020-08-11", "approximate"),
                             ("2020-01-01", "year")):
        save(Act(incident=incident, act_type=beating, start_date=day(start),
                 date_precision=precision))


def test_a_short_case_is_counted_by_day_with_only_its_day_precise_acts(
        personas: Personas) -> None:
    short_case(personas)
    figures = context_figures(Reader.of_user(personas.other_lead), personas.other_case)
    assert figures.unit is Unit.DAY
    assert [(p.key, p.acts) for p in figures.periods] == [
        ("2020-08-10", 2), ("2020-08-11", 0), ("2020-08-12", 1)]
    # Known to the month, approximately, to the year: in no day, each counted apart.
    assert [(u.precision, u.acts) for u in figures.unplaced] == [
        ("month", 1), ("approximate", 1), ("year", 1)]
    assert dict(figures.periods[0].filters) == {
        "case": "okrestina-other", "start": "2020-08-10", "end": "2020-08-10",
        "precision": "day"}


def test_a_long_case_is_counted_by_month(world: World, personas: Personas) -> None:
    figures = context_figures(Reader.of_user(personas.lead), world.case)
    assert figures.unit is Unit.MONTH
    assert "2020-01" not in [p.key for p in figures.periods]  # act 7, known to the year


def test_the_unit_of_time() -> None:
    first = D(2020, 8, 1)
    short = first + datetime.timedelta(days=DAYS_UNDER - 2)
    assert choose_unit(first, short, daily=3, monthly=4) is Unit.DAY
    assert choose_unit(first, short + datetime.timedelta(days=1), daily=3,
                       monthly=4) is Unit.MONTH
    # Mostly known only to the month: by month, where every one of them has its period.
    assert choose_unit(first, short, daily=1, monthly=4) is Unit.MONTH
    assert choose_unit(None, None, daily=0, monthly=0) is Unit.MONTH


def test_the_month_filter_lists_no_act_known_only_to_the_year(
        world: World, client_of) -> None:  # type: ignore[no-untyped-def]
    # 1 January 2020 is act 7's stored start; its precision keeps it out of January.
    html = client_of("viewer").get("/acts/?case=akrestsina-2020&month=2020-01").content.decode()
    assert "No acts match these filters." in html
    html = client_of("viewer").get("/acts/?case=akrestsina-2020&precision=year").content.decode()
    assert f'href="/acts/{world.acts[7].pk}/"' in html
