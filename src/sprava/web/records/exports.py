"""A list as CSV: the "Export as CSV" button of every records list.

The same function as `sprava export` and `GET /api/v1/export/{kind}` (`records.csv_io`), under
the same rules: EXPORT (lawyers and leads) in the cases whose rows the file carries; protected
persons by pseudonym unless the reader asks for names (the CLI's `--reveal`) and has identity
access in the protecting case; an export event and each reveal in the custody ledger. On top,
the file holds what the list shows: the rows its filters (and case) select, of those the reader
may see.

A POST with the CSRF token, since it writes to the ledger; the filters ride in the query
string, as on the list. The file streams, a batch of rows at a time, and the reveals of each
batch are logged before it is sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.records import csv_io
from sprava.records.identity import Disclosure
from sprava.web.records import access
from sprava.web.records.access import records_page
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx
from sprava.web.records.fields import FilterForm
from sprava.web.records.kinds import Kind

CHANNEL = "web"
# Query parameters of the list that are not filters: the file is in key order, all of it.
NOT_FILTERS = ("page", "sort")
BATCH = csv_io.BATCH  # rows read, written and sent at a time


def export_kind(kind: Kind) -> str | None:
    """The `sprava export` kind of a list (its URL segment: /act-types/ is `act-types`)."""
    return kind.path if kind.listed and kind.path in csv_io.EXPORTS else None


@dataclass(frozen=True)
class Scope:
    """Which cases' rows an export of this list may carry, as `sprava export --case` decides."""

    case: Case | None
    """The case the list's filter chose; None: every case the reader exports from."""
    case_ids: frozenset[int]


def scope(ctx: Ctx, filters: FilterForm | None) -> Scope | None:
    """The export's cases, or None when the reader may export none of what the list shows."""
    case = filters.cleaned_data.get("case") if filters is not None and filters.is_valid() \
        else None
    if case is not None:
        return Scope(case, frozenset({case.pk})) if ctx.can(Permission.EXPORT, case) else None
    allowed = frozenset(permissions.cases_where(ctx.user, Permission.EXPORT)
                        .values_list("pk", flat=True))
    return Scope(None, allowed) if allowed else None


def button(ctx: Ctx, kind: Kind, filters: FilterForm | None) -> dict[str, Any] | None:
    """What the list page needs for its export button; None when it has none for this reader."""
    name = export_kind(kind)
    if name is None or scope(ctx, filters) is None:
        return None
    query = ctx.request.GET.copy()
    for key in NOT_FILTERS:
        query.pop(key, None)
    url = reverse(f"records:{kind.name}-export")
    return {"url": f"{url}?{query.urlencode()}" if query else url,
            "may_reveal": bool(ctx.disclosure.identity_case_ids)}


def filename(kind: str, case: Case | None, day: datetime.date) -> str:
    """sprava-akrestsina-2020-incidents-2026-12-03.csv: references are slugs, safe in a header."""
    return f"sprava-{case.reference if case else 'all-cases'}-{kind}-{day.isoformat()}.csv"


def _records(ctx: Ctx, kind: Kind, name: str, filters: FilterForm | None,
             case_ids: Iterable[int]) -> QuerySet[Any]:
    """The list's rows (visible to the reader, through its filters), of the export's cases,
    with the export's joins."""
    shown = access.visible(ctx, kind)
    if filters is not None:
        shown = filters.apply(shown)
    export = csv_io.EXPORTS[name]
    return export.within(export.queryset().filter(pk__in=shown.values("pk")), set(case_ids))


def _sent_as_logged(pieces: Iterable[str], disclosure: Disclosure, *, actor: str,
                    channel: str) -> Iterator[str]:
    """The pieces of the file, each after the reveals it carries are in the ledger; a person
    named in many batches is logged once."""
    logged: set[int] = set()
    yield "\ufeff"  # spreadsheets (set to Belarusian or Russian too) read UTF-8 with this mark
    for piece in pieces:
        disclosure.revealed.difference_update(logged)
        logged.update(disclosure.revealed)
        disclosure.commit(actor=actor, channel=channel, reason="CSV export with names")
        yield piece


@require_POST
@records_page
def record_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    k, ctx = KINDS[kind], Ctx.of(request)
    name = export_kind(k)
    if name is None:
        return HttpResponse(status=404)
    filters = k.filters(request.GET, ctx=ctx) if k.filters else None
    if filters is not None and not filters.is_valid():
        # The list shows a wrong filter and ignores it; a file must not quietly hold more.
        return HttpResponse(gettext("Correct the filters of the list before exporting it."),
                            status=400, content_type="text/plain; charset=utf-8")
    chosen = scope(ctx, filters)
    if chosen is None:
        raise PermissionDenied(gettext(
            "Exporting records is for the lawyers and the lead of a case. Ask the lead of the "
            "case if you need a copy."))
    records = _records(ctx, k, name, filters, chosen.case_ids)
    # Names only when asked for, as `sprava export --reveal`: a file outlives the page.
    reveal = request.POST.get("reveal") == "yes"
    disclosure = Disclosure(set(ctx.disclosure.identity_case_ids) if reveal else set())
    # The export is in the ledger before its first byte leaves.
    csv_io.record_export(actor=ctx.actor, kind=name, rows=records.count(), channel=CHANNEL,
                         case=chosen.case.reference if chosen.case else None)
    pieces = csv_io.stream_csv(name, csv_io.batches(records, BATCH),
                               csv_io.ExportView(disclosure, case_ids=set(chosen.case_ids)))
    response = StreamingHttpResponse(
        _sent_as_logged(pieces, disclosure, actor=ctx.actor, channel=f"web {request.path}"),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{filename(name, chosen.case, datetime.date.today())}"')
    return response
