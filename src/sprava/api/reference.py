"""Shared reference data: act types and places (read only), organisations and units.

Reference data belongs to no case: every signed-in user reads it, as on the pages, and only
organisation administrators change organisations. Act types and places are shipped as data.
"""

from typing import Any

from django.db.models import Q, QuerySet
from ninja import Field, Router, Schema

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.api import common, crud
from sprava.api.common import Code, Line, PageParams, RecordId, Text
from sprava.api.crud import Names, RecordType
from sprava.records.models import ActType, Organisation, OrganisationKind, Place, PlaceKind

act_types = Router(tags=["reference data"])
places = Router(tags=["reference data"])
organisations = Router(tags=["organisations"])


class Labels(Schema):
    label_en: str
    label_be: str
    label_ru: str


LABELS = {"label_en": "label_en", "label_be": "label_be", "label_ru": "label_ru"}


def labels(obj: Any) -> dict[str, str]:
    return {"label_en": obj.label_en, "label_be": obj.label_be, "label_ru": obj.label_ru}


def _words(queryset: QuerySet[Any], q: str | None) -> QuerySet[Any]:
    if not q:
        return queryset
    return queryset.filter(Q(label_en__icontains=q) | Q(label_be__icontains=q)
                           | Q(label_ru__icontains=q))


# --- act types -----------------------------------------------------------------------------


class ActTypeOut(Labels):
    id: int
    code: str
    description: str
    legal_refs: list[str]
    active: bool


class ActTypeFilters(PageParams):
    active: bool | None = None
    q: Line | None = Field(None, description="Words in a label.")


def act_type_out(row: ActType) -> dict[str, Any]:
    return {"id": row.pk, "code": row.code, "description": row.description,
            "legal_refs": [str(ref) for ref in row.legal_refs or []], "active": row.active,
            **labels(row)}


def _act_types(r: common.Reader, rows: QuerySet[ActType],
               filters: ActTypeFilters) -> QuerySet[ActType]:
    rows = _words(rows, filters.q)
    if filters.active is not None:
        rows = rows.filter(active=filters.active)
    return rows


ACT_TYPES = RecordType[ActType](
    names=Names("act type", "act types", "an act type", __name__),
    rows=lambda r: ActType.objects.all(), present=lambda r, row: act_type_out(row),
    out=ActTypeOut, filters=ActTypeFilters, narrow=_act_types,
    order={"code": "code", **LABELS},
)
crud.register(act_types, ACT_TYPES)


# --- places --------------------------------------------------------------------------------


class PlaceOut(Labels):
    id: int
    code: str
    kind: str
    parent: str | None
    latitude: float | None
    longitude: float | None
    address: str
    notes: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country the place lies "
                         "in: its own, else its parent's; empty if neither has one.")


class PlaceFilters(PageParams):
    kind: PlaceKind | None = None
    parent: Code | None = Field(None, description="Places within this one (its code).")
    q: Line | None = Field(None, description="Words in a label.")


def place_out(row: Place) -> dict[str, Any]:
    return {"id": row.pk, "code": row.code, "kind": row.kind,
            "parent": row.parent.code if row.parent else None,
            "latitude": None if row.latitude is None else float(row.latitude),
            "longitude": None if row.longitude is None else float(row.longitude),
            "address": row.address, "notes": row.notes,
            "country": row.country or (row.parent.country if row.parent else ""), **labels(row)}


def _places(r: common.Reader, rows: QuerySet[Place], filters: PlaceFilters) -> QuerySet[Place]:
    rows = _words(rows, filters.q)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.parent:
        rows = rows.filter(parent__code=filters.parent)
    return rows


PLACES = RecordType[Place](
    names=Names("place", "places", "a place", __name__),
    rows=lambda r: Place.objects.select_related("parent"), present=lambda r, row: place_out(row),
    out=PlaceOut, filters=PlaceFilters, narrow=_places,
    order={"code": "code", "kind": "kind", **LABELS},
)
crud.register(places, PLACES)


# --- organisations -------------------------------------------------------------------------


class OrganisationChange(Schema):
    label_en: Line
    label_be: Line = ""
    label_ru: Line = ""
    abbreviation: Line = ""
    kind: OrganisationKind
    parent: RecordId | None = Field(None, description="The superior unit's id.")
    place: Code | None = Field(None, description="A place's code.")
    notes: Text = ""


class OrganisationOut(Labels):
    id: int
    abbreviation: str
    kind: str
    parent: int | None
    place: str | None
    notes: str


class OrganisationFilters(PageParams):
    kind: OrganisationKind | None = None
    parent: RecordId | None = None
    q: Line | None = Field(None, description="Words in a label.")


def organisation_out(row: Organisation) -> dict[str, Any]:
    return {"id": row.pk, "abbreviation": row.abbreviation, "kind": row.kind,
            "parent": row.parent_id, "place": row.place.code if row.place else None,
            "notes": row.notes, **labels(row)}


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("place")


def _apply_organisation(row: Organisation, data: dict[str, Any]) -> None:
    if "parent" in data:
        parent = common.organisation_by_id(data["parent"])
        if parent is not None and row.pk is not None and row in parent.chain():
            raise common.ApiError("an organisation cannot be its own superior")
        row.parent = parent
    if "place" in data:
        row.place = common.place_by_code(data["place"])
    common.assign(row, data, ("label_en", "label_be", "label_ru", "abbreviation", "kind",
                              "notes"))


def _organisations_of(r: common.Reader, rows: QuerySet[Organisation],
                      filters: OrganisationFilters) -> QuerySet[Organisation]:
    rows = _words(rows, filters.q)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.parent:
        rows = rows.filter(parent_id=filters.parent)
    return rows


def _administrator(r: common.Reader, row: Organisation | None = None) -> None:
    permissions.require(r.user, Permission.ADMINISTER)


def _create_organisation(r: common.Reader, data: dict[str, Any], reason: str) -> Organisation:
    _administrator(r)
    return ORGANISATIONS.save(r, Organisation(), data, reason)


ORGANISATIONS = RecordType[Organisation](
    names=Names("organisation", "organisations", "an organisation", __name__, summaries={
        "list": "List organisations and units",
        "create": "Add an organisation (administrators)",
        "change": "Change an organisation (administrators)",
        "delete": "Delete an organisation (administrators)"}),
    rows=lambda r: _organisations(), present=lambda r, row: organisation_out(row),
    out=OrganisationOut, filters=OrganisationFilters, narrow=_organisations_of,
    order={"abbreviation": "abbreviation", "kind": "kind", **LABELS},
    model=Organisation, body=OrganisationChange, create=_create_organisation,
    apply=lambda r, row, data: _apply_organisation(row, data), writable=_administrator,
)
crud.register(organisations, ORGANISATIONS)
