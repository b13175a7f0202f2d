"""The geometry of the two drawings of command, as plain numbers for SVG templates.

As on the dashboard (`web.insight.charts`): drawn by the browser from inline SVG computed
here, with no script, under the strict Content-Security-Policy (shapes styled by classes of the
shipped command.css). Each drawing has a table beside it with the same facts and links.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sprava.analysis.command import Hierarchy, Post

WIDTH = 760
_CHAR = 6.6  # about the width of a character of 12px text, to shorten what would not fit


def fit(text: str, room: float, char: float = _CHAR) -> str:
    """The text, shortened with an ellipsis to about `room` pixels (the whole in a title)."""
    most = max(1, int(room / char))
    return text if len(text) <= most else text[:max(1, most - 1)].rstrip() + "…"


# --- Posts over time ---------------------------------------------------------------------------

_ROW, _BAR, _AXIS = 40, 12, 26  # a post's row, its bar, and the axis below the rows
_PAD = 12


@dataclass(frozen=True)
class PostBar:
    x: float
    y: float
    width: float
    label: str
    label_y: float
    full_label: str
    open: bool
    """Held to this day: the bar runs to the right edge of today."""
    superior: bool
    url: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class PostTimeline:
    width: int
    height: int
    bars: tuple[PostBar, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    left: float
    right: float
    bar_height: int
    at_x: float | None
    """Where the chart of command's date falls, if within the drawing."""

    @property
    def tick_end(self) -> float:
        return self.axis_y + 4

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 17


def post_timeline(posts: Sequence[Post], at: datetime.date | None, today: datetime.date,
                  link: Callable[[Post], str], label: Callable[[Post], str]) -> PostTimeline | None:
    """One bar per dated post, from the first to the last day it covers (`tenure`), on an axis
    of whole years."""
    dated = [post for post in posts if post.tenure.first is not None]
    if not dated:
        return None
    firsts = [post.tenure.first for post in dated if post.tenure.first is not None]
    lasts = [post.tenure.last_or(today) for post in dated]
    start = datetime.date(min(firsts).year, 1, 1)
    end = datetime.date(max(lasts).year + 1, 1, 1)
    left, right = float(_PAD), float(WIDTH - _PAD)
    days = (end - start).days

    def x_of(day: datetime.date) -> float:
        return round(left + (right - left) * (day - start).days / days, 2)

    bars = []
    for row, post in enumerate(dated):
        first = post.tenure.first
        assert first is not None
        last = post.tenure.last_or(today) + datetime.timedelta(days=1)  # to the end of its day
        y = row * _ROW + 18
        text = label(post)
        bars.append(PostBar(x=x_of(first), y=y, width=max(2.0, round(x_of(last) - x_of(first), 2)),
                            label=fit(text, right - left), label_y=y - 5, full_label=text,
                            open=post.tenure.open, superior=post.superior, url=link(post)))
    axis_y = len(dated) * _ROW + 8
    years = list(range(start.year, end.year + 1))
    step = max(1, len(years) // 12)  # a label every year, or every few over a long career
    ticks = tuple(Tick(x=x_of(datetime.date(year, 1, 1)), label=str(year))
                  for year in years[::step] if year < end.year or len(years) == 1)
    at_x = x_of(at) if at is not None and start <= at < end else None
    return PostTimeline(width=WIDTH, height=int(axis_y + _AXIS), bars=tuple(bars), ticks=ticks,
                        axis_y=axis_y, left=left, right=right, bar_height=_BAR, at_x=at_x)


# --- The chart of command at a date ------------------------------------------------------------

_BOX_W, _BOX_H, _LINE, _INDENT = 300, 30, 46, 22


@dataclass(frozen=True)
class UnitBox:
    x: float
    y: float
    width: int
    height: int
    label: str
    full_label: str
    standing: str
    holders: str
    """The holders' names as one line beside the box (shortened to fit)."""
    holders_title: str
    text_x: float
    text_y: float
    url: str

    @property
    def label_x(self) -> float:
        return self.x + 8


@dataclass(frozen=True)
class Connector:
    path: str


@dataclass(frozen=True)
class CommandChart:
    width: int
    height: int
    boxes: tuple[UnitBox, ...]
    connectors: tuple[Connector, ...]


def command_chart(hierarchy: Hierarchy, holders_text: Callable[[int], str],
                  unit_url: Callable[[int], str]) -> CommandChart | None:
    """The units as an indented tree: a box per unit, a line from each unit down to its units,
    the holders at the date beside each box; the person's own units marked."""
    if not hierarchy.nodes:
        return None
    boxes: list[UnitBox] = []
    connectors: list[Connector] = []
    where: dict[int, tuple[float, float]] = {}  # unit → (x, y) of its box
    for row, node in enumerate(hierarchy.nodes):
        x, y = 8.0 + node.depth * _INDENT, 8.0 + row * _LINE
        unit_id = node.unit.pk
        where[unit_id] = (x, y)
        parent = where.get(node.parent_id) if node.parent_id is not None else None
        if parent is not None:
            px, py = parent
            # Down the parent's left side, then across to the unit's box.
            connectors.append(Connector(
                f"M{px + 10:.1f},{py + _BOX_H:.1f} V{y + _BOX_H / 2:.1f} H{x:.1f}"))
        full = node.unit.label
        names = holders_text(unit_id)
        text_x = x + _BOX_W + 10
        boxes.append(UnitBox(x=x, y=y, width=_BOX_W, height=_BOX_H,
                             label=fit(full, _BOX_W - 16), full_label=full,
                             standing=str(node.standing),
                             holders=fit(names, WIDTH - text_x - 4, 6.2), holders_title=names,
                             text_x=text_x, text_y=y + _BOX_H / 2 + 4, url=unit_url(unit_id)))
    height = int(8 + len(hierarchy.nodes) * _LINE)
    return CommandChart(width=WIDTH, height=height, boxes=tuple(boxes),
                        connectors=tuple(connectors))
