"""The drawings of the contextual figures, as numbers for inline SVG: a timeline of acts and
victims, their growth, a choropleth of Belarus by region, and a place-by-period heat map.

The timeline and the map are the dashboard's own (`sprava.web.insight.charts`), given other
counts; the heat map is drawn here with the same axis labels. As there: no script, no map
service, every shape styled by a class of the shipped stylesheet (`analysis.css`), and every
number also in a table beside the drawing, with the same links.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sprava.analysis.context import ContextFigures
from sprava.analysis.periods import Unit as PeriodUnit
from sprava.analysis.tallies import Params, Period, Row
from sprava.search.timeline import Bucket, Unit
from sprava.search.timeline import Timeline as BucketRun
from sprava.web.insight import charts
from sprava.web.insight.charts import Label, Marker, Shape, Tick, Timeline

Link = Callable[[Params], str]
LEVELS = 5
"""Shades of the choropleth and the heat map, besides "none"."""


def level(count: int, peak: int) -> int:
    """The shade of `count`: 0 for none, else 1 to `LEVELS` in equal steps up to `peak`."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / peak)))


def acts_text(count: int) -> str:
    return ngettext("%(count)d act", "%(count)d acts", count) % {"count": count}


def victims_text(count: int) -> str:
    return ngettext("%(count)d victim", "%(count)d victims", count) % {"count": count}


# --- Timeline and growth --------------------------------------------------------------------------


def _run(figures: ContextFigures, count: Callable[[Period], int]) -> BucketRun:
    unit = Unit.DAY if figures.unit is PeriodUnit.DAY else Unit.MONTH
    return BucketRun(unit=unit, buckets=tuple(Bucket(start=p.start, end=p.end, count=count(p))
                                              for p in figures.periods))


def _column(unit: Unit) -> str:
    return _("Day") if unit is Unit.DAY else _("Month")


def timeline(figures: ContextFigures, link: Link) -> Timeline | None:
    """Acts per period (bars) and their distinct victims (a line), each bar its acts' list."""
    by_start = {p.start: p for p in figures.periods}

    def texts(unit: Unit, first: Bucket, last: Bucket) -> tuple[str, str, str]:
        names = {"first": charts.bucket_label(first, unit), "last": charts.bucket_label(last, unit)}
        if unit is Unit.DAY:
            return (_("Acts and victims by day"),
                    _("Acts of this case per day of their date (bars) and the distinct victims "
                      "of those acts (line), from %(first)s to %(last)s. Only acts dated to the "
                      "day are in a day.") % names, _column(unit))
        return (_("Acts and victims by month"),
                _("Acts of this case per month of their date (bars) and the distinct victims of "
                  "those acts (line), from %(first)s to %(last)s. Acts known only to the year "
                  "are in no month.") % names, _column(unit))

    def title(bucket: Bucket, label: str) -> str:
        period = by_start[bucket.start]
        return _("%(period)s: %(acts)s, %(victims)s") % {
            "period": label, "acts": acts_text(period.acts),
            "victims": victims_text(period.victims)}

    return charts.timeline(_run(figures, lambda p: p.acts),
                           lambda bucket: link(by_start[bucket.start].filters), title=title,
                           texts=texts, line=[p.victims for p in figures.periods])


def growth(figures: ContextFigures, link: Link) -> Timeline | None:
    """Acts (bars) and distinct victims (a line) up to the end of each period."""
    by_start = {p.start: p for p in figures.periods}

    def texts(unit: Unit, first: Bucket, last: Bucket) -> tuple[str, str, str]:
        names = {"first": charts.bucket_label(first, unit), "last": charts.bucket_label(last, unit)}
        return (_("Growth over time"),
                _("Acts of this case (bars) and their distinct victims (line) counted up to the "
                  "end of each period, from %(first)s to %(last)s. Each bar lists the acts of "
                  "its own period.") % names, _column(unit))

    def title(bucket: Bucket, label: str) -> str:
        period = by_start[bucket.start]
        return _("By the end of %(period)s: %(acts)s, %(victims)s in all") % {
            "period": label, "acts": acts_text(period.acts_to_date),
            "victims": victims_text(period.victims_to_date)}

    return charts.timeline(_run(figures, lambda p: p.acts_to_date),
                           lambda bucket: link(by_start[bucket.start].filters), title=title,
                           texts=texts, line=[p.victims_to_date for p in figures.periods])


# --- Choropleth ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A region (or Minsk city) shaded by its acts."""

    shape: Shape
    level: int
    row: Row
    url: str

    @property
    def title(self) -> str:
        return _("%(region)s: %(acts)s, %(victims)s") % {
            "region": self.row.name.label, "acts": acts_text(self.row.acts),
            "victims": victims_text(self.row.victims)}


@dataclass(frozen=True)
class Choropleth:
    width: int
    height: int
    outline: tuple[Shape, ...]
    areas: tuple[Area, ...]
    labels: tuple[Label, ...]
    counts: tuple[Label, ...]
    """Each area's number of acts, under its name."""
    legend: tuple[tuple[int, str], ...]
    """(level, the range of acts it stands for), from the lightest."""


