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
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sprava.collation import sorted_by
from sprava.records.models import Place, PlaceKind
from sprava.records.seed import BELARUS, inside_bounds, map_shapes, map_svg_paths, project
from sprava.search.figures import PlaceFigure
from sprava.search.timeline import Bucket, Unit
from sprava.search.timeline import Timeline as BucketRun

# --- Timeline ----------------------------------------------------------------------------------

TIMELINE_WIDTH, TIMELINE_HEIGHT = 760, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 12, 30  # room for the axis labels
_WIDEST = 36.0  # a case of a few months gets bars, not blocks
_CHAR = 6.2  # about the width of a character of the 11px axis labels, to keep them apart


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    url: str
    slot_x: float
    """The whole column of the bar, which the pointer can click (`hit`)."""
    slot_width: float
    text: str = ""
    """The bar's title when it counts something else than incidents (`timeline`'s `title`)."""

    @property
    def title(self) -> str:
        if self.text:
            return self.text
        # The msgid says month; the label is a day's, a week's or a month's.
        return ngettext("%(month)s: %(count)d incident", "%(month)s: %(count)d incidents",
                        self.count) % {"month": self.label, "count": self.count}


@dataclass(frozen=True)
class Point:
    """A point of a timeline's second series, drawn as a line over the bars."""

    x: float
    y: float
    count: int


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    unit: Unit
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    """Labels under the axis: the first bucket, then each month (or year, or week)."""
    scale: tuple[Tick, ...]
    """Labels beside the axis: zero and the largest count."""
    baseline: float
    top: float
    left: float
    right: float
    heading: str
    caption: str
    column: str
    """The table's heading for the buckets: Day, Week, Month."""
    line: tuple[Point, ...] = ()
    """The second series, one point per bucket, when `timeline` is given one."""

    @property
    def plot_height(self) -> float:
        return self.baseline - self.top

    @property
    def line_points(self) -> str:
        """The second series as the `points` of an SVG polyline."""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.line)


def month_label(day: datetime.date) -> str:
    """"Aug 2020", in the reader's language: short, for the axis."""
    return str(format_date(day, "M Y"))


def day_label(day: datetime.date) -> str:
    """"Aug. 3, 2020", "3 августа 2020 г.", "3 жніўня 2020 г." (sprava.formats)."""
    return str(date_format(day, "DATE_FORMAT"))


def bucket_label(bucket: Bucket, unit: Unit) -> str:
    """A bar's name in the reader's language: its day, its week (Monday to Sunday) or its
    month ("August 2020", "Август 2020 г.", "Жнівень 2020 г.")."""
    if unit is Unit.DAY:
        return day_label(bucket.start)
    if unit is Unit.WEEK:
        return f"{day_label(bucket.start)} – {day_label(bucket.end)}"
    return capfirst(str(date_format(bucket.start, "YEAR_MONTH_FORMAT")))


def _texts(unit: Unit, first: Bucket, last: Bucket) -> tuple[str, str, str]:
    """The section's heading, the drawing's caption and the table's column, for `unit`."""
    if unit is Unit.DAY:
        return (_("Incidents by day"),
                _("Incidents of this case per day of their start date, from %(first)s to "
                  "%(last)s. Each bar lists its day's incidents.")
                % {"first": day_label(first.start), "last": day_label(last.end)},
                _("Day"))
    if unit is Unit.WEEK:
        return (_("Incidents by week"),
                _("Incidents of this case per week (Monday to Sunday) of their start date, "
                  "from %(first)s to %(last)s. Each bar lists its week's incidents.")
                % {"first": day_label(first.start), "last": day_label(last.end)},
                _("Week"))
    return (_("Incidents by month"),
            _("Incidents of this case per month of their start date, from %(first)s to "
              "%(last)s. Each bar lists its month's incidents.")
            % {"first": bucket_label(first, unit), "last": bucket_label(last, unit)},
            _("Month"))


