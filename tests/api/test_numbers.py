"""Every numeric query parameter and path id of the API, read from its OpenAPI document, answers
each hostile value of tests/assets/numbers.py with a JSON 400 or 404, never a 500 and never as if
it were another number."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from sprava.api.v1 import api
from tests.api.conftest import World
from tests.assets.numbers import HOSTILE_NUMBERS

pytestmark = pytest.mark.django_db

HOSTILE = [n for n in HOSTILE_NUMBERS if n.text]


def _integer(parameter: dict[str, Any]) -> bool:
    schema = parameter.get("schema", {})
    kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
    return "integer" in kinds


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths = api.get_openapi_schema()["paths"]
    return [(path, method, operation) for path, methods in paths.items()
            for method, operation in methods.items()]


GETS = [(path, op) for path, method, op in _operations() if method == "get"]
NUMERIC_QUERIES = [(path, p["name"]) for path, op in GETS for p in op.get("parameters", [])
                   if p["in"] == "query" and _integer(p)]
ID_PATHS = sorted({path for path, op in GETS for p in op.get("parameters", [])
                   if p["in"] == "path" and _integer(p)})


def _fill(path: str, value: str) -> str:
    return "/api/v1" + re.sub(r"\{[^}]+\}", value, path.removeprefix("/api/v1"))


def test_the_queries_under_test_include_ids_pages_and_limits() -> None:
    names = {name for _, name in NUMERIC_QUERIES}
    assert {"victim", "incident", "given_by", "limit", "offset", "person"} <= names


@pytest.mark.parametrize(("path", "name"), NUMERIC_QUERIES,
                         ids=[f"{p}?{n}" for p, n in NUMERIC_QUERIES])
def test_a_hostile_number_in_a_query_is_a_json_400(world: World, path: str, name: str) -> None:
    client = Client(headers={"authorization": f"Bearer {world.tokens['lead']}"},
                    raise_request_exception=False)
    target = _fill(path, str(world.incident.pk))
    for number in HOSTILE:
        if name == "offset" and number.text in ("0",):
            continue  # offset 0 is the first row, not a hostile value
        response = client.get(target, {name: number.text})
        assert response.status_code in (400, 404), (number.id, response.status_code)
        assert "detail" in response.json(), number.id


@pytest.mark.parametrize("path", ID_PATHS)
def test_a_hostile_id_in_a_path_is_a_json_400_or_404(world: World, path: str) -> None:
    client = Client(headers={"authorization": f"Bearer {world.tokens['lead']}"},
                    raise_request_exception=False)
    for number in HOSTILE:
        response = client.get(_fill(path, quote(number.text, safe="")))
        assert response.status_code in (400, 404), (number.id, response.status_code)
        assert "detail" in response.json(), number.id
