"""The geometry of the dashboard's two drawings, as plain numbers for an SVG template.

No script and no map service: the bars and the map are computed here and drawn by the browser
from inline SVG, so the page works offline, without JavaScript, and under the strict
Content-Security-Policy (shapes are styled by classes from the shipped stylesheet).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.translation import ngettext

from sprava.records.seed import map_shapes, map_svg_paths, project
from sprava.search.figures import PlaceFigure

# --- Timeline ----------------------------------------------------------------------------------

TIMELINE_WIDTH, TIMELINE_HEIGHT = 760, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 12, 30  # room for the axis labels
_WIDEST = 36.0  # a case of a few months gets bars, not blocks


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    url: str

    @property
    def title(self) -> str:
        return ngettext("%(month)s: %(count)d incident", "%(month)s: %(count)d incidents",
                        self.count) % {"month": self.label, "count": self.count}


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    """Labels under the axis: each January, and the first month."""
    scale: tuple[Tick, ...]
    """Labels beside the axis: zero and the largest count."""
    baseline: float
    left: float
    right: float


def month_label(day: datetime.date) -> str:
    """"Aug 2020", in the reader's language."""
    return str(format_date(day, "M Y"))


def timeline(months: Sequence[tuple[datetime.date, int]],
             link: Callable[[datetime.date], str]) -> Timeline | None:
    """Bars of incidents per month; `link` gives the address that lists a month's incidents."""
    if not months:
        return None
    plot_width = TIMELINE_WIDTH - _LEFT - _RIGHT
    plot_height = TIMELINE_HEIGHT - _TOP - _BOTTOM
    baseline = float(TIMELINE_HEIGHT - _BOTTOM)
    slot = plot_width / len(months)
    gap = min(2.0, slot * 0.2)
    peak = max(count for _, count in months) or 1
    bars, ticks = [], []
    for index, (day, count) in enumerate(months):
        x = _LEFT + index * slot
        if count:
            height = max(1.0, plot_height * count / peak)
            width = min(max(slot - gap, 0.5), _WIDEST)
            bars.append(Bar(x=round(x + (slot - width) / 2, 2), y=round(baseline - height, 2),
                            width=round(width, 2), height=round(height, 2),
                            label=month_label(day), count=count, url=link(day)))
        if index == 0 or day.month == 1:
            label = str(day.year) if day.month == 1 or len(months) > 24 else month_label(day)
            ticks.append(Tick(x=round(x + slot / 2, 2), y=baseline + 16, label=label))
    if len(ticks) > 1 and ticks[1].x - ticks[0].x < 40:  # the first label would overlap
        ticks.pop(0)
    scale = (Tick(x=_LEFT - 6, y=baseline + 4, label="0"),
             Tick(x=_LEFT - 6, y=_TOP + 4, label=str(peak)))
    return Timeline(width=TIMELINE_WIDTH, height=TIMELINE_HEIGHT, bars=tuple(bars),
                    ticks=tuple(ticks), scale=scale, baseline=baseline, left=_LEFT,
                    right=TIMELINE_WIDTH - _RIGHT)


# --- Map ---------------------------------------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 560, 16


@dataclass(frozen=True)
class Shape:
    code: str
    kind: str
    path: str
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    radius: float
    label: str
    incidents: int
    held: int
    detention: bool
    url: str

    @property
    def title(self) -> str:
        parts = [self.label]
        if self.incidents:
            parts.append(ngettext("%(count)d incident", "%(count)d incidents", self.incidents)
                         % {"count": self.incidents})
        if self.held:
            parts.append(ngettext("%(count)d person held", "%(count)d persons held", self.held)
                         % {"count": self.held})
        return " · ".join(parts)

    @property
    def square(self) -> tuple[float, float, float]:
        """x, y and side of the square that marks a place of detention."""
        side = 9.0
        return round(self.x - side / 2, 2), round(self.y - side / 2, 2), side


@dataclass(frozen=True)
class Map:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    detention: tuple[Marker, ...]
    incidents: tuple[Marker, ...]
    unplaced: tuple[PlaceFigure, ...]
    """Places with figures but no coordinates (neither their own nor their parent's)."""


def _centre(ring: Sequence[Sequence[float]]) -> tuple[float, float]:
    points = [project(lat, lon, MAP_WIDTH, MAP_HEIGHT, margin=MAP_MARGIN) for lon, lat in ring]
    return (round(sum(x for x, _ in points) / len(points), 1),
            round(sum(y for _, y in points) / len(points), 1))


def belarus_map(places: Sequence[PlaceFigure], labels: dict[str, str],
                link: Callable[[PlaceFigure], str]) -> Map:
    """The regions of Belarus with a marker per place: a circle sized by the number of
    incidents, a square for each place of detention. `labels` names the shapes by place code."""
    paths = map_svg_paths(MAP_WIDTH, MAP_HEIGHT, margin=MAP_MARGIN)
    shapes = []
    for shape in map_shapes():
        x, y = _centre(shape["rings"][0])
        shapes.append(Shape(code=shape["code"], kind=shape["kind"], path=paths[shape["code"]],
                            label=labels.get(shape["code"], ""), label_x=x, label_y=y))
    peak = max((figure.incidents for figure in places), default=0) or 1
    detention, incidents, unplaced = [], [], []
    for figure in places:
        where = figure.coordinates
        if where is None:
            if figure.incidents or figure.held:
                unplaced.append(figure)
            continue
        x, y = project(where[0], where[1], MAP_WIDTH, MAP_HEIGHT, margin=MAP_MARGIN)
        radius = round(4 + 12 * math.sqrt(figure.incidents / peak), 2) if figure.incidents else 0
        marker = Marker(x=x, y=y, radius=radius, label=figure.place.label,
                        incidents=figure.incidents, held=figure.held,
                        detention=figure.detention, url=link(figure))
        if figure.detention:
            detention.append(marker)
        if figure.incidents:
            incidents.append(marker)
    # Large circles first, so that a small one is never hidden beneath a large one.
    incidents.sort(key=lambda marker: -marker.radius)
    # The country outline first, then the regions, then the city on top.
    order = {"country": 0, "region": 1, "city": 2}
    shapes.sort(key=lambda shape: order.get(shape.kind, 3))
    return Map(width=MAP_WIDTH, height=MAP_HEIGHT, shapes=tuple(shapes),
               detention=tuple(detention), incidents=tuple(incidents), unplaced=tuple(unplaced))