def tick_label(bucket: Bucket, unit: Unit, index: int, count: int) -> str | None:
    """The label under a bar, or None for none. By months: January by its year, and every
    month of a run of up to two years. By days: every day of up to two weeks, each Monday of
    up to five ("3 August"). Longer runs of days, and weeks: the bar where a month begins. The
    first bar is always named (`apart` may drop it again)."""
    start = bucket.start
    if unit is Unit.MONTH:
        if start.month == 1:
            return str(start.year)
        return month_label(start) if index == 0 or count <= 24 else None
    if unit is Unit.DAY and count <= 35:
        if index == 0 or count <= 14 or start.weekday() == 0:
            return str(date_format(start, "MONTH_DAY_FORMAT"))
        return None
    if index == 0:
        return month_label(start)
    if start.day == 1:
        month = start
    elif bucket.end.month != start.month:  # a week into a new month
        month = bucket.end.replace(day=1)
    else:
        return None
    return month_label(month) if month.month == 1 else str(format_date(month, "M"))


def apart(ticks: list[Tick]) -> list[Tick]:
    """The ticks whose labels do not run into the one before (estimated widths)."""
    kept: list[Tick] = []
    for tick in ticks:
        if kept:
            before = kept[-1]
            room = (len(before.label) + len(tick.label)) * _CHAR / 2 + 8
            if tick.x - before.x < room:
                if len(kept) == 1 and len(ticks) > 1:  # keep the months, not the first day
                    kept.pop()
                else:
                    continue
        kept.append(tick)
    return kept


Texts = Callable[[Unit, Bucket, Bucket], tuple[str, str, str]]


def timeline(buckets: BucketRun | None, link: Callable[[Bucket], str], *,
             title: Callable[[Bucket, str], str] | None = None, texts: Texts = _texts,
             line: Sequence[int] = ()) -> Timeline | None:
    """Bars of incidents per day, week or month (`sprava.search.timeline` chooses); `link`
    gives the address that lists a bar's incidents.

    For other counts than incidents: `title` names a bar (its bucket and label), `texts` gives
    the heading, caption and column (as `_texts` does), and `line` is a second series, one
    count per bucket, drawn as a line on the same scale (the victims beside the acts)."""
    if buckets is None or not buckets.buckets:
        return None
    run, unit = buckets.buckets, buckets.unit
    if line and len(line) != len(run):
        raise ValueError("the second series needs one count per bucket")
    plot_width = TIMELINE_WIDTH - _LEFT - _RIGHT
    plot_height = TIMELINE_HEIGHT - _TOP - _BOTTOM
    baseline = float(TIMELINE_HEIGHT - _BOTTOM)
    slot = plot_width / len(run)
    gap = min(2.0, slot * 0.2)
    peak = max(max(bucket.count for bucket in run), max(line, default=0)) or 1
    bars, ticks, points = [], [], []
    for index, bucket in enumerate(run):
        x = _LEFT + index * slot
        label = bucket_label(bucket, unit)
        if bucket.count:
            height = max(1.0, plot_height * bucket.count / peak)
            width = min(max(slot - gap, 0.5), _WIDEST)
            bars.append(Bar(x=round(x + (slot - width) / 2, 2), y=round(baseline - height, 2),
                            width=round(width, 2), height=round(height, 2),
                            label=label, count=bucket.count,
                            url=link(bucket), slot_x=round(x, 2), slot_width=round(slot, 2),
                            text=title(bucket, label) if title is not None else ""))
        if line:
            points.append(Point(x=round(x + slot / 2, 2),
                                y=round(baseline - plot_height * line[index] / peak, 2),
                                count=line[index]))
        tick = tick_label(bucket, unit, index, len(run))
        if tick is not None:
            ticks.append(Tick(x=round(x + slot / 2, 2), y=baseline + 16, label=tick))
    scale = (Tick(x=_LEFT - 6, y=baseline + 4, label="0"),
             Tick(x=_LEFT - 6, y=_TOP + 4, label=str(peak)))
    heading, caption, column = texts(unit, run[0], run[-1])
    return Timeline(width=TIMELINE_WIDTH, height=TIMELINE_HEIGHT, unit=unit, bars=tuple(bars),
                    ticks=tuple(apart(ticks)), scale=scale, baseline=baseline, top=_TOP,
                    left=_LEFT, right=TIMELINE_WIDTH - _RIGHT, heading=heading,
                    caption=caption, column=column, line=tuple(points))


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
class Label:
    """A name written on the map, over the markers, with a halo (insight.css)."""

    x: float
    y: float
    text: str
    anchor: str = "middle"
    kind: str = "town"