def _ranges(peak: int) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    low = 1
    for shade in range(1, LEVELS + 1):
        high = math.floor(peak * shade / LEVELS)
        if high >= low:
            found.append((shade, str(low) if high == low else f"{low}–{high}"))
            low = high + 1
    return tuple(found)


def choropleth(figures: ContextFigures, link: Link) -> Choropleth:
    rows = {row.name.code: row for row in figures.regions}
    shapes = charts.region_shapes({code: row.name.label for code, row in rows.items()})
    peak = max((row.acts for row in rows.values()), default=0)
    areas = [Area(shape=shape, level=level(rows[shape.code].acts, peak), row=rows[shape.code],
                  url=link(rows[shape.code].filters))
             for shape in shapes if shape.code in rows]
    # The city lies within its region: the region's name goes where the city's is not.
    cities = [(Marker(x=shape.label_x, y=shape.label_y, radius=20.0, label="", incidents=0,
                      held=0, detention=False, url=""), None)
              for shape in shapes if shape.kind == "city"]
    labels = charts.map_labels(shapes, cities)
    code_of = {shape.label: shape.code for shape in shapes if shape.label}
    counts = [Label(x=label.x, y=label.y + 13, text=str(rows[code_of[label.text]].acts),
                    kind="count") for label in labels if label.text in code_of]
    for shape in shapes:
        if shape.kind == "city" and shape.code in rows:
            # "Minsk 4" above the city's small shape, which stays in sight below it.
            labels.append(Label(x=shape.label_x + 2, y=shape.label_y - 11, text=shape.label,
                                anchor="end", kind="city"))
            counts.append(Label(x=shape.label_x + 6, y=shape.label_y - 11,
                                text=str(rows[shape.code].acts), anchor="start", kind="count"))
    return Choropleth(width=charts.MAP_WIDTH, height=charts.MAP_HEIGHT,
                      outline=tuple(s for s in shapes if s.kind == "country"),
                      areas=tuple(areas), labels=tuple(labels), counts=tuple(counts),
                      legend=_ranges(peak))


# --- Heat map -----------------------------------------------------------------------------------

HEAT_WIDTH = 760
_NAMES, _RIGHT, _TOP, _ROW, _AXIS = 250, 10, 6, 20, 26
_NAME_CHARS = 38  # as many characters of a place's name as the column has room for


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float
    level: int
    count: int
    url: str
    title: str


@dataclass(frozen=True)
class HeatLine:
    """One place: its name beside the row, and its cells."""

    label: str
    short: str
    y: float
    cells: tuple[Cell, ...]
    acts: int


@dataclass(frozen=True)
class HeatMap:
    width: int
    height: int
    left: float
    lines: tuple[HeatLine, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[tuple[int, str], ...]
    column: str


def _short(name: str) -> str:
    return name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1].rstrip() + "…"


def heat_map(figures: ContextFigures, link: Link) -> HeatMap | None:
    """The busiest places (rows) across the periods (columns), each cell its acts' list."""
    if not figures.heat or not figures.periods:
        return None
    periods = figures.periods
    unit = Unit.DAY if figures.unit is PeriodUnit.DAY else Unit.MONTH
    slot = (HEAT_WIDTH - _NAMES - _RIGHT) / len(periods)
    gap = min(1.0, slot * 0.15)
    peak = max(max(row.cells) for row in figures.heat)
    lines = []
    for index, row in enumerate(figures.heat):
        y = _TOP + index * _ROW
        cells = tuple(
            Cell(x=round(_NAMES + i * slot, 2), y=y, width=round(max(slot - gap, 0.5), 2),
                 height=_ROW - 2, level=level(count, peak), count=count,
                 url=link(row.links[i]),
                 title=_("%(place)s, %(period)s: %(acts)s") % {
                     "place": row.name.label,
                     "period": charts.bucket_label(Bucket(p.start, p.end, count), unit),
                     "acts": acts_text(count)})
            for i, (count, p) in enumerate(zip(row.cells, periods, strict=True)))
        lines.append(HeatLine(label=row.name.label, short=_short(row.name.label),
                              y=y + _ROW / 2 + 3, cells=cells, acts=row.acts))
    baseline = _TOP + len(lines) * _ROW
    ticks = []
    run = [Bucket(p.start, p.end, 0) for p in periods]
    for index, bucket in enumerate(run):
        label = charts.tick_label(bucket, unit, index, len(run))
        if label is not None:
            ticks.append(Tick(x=round(_NAMES + index * slot + slot / 2, 2), y=baseline + 16,
                              label=label))
    return HeatMap(width=HEAT_WIDTH, height=int(baseline + _AXIS), left=_NAMES,
                   lines=tuple(lines), ticks=tuple(charts.apart(ticks)), legend=_ranges(peak),
                   column=_column(unit))


def columns(figures: ContextFigures) -> Sequence[str]:
    """The heat map table's column headings: each period's name."""
    unit = Unit.DAY if figures.unit is PeriodUnit.DAY else Unit.MONTH
    return [charts.bucket_label(Bucket(p.start, p.end, 0), unit) for p in figures.periods]
