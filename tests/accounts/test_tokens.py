"""API tokens: shown once, kept hashed, refused once revoked; each change a custody event."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client, RequestFactory

from sprava.accounts.errors import PermissionDenied, TokenError
from sprava.accounts.models import ApiToken
from sprava.accounts.tokens import authenticate_token, create_token, list_tokens, revoke_token
from sprava.api.auth import TokenAuth
from sprava.ledger.models import Entry
from tests.accounts.conftest import Personas, signed_in

pytestmark = pytest.mark.django_db


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


def test_a_token_is_returned_once_and_stored_only_as_a_hash(personas: Personas) -> None:
    raw = create_token(personas.lawyer, "import script", actor="cli")
    assert re.fullmatch(r"sprava_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", raw)
    row = ApiToken.objects.get()
    secret = raw.split("_", 2)[2]
    assert row.prefix == raw.split("_")[1]
    assert secret not in row.secret_hash and row.secret_hash != secret
    assert all(secret not in str(value) for value in ApiToken.objects.values().get().values())
    event = entries("accounts:token:created")[-1]
    assert event["actor"] == "cli"
    assert event["details"].items() >= {
        "user": "lawyer", "name": "import script", "prefix": row.prefix,
        "active": True, "second_factor": False}.items()
    # the row's state for `sprava verify`, the secret's hash keyed again
    assert event["details"]["after"]["secret_hash"].startswith("hmac-sha256:")
    assert row.secret_hash not in json.dumps(event)
    assert secret not in json.dumps(event)


def test_the_token_authenticates_its_user_and_notes_the_use(personas: Personas) -> None:
    raw = create_token(personas.lawyer, "laptop", actor=personas.lawyer)
    assert authenticate_token(raw) == personas.lawyer
    assert ApiToken.objects.get().last_used is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),
        lambda raw: raw.replace("sprava_", "other_"),
        lambda raw: raw.split("_", 2)[0] + "_00000000_" + raw.split("_", 2)[2],
        lambda raw: "",
        lambda raw: "sprava__",
        lambda raw: raw.split("_", 2)[2],
    ],
)
def test_anything_but_the_exact_token_is_refused(personas: Personas, mangle: Any) -> None:
    raw = create_token(personas.lawyer, "laptop", actor="cli")
    assert authenticate_token(mangle(raw)) is None


def test_a_revoked_token_is_refused(personas: Personas) -> None:
    raw = create_token(personas.lawyer, "laptop", actor="cli")
    token = list_tokens(personas.lawyer).get()
    revoke_token(token.id, actor=personas.lawyer)
    assert authenticate_token(raw) is None
    assert entries("accounts:token:revoked")[-1]["details"]["prefix"] == token.prefix
    revoke_token(token.id, actor=personas.lawyer)  # twice: no second event
    assert len(entries("accounts:token:revoked")) == 1
    assert list(list_tokens(personas.lawyer, include_revoked=False)) == []


def test_a_deactivated_users_tokens_stop_working(personas: Personas) -> None:
    raw = create_token(personas.lawyer, "laptop", actor="cli")
    personas.lawyer.is_active = False
    personas.lawyer.save()
    assert authenticate_token(raw) is None


def test_users_manage_their_own_tokens_administrators_any(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        create_token(personas.lawyer, "sneaky", actor=personas.lead)
    create_token(personas.lawyer, "for the lawyer", actor=personas.administrator)
    token = list_tokens(personas.lawyer).get()
    with pytest.raises(PermissionDenied):
        revoke_token(token.id, actor=personas.viewer)
    revoke_token(token.id, actor=personas.administrator)
    with pytest.raises(TokenError, match="no token"):
        revoke_token(999999, actor="cli")
    with pytest.raises(TokenError, match="name"):
        create_token(personas.lawyer, "  ", actor="cli")


def test_ninja_bearer_auth_sets_the_request_user(personas: Personas) -> None:
    raw = create_token(personas.lawyer, "api", actor="cli")
    auth = TokenAuth()
    request = RequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert auth(request) == personas.lawyer
    assert request.user == personas.lawyer
    assert auth(RequestFactory().get("/", HTTP_AUTHORIZATION="Bearer sprava_x_y")) is None
    assert auth(RequestFactory().get("/")) is None


def test_the_tokens_page_shows_a_new_token_once_and_revokes(personas: Personas) -> None:
    client: Client = signed_in(personas.investigator)
    page = client.post("/account/tokens/", {"action": "create", "name": "field laptop"})
    raw = re.search(r"sprava_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", page.content.decode())
    assert raw is not None
    assert authenticate_token(raw.group(0)) == personas.investigator
    listing = client.get("/account/tokens/").content.decode()
    assert "field laptop" in listing and raw.group(0) not in listing
    token = ApiToken.objects.get()
    response = client.post("/account/tokens/", {"action": "revoke", "token": str(token.id)})
    assert response.status_code == 302
    assert authenticate_token(raw.group(0)) is None
    # Another user's token cannot be revoked from this page.
    other = create_token(personas.viewer, "viewer's", actor="cli")
    theirs = list_tokens(personas.viewer).get()
    client.post("/account/tokens/", {"action": "revoke", "token": str(theirs.id)})
    assert authenticate_token(other) == personas.viewer
