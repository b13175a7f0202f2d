"""Every refusal of the API is JSON `{"detail": ...}`: a method a path does not take (405), a
body that is not JSON (400) or not sent as JSON (415), one too large (413), one that does not
validate (400, the API's answer to invalid input). Tried with every method on every path of
the OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sprava.api.v1 import api
from tests.api.conftest import World

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete", "options", "trace")
DOCUMENT = api.get_openapi_schema()["paths"]
PATHS: dict[str, set[str]] = {path: set(methods) for path, methods in DOCUMENT.items()}
PATHS["/api/v1/openapi.json"] = {"get"}
PATHS["/api/v1/docs"] = {"get"}


def _takes_json(path: str, method: str) -> bool:
    """A JSON body, not a multipart one (a CSV to import, an evidence file: their own tests)."""
    body = DOCUMENT.get(path, {}).get(method, {}).get("requestBody")
    return body is None or "application/json" in body["content"]


WITH_BODY = sorted((path, method) for path, methods in PATHS.items() for method in methods
                   if method in ("post", "patch") and _takes_json(path, method))


def _filled(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _client(world: World) -> Client:
    return Client(headers={"authorization": f"Bearer {world.tokens['lead']}"},
                  raise_request_exception=False)


def _is_detail(response: Any) -> bool:
    return response["Content-Type"].startswith("application/json") and "detail" in response.json()


def test_put_on_a_record_answers_json_405_with_the_methods_it_takes(world: World) -> None:
    response = _client(world).put(f"/api/v1/incidents/{world.incident.pk}", {"title": "x"},
                                  content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {
        "detail": "PUT is not allowed here; allowed: DELETE, GET, PATCH"}
    assert response["Allow"] == "DELETE, GET, PATCH"


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_method_a_path_does_not_take_is_a_json_405(world: World, path: str) -> None:
    client = _client(world)
    for method in METHODS:
        if method in PATHS[path]:
            continue
        response = client.generic(method.upper(), _filled(path), "{}",
                                  content_type="application/json")
        assert response.status_code == 405, (method, response.status_code)
        assert _is_detail(response), (method, response.content[:80])
        assert {m.lower() for m in response["Allow"].split(", ")} >= PATHS[path] - {"head"}


@pytest.mark.parametrize(("path", "method"), WITH_BODY, ids=[f"{m} {p}" for p, m in WITH_BODY])
def test_a_body_that_cannot_be_read_is_a_json_refusal(
    world: World, settings: Any, path: str, method: str
) -> None:
    client, url = _client(world), _filled(path)
    send = getattr(client, method)
    malformed = send(url, '{"title": ', content_type="application/json")
    assert malformed.status_code == 400 and _is_detail(malformed)
    not_json = send(url, "title=x", content_type="text/plain")
    assert not_json.status_code == 415 and _is_detail(not_json)
    invalid = send(url, '["not", "an", "object"]', content_type="application/json")
    assert invalid.status_code == 400 and _is_detail(invalid)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    too_large = send(url, '{"title": "' + "x" * 2000 + '"}', content_type="application/json")
    assert too_large.status_code == 413 and _is_detail(too_large)