@dataclass(frozen=True)
class Map:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    detention: tuple[Marker, ...]
    incidents: tuple[Marker, ...]
    unplaced: tuple[PlaceFigure, ...]
    """Places with figures but no coordinates (neither their own nor their parent's)."""
    abroad: tuple[PlaceFigure, ...] = ()
    """Places with figures outside Belarus (Vilnius, a border crossing): off this map."""
    labels: tuple[Label, ...] = ()
    """The regions' names, and the towns where the case has figures, as room allows."""


def _centre(ring: Sequence[Sequence[float]]) -> tuple[float, float]:
    points = [project(lat, lon, MAP_WIDTH, MAP_HEIGHT, margin=MAP_MARGIN) for lon, lat in ring]
    return (round(sum(x for x, _ in points) / len(points), 1),
            round(sum(y for _, y in points) / len(points), 1))


# --- Map labels: a few rectangles kept apart ---------------------------------------------------

Box = tuple[float, float, float, float]  # left, top, right, bottom
_TOWN_CHAR, _REGION_CHAR, _LINE = 6.4, 6.6, 12.0  # estimated glyph widths of 11px / 12px text
MAX_TOWN_LABELS = 20


def _text_box(x: float, y: float, text: str, anchor: str, char: float) -> Box:
    width = len(text) * char
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left, y - _LINE + 2, left + width, y + 2


def _overlaps(box: Box, others: Sequence[Box]) -> bool:
    return any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
               for o in others)


def _inside(box: Box) -> bool:
    return box[0] >= 2 and box[1] >= 2 and box[2] <= MAP_WIDTH - 2 and box[3] <= MAP_HEIGHT - 2


def _marker_box(marker: Marker) -> Box:
    reach = max(marker.radius, 4.5)
    return marker.x - reach, marker.y - reach, marker.x + reach, marker.y + reach


def town_of(place: Place) -> Place | None:
    """The town a marker stands for on the map: the place itself for a city, district centre
    or settlement, the town it lies in for a prison or another site; None for a region."""
    if place.kind in (PlaceKind.CITY, PlaceKind.DISTRICT, PlaceKind.SETTLEMENT):
        return place
    parent = place.parent
    if place.kind in (PlaceKind.DETENTION, PlaceKind.OTHER) and parent is not None and \
            parent.kind in (PlaceKind.CITY, PlaceKind.DISTRICT, PlaceKind.SETTLEMENT):
        return parent
    return None


