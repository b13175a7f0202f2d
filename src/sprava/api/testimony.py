"""Testimonies (who said it, when, how) and consents per use.

A testimony belongs to a case. A consent belongs to a case when it names one (then that case's
members read it and EDIT there changes it), otherwise to its person (like a custody period).
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, PatchDict, Query, Router, Schema, Status

from sprava.accounts import permissions
from sprava.api import common
from sprava.api.common import (
    ChangeReason,
    Code,
    DeleteReason,
    IdPath,
    Line,
    PageParams,
    PersonRef,
    RecordId,
    Text,
    page_schema,
    reader,
    responses,
)
from sprava.records import history
from sprava.records.models import (
    Case,
    Consent,
    Incident,
    Reliability,
    SourceKind,
    Testimony,
    Venue,
)

testimonies = Router(tags=["testimonies"])
consents = Router(tags=["consents"])

INCIDENTS_MAX = 500


# --- testimonies ---------------------------------------------------------------------------


class TestimonyChange(Schema):
    case: Code = Field(description="The case's reference.")
    given_by: RecordId | None = Field(None, description="The person who gave it.")
    kind: SourceKind
    given_on: datetime.date | None = None
    language: Line = ""
    transcript: Text = ""
    translation: Text = ""
    translation_language: Line = ""
    reliability: Reliability = Reliability.F
    taken_by: Line = ""
    notes: Text = ""
    incidents: list[RecordId] = Field(default_factory=list, max_length=INCIDENTS_MAX,
                                      description="Incidents of the same case it speaks of.")


class TestimonyOut(Schema):
    id: int
    case: str
    given_by: PersonRef | None
    kind: str
    given_on: datetime.date | None
    language: str
    transcript: str
    translation: str
    translation_language: str
    reliability: str
    taken_by: str
    notes: str
    incidents: list[int]


class TestimonyFilters(PageParams):
    case: Code | None = None
    given_by: RecordId | None = None
    kind: SourceKind | None = None
    incident: RecordId | None = None


TestimonyPage = page_schema(TestimonyOut, "TestimonyPage")
TESTIMONY_FIELDS = ("kind", "given_on", "language", "transcript", "translation",
                    "translation_language", "reliability", "taken_by", "notes")


def testimony_rows(r: common.Reader) -> QuerySet[Testimony]:
    rows = Testimony.objects.select_related("case", "given_by")
    rows = rows.prefetch_related("given_by__names", "given_by__roles", "incidents")
    return permissions.filter_visible(r.user, rows, "case")


def testimony_out(r: common.Reader, row: Testimony) -> dict[str, Any]:
    return {"id": row.pk, "case": row.case.reference, "given_by": r.maybe_person(row.given_by),
            "incidents": sorted(incident.pk for incident in row.incidents.all()),
            **{name: getattr(row, name) for name in TESTIMONY_FIELDS}}


def _incidents(case: Case, ids: list[int]) -> list[Incident]:
    found = list(Incident.objects.filter(case=case, pk__in=set(ids)))
    missing = sorted(set(ids) - {incident.pk for incident in found})
    if missing:
        raise common.ApiError(f"unknown incidents in case {case.reference}: {missing[:10]}")
    return found


def _save_testimony(r: common.Reader, row: Testimony, data: dict[str, Any],
                    reason: str) -> Testimony:
    if "case" in data:
        row.case = common.case_to_write(r, data["case"])
    if "given_by" in data:
        row.given_by = common.person_by_id(r, data["given_by"])
    common.assign(row, data, TESTIMONY_FIELDS)
    linked = _incidents(row.case, data["incidents"] or []) if "incidents" in data else None
    with transaction.atomic():
        common.save(r, row, reason)
        if linked is not None:
            before = sorted(row.incidents.values_list("pk", flat=True))
            after = sorted(incident.pk for incident in linked)
            if before != after:
                row.incidents.set(linked)
                history.record_event(actor=r.actor, verb="incidents_changed", obj=row,
                                     case=row.case.reference, before=None, after=None,
                                     reason=reason,
                                     extra={"incidents": {"before": before, "after": after}})
    return row


@testimonies.get("", response=responses(200, TestimonyPage), summary="List testimonies")
def list_testimonies(request: HttpRequest, filters: Query[TestimonyFilters]) -> Any:
    r = reader(request)
    rows = testimony_rows(r)
    if filters.case:
        rows = rows.filter(case__reference=filters.case)
    if filters.given_by:
        rows = rows.filter(given_by_id=filters.given_by)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.incident:
        rows = rows.filter(pk__in=Testimony.incidents.through.objects.filter(
            incident_id=filters.incident).values("testimony_id"))
    return common.page(rows, filters, lambda row: testimony_out(r, row))


@testimonies.post("", response=responses(201, TestimonyOut), summary="Record a testimony")
def create_testimony(request: HttpRequest, payload: TestimonyChange,
                     reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = _save_testimony(r, Testimony(), payload.dict(), reason)
    return Status(201, testimony_out(r, common.one(testimony_rows(r), row.pk)))


@testimonies.get("/{id}", response=responses(200, TestimonyOut), summary="One testimony")
def get_testimony(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return testimony_out(r, common.one(testimony_rows(r), id))


@testimonies.patch("/{id}", response=responses(200, TestimonyOut), summary="Change a testimony")
def change_testimony(request: HttpRequest, id: IdPath, payload: PatchDict[TestimonyChange],
                     reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = common.one(testimony_rows(r), id)
    common.require_edit(r, {row.case_id})
    _save_testimony(r, row, payload, reason)
    return testimony_out(r, common.one(testimony_rows(r), row.pk))


@testimonies.delete("/{id}", response=responses(204, None), summary="Delete a testimony")
def delete_testimony(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    row = common.one(testimony_rows(r), id)
    common.require_edit(r, {row.case_id})
    common.remove(r, row, reason)
    return Status(204, None)


# --- consents ------------------------------------------------------------------------------


class ConsentChange(Schema):
    person: RecordId
    case: Code | None = Field(None, description="The case it is given for; empty: any.")
    use: Venue
    granted: bool
    given_on: datetime.date
    scope: Text = ""
    withdrawn_on: datetime.date | None = None
    notes: Text = ""


class ConsentOut(Schema):
    id: int
    person: PersonRef
    case: str | None
    use: str
    granted: bool
    given_on: datetime.date
    scope: str
    withdrawn_on: datetime.date | None
    notes: str
    in_force: bool


class ConsentFilters(PageParams):
    person: RecordId | None = None
    case: Code | None = None
    use: Venue | None = None
    in_force: bool | None = None


ConsentPage = page_schema(ConsentOut, "ConsentPage")
CONSENT_FIELDS = ("use", "granted", "given_on", "scope", "withdrawn_on", "notes")


def consent_rows(r: common.Reader) -> QuerySet[Consent]:
    rows = Consent.objects.select_related("case", "person")
    rows = rows.prefetch_related("person__names", "person__roles")
    return rows.filter(Q(case_id__in=r.case_ids) | Q(
        case__isnull=True, person__in=common.visible_persons(r).values("pk")))


def consent_out(r: common.Reader, row: Consent) -> dict[str, Any]:
    return {"id": row.pk, "person": r.person(row.person),
            "case": row.case.reference if row.case else None, "in_force": row.in_force,
            **{name: getattr(row, name) for name in CONSENT_FIELDS}}


def _consent_cases(row: Consent) -> set[int]:
    if row.case_id is not None:
        return {row.case_id}
    return common.person_case_ids(row.person)


def _apply_consent(r: common.Reader, row: Consent, data: dict[str, Any]) -> None:
    if "person" in data:
        row.person = common.required_person(r, data["person"])
    if "case" in data:
        row.case = common.case_of_reference(r, data["case"]) if data["case"] else None
    common.assign(row, data, CONSENT_FIELDS)
    common.require_edit(r, _consent_cases(row))


@consents.get("", response=responses(200, ConsentPage), summary="List consents")
def list_consents(request: HttpRequest, filters: Query[ConsentFilters]) -> Any:
    r = reader(request)
    rows = consent_rows(r)
    if filters.person:
        rows = rows.filter(person_id=filters.person)
    if filters.case:
        rows = rows.filter(case__reference=filters.case)
    if filters.use:
        rows = rows.filter(use=filters.use)
    if filters.in_force is True:
        rows = rows.filter(granted=True, withdrawn_on__isnull=True)
    elif filters.in_force is False:
        rows = rows.filter(Q(granted=False) | Q(withdrawn_on__isnull=False))
    return common.page(rows, filters, lambda row: consent_out(r, row))


@consents.post("", response=responses(201, ConsentOut), summary="Record a consent")
def create_consent(request: HttpRequest, payload: ConsentChange, reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = Consent()
    _apply_consent(r, row, payload.dict())
    common.save(r, row, reason)
    return Status(201, consent_out(r, common.one(consent_rows(r), row.pk)))


@consents.get("/{id}", response=responses(200, ConsentOut), summary="One consent")
def get_consent(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return consent_out(r, common.one(consent_rows(r), id))


@consents.patch("/{id}", response=responses(200, ConsentOut), summary="Change a consent")
def change_consent(request: HttpRequest, id: IdPath, payload: PatchDict[ConsentChange],
                   reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = common.one(consent_rows(r), id)
    common.require_edit(r, _consent_cases(row))
    _apply_consent(r, row, payload)
    common.save(r, row, reason)
    return consent_out(r, common.one(consent_rows(r), row.pk))


@consents.delete("/{id}", response=responses(204, None), summary="Delete a consent")
def delete_consent(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    row = common.one(consent_rows(r), id)
    common.require_edit(r, _consent_cases(row))
    common.remove(r, row, reason)
    return Status(204, None)
