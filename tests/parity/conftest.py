"""One change made through the page and through the API: the same rows, the same ledger.

The world is the records pages' (`tests/web_records/conftest.py`): the personas' case with an
incident, a victim, a protected witness and a custody period, and another team's case. Each
front end gets a persona's own door: `client_of("investigator")` signs in to the pages,
`api_of("investigator")` sends that persona's API token.

Two runs of one change cannot give identical ledger entries: the records are new rows with ids
of their own, the pseudonym is the next free one, the actor names the channel ("user:…",
"api:…") and the time moves on. `record_events` keeps what must agree (each event's action, the
kind of record it names, its case, its reason and the values it writes) and numbers the rows
created in the change in the order they appear, so that two runs compare equal exactly when
they made the same change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from sprava.accounts.tokens import create_token
from sprava.ledger import tags
from sprava.ledger.models import Entry
from tests.accounts.conftest import Personas
from tests.api.conftest import ApiClient
from tests.web_records.conftest import (  # noqa: F401 - fixtures of the pages' world
    _instance,
    client_of,
    personas,
    world,
)

PSEUDONYM = re.compile(r"^W-\d{4}$")


@pytest.fixture
def api_of(personas: Personas) -> Callable[[str], ApiClient]:  # noqa: F811
    """`api_of("investigator")`: an API client with that persona's token."""
    clients: dict[str, ApiClient] = {}

    def get(name: str) -> ApiClient:
        if name not in clients:
            clients[name] = ApiClient(create_token(personas[name], "parity", actor="test"))
        return clients[name]

    return get


def mark() -> int:
    """Where the ledger ends now: `record_events(mark())` is what comes after."""
    last = Entry.objects.order_by("-seq").values_list("seq", flat=True).first()
    return int(last or 0)


def record_events(since: int) -> list[dict[str, Any]]:
    """The records events after `since`, without what two runs of one change cannot share.

    Reading the answer back (an identity reveal the API writes when it shows a protected
    person to their team) is a read, not the change, and is left out.
    """
    bodies = [json.loads(bytes(body)) for action, body in
              Entry.objects.filter(seq__gt=since).order_by("seq").values_list("action", "body")
              if action.startswith(f"{tags.RECORDS}:") and action != tags.IDENTITY_REVEALED]
    new: dict[tuple[str, int], str] = {}
    for body in bodies:
        label, pk = body["subject"].rsplit(":", 1)
        if body["action"].endswith(f":{tags.CREATED}"):
            new.setdefault((label, int(pk)), f"{label}:new#{sum(k[0] == label for k in new) + 1}")
    return [_event(body, new) for body in bodies]


def _event(body: dict[str, Any], new: dict[tuple[str, int], str]) -> dict[str, Any]:
    label, pk = body["subject"].rsplit(":", 1)
    model = _model(label)
    details = dict(body.get("details") or {})
    details["record"] = new.get((label, int(pk)), body["subject"])
    for key in ("after", "before"):
        if isinstance(details.get(key), dict):
            details[key] = _state(model, details[key], new)
    if isinstance(details.get("changes"), dict):
        details["changes"] = {
            name: {side: _value(model, name, value, new) for side, value in change.items()}
            for name, change in _kept(model, details["changes"]).items()}
    return {"action": body["action"], "subject": details["record"], "case": body.get("case"),
            "reason": body.get("reason", ""), "details": details}


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _kept(model: type[models.Model] | None, state: dict[str, Any]) -> dict[str, Any]:
    """A state without the timestamps the system sets (they differ between runs)."""
    if model is None:
        return state
    stamps = {f.attname for f in model._meta.concrete_fields
              if isinstance(f, models.DateTimeField)}
    return {name: value for name, value in state.items() if name not in stamps}


def _state(model: type[models.Model] | None, state: dict[str, Any],
           new: dict[tuple[str, int], str]) -> dict[str, Any]:
    return {name: _value(model, name, value, new) for name, value in _kept(model, state).items()}


def _value(model: type[models.Model] | None, name: str, value: Any,
           new: dict[tuple[str, int], str]) -> Any:
    if isinstance(value, str) and PSEUDONYM.match(value):
        return "W-…"
    if model is None or not isinstance(value, int) or isinstance(value, bool):
        return value
    if name == "id":
        return new.get((model._meta.label_lower, value), value)
    field = next((f for f in model._meta.concrete_fields if f.attname in (name, f"{name}_id")),
                 None)
    if field is not None and field.related_model is not None:
        related = field.related_model
        assert not isinstance(related, str)
        return new.get((related._meta.label_lower, value), value)
    return value


def actions(events: Iterable[dict[str, Any]]) -> list[str]:
    return [event["action"] for event in events]