def map_labels(shapes: Sequence[Shape],
               markers: Sequence[tuple[Marker, Place | None]]) -> list[Label]:
    """Region names where no marker covers them, then town names beside their markers, the
    busiest first, each where it runs into no marker and no other name, while room lasts."""
    marker_boxes = [_marker_box(marker) for marker, _ in markers]
    taken: list[Box] = []
    labels: list[Label] = []
    for shape in shapes:
        if not shape.label or shape.kind != "region":
            continue
        for dy in (0, 14, -14, 28, -28):  # the centre, else a line below or above it
            box = _text_box(shape.label_x, shape.label_y + dy, shape.label, "middle",
                            _REGION_CHAR)
            if not _overlaps(box, marker_boxes + taken):
                break
        else:
            dy = 0  # covered wherever it goes: at the centre, over the markers, with its halo
        taken.append(_text_box(shape.label_x, shape.label_y + dy, shape.label, "middle",
                               _REGION_CHAR))
        labels.append(Label(x=shape.label_x, y=shape.label_y + dy, text=shape.label,
                            kind="region"))
    weight: dict[int, int] = {}
    where: dict[int, tuple[Place, list[Marker]]] = {}
    for marker, town in markers:
        if town is None:
            continue
        weight[town.pk] = weight.get(town.pk, 0) + marker.incidents + marker.held
        where.setdefault(town.pk, (town, []))[1].append(marker)
    towns = sorted_by(where, lambda pk: where[pk][0].label)
    towns.sort(key=lambda pk: -weight[pk])
    placed = 0
    for pk in towns:
        if placed == MAX_TOWN_LABELS or not weight[pk]:
            break
        town, own = where[pk]
        anchor_marker = max(own, key=lambda m: m.radius)
        x, y, reach = anchor_marker.x, anchor_marker.y, max(anchor_marker.radius, 4.5) + 3
        others = [box for box, (m, t) in zip(marker_boxes, markers, strict=True)
                  if t is None or t.pk != pk]
        for lx, ly, anchor in ((x + reach, y + 4, "start"), (x - reach, y + 4, "end"),
                               (x, y - reach - 2, "middle"), (x, y + reach + 11, "middle")):
            box = _text_box(lx, ly, town.label, anchor, _TOWN_CHAR)
            if _inside(box) and not _overlaps(box, others + taken):
                taken.append(box)
                labels.append(Label(x=round(lx, 1), y=round(ly, 1), text=town.label,
                                    anchor=anchor))
                placed += 1
                break
    return labels


def region_shapes(labels: dict[str, str]) -> list[Shape]:
    """The shapes of the map, as drawn: the country outline first, then the regions, then the
    city on top; `labels` names them by place code."""
    paths = map_svg_paths(MAP_WIDTH, MAP_HEIGHT, margin=MAP_MARGIN)
    shapes = []
    for shape in map_shapes():
        x, y = _centre(shape["rings"][0])
        shapes.append(Shape(code=shape["code"], kind=shape["kind"], path=paths[shape["code"]],
                            label=labels.get(shape["code"], ""), label_x=x, label_y=y))
    order = {"country": 0, "region": 1, "city": 2}
    return sorted(shapes, key=lambda shape: order.get(shape.kind, 3))


def _abroad(place: Place) -> bool:
    """Whether the place lies in another country (Vilnius is inside the box around Belarus,
    and would be drawn on its map, beside the border)."""
    country = place.country or (place.parent.country if place.parent is not None else "")
    return bool(country) and country != BELARUS


def belarus_map(places: Sequence[PlaceFigure], labels: dict[str, str],
                link: Callable[[PlaceFigure], str]) -> Map:
    """The regions of Belarus with a marker per place: a circle sized by the number of
    incidents, a square for each place of detention. `labels` names the shapes by place code;
    the towns of the case's places are named too, as room allows."""
    shapes = region_shapes(labels)
    peak = max((figure.incidents for figure in places), default=0) or 1
    detention, incidents, unplaced, abroad = [], [], [], []
    named: list[tuple[Marker, Place | None]] = []
    for figure in places:
        where = figure.coordinates
        if where is None:
            if figure.incidents or figure.held:
                unplaced.append(figure)
            continue
        if _abroad(figure.place) or not inside_bounds(*where):
            if figure.incidents or figure.held:
                abroad.append(figure)
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
        if figure.detention or figure.incidents:  # drawn
            named.append((marker, town_of(figure.place)))
    # Large circles first, so that a small one is never hidden beneath a large one.
    incidents.sort(key=lambda marker: -marker.radius)
    return Map(width=MAP_WIDTH, height=MAP_HEIGHT, shapes=tuple(shapes),
               detention=tuple(detention), incidents=tuple(incidents),
               unplaced=tuple(sorted_by(unplaced, lambda figure: figure.place.label)),
               abroad=tuple(sorted_by(abroad, lambda figure: figure.place.label)),
               labels=tuple(map_labels(shapes, named)))
