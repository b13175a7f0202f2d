"""The login and logout pages, and sessions that end after idle time."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.web.accounts import middleware
from tests.accounts.conftest import PASSWORD, Personas, signed_in

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))


class Clock:
    """Stands in for the `time` module of the middleware, so only its clock moves."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(middleware, "time", fake)
    return fake


class TestLoginPage:
    def test_it_is_public_labelled_and_keeps_next(self, client: Client, db: None) -> None:
        response = client.get("/login/?next=/ledger/")
        assert response.status_code == 200
        page = text(response)
        assert 'for="id_username"' in page and 'for="id_password"' in page
        assert 'name="next" value="/ledger/"' in page
        assert 'autocomplete="current-password"' in page

    @pytest.mark.parametrize(
        ("username", "password"),
        [
            ("viewer", "wrong password"),
            ("viewer", PASSWORD.upper()),
            ("nobody", PASSWORD),
            ("", ""),
        ],
    )
    def test_wrong_credentials_fail_with_a_clear_message(
        self, client: Client, personas: Personas, username: str, password: str
    ) -> None:
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 200
        assert "do not match" in text(response)
        assert "_auth_user_id" not in client.session

    def test_a_deactivated_account_cannot_log_in(self, client: Client, personas: Personas) -> None:
        personas.viewer.is_active = False
        personas.viewer.save()
        response = client.post("/login/", {"username": "viewer", "password": PASSWORD})
        assert "do not match" in text(response)

    def test_next_must_stay_on_the_site(self, client: Client, personas: Personas) -> None:
        response = client.post(
            "/login/",
            {
                "username": "viewer",
                "password": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        assert response["Location"] == "/cases/"

    def test_a_signed_in_user_is_sent_on(self, personas: Personas) -> None:
        assert signed_in(personas.viewer).get("/login/")["Location"] == "/cases/"

    def test_the_session_key_changes_at_sign_in(self, client: Client, personas: Personas) -> None:
        client.get("/login/")
        client.session.save()
        before = client.session.session_key
        client.post("/login/", {"username": "viewer", "password": PASSWORD})
        assert client.session.session_key != before


def test_logout_is_a_post(personas: Personas) -> None:
    client = signed_in(personas.viewer)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert client.get("/evidence/").status_code == 302


class TestIdleTimeout:
    def test_a_session_ends_after_thirty_idle_minutes(
        self, personas: Personas, clock: Clock
    ) -> None:
        client = signed_in(personas.viewer)
        assert client.get("/evidence/").status_code == 200
        clock.offset = 30 * 60 + 5
        response = client.get("/ledger/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/ledger/"
        assert "_auth_user_id" not in client.session
        page = text(client.get(response["Location"]))
        assert "signed out after 30 minutes without activity" in page

    def test_activity_keeps_it_open(self, personas: Personas, clock: Clock) -> None:
        client = signed_in(personas.viewer)
        for minute in range(0, 120, 20):
            clock.offset = minute * 60
            assert client.get("/evidence/").status_code == 200

    def test_the_limit_is_a_setting_and_zero_turns_it_off(
        self, personas: Personas, clock: Clock, settings: Any
    ) -> None:
        settings.SPRAVA_IDLE_SECONDS = 0
        client = signed_in(personas.viewer)
        client.get("/evidence/")
        clock.offset = 24 * 3600
        assert client.get("/evidence/").status_code == 200
        settings.SPRAVA_IDLE_SECONDS = 120
        client.get("/evidence/")
        clock.offset += 121
        assert client.get("/evidence/").status_code == 302


def test_after_the_first_request_the_session_rules_cost_no_query(personas: Personas) -> None:
    client = signed_in(personas.viewer)
    with CaptureQueriesContext(connection) as first:
        client.get("/evidence/")
    with CaptureQueriesContext(connection) as later:
        client.get("/evidence/")
    # The first request notes the time and the policy (once a minute at most); later ones
    # read nothing more than the page itself does.
    assert any("accounts_securitypolicy" in q["sql"] for q in first.captured_queries)
    # Only the page's own reads touch accounts tables now: the evidence list asks which cases
    # the user belongs to. The session rules themselves read and write nothing.
    assert not any("accounts_securitypolicy" in q["sql"] for q in later.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in later.captured_queries)
    assert len(later.captured_queries) == len(first.captured_queries) - 4
