"""Shared reference data: act types and places (read only), organisations and units.

Reference data belongs to no case: every signed-in user reads it, as on the pages, and only
organisation administrators change organisations. Act types and places are shipped as data.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, PatchDict, Query, Router, Schema, Status

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.api import common
from sprava.api.common import (
    ChangeReason,
    Code,
    DeleteReason,
    IdPath,
    Line,
    PageParams,
    RecordId,
    Text,
    page_schema,
    reader,
    responses,
)
from sprava.records.models import ActType, Organisation, OrganisationKind, Place, PlaceKind

act_types = Router(tags=["reference data"])
places = Router(tags=["reference data"])
organisations = Router(tags=["organisations"])


class Labels(Schema):
    label_en: str
    label_be: str
    label_ru: str


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


ActTypePage = page_schema(ActTypeOut, "ActTypePage")


def act_type_out(row: ActType) -> dict[str, Any]:
    return {"id": row.pk, "code": row.code, "description": row.description,
            "legal_refs": [str(ref) for ref in row.legal_refs or []], "active": row.active,
            **labels(row)}


@act_types.get("", response=responses(200, ActTypePage), summary="List act types")
def list_act_types(request: HttpRequest, filters: Query[ActTypeFilters]) -> Any:
    reader(request)
    rows = _words(ActType.objects.all(), filters.q)
    if filters.active is not None:
        rows = rows.filter(active=filters.active)
    return common.page(rows, filters, act_type_out)


@act_types.get("/{id}", response=responses(200, ActTypeOut), summary="One act type")
def get_act_type(request: HttpRequest, id: IdPath) -> Any:
    reader(request)
    return act_type_out(common.one(ActType.objects.all(), id))


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


class PlaceFilters(PageParams):
    kind: PlaceKind | None = None
    parent: Code | None = Field(None, description="Places within this one (its code).")
    q: Line | None = Field(None, description="Words in a label.")


PlacePage = page_schema(PlaceOut, "PlacePage")


def place_out(row: Place) -> dict[str, Any]:
    return {"id": row.pk, "code": row.code, "kind": row.kind,
            "parent": row.parent.code if row.parent else None,
            "latitude": None if row.latitude is None else float(row.latitude),
            "longitude": None if row.longitude is None else float(row.longitude),
            "address": row.address, "notes": row.notes, **labels(row)}


@places.get("", response=responses(200, PlacePage), summary="List places")
def list_places(request: HttpRequest, filters: Query[PlaceFilters]) -> Any:
    reader(request)
    rows = _words(Place.objects.select_related("parent"), filters.q)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.parent:
        rows = rows.filter(parent__code=filters.parent)
    return common.page(rows, filters, place_out)


@places.get("/{id}", response=responses(200, PlaceOut), summary="One place")
def get_place(request: HttpRequest, id: IdPath) -> Any:
    reader(request)
    return place_out(common.one(Place.objects.select_related("parent"), id))


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


OrganisationPage = page_schema(OrganisationOut, "OrganisationPage")


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


@organisations.get("", response=responses(200, OrganisationPage),
                   summary="List organisations and units")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    reader(request)
    rows = _words(_organisations(), filters.q)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.parent:
        rows = rows.filter(parent_id=filters.parent)
    return common.page(rows, filters, organisation_out)


@organisations.post("", response=responses(201, OrganisationOut),
                    summary="Add an organisation (administrators)")
def create_organisation(request: HttpRequest, payload: OrganisationChange,
                        reason: ChangeReason = "") -> Any:
    r = reader(request)
    permissions.require(r.user, Permission.ADMINISTER)
    row = Organisation()
    _apply_organisation(row, payload.dict())
    return Status(201, organisation_out(common.save(r, row, reason)))


@organisations.get("/{id}", response=responses(200, OrganisationOut), summary="One organisation")
def get_organisation(request: HttpRequest, id: IdPath) -> Any:
    reader(request)
    return organisation_out(common.one(_organisations(), id))


@organisations.patch("/{id}", response=responses(200, OrganisationOut),
                     summary="Change an organisation (administrators)")
def change_organisation(request: HttpRequest, id: IdPath,
                        payload: PatchDict[OrganisationChange], reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = common.one(_organisations(), id)
    permissions.require(r.user, Permission.ADMINISTER)
    _apply_organisation(row, payload)
    return organisation_out(common.save(r, row, reason))


@organisations.delete("/{id}", response=responses(204, None),
                      summary="Delete an organisation (administrators)")
def delete_organisation(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    row = common.one(_organisations(), id)
    permissions.require(r.user, Permission.ADMINISTER)
    common.remove(r, row, reason)
    return Status(204, None)
