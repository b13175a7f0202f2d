"""Personas for the pages: an anonymous visitor, a documenter and an administrator."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.vault import open_vault
from sprava.ledger.models import Entry

PASSWORD = "a long and private password"

Put = Callable[..., Item]


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None, settings: Any) -> Path:
    """Every page test runs against an initialised instance with its own database."""
    # Real password hashing is slow on purpose; these tests are about pages, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return home


@pytest.fixture
def documenter(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user("dana", password=PASSWORD)


@pytest.fixture
def administrator(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_superuser("ales", password=PASSWORD)


def signed_in(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    # The first request of a session reads the security policy and saves the session once;
    # make it here, so that query counts measure the page alone.
    client.get("/evidence/")
    return client


@pytest.fixture
def documenter_client(documenter: User) -> Client:
    return signed_in(documenter)


@pytest.fixture
def administrator_client(administrator: User) -> Client:
    return signed_in(administrator)


@pytest.fixture(params=["documenter", "administrator"])
def member_client(request: pytest.FixtureRequest) -> Client:
    """Each signed-in persona in turn: what both may do is tested once for each."""
    client: Client = request.getfixturevalue(f"{request.param}_client")
    return client


@pytest.fixture
def put(documenter: User) -> Put:
    """Put bytes into the locker through the same intake function the upload page calls."""

    def put(
        content: bytes, name: str = "file.bin", *, user: User | None = None, **collection: str
    ) -> Item:
        who = user or documenter
        outcome = ingest_stream(
            io.BytesIO(content),
            vault=open_vault(),
            filename=name,
            actor=f"user:{who.username}",
            user=who,
            collection=Collection(**collection),
            source_path="test",
        )
        return outcome.item

    return put


def entries(action: str | None = None) -> list[dict[str, Any]]:
    """Ledger entries as the JSON documents that were hashed, oldest first."""
    rows = Entry.objects.order_by("seq")
    if action:
        rows = rows.filter(action=action)
    return [json.loads(bytes(e.body)) for e in rows]


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))
