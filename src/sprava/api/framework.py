"""The legal framework: `GET /api/v1/law/framework`, the document `sprava law show --json` prints.

Reference data, like act types: every signed-in user reads it; it names no record.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from sprava.law.framework import current

router = Router(tags=["law"])


class FrameworkLabelsOut(Schema):
    en: str
    be: str
    ru: str


class FrameworkAlternativeOut(Schema):
    id: str
    text: str
    label: FrameworkLabelsOut


class FrameworkElementOut(Schema):
    id: str
    number: int
    type: str
    contextual: bool
    text: str
    label: FrameworkLabelsOut
    alternatives: list[FrameworkAlternativeOut]


class FrameworkCrimeOut(Schema):
    id: str
    article: str
    name: str
    label: FrameworkLabelsOut
    elements: list[FrameworkElementOut]


class FrameworkModeOut(Schema):
    id: str
    article: str
    form: str
    name: str
    label: FrameworkLabelsOut
    verify: bool
    source: str
    elements: list[FrameworkElementOut]


class FrameworkNationalOut(Schema):
    id: str
    country: str
    name: str
    label: FrameworkLabelsOut
    provision: str
    jurisdiction_provision: str
    covers: list[str]
    verify: bool
    note: str


class FrameworkSectionOut(Schema):
    id: str
    title: str


class FrameworkVenueOut(Schema):
    id: str
    name: str
    label: FrameworkLabelsOut
    languages: list[str]
    jurisdiction: str
    national: str | None
    public: bool
    sections: list[FrameworkSectionOut]


class FrameworkStandardOut(Schema):
    id: str
    articles: list[str]
    name: str
    label: FrameworkLabelsOut


class FrameworkMeta(Schema):
    id: str
    version: str
    title: str


class FrameworkOut(Schema):
    framework: FrameworkMeta
    crimes: list[FrameworkCrimeOut]
    modes: list[FrameworkModeOut]
    national: list[FrameworkNationalOut]
    venues: list[FrameworkVenueOut]
    standards: list[FrameworkStandardOut]


@router.get("/framework", response=FrameworkOut, summary="The legal framework")
def framework(request: HttpRequest) -> dict[str, Any]:
    """Crimes against humanity (art. 7) with their numbered elements, modes of liability,
    national provisions, venues and standards of proof, with the framework's version."""
    return current().as_json()
