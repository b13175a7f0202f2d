"""The search and dashboard pages, over the world of tests/search (see its conftest)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sprava.ledger.models import Entry
from tests.search.conftest import (  # noqa: F401  (fixtures)
    Personas,
    World,
    _instance,
    fast_passwords,
    personas,
    signed_in,
    world,
)


@pytest.fixture
def client_of(personas: Personas) -> Any:  # noqa: F811  (the fixture imported above)
    """`client_of("viewer")`: a signed-in client of that persona, its session settled."""
    clients: dict[str, Client] = {}

    def get(name: str) -> Client:
        if name not in clients:
            client = signed_in(personas[name])
            client.get("/search/")  # the first request of a session writes the session
            clients[name] = client
        return clients[name]

    return get


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action)
            .order_by("seq")]


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))
