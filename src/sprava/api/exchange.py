"""CSV in and out: `GET /export/{kind}` for any list, `POST /cases/{id}/import/{kind}`.

Exports need EXPORT (lawyers and leads) in the cases whose rows they carry: material that
leaves the platform. Each export is a custody event, and the protected identities it shows
are logged like any other reveal. Imports need EDIT in the case and can only match persons
the reader may see by name.
"""

import datetime
import io
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.files import UploadedFile
from ninja.params import FileEx, P, PathEx, Query, QueryEx

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.api import common, people, records, testimony
from sprava.api.cases import case_rows, incident_rows
from sprava.api.common import Code, IdPath, reader, responses
from sprava.cases.models import Case
from sprava.records import csv_io

router = Router(tags=["CSV import and export"])

# Path parameters: exactly the kinds `csv_io` knows, listed in the OpenAPI document.
ExportKind = StrEnum(  # type: ignore[misc]
    "ExportKind", [(kind.replace("-", "_"), kind) for kind in csv_io.EXPORT_KINDS])
ImportKind = StrEnum("ImportKind", [(kind, kind) for kind in csv_io.IMPORT_KINDS])  # type: ignore[misc]
CsvFile = FileEx[UploadedFile | None, P(default=None, description="The CSV file (UTF-8).")]
DryRun = QueryEx[bool, P(default=True, description="Only report what would happen.")]


class ExportFilters(Schema):
    case: Code | None = Field(None, description="Only rows of this case (its reference).")
    date_from: datetime.date | None = Field(None, description="Starting on or after this day.")
    date_to: datetime.date | None = Field(None, description="Starting on or before this day.")


class RowOut(Schema):
    line: int
    outcome: str = Field(description="created, matched or rejected")
    record: str
    messages: list[str]


class ImportOut(Schema):
    kind: str
    case: str
    dry_run: bool
    counts: dict[str, int]
    warnings: list[str]
    rows: list[RowOut]


def _visible(r: common.Reader, kind: str) -> QuerySet[Any]:
    """The rows of a list the reader sees, as the JSON list shows them."""
    sources: dict[str, Callable[[common.Reader], QuerySet[Any]]] = {
        "cases": case_rows, "incidents": incident_rows, "acts": records.act_rows,
        "involvements": records.involvement_rows, "persons": people.person_rows,
        "positions": people.position_rows, "custody-periods": people.custody_rows,
        "testimonies": testimony.testimony_rows, "consents": testimony.consent_rows,
    }
    source = sources.get(kind)
    if source is None:  # reference data
        return csv_io.EXPORTS[kind].queryset()
    return source(r)


def _exportable(kind: str, rows: QuerySet[Any], case_ids: set[int]) -> QuerySet[Any]:
    """Keep rows belonging to the given cases (where the reader holds EXPORT)."""
    return csv_io.EXPORTS[kind].within(rows, case_ids)


@router.get("/export/{kind}", response=common.ERRORS, summary="Any list as CSV",
            openapi_extra={"responses": {200: {"description": "The list as CSV (UTF-8)",
                                               "content": {"text/csv": {
                                                   "schema": {"type": "string"}}}}}})
def export(request: HttpRequest, kind: PathEx[ExportKind, P(description="What to export.")],
           filters: Query[ExportFilters]) -> Any:
    r = reader(request)
    allowed = set(permissions.cases_where(r.user, Permission.EXPORT).values_list("pk",
                                                                               flat=True))
    if filters.case:
        case = common.case_of_reference(r, filters.case)
        permissions.require(r.user, Permission.EXPORT, case)
        allowed = {case.pk}
    if not allowed:
        raise PermissionDenied(f"{r.user.get_username()} may not export from any case")
    name = kind.value
    rows = _exportable(name, _visible(r, name), allowed)
    fields = {f.name for f in rows.model._meta.concrete_fields}
    if "start_date" in fields:
        if filters.date_from:
            rows = rows.filter(start_date__gte=filters.date_from)
        if filters.date_to:
            rows = rows.filter(start_date__lte=filters.date_to)
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets read UTF-8 only with its byte-order mark
    count = csv_io.export_csv(name, rows.order_by("pk"), out,
                              csv_io.ExportView(r.disclosure, case_ids=allowed))
    csv_io.record_export(actor=r.actor, kind=name, rows=count, channel="api",
                         case=filters.case or None)
    r.disclosure.commit(actor=r.actor, channel="api")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sprava-{name}-{stamp}.csv"'
    return response


@router.post("/cases/{id}/import/{kind}", response=responses(200, ImportOut),
             summary="Import persons, incidents, acts, testimonies or custody periods from CSV "
                     "(dry run by default)")
def import_rows(request: HttpRequest, id: IdPath, kind: PathEx[ImportKind, P()],
                file: CsvFile = None, dry_run: DryRun = True) -> Any:
    r = reader(request)
    case: Case = common.one(case_rows(r), id)
    permissions.require(r.user, Permission.EDIT, case)
    if file is None:
        # Also what a file over FILE_UPLOAD_MAX_MEMORY_SIZE looks like: it is never kept.
        raise common.ApiError(
            f"send the CSV as the multipart field 'file', at most "
            f"{settings.FILE_UPLOAD_MAX_MEMORY_SIZE // 1024} KiB (larger files: sprava import)"
        )
    data = file.read(csv_io.MAX_BYTES + 1)
    # Rows match only persons the reader sees and may name (their disclosure, committed with
    # the answer: a match names a protected person); taking one into this case is refused as
    # the role endpoint refuses it (rule 4).
    report = csv_io.import_csv(kind.value, data, case=case, actor=r.actor, dry_run=dry_run,
                               persons=common.visible_persons(r), disclosure=r.disclosure,
                               user=r.user)
    return report.to_dict()
