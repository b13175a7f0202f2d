"""Testimonies (who said it, when, how) and consents per use.

A testimony belongs to a case. A consent belongs to a case when it names one (then that case's
members read it and EDIT there changes it), otherwise to its person (like a custody period).
"""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from ninja import Field, Router, Schema

from sprava.accounts import permissions
from sprava.api import common, crud, evidence
from sprava.api.common import (
    Code,
    Line,
    PageParams,
    PersonRef,
    RecordId,
    Text,
)
from sprava.api.crud import Names, RecordType, in_its_cases
from sprava.cases.models import Venue
from sprava.records.models import Consent, Incident, Reliability, SourceKind, Testimony
from sprava.records.testimonies import save_testimony

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


TESTIMONY_FIELDS = ("kind", "given_on", "language", "transcript", "translation",
                    "translation_language", "reliability", "taken_by", "notes")


def testimony_rows(r: common.Reader) -> QuerySet[Testimony]:
    rows = Testimony.objects.select_related("case", "given_by")
    rows = rows.prefetch_related("given_by__names", "given_by__roles", "incidents")
    return permissions.filter_visible(r.user, rows)


def testimony_out(r: common.Reader, row: Testimony) -> dict[str, Any]:
    return {"id": row.pk, "case": row.case.reference, "given_by": r.maybe_person(row.given_by),
            "incidents": sorted(incident.pk for incident in row.incidents.all()),
            **{name: getattr(row, name) for name in TESTIMONY_FIELDS}}


def _incidents(r: common.Reader, ids: list[int]) -> list[Incident]:
    """The incidents by id among those of the reader's cases; which of them the testimony may
    speak of is the domain's rule (`records.testimonies`)."""
    found = list(Incident.objects.filter(case_id__in=r.case_ids, pk__in=set(ids)))
    missing = sorted(set(ids) - {incident.pk for incident in found})
    if missing:
        raise common.ApiError(f"unknown incidents: {missing[:10]}")
    return found


def _save_testimony(r: common.Reader, row: Testimony, data: dict[str, Any],
                    reason: str) -> Testimony:
    if "case" in data:
        row.case = common.case_to_write(r, data["case"])
    if "given_by" in data:
        row.given_by = common.person_by_id(r, data["given_by"])
    common.assign(row, data, TESTIMONY_FIELDS)
    linked = _incidents(r, data["incidents"] or []) if "incidents" in data else None
    permissions.require_links(r.user, row)  # a protected person stays in their case (rule 4)
    return save_testimony(row, incidents=linked, actor=r.actor, reason=reason)


def _testimonies(r: common.Reader, rows: QuerySet[Testimony],
                 filters: TestimonyFilters) -> QuerySet[Testimony]:
    if filters.case:
        rows = rows.filter(case__reference=filters.case)
    if filters.given_by:
        rows = rows.filter(given_by_id=filters.given_by)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.incident:
        rows = rows.filter(pk__in=Testimony.incidents.through.objects.filter(
            incident_id=filters.incident).values("testimony_id"))
    return rows


TESTIMONIES = RecordType[Testimony](
    names=Names("testimony", "testimonies", "a testimony", __name__),
    rows=testimony_rows, present=testimony_out, out=TestimonyOut, filters=TestimonyFilters,
    narrow=_testimonies,
    order={"given_on": "given_on", "case": "case__reference", "kind": "kind",
           "reliability": "reliability", "language": "language"},
    model=Testimony, body=TestimonyChange, write=_save_testimony,
    writable=in_its_cases,
)
crud.register(testimonies, TESTIMONIES)
evidence.register(testimonies, TESTIMONIES)


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


CONSENT_FIELDS = ("use", "granted", "given_on", "scope", "withdrawn_on", "notes")


def consent_rows(r: common.Reader) -> QuerySet[Consent]:
    rows = Consent.objects.select_related("case", "person")
    rows = rows.prefetch_related("person__names", "person__roles")
    return permissions.filter_visible(r.user, rows)


def consent_out(r: common.Reader, row: Consent) -> dict[str, Any]:
    return {"id": row.pk, "person": r.person(row.person),
            "case": row.case.reference if row.case else None, "in_force": row.in_force,
            **{name: getattr(row, name) for name in CONSENT_FIELDS}}


def _apply_consent(r: common.Reader, row: Consent, data: dict[str, Any]) -> None:
    if "person" in data:
        row.person = common.required_person(r, data["person"])
    if "case" in data:
        row.case = common.case_of_reference(r, data["case"]) if data["case"] else None
    common.assign(row, data, CONSENT_FIELDS)
    common.require_edit(r, permissions.case_ids_of(row))


def _consents(r: common.Reader, rows: QuerySet[Consent],
              filters: ConsentFilters) -> QuerySet[Consent]:
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
    return rows


CONSENTS = RecordType[Consent](
    names=Names("consent", "consents", "a consent", __name__),
    rows=consent_rows, present=consent_out, out=ConsentOut, filters=ConsentFilters,
    narrow=_consents,
    order={"given_on": "given_on", "withdrawn_on": "withdrawn_on", "use": "use",
           "granted": "granted", "person": "person_id", "case": "case__reference"},
    model=Consent, body=ConsentChange, apply=_apply_consent,
    writable=in_its_cases,
)
crud.register(consents, CONSENTS)
