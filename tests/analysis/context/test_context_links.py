"""Every figure names the records behind it: its filters, given to the acts list, list exactly
the acts it counts, with exactly its victims."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.test import RequestFactory

from sprava.analysis.context import ContextFigures, context_figures
from sprava.analysis.tallies import Params
from sprava.records.reader import Reader
from sprava.web.records import access
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx
from tests.accounts.conftest import Personas
from tests.analysis.context.conftest import World


def listed(user: Any, filters: Params) -> tuple[int, int]:
    """(acts, distinct victims) the acts list shows for these filters, as the page reads them."""
    request = RequestFactory().get("/acts/", dict(filters))
    request.user = user
    ctx = Ctx.of(request)
    form = KINDS["act"].filters(request.GET, ctx=ctx)  # type: ignore[misc]
    assert form.is_valid(), (filters, form.errors)
    acts = form.apply(access.visible(ctx, KINDS["act"]))
    return acts.count(), acts.exclude(victim=None).values("victim").distinct().count()


def every_figure(figures: ContextFigures) -> list[tuple[str, Params, int, int | None]]:
    """(what, filters, acts, victims or None when the figure gives none) of every number."""
    found: list[tuple[str, Params, int, int | None]] = [
        ("total", figures.total.filters, figures.total.acts, figures.total.victims),
        ("region unknown", figures.region_unknown.filters, figures.region_unknown.acts,
         figures.region_unknown.victims),
        ("no unit", figures.unit_unknown.filters, figures.unit_unknown.acts,
         figures.unit_unknown.victims)]
    for name, rows in (("type", figures.by_type), ("period", figures.periods),
                       ("unplaced", figures.unplaced), ("region", figures.regions),
                       ("place", figures.places), ("facility", figures.facilities),
                       ("unit", figures.units), ("pattern", figures.patterns)):
        found += [(name, row.filters, row.acts, row.victims) for row in rows]
    for row in figures.heat:
        found += [("heat", link, count, None) for count, link in zip(row.cells, row.links,
                                                                       strict=True)]
    return found


def test_each_number_lists_exactly_its_acts(world: World, personas: Personas) -> None:
    figures = context_figures(Reader.of_user(personas.viewer), world.case)
    checked = every_figure(figures)
    # 3 totals, 4 types, 3 months, 2 apart, 7 regions, 4 places, 2 prisons, 2 units, 3 patterns,
    # 9 cells of the heat map.
    assert len(checked) == 39
    wrong = []
    for what, filters, acts, victims in checked:
        shown_acts, shown_victims = listed(personas.viewer, filters)
        if shown_acts != acts or (victims is not None and shown_victims != victims):
            wrong.append((what, dict(filters), (acts, victims), (shown_acts, shown_victims)))
    assert wrong == []


def test_the_list_page_says_so_too(world: World, personas: Personas, client_of) -> None:  # type: ignore[no-untyped-def]
    figures = context_figures(Reader.of_user(personas.viewer), world.case)
    for filters, expected in ((figures.regions[0].filters, "4 acts"),
                              (figures.periods[2].filters, "3 acts"),
                              (figures.unit_unknown.filters, "2 acts"),
                              (figures.unplaced[0].filters, "1 act ")):
        html = client_of("viewer").get("/acts/?" + urlencode(filters)).content.decode()
        assert re.search(rf"\b{expected}", html.replace("match", " match")), filters


def test_filters_the_list_does_not_know_are_refused_not_ignored() -> None:
    import pytest

    from sprava.analysis.tallies import Tally

    with pytest.raises(ValueError, match="acts list"):
        Tally(acts=1, victims=1, filters=(("case", "x"), ("week", "2020-W33")))
    with pytest.raises(ValueError, match="impossible"):
        Tally(acts=1, victims=2, filters=(("case", "x"),))
