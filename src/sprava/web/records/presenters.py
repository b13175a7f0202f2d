"""Turning cells, sort keys and ledger entries into what the records templates show."""

from __future__ import annotations

import json
from collections.abc import Sequence, Set
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sprava.ledger.models import Entry
from sprava.web.records.context import Cell, Link, url_of
from sprava.web.records.kinds import Column, Kind

HISTORY_ROWS = 100
HASHED = "hmac-sha256:"


def links(cell: Cell) -> list[Link]:
    """Any cell as a list of links (a plain text is a link to nowhere)."""
    if cell is None or cell == "":
        return []
    if isinstance(cell, str):
        return [Link(cell)]
    if isinstance(cell, Link):
        return [cell]
    return [link for link in cell if link is not None]


EMPTY_CELL = mark_safe('<span class="empty">—</span>')
CELL_SEPARATOR = '<span class="sep">, </span>'


def cell_html(cell: list[Link]) -> SafeString:
    """A cell's links as HTML (what records/cell.html renders), built without a template: a list
    page has hundreds of cells, and an include per cell cost more than the whole query."""
    if not cell:
        return EMPTY_CELL
    parts = []
    for link in cell:
        if link.url:
            title = format_html(' title="{}"', link.note) if link.note else ""
            parts.append(format_html('<a href="{}"{}>{}</a>', link.url, title, link.text))
        else:
            parts.append(conditional_escape(link.text))
    return mark_safe(CELL_SEPARATOR.join(parts))  # noqa: S308 - every part is escaped above


def css(column: Column) -> str:
    return " ".join(name for name, on in (("num", column.num), ("nowrap", column.nowrap)) if on)


def detail_url(kind: Kind, obj: Any) -> str:
    return url_of(f"records:{kind.name}-detail", getattr(obj, kind.lookup))


def list_url(kind: Kind) -> str:
    return reverse(f"records:{kind.name}-list")


def action_url(kind: Kind, obj: Any, action: str) -> str:
    return url_of(f"records:{kind.name}-{action}", getattr(obj, kind.lookup))


def sort_order(kind: Kind, requested: str) -> tuple[str, list[str]]:
    """The sort key in force (e.g. "-date") and the ordering it means."""
    key = requested if requested.lstrip("-") in kind.sorts else kind.default_sort
    fields = kind.sorts.get(key.lstrip("-"), ("pk",))
    descending = key.startswith("-")
    return key, [f"-{f}" if descending else f for f in fields]


def header(kind: Kind, current: str, query: QueryDict) -> list[dict[str, Any]]:
    """Column headers; a sortable one links to its sort, the current one to the reverse."""
    columns = []
    for column in kind.columns:
        entry: dict[str, Any] = {"label": column.label, "num": column.num, "url": "",
                                 "aria_sort": ""}
        if column.sort:
            active = current.lstrip("-") == column.sort
            descending = current.startswith("-")
            params = query.copy()
            params.pop("page", None)
            params["sort"] = f"-{column.sort}" if active and not descending else column.sort
            entry["url"] = f"?{params.urlencode()}"
            if active:
                entry["aria_sort"] = "descending" if descending else "ascending"
        columns.append(entry)
    return columns


def _change(value: Any) -> str:
    if isinstance(value, str) and value.startswith(HASHED):
        return gettext("(protected value)")
    if value is None or value == "":
        return "—"
    return str(value)


def _summary(details: dict[str, Any]) -> list[str]:
    changes = details.get("changes")
    if isinstance(changes, dict):
        return [f"{field}: {_change(c.get('before'))} → {_change(c.get('after'))}"
                for field, c in changes.items() if isinstance(c, dict)]
    return []


def history(subjects: Sequence[str], visible_cases: set[str],
            masked: Set[str] = frozenset()) -> list[dict[str, Any]]:
    """The newest ledger entries of these records, with what each changed.

    A person belongs to several cases; the entries another team wrote in its own case (who, why)
    are that team's business, so only entries of no case or of the reader's cases are shown.
    """
    entries = Entry.objects.filter(subject__in=list(subjects)).order_by("-seq")[:HISTORY_ROWS]
    rows = []
    for entry in entries:
        document = json.loads(bytes(entry.body))
        if document.get("case") and document["case"] not in visible_cases:
            continue
        details = document.get("details") or {}
        model, _, pk = str(document.get("subject") or "").partition(":")
        rows.append({
            "seq": entry.seq, "time": entry.time, "action": entry.action, "actor": entry.actor,
            "record": f"{model.removeprefix('records.')} #{pk}",
            "changes": [gettext("(protected value)")] if entry.subject in masked
            else _summary(details), "reason": document.get("reason", ""),
        })
    return rows
