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
from sprava.web.paging import MAX_COUNTED
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


def page_url(query: QueryDict, parameter: str, number: int, anchor: str) -> str:
    """This page with one of its pagers at another page, scrolled to that pager's section."""
    query = query.copy()
    query[parameter] = str(number)
    return f"?{query.urlencode()}#{anchor}"


def history_page(number: Any) -> int:
    """The page of a record's history asked for; an absurd one reads as the last reachable."""
    try:
        return min(max(int(number), 1), MAX_COUNTED // HISTORY_ROWS)
    except (TypeError, ValueError, OverflowError):
        return 1


def history(subjects: Sequence[str], visible_cases: set[str], page: int = 1,
            masked: Set[str] = frozenset()) -> tuple[list[dict[str, Any]], bool]:
    """One page of the ledger entries of these records, newest first, with what each changed
    (nothing of the subjects in `masked`, whose values the identity rule hides from the reader);
    and whether older entries follow (the page then links to them: none is left out in silence).

    A person belongs to several cases; the entries another team wrote in its own case (who, why)
    are that team's business, so only entries of no case or of the reader's cases are shown. For
    the same reason the pager gives no total: it would count the other team's entries too.
    """
    start = (page - 1) * HISTORY_ROWS
    entries = list(Entry.objects.filter(subject__in=list(subjects))
                   .order_by("-seq")[start:start + HISTORY_ROWS + 1])
    older = len(entries) > HISTORY_ROWS
    rows = []
    for entry in entries[:HISTORY_ROWS]:
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
    return rows, older
