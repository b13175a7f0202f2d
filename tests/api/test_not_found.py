"""A wrong path under /api/ is answered like the rest of the API: JSON, never the HTML 404 page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import World

pytestmark = pytest.mark.django_db

UNKNOWN = ["/api/", "/api/v1/", "/api/v1/nope", "/api/v2/cases", "/api/v1/cases/",
           "/api/v1/cases/1/nope", "/api/v1/incidents/1/evidence/1/more"]


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_an_unknown_api_path_answers_json_404(world: World, path: str, method: str) -> None:
    for headers in ({}, {"authorization": f"Bearer {world.tokens['lead']}"}):
        response = getattr(Client(headers=headers), method)(path)
        assert response.status_code == 404, (path, headers)
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not Found"}
        assert "no-store" in response["Cache-Control"]


def test_known_paths_are_not_caught_by_it(world: World) -> None:
    client = Client(headers={"authorization": f"Bearer {world.tokens['lead']}"})
    assert client.get("/api/v1/cases").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/persons/abc").status_code == 400  # a known path, a bad id


def test_pages_outside_the_api_are_left_alone(world: World) -> None:
    response = Client().get("/apis/")  # not under /api/: the pages' own rules (sign in first)
    assert response.status_code == 302
