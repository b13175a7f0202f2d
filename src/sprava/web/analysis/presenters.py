"""The contextual figures as the page shows them: each count beside the address of its acts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from sprava.analysis.context import ContextFigures
from sprava.analysis.tallies import Params, Tally
from sprava.records.models import Place, Precision
from sprava.web.analysis import charts

PLACES_SHOWN = 25
PATTERNS_SHOWN = 50


def acts_url(filters: Params) -> str:
    """The acts list of these filters (`sprava.web.records.filters.ActFilter`)."""
    return reverse("records:act-list") + "?" + urlencode(filters)


@dataclass(frozen=True)
class Line:
    """A row of a table: what it counts (`row`), its name, and the list of its acts."""

    row: Any
    url: str
    label: str = ""


def _lines(rows: Sequence[Tally], label: Callable[[Any], str] | None = None) -> list[Line]:
    return [Line(row=row, url=acts_url(row.filters),
                 label=label(row) if label else row.name.label)  # type: ignore[attr-defined]
            for row in rows]


def _unplaced_label(precision: str) -> str:
    labels: dict[str, str] = {Precision.MONTH: _("Date known only to the month"),
                              Precision.APPROXIMATE: _("Approximate date"),
                              Precision.YEAR: _("Date known only to the year"),
                              Precision.UNKNOWN: _("No date")}
    return labels.get(precision, precision)


def _pattern_label(pattern: Any) -> str:
    return _("by the same unit") if pattern.by == "unit" else _("at the same place of detention")


def page(figures: ContextFigures) -> dict[str, Any]:
    """What the template shows of `figures`."""
    columns = charts.columns(figures)
    places = _lines(figures.places)
    patterns = _lines(figures.patterns, _pattern_label)
    return {
        "figures": figures,
        "total_url": acts_url(figures.total.filters),
        "by_type": _lines(figures.by_type),
        "periods": [Line(row=period, url=acts_url(period.filters), label=label)
                    for period, label in zip(figures.periods, columns, strict=True)],
        "unplaced": _lines(figures.unplaced, lambda u: _unplaced_label(u.precision)),
        "timeline": charts.timeline(figures, acts_url),
        "growth": charts.growth(figures, acts_url),
        "map": charts.choropleth(figures, acts_url),
        "regions": _lines(figures.regions),
        "region_unknown": Line(row=figures.region_unknown,
                               url=acts_url(figures.region_unknown.filters),
                               label=_("Region unknown")),
        "region_abroad": Line(row=figures.region_abroad,
                              url=acts_url(figures.region_abroad.filters),
                              label=_("Outside Belarus")),
        "places": places[:PLACES_SHOWN], "places_more": max(0, len(places) - PLACES_SHOWN),
        "heat": charts.heat_map(figures, acts_url),
        "heat_columns": columns,
        "heat_rows": [(row.name.label, [(count, acts_url(link)) for count, link
                                        in zip(row.cells, row.links, strict=True)])
                      for row in figures.heat],
        "facilities": _facilities(figures),
        "units": _lines(figures.units),
        "unit_unknown": Line(row=figures.unit_unknown, url=acts_url(figures.unit_unknown.filters),
                             label=_("No unit recorded")),
        "patterns": patterns[:PATTERNS_SHOWN],
        "patterns_more": max(0, len(patterns) - PATTERNS_SHOWN),
        "spread_column": _("Days") if figures.unit == "day" else _("Months"),
    }


def _facilities(figures: ContextFigures) -> list[tuple[Line, str]]:
    """Each place of detention's line, and its page's list of those held there."""
    ids = dict(Place.objects.filter(code__in=[row.name.code for row in figures.facilities])
               .values_list("code", "pk"))
    return [(line, reverse("records:place-detail", args=[ids[line.row.name.code]]) + "#held")
            for line in _lines(figures.facilities) if line.row.name.code in ids]
