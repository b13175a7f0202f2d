"""Reference data shipped with Sprava: places, act types, organisations and a map of Belarus.

The data lives in JSON files in `data/` beside this module. `load_reference_data` brings the
database in line with them and can run any number of times: from the data migration (with
the historical models it is given) or from a command (with the current models).

The map is a handful of simplified polygons (see `data/belarus_map.json`): approximate, drawn
for an offline overview, never for deciding where something happened.

Every place names its country (ISO 3166-1 alpha-2): Belarus ("BY") and the neighbouring
countries where people forced out of Belarus arrive, with their capitals and border crossings,
for the jurisdiction of the courts there (`sprava.law.jurisdiction`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, transaction

__all__ = [
    "BOUNDS",
    "DATA_DIR",
    "LoadReport",
    "ReferenceDataError",
    "load_reference_data",
    "map_shapes",
    "map_svg_paths",
    "project",
    "read_data",
    "shipped_values",
]

DATA_DIR = Path(__file__).with_name("data")

# Latitude and longitude limits of Belarus with a small margin: (south, west, north, east).
BOUNDS = (51.2, 23.1, 56.2, 32.8)
BELARUS = "BY"  # the country whose places lie inside BOUNDS, on the map
COUNTRY = re.compile(r"[A-Z]{2}")

PLACE_KINDS = frozenset(
    {"country", "region", "city", "district", "settlement", "detention", "other"}
)
ORGANISATION_KINDS = frozenset(
    {"ministry", "security", "police", "investigation", "prosecution", "court", "detention",
     "military", "other"}
)  # fmt: skip
_DEGREES = Decimal("0.00001")  # Place.latitude and longitude keep five decimal places


class ReferenceDataError(ValueError):
    """A data file is malformed: unknown kind, duplicate code, missing parent, bad coordinates."""


@dataclass
class LoadReport:
    """How many rows of each model were created, updated or found unchanged."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated)

    def summary(self) -> str:
        models = sorted({*self.created, *self.updated, *self.unchanged})
        return "; ".join(
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in models
        )


