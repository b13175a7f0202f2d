"""Sign-in pauses after repeated failures (passwords and codes), tells why, and ends."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from sprava.accounts import lockout, totp
from sprava.accounts.errors import LockedOut, PermissionDenied
from sprava.accounts.models import LoginLock
from sprava.ledger.models import Entry
from tests.accounts.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

Travel = Callable[[float], None]


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))


def locks() -> list[dict[str, Any]]:
    rows = Entry.objects.filter(action="accounts:login:locked").order_by("seq")
    return [json.loads(bytes(e.body)) for e in rows]


def attempt(client: Client, username: str, password: str = "wrong password") -> Any:
    return client.post("/login/", {"username": username, "password": password})


def signed_in_user(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Travel:
    """Move the clock of Django (and so of the lockout) forward by some seconds."""
    offset = timedelta()
    real_now = timezone.now

    def now() -> datetime:
        return real_now() + offset

    def forward(seconds: float) -> None:
        nonlocal offset
        offset += timedelta(seconds=seconds)

    monkeypatch.setattr(timezone, "now", now)
    return forward


def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(
    client: Client, personas: Personas
) -> None:
    for _ in range(4):
        assert attempt(client, "viewer").status_code == 200
    assert locks() == []
    response = attempt(client, "viewer")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in text(response)
    response = attempt(client, "viewer", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in is paused until" in text(response)
    assert signed_in_user(client) is None
    [event] = locks()
    assert event["actor"] == "system"
    assert event["details"]["scope"] == "username"
    assert event["details"]["key"] == "viewer"
    assert event["details"]["stage"] == "password"


def test_the_lock_ends_and_counting_starts_afresh(
    client: Client, personas: Personas, travel: Travel
) -> None:
    for _ in range(5):
        attempt(client, "viewer")
    travel(14 * 60)
    assert attempt(client, "viewer", PASSWORD).status_code == 429
    travel(61)
    attempt(client, "viewer")  # one failure after the lock does not lock again
    response = attempt(client, "viewer", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user(client) == personas.viewer.pk
    assert len(locks()) == 1


def test_attempts_during_a_lock_do_not_prolong_it(
    client: Client, personas: Personas, travel: Travel
) -> None:
    for _ in range(5):
        attempt(client, "viewer")
    for _ in range(10):
        travel(60)
        attempt(client, "viewer")
    travel(6 * 60)
    assert attempt(client, "viewer", PASSWORD).status_code == 302


def test_failures_spread_beyond_the_window_do_not_add_up(
    client: Client, personas: Personas, travel: Travel
) -> None:
    for _ in range(4):
        attempt(client, "viewer")
    travel(16 * 60)
    for _ in range(4):
        attempt(client, "viewer")
    assert locks() == []
    assert attempt(client, "viewer", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client: Client, personas: Personas) -> None:
    for _ in range(4):
        attempt(client, "viewer")
    attempt(client, "viewer", PASSWORD)
    other = Client()
    for _ in range(4):
        attempt(other, "viewer")
    assert locks() == []


def test_unknown_names_lock_like_real_ones_and_case_does_not_matter(
    client: Client, personas: Personas
) -> None:
    for name in ("Ghost", "ghost", "GHOST", "ghost", "gHost"):
        attempt(client, name)
    assert attempt(client, "ghost").status_code == 429
    assert locks()[0]["details"]["key"] == "ghost"


def test_wrong_codes_count_too(client: Client, personas: Personas) -> None:
    device = totp.begin(personas.lawyer)
    totp.confirm(personas.lawyer, pyotp.TOTP(device.secret).now())
    attempt(client, "lawyer", PASSWORD)
    for _ in range(4):
        assert client.post("/login/two-factor/", {"code": "000000"}).status_code == 200
    response = client.post("/login/two-factor/", {"code": "000000"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in text(response)
    assert locks()[0]["details"]["stage"] == "code"
    # The half sign-in is gone, and a new one is refused even with the right code.
    assert client.get("/login/two-factor/")["Location"] == "/login/"
    assert attempt(client, "lawyer", PASSWORD).status_code == 429
    code = pyotp.TOTP(device.secret).at(time.time() + 30)
    client.post("/login/two-factor/", {"code": code})
    assert signed_in_user(client) is None


def test_one_address_trying_many_names_is_paused(personas: Personas, settings: Any) -> None:
    settings.SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS = 6
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("a", "b", "c", "d", "e", "f"):
        attempt(client, name)
    assert attempt(client, "viewer", PASSWORD).status_code == 429
    [event] = locks()
    assert event["details"] == {
        "scope": "address",
        "key": "203.0.113.7",
        "stage": "password",
        "attempts": 6,
        "until": event["details"]["until"],
    }
    # The same user from another address is not paused: the lock is on the address.
    assert attempt(Client(REMOTE_ADDR="198.51.100.2"), "viewer", PASSWORD).status_code == 302


def test_behind_a_proxy_the_configured_header_names_the_client(
    personas: Personas, settings: Any
) -> None:
    settings.SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS = 2
    settings.SPRAVA_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    attacker = Client(HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7")
    attempt(attacker, "a")
    attempt(attacker, "b")
    assert locks()[0]["details"]["key"] == "203.0.113.7"
    assert (
        attempt(Client(HTTP_X_FORWARDED_FOR="198.51.100.2"), "viewer", PASSWORD).status_code == 302
    )


def test_an_administrator_may_lift_a_lock(personas: Personas) -> None:
    for _ in range(5):
        lockout.record_failure("viewer", "192.0.2.1")
    with pytest.raises(LockedOut):
        lockout.check("viewer", "192.0.2.9")
    with pytest.raises(PermissionDenied):
        lockout.unlock("viewer", actor=personas.lead)
    assert lockout.unlock("viewer", actor=personas.administrator) == 1
    lockout.check("viewer", "192.0.2.9")
    assert Entry.objects.filter(action="accounts:login:unlocked").count() == 1
    assert not LoginLock.objects.filter(until__gt=timezone.now()).exists()


def test_limits_are_settings(personas: Personas, settings: Any) -> None:
    settings.SPRAVA_LOCKOUT_ATTEMPTS = 2
    settings.SPRAVA_LOCKOUT_SECONDS = 60
    assert lockout.record_failure("viewer", "192.0.2.1") is None
    until = lockout.record_failure("viewer", "192.0.2.1")
    assert until is not None
    assert timedelta(seconds=59) < until - timezone.now() <= timedelta(seconds=60)
