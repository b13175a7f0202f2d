"""The legal framework: `GET /api/v1/law/framework`, the document `sprava law show --json` prints.

Reference data, like act types: every signed-in user reads it; it names no record.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from sprava.law.framework import current

router = Router(tags=["law"])


class LabelsOut(Schema):
    en: str
    be: str
    ru: str


class AlternativeOut(Schema):
    id: str
    text: str
    label: LabelsOut


class ElementOut(Schema):
    id: str
    number: int
    type: str
    contextual: bool
    text: str
    label: LabelsOut
    alternatives: list[AlternativeOut]


class CrimeOut(Schema):
    id: str
    article: str
    name: str
    label: LabelsOut
    elements: list[ElementOut]


class ModeOut(Schema):
    id: str
    article: str
    form: str
    name: str
    label: LabelsOut
    verify: bool
    source: str
    elements: list[ElementOut]


class NationalOut(Schema):
    id: str
    country: str
    name: str
    label: LabelsOut
    provision: str
    jurisdiction_provision: str
    covers: list[str]
    verify: bool
    note: str


class SectionOut(Schema):
    id: str
    title: str


class VenueOut(Schema):
    id: str
    name: str
    label: LabelsOut
    languages: list[str]
    jurisdiction: str
    national: str | None
    public: bool
    sections: list[SectionOut]


class StandardOut(Schema):
    id: str
    articles: list[str]
    name: str
    label: LabelsOut


class FrameworkMeta(Schema):
    id: str
    version: str
    title: str


class FrameworkOut(Schema):
    framework: FrameworkMeta
    crimes: list[CrimeOut]
    modes: list[ModeOut]
    national: list[NationalOut]
    venues: list[VenueOut]
    standards: list[StandardOut]


@router.get("/framework", response=FrameworkOut, summary="The legal framework")
def framework(request: HttpRequest) -> dict[str, Any]:
    """Crimes against humanity (art. 7) with their numbered elements, modes of liability,
    national provisions, venues and standards of proof, with the framework's version."""
    return current().as_json()
