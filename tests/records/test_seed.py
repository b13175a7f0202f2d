"""Reference data: the shipped files are sound, load idempotently, and draw a map."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sprava.records.models import ActType, Organisation, OrganisationKind, Place, PlaceKind
from sprava.records.seed import (
    BOUNDS,
    ReferenceDataError,
    inside_bounds,
    load_reference_data,
    map_shapes,
    map_svg_paths,
    project,
    read_data,
    validate_act_types,
    validate_organisations,
    validate_places,
)

PLACES: list[dict[str, Any]] = read_data("places.json")["places"]
ACT_TYPES: list[dict[str, Any]] = read_data("act_types.json")["act_types"]
ORGANISATIONS: list[dict[str, Any]] = read_data("organisations.json")["organisations"]
BY_CODE = {p["code"]: p for p in PLACES}
IN_BELARUS = [p for p in PLACES if p["country"] == "BY"]
ABROAD = [p for p in PLACES if p["country"] != "BY"]
# The countries where people forced out of Belarus arrive (../shared/LEGAL.md).
NEIGHBOURS = {"LT", "LV", "PL", "UA", "RU", "DE", "GE", "MD"}

# Rome Statute art. 7(1) acts as numbered in ../shared/LEGAL.md.
CRIMES = {f"7(1)({letter})" for letter in "abcdefhijk"} | {f"7(1)(g)-{n}" for n in range(1, 7)}
REGION_DISTRICTS = {
    "brest-region": 16,
    "viciebsk-region": 21,
    "homiel-region": 21,
    "hrodna-region": 17,
    "mahiliou-region": 21,
    "minsk-region": 22,
}
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЎў]")


# The files


def test_codes_are_unique_slugs() -> None:
    for entries in (PLACES, ACT_TYPES, ORGANISATIONS):
        codes = [e["code"] for e in entries]
        assert len(codes) == len(set(codes))
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in codes)


def test_belarus_minsk_and_six_regions() -> None:
    kinds = Counter(p["kind"] for p in IN_BELARUS)
    assert kinds["country"] == 1
    assert BY_CODE["minsk"]["kind"] == "city"
    assert BY_CODE["minsk"]["parent"] == "belarus"
    regions = [p for p in PLACES if p["kind"] == "region"]
    assert {r["code"] for r in regions} == set(REGION_DISTRICTS)
    assert all(r["parent"] == "belarus" for r in regions)


def test_all_118_districts_each_under_its_region() -> None:
    districts = [p for p in PLACES if p["kind"] == "district"]
    assert len(districts) == 118
    for district in districts:
        assert BY_CODE[district["parent"]]["kind"] == "region", district["code"]
    assert Counter(d["parent"] for d in districts) == REGION_DISTRICTS


def test_kinds_match_the_models() -> None:
    assert {p["kind"] for p in PLACES} <= set(PlaceKind.values)
    assert {o["kind"] for o in ORGANISATIONS} <= set(OrganisationKind.values)


def test_parents_come_first_and_places_of_detention_sit_in_a_town() -> None:
    seen: set[str] = set()
    for place in PLACES:
        assert not place["parent"] or place["parent"] in seen, place["code"]
        seen.add(place["code"])
        if place["kind"] == "detention":
            assert BY_CODE[place["parent"]]["kind"] in ("city", "district")


def test_coordinates_inside_belarus_and_marked_approximate() -> None:
    for place in IN_BELARUS:
        lat, lon = place["latitude"], place["longitude"]
        assert 51.2 <= lat <= 56.2 and 23.1 <= lon <= 32.8, place["code"]
    for place in PLACES:
        assert "approximate" in place["notes"].lower(), place["code"]


def test_every_place_names_its_country_as_its_parent_does() -> None:
    for place in PLACES:
        assert re.fullmatch(r"[A-Z]{2}", place["country"]), place["code"]
        if place["parent"]:
            assert BY_CODE[place["parent"]]["country"] == place["country"], place["code"]
    assert BY_CODE["belarus"]["country"] == "BY"


def test_the_neighbours_with_capitals_and_border_crossings() -> None:
    countries = {p["country"]: p for p in ABROAD if p["kind"] == "country"}
    assert set(countries) == NEIGHBOURS
    assert all(not p["parent"] for p in countries.values())
    capitals = {p["code"]: p["country"] for p in ABROAD if p["kind"] == "city"}
    assert capitals == {"vilnius": "LT", "riga": "LV", "warsaw": "PL", "kyiv": "UA",
                        "moscow": "RU", "berlin": "DE", "tbilisi": "GE", "chisinau": "MD"}
    for code, country in (("medininkai", "LT"), ("terespol", "PL"), ("kuznica", "PL"),
                          ("paternieki", "LV")):
        assert BY_CODE[code]["country"] == country
        assert "border crossing" in BY_CODE[code]["notes"].lower()


def test_labels_in_three_scripts() -> None:
    for entry in PLACES + ACT_TYPES + ORGANISATIONS:
        assert entry["label_en"] and not CYRILLIC.search(entry["label_en"]), entry["code"]
        assert CYRILLIC.search(entry["label_be"]), entry["code"]
        assert CYRILLIC.search(entry["label_ru"]), entry["code"]
    for entry in PLACES + ACT_TYPES:
        # Belarusian has і and ў where Russian has и and в: a cheap check that none is swapped
        assert not re.search("[иъщ]", entry["label_be"]), entry["code"]
        assert not re.search("[іў]", entry["label_ru"]), entry["code"]


def test_every_act_type_has_labels_description_and_legal_refs() -> None:
    for act_type in ACT_TYPES:
        assert act_type["description"]
        assert act_type["legal_refs"]
        assert set(act_type["legal_refs"]) <= CRIMES, act_type["code"]
    orders = [a["order"] for a in ACT_TYPES]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_act_types_cover_the_issue_vocabulary() -> None:
    codes = {a["code"] for a in ACT_TYPES}
    assert {
        "arbitrary-arrest", "detention", "beating", "torture", "sexual-violence", "threats",
        "forced-confession", "denial-of-medical-care", "incommunicado-detention",
        "refusal-to-disclose-whereabouts", "killing", "forced-exile",
        "liquidation-of-organisation", "dismissal", "confiscation", "enforced-disappearance",
        "deportation", "administrative-arrest", "political-conviction", "search",
        "inhumane-conditions", "travel-ban", "extremist-designation",
    } <= codes  # fmt: skip
    refs = {a["code"]: set(a["legal_refs"]) for a in ACT_TYPES}
    assert refs["torture"] == {"7(1)(f)"}
    assert "7(1)(i)" in refs["enforced-disappearance"]
    assert "7(1)(d)" in refs["deportation"]
    assert "7(1)(e)" in refs["arbitrary-arrest"]


def test_organisations_form_a_tree_with_known_places() -> None:
    by_code = {o["code"]: o for o in ORGANISATIONS}
    for org in ORGANISATIONS:
        assert not org["parent"] or org["parent"] in by_code
        assert not org["place"] or org["place"] in BY_CODE
    chain, code = [], "omon-minsk"
    while code:
        chain.append(code)
        code = by_code[code]["parent"]
    assert chain == ["omon-minsk", "guvd-minsk", "mvd"]
    assert by_code["gubopik"]["parent"] == "mvd"
    assert by_code["kgb-alpha"]["parent"] == "kgb"
    assert by_code["din-ik-3-vitba"]["parent"] == "din"


def test_every_named_place_of_detention_is_there() -> None:
    for code in (
        "akrestsina", "prison-8-zhodzina", "sizo-1-minsk", "kgb-sizo-minsk", "ik-3-vitba",
        "ik-1-navapolatsk", "ik-4-homiel", "ik-2-babruisk", "ik-13-hlybokaye",
        "prison-4-mahiliou", "ik-17-shklou", "ik-11-vawkavysk",
    ):  # fmt: skip
        assert BY_CODE[code]["kind"] == "detention"


# Validation


def _broken(entries: list[dict[str, Any]], index: int, **changes: Any) -> list[dict[str, Any]]:
    broken = copy.deepcopy(entries)
    broken[index].update(changes)
    return broken


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "province"},
        {"code": "belarus"},
        {"parent": "nowhere"},
        {"latitude": 50.0},
        {"longitude": None},
        {"label_be": " "},
        {"country": "by"},
        {"country": "LT"},  # not the country of its parent
    ],
)
def test_malformed_places_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ReferenceDataError):
        validate_places(_broken(PLACES, 5, **changes))


def test_a_child_before_its_parent_is_refused() -> None:
    with pytest.raises(ReferenceDataError, match="must come first"):
        validate_places(list(reversed(PLACES)))


@pytest.mark.parametrize("changes", [{"legal_refs": []}, {"legal_refs": ["art. 7"]}, {"code": ""}])
def test_malformed_act_types_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ReferenceDataError):
        validate_act_types(_broken(ACT_TYPES, 3, **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "agency"},
        {"place": "atlantis"},
        {"parent": "court-zavodski-minsk"},  # comes later in the file
        {"label_en": "Court of the Maskouski District of Minsk"},  # the seed matches on label
    ],
)
def test_malformed_organisations_are_refused(changes: dict[str, Any]) -> None:
    index = next(i for i, o in enumerate(ORGANISATIONS) if o["code"] == "court-frunzenski-minsk")
    with pytest.raises(ReferenceDataError):
        validate_organisations(_broken(ORGANISATIONS, index, **changes), set(BY_CODE))


def test_bounds() -> None:
    assert BOUNDS == (51.2, 23.1, 56.2, 32.8)
    assert inside_bounds(53.9, 27.56)
    assert not inside_bounds(50.45, 30.52)  # Kyiv
    assert not inside_bounds(54.69, 33.0)


# Loading


def _counts() -> tuple[int, int, int]:
    return Place.objects.count(), ActType.objects.count(), Organisation.objects.count()


@pytest.mark.django_db
def test_the_migration_loaded_everything() -> None:
    assert _counts() == (len(PLACES), len(ACT_TYPES), len(ORGANISATIONS))
    kobryn = Place.objects.get(code="kobryn")
    assert kobryn.parent is not None and kobryn.parent.code == "brest-region"
    assert str(kobryn.latitude) == "52.21400"
    omon = Organisation.objects.get(label_en="Special Purpose Police Unit (OMON), Minsk")
    assert [o.abbreviation for o in omon.chain()] == ["OMON", "GUVD Minsk", "MVD"]
    assert Organisation.objects.get(abbreviation="TsIP").place == Place.objects.get(
        code="akrestsina"
    )


@pytest.mark.django_db
def test_loading_again_changes_nothing() -> None:
    before = _counts()
    for _ in range(2):
        report = load_reference_data()
        assert not report.changed, report.summary()
        assert sum(report.unchanged.values()) == len(PLACES) + len(ACT_TYPES) + len(ORGANISATIONS)
    assert _counts() == before


@pytest.mark.django_db
def test_loading_into_empty_tables_then_again() -> None:
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()
    Place.objects.update(parent=None)
    Place.objects.all().delete()
    ActType.objects.all().delete()
    first = load_reference_data()
    assert sum(first.created.values()) == len(PLACES) + len(ACT_TYPES) + len(ORGANISATIONS)
    second = load_reference_data()
    assert not second.changed
    assert _counts() == (len(PLACES), len(ACT_TYPES), len(ORGANISATIONS))


@pytest.mark.django_db
def test_edits_are_restored_unless_update_is_off() -> None:
    ActType.objects.filter(code="torture").update(label_en="Torment", legal_refs=[])
    Place.objects.filter(code="pinsk").update(latitude="50.00000", parent=None)

    kept = load_reference_data(update=False)
    assert not kept.changed
    assert ActType.objects.get(code="torture").label_en == "Torment"

    restored = load_reference_data()
    assert restored.updated == Counter({"ActType": 1, "Place": 1})
    torture = ActType.objects.get(code="torture")
    assert (torture.label_en, torture.legal_refs) == ("Torture", ["7(1)(f)"])
    pinsk = Place.objects.get(code="pinsk")
    assert pinsk.parent is not None and pinsk.parent.code == "brest-region"
    assert str(pinsk.latitude) == "52.11200"


@pytest.mark.django_db
def test_rows_added_by_administrators_are_left_alone() -> None:
    ActType.objects.create(code="kettling", label_en="Kettling", order=999)
    load_reference_data()
    assert ActType.objects.filter(code="kettling").exists()


@pytest.mark.django_db
def test_loads_with_the_historical_models_of_the_migration() -> None:
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("records", "0002_seed_reference_data"))
    report = load_reference_data(state.apps)
    assert not report.changed, report.summary()


# The map


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    crossings = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            crossings = not crossings
    return crossings


def _in_shape(code: str, lat: float, lon: float) -> bool:
    rings = next(s["rings"] for s in map_shapes() if s["code"] == code)
    return _inside(lon, lat, rings[0]) and not any(_inside(lon, lat, r) for r in rings[1:])


def _region(code: str) -> str:
    place = BY_CODE[code]
    while place["kind"] != "region" and place["code"] != "minsk":
        place = BY_CODE[place["parent"]]
    return str(place["code"])


def test_map_has_the_country_the_regions_and_minsk() -> None:
    shapes = {s["code"]: s for s in map_shapes()}
    assert set(shapes) == {"belarus", "minsk", *REGION_DISTRICTS}
    for code, shape in shapes.items():
        assert shape["code"] in BY_CODE
        for ring in shape["rings"]:
            assert len(ring) >= 10
            assert all(inside_bounds(lat, lon) for lon, lat in ring), code
    assert all(shapes[r]["capital"] in BY_CODE for r in REGION_DISTRICTS)


def test_a_place_abroad_may_lie_outside_the_bounds_of_belarus() -> None:
    validate_places(PLACES)
    index = next(i for i, p in enumerate(PLACES) if p["code"] == "kyiv")
    with pytest.raises(ReferenceDataError, match="outside Belarus"):
        validate_places(_broken(PLACES, index, country="BY", parent=""))


def test_every_place_lies_in_its_region_on_the_map() -> None:
    for place in IN_BELARUS:
        if place["kind"] in ("country", "region"):
            continue
        lat, lon = place["latitude"], place["longitude"]
        assert _in_shape("belarus", lat, lon), place["code"]
        region = "minsk" if place["code"] == "minsk-district" else _region(place["code"])
        assert _in_shape(region, lat, lon), place["code"]


def test_regions_share_their_borders() -> None:
    # Every point of the outline belongs to some region, and every region point not on the
    # outline is shared with a neighbour: the regions tile the country without gaps.
    shapes = {s["code"]: s for s in map_shapes()}
    outline = {tuple(p) for p in shapes["belarus"]["rings"][0]}
    region_points = [{tuple(p) for p in shapes[r]["rings"][0]} for r in REGION_DISTRICTS]
    assert outline <= set().union(*region_points)
    for points in region_points:
        for point in points - outline:
            assert sum(point in other for other in region_points) >= 2


def test_svg_paths_fit_the_canvas() -> None:
    paths = map_svg_paths(800, 600, margin=10)
    assert next(iter(paths)) == "belarus"
    assert paths["minsk-region"].count("M") == 2  # outline and the hole of Minsk city
    for d in paths.values():
        assert d.startswith("M") and d.endswith("Z")
        for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d):
            assert 10 - 0.01 <= float(x) <= 790.01 and 10 - 0.01 <= float(y) <= 590.01


def test_projection_keeps_north_up_east_right_and_the_shape() -> None:
    brest = project(52.097, 23.734, 1000, 1000)
    viciebsk = project(55.190, 30.205, 1000, 1000)
    assert brest[0] < viciebsk[0] and brest[1] > viciebsk[1]
    # One degree of latitude ~111 km; one of longitude at 53.7° N ~66 km.
    x0, y0 = project(53.0, 27.0, 1000, 1000)
    x1, _ = project(53.0, 28.0, 1000, 1000)
    _, y1 = project(54.0, 27.0, 1000, 1000)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(0.59, abs=0.01)


def test_markers_line_up_with_paths() -> None:
    lon, lat = map_shapes()[0]["rings"][0][0]
    x, y = project(lat, lon, 640, 480, margin=5)
    assert map_svg_paths(640, 480, margin=5)["belarus"].startswith(f"M{x:g},{y:g} ")


@pytest.mark.parametrize(("width", "height", "margin"), [(0, 100, 0), (100, -1, 0), (20, 20, 10)])
def test_projection_refuses_an_empty_canvas(width: float, height: float, margin: float) -> None:
    with pytest.raises(ValueError):
        project(53.9, 27.5, width, height, margin=margin)