@cache
def read_data(name: str) -> dict[str, Any]:
    """One data file, parsed (cached: the files do not change while the process runs)."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def load_reference_data(
    apps: Any = None, *, update: bool = True, using: str = DEFAULT_DB_ALIAS
) -> LoadReport:
    """Create missing reference rows and, with `update`, bring changed ones back to the files.

    `apps` is the app registry: the historical one inside a migration, Django's own otherwise.
    Rows are matched by code (organisations, which have no code field, by English label and
    parent). Rows an administrator added are left alone; with `update=False` so are rows an
    administrator edited. Nothing is ever deleted.
    """
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    place_model = apps.get_model("records", "Place")
    act_type_model = apps.get_model("records", "ActType")
    organisation_model = apps.get_model("records", "Organisation")

    places = read_data("places.json")["places"]
    act_types = read_data("act_types.json")["act_types"]
    organisations = read_data("organisations.json")["organisations"]
    validate_places(places)
    validate_act_types(act_types)
    validate_organisations(organisations, {p["code"] for p in places})

    report = LoadReport()
    loader = _Loader(report, update, using)
    with transaction.atomic(using=using):
        place_by_code = loader.places(place_model, places)
        loader.act_types(act_type_model, act_types)
        loader.organisations(organisation_model, organisations, place_by_code)
    return report


# Validation: fail on the whole file before touching the database.


def validate_places(places: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    countries: dict[str, str] = {}
    for entry in places:
        code = _code(entry, seen)
        if entry["kind"] not in PLACE_KINDS:
            raise ReferenceDataError(f"place {code}: unknown kind {entry['kind']!r}")
        if entry.get("parent") and entry["parent"] not in seen:
            raise ReferenceDataError(f"place {code}: parent {entry['parent']!r} must come first")
        _labels(entry, code)
        country = _country(entry, code, countries)
        lat, lon = entry.get("latitude"), entry.get("longitude")
        if (lat is None) != (lon is None):
            raise ReferenceDataError(f"place {code}: latitude and longitude go together")
        if (lat is not None and lon is not None and country == BELARUS
                and not inside_bounds(lat, lon)):
            raise ReferenceDataError(f"place {code}: ({lat}, {lon}) is outside Belarus")
        seen.add(code)
        countries[code] = country


def validate_act_types(act_types: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for entry in act_types:
        code = _code(entry, seen)
        _labels(entry, code)
        refs = entry.get("legal_refs")
        if not refs or not all(isinstance(ref, str) and ref.startswith("7(1)(") for ref in refs):
            raise ReferenceDataError(f"act type {code}: legal_refs must name art. 7(1) acts")
        seen.add(code)


def validate_organisations(organisations: list[dict[str, Any]], place_codes: set[str]) -> None:
    seen: set[str] = set()
    keys: set[tuple[str, str]] = set()
    for entry in organisations:
        code = _code(entry, seen)
        if entry["kind"] not in ORGANISATION_KINDS:
            raise ReferenceDataError(f"organisation {code}: unknown kind {entry['kind']!r}")
        if entry.get("parent") and entry["parent"] not in seen:
            raise ReferenceDataError(f"organisation {code}: parent must come first")
        if entry.get("place") and entry["place"] not in place_codes:
            raise ReferenceDataError(f"organisation {code}: unknown place {entry['place']!r}")
        _labels(entry, code)
        key = (entry["label_en"], entry.get("parent", ""))
        if key in keys:  # the seed matches on this pair, so it must be unique
            raise ReferenceDataError(f"organisation {code}: label repeated under one parent")
        keys.add(key)
        seen.add(code)


def _country(entry: dict[str, Any], code: str, countries: dict[str, str]) -> str:
    """A shipped place's country: given for every one, and the same as its parent's."""
    country = entry.get("country")
    if not isinstance(country, str) or not COUNTRY.fullmatch(country):
        raise ReferenceDataError(f"place {code}: country must be an ISO 3166-1 alpha-2 code")
    parent = entry.get("parent")
    if parent and countries[parent] != country:
        raise ReferenceDataError(f"place {code}: in {country}, but within {parent} "
                                 f"({countries[parent]})")
    return country


def inside_bounds(latitude: float, longitude: float) -> bool:
    south, west, north, east = BOUNDS
    return south <= latitude <= north and west <= longitude <= east


def _code(entry: dict[str, Any], seen: set[str]) -> str:
    code = entry.get("code")
    if not isinstance(code, str) or not code:
        raise ReferenceDataError(f"entry without a code: {entry!r}")
    if code in seen:
        raise ReferenceDataError(f"code {code!r} appears twice")
    return code


def _labels(entry: dict[str, Any], code: str) -> None:
    for language in ("en", "be", "ru"):
        if not str(entry.get(f"label_{language}", "")).strip():
            raise ReferenceDataError(f"{code}: label_{language} is empty")


# Loading


class _Loader:
    def __init__(self, report: LoadReport, update: bool, using: str) -> None:
        self.report = report
        self.update = update
        self.using = using

    def places(self, model: Any, places: list[dict[str, Any]]) -> dict[str, Any]:
        loaded: dict[str, Any] = {}
        for entry in places:  # parents come first (validated)
            values = _place_values(entry)
            values["parent"] = loaded[entry["parent"]] if entry.get("parent") else None
            loaded[entry["code"]] = self.sync(model, {"code": entry["code"]}, values)
        return loaded

    def act_types(self, model: Any, act_types: list[dict[str, Any]]) -> None:
        for entry in act_types:
            values = _act_type_values(entry)
            self.sync(model, {"code": entry["code"]}, values)

    def organisations(
        self, model: Any, organisations: list[dict[str, Any]], places: dict[str, Any]
    ) -> None:
        loaded: dict[str, Any] = {}
        has_code = _has_field(model, "code")
        for entry in organisations:
            parent = loaded[entry["parent"]] if entry.get("parent") else None
            values = _organisation_values(entry)
            values["place"] = places[entry["place"]] if entry.get("place") else None
            if has_code:  # a later schema with Organisation.code matches on it
                self._adopt_by_label(model, entry, parent)
                lookup = {"code": entry["code"]}
                values["parent"] = parent
            else:
                lookup = {"label_en": entry["label_en"], "parent": parent}
                values.pop("label_en")
            loaded[entry["code"]] = self.sync(model, lookup, values)

    def _adopt_by_label(self, model: Any, entry: dict[str, Any], parent: Any) -> None:
        """Give a row loaded before organisations had codes its code, instead of a twin."""
        rows = model._default_manager.using(self.using)
        if rows.filter(code=entry["code"]).exists():
            return
        legacy = rows.filter(code__isnull=True, label_en=entry["label_en"], parent=parent).first()
        if legacy is not None:
            legacy.code = entry["code"]
            legacy.save(using=self.using, update_fields=["code"])

    def sync(self, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        """Create the row, or update the fields that differ; never save an unchanged row."""
        name = model.__name__
        values = {key: value for key, value in values.items() if _has_field(model, key)}
        row = model._default_manager.using(self.using).filter(**lookup).first()
        if row is None:
            self.report.created[name] += 1
            return model._default_manager.using(self.using).create(**lookup, **values)
        changed = [key for key, value in values.items() if getattr(row, key) != value]
        if changed and self.update:
            for key in changed:
                setattr(row, key, values[key])
            row.save(using=self.using, update_fields=changed)
            self.report.updated[name] += 1
        else:
            self.report.unchanged[name] += 1
        return row


def shipped_values() -> dict[str, dict[str, dict[str, Any]]]:
    """What `load_reference_data` gives each shipped row, by model label and code.

    Foreign keys are given as the code of the row they name (`parent`, `place`). The records
    audit compares reference rows that no ledger event made with these.
    """
    return {
        "records.place": {
            entry["code"]: _place_values(entry) for entry in read_data("places.json")["places"]
        },
        "records.acttype": {
            entry["code"]: _act_type_values(entry)
            for entry in read_data("act_types.json")["act_types"]
        },
        "records.organisation": {
            entry["code"]: {**_organisation_values(entry), "parent": entry.get("parent")}
            for entry in read_data("organisations.json")["organisations"]
        },
    }


def _place_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": entry["kind"],
        "parent": entry.get("parent"),
        "latitude": _degrees(entry.get("latitude")),
        "longitude": _degrees(entry.get("longitude")),
        "address": entry.get("address", ""),
        "notes": entry.get("notes", ""),
        "country": entry["country"],
        **_label_values(entry),
    }


def _act_type_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": entry.get("description", ""),
        "legal_refs": list(entry["legal_refs"]),
        "order": entry.get("order", 0),
        **_label_values(entry),
    }


def _organisation_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": entry["kind"],
        "abbreviation": entry.get("abbreviation", ""),
        "place": entry.get("place"),
        "notes": entry.get("notes", ""),
        **_label_values(entry),
    }


def _label_values(entry: dict[str, Any]) -> dict[str, str]:
    return {f"label_{lang}": entry[f"label_{lang}"] for lang in ("en", "be", "ru")}


def _degrees(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(_DEGREES)


def _has_field(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:  # a historical model may lack a newer field
        return False
    return True


# The map


def map_shapes() -> list[dict[str, Any]]:
    """The shapes of the map file: code (a place code), kind, capital, rings of [lon, lat]."""
    shapes: list[dict[str, Any]] = read_data("belarus_map.json")["shapes"]
    return shapes


@cache
def _outline_bounds() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the outline of Belarus."""
    outline = next(shape for shape in map_shapes() if shape["kind"] == "country")
    lons = [lon for ring in outline["rings"] for lon, _ in ring]
    lats = [lat for ring in outline["rings"] for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def project(
    lat: float, lon: float, width: float, height: float, *, margin: float = 0.0
) -> tuple[float, float]:
    """SVG coordinates of a point on a `width` × `height` map of Belarus.

    Equirectangular, with longitudes shrunk by the cosine of the middle latitude so that
    Belarus keeps its shape; the country is scaled to fit inside `margin` and centred.
    """
    if width <= 2 * margin or height <= 2 * margin:
        raise ValueError("the map must be larger than twice its margin")
    west, south, east, north = _outline_bounds()
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * shrink, north - south
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    left = (width - span_x * scale) / 2
    top = (height - span_y * scale) / 2
    x = left + (float(lon) - west) * shrink * scale
    y = top + (north - float(lat)) * scale
    return round(x, 2), round(y, 2)


def map_svg_paths(width: float, height: float, *, margin: float = 0.0) -> dict[str, str]:
    """SVG path data per shape code ("belarus", the six regions, "minsk").

    A shape with holes (Minsk region around Minsk city) needs `fill-rule="evenodd"`.
    Markers placed with `project` at the same size and margin line up with the paths.
    """
    paths: dict[str, str] = {}
    for shape in map_shapes():
        parts = []
        for ring in shape["rings"]:
            points = [project(lat, lon, width, height, margin=margin) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:g},{y:g}" for x, y in points) + " Z")
        paths[shape["code"]] = " ".join(parts)
    return paths
