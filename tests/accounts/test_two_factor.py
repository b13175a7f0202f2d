"""Two-factor sign-in: enrolment, the second step, recovery codes, and the required policy."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pyotp
import pytest
from django.contrib.auth.models import User
from django.test import Client

from sprava.accounts import enrolment, policy, signin, totp
from sprava.accounts.errors import PermissionDenied, TwoFactorError
from sprava.accounts.models import RecoveryCode, TwoFactor
from sprava.ledger.models import Entry
from tests.accounts.conftest import PASSWORD, Personas, signed_in

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


def code_after(secret: str, steps: int = 1) -> str:
    """A code of a later 30-second step than any used so far (codes are never accepted twice)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def enrol(user: User) -> tuple[str, list[str]]:
    """Turn two-factor on for `user` (with an enrolment code while it is required)."""
    if policy.two_factor_required():
        device = enrolment.start(user, enrolment.issue(user, actor="test"))
        codes = totp.confirm(user, pyotp.TOTP(device.secret).now(), enrolment_device=device.pk)
        return device.secret, codes
    device = totp.begin(user)
    codes = totp.confirm(user, pyotp.TOTP(device.secret).now())
    return device.secret, codes


def signed_in_user(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def password_step(client: Client, username: str, **extra: str) -> Any:
    return client.post("/login/", {"username": username, "password": PASSWORD, **extra})


class TestEnrolment:
    def test_the_page_shows_a_secret_and_an_inline_qr_code(self, personas: Personas) -> None:
        client = signed_in(personas.viewer)
        page = text(client.get("/account/two-factor/"))
        device = TwoFactor.objects.get(user=personas.viewer)
        assert device.confirmed_at is None
        assert device.secret[:4] in page and device.secret[-4:] in page
        svg = page[page.index("<svg") : page.index("</svg>")]
        assert 'class="qr"' in svg and "<path" in svg
        # Nothing fetched from elsewhere: no image source, no link out of the page.
        assert "src=" not in svg and "href" not in svg and "http" not in svg
        # Reloading keeps the same secret (the user may be halfway through scanning it).
        client.get("/account/two-factor/")
        assert TwoFactor.objects.get(user=personas.viewer).secret == device.secret

    def test_the_secret_uri_is_an_rfc6238_totp_for_this_user(self, personas: Personas) -> None:
        device = totp.begin(personas.viewer)
        uri = totp.provisioning_uri(device, personas.viewer)
        parsed = pyotp.parse_uri(uri)
        assert isinstance(parsed, pyotp.TOTP)
        assert parsed.secret == device.secret and parsed.name == "viewer"
        assert parsed.issuer == "Sprava"

    def test_a_wrong_code_turns_nothing_on(self, personas: Personas) -> None:
        client = signed_in(personas.viewer)
        client.get("/account/two-factor/")
        response = client.post("/account/two-factor/", {"action": "confirm", "code": "000000"})
        assert response.status_code == 400
        assert "not right" in text(response)
        assert not totp.is_enabled(personas.viewer)
        assert entries("accounts:two_factor:enabled") == []

    def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(
        self, personas: Personas
    ) -> None:
        client = signed_in(personas.viewer)
        client.get("/account/two-factor/")
        secret = TwoFactor.objects.get(user=personas.viewer).secret
        response = client.post(
            "/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()}
        )
        assert response.status_code == 200
        codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text(response))
        assert len(codes) == 10 == len(set(codes))
        assert totp.is_enabled(personas.viewer)
        details = entries("accounts:two_factor:enabled")[-1]["details"]
        assert details["user"] == "viewer"
        assert details["enrolment"] == "self"
        assert details["changes"] == {"two_factor": {"before": False, "after": True}}
        # Kept hashed: no code appears in the table, in any form.
        stored = list(RecoveryCode.objects.values_list("code_hash", flat=True))
        assert len(stored) == 10
        for code in codes:
            assert all(code not in h and code.replace("-", "") not in h for h in stored)
        # Shown once: the recovery-code page now only counts them.
        page = text(client.get("/account/two-factor/recovery-codes/"))
        assert "10 unused recovery codes" in page
        assert codes[0] not in page

    def test_a_new_key_can_be_asked_for_before_confirming(self, personas: Personas) -> None:
        client = signed_in(personas.viewer)
        client.get("/account/two-factor/")
        first = TwoFactor.objects.get(user=personas.viewer).secret
        client.post("/account/two-factor/", {"action": "restart"})
        assert TwoFactor.objects.get(user=personas.viewer).secret != first

    def test_enrolling_twice_is_refused(self, personas: Personas) -> None:
        enrol(personas.viewer)
        with pytest.raises(TwoFactorError, match="already on"):
            totp.begin(personas.viewer)


class TestSignIn:
    def test_a_right_password_alone_is_only_half_a_sign_in(self, personas: Personas) -> None:
        enrol(personas.lawyer)
        client = Client()
        response = password_step(client, "lawyer")
        assert response.status_code == 302
        assert response["Location"] == "/login/two-factor/"
        assert signed_in_user(client) is None
        assert client.get("/evidence/").status_code == 302
        assert 'for="id_code"' in text(client.get("/login/two-factor/"))

    def test_the_code_completes_the_sign_in_and_follows_next(self, personas: Personas) -> None:
        secret, _ = enrol(personas.lawyer)
        client = Client()
        password_step(client, "lawyer", next="/cases/")
        response = client.post("/login/two-factor/", {"code": code_after(secret)})
        assert response.status_code == 302
        assert response["Location"] == "/cases/"
        assert signed_in_user(client) == personas.lawyer.pk
        assert client.get("/cases/").status_code == 200

    def test_a_wrong_code_keeps_the_door_shut(self, personas: Personas) -> None:
        enrol(personas.lawyer)
        client = Client()
        password_step(client, "lawyer")
        response = client.post("/login/two-factor/", {"code": "123456"})
        assert response.status_code == 200
        assert "not right" in text(response)
        assert signed_in_user(client) is None
        assert client.get("/evidence/").status_code == 302

    def test_a_code_is_never_accepted_twice(self, personas: Personas) -> None:
        secret, _ = enrol(personas.lawyer)
        code = code_after(secret)
        first, second = Client(), Client()
        password_step(first, "lawyer")
        password_step(second, "lawyer")
        first.post("/login/two-factor/", {"code": code})
        assert signed_in_user(first) == personas.lawyer.pk
        second.post("/login/two-factor/", {"code": code})
        assert signed_in_user(second) is None

    def test_a_recovery_code_works_once(self, personas: Personas) -> None:
        _, codes = enrol(personas.lawyer)
        client = Client()
        password_step(client, "lawyer")
        response = client.post("/login/two-factor/", {"code": codes[3].upper()}, follow=True)
        assert signed_in_user(client) == personas.lawyer.pk
        assert "9 are left" in text(response)
        assert entries("accounts:recovery_code:used")[-1]["details"] == {
            "user": "lawyer",
            "remaining": 9,
        }
        again = Client()
        password_step(again, "lawyer")
        again.post("/login/two-factor/", {"code": codes[3]})
        assert signed_in_user(again) is None

    def test_the_half_sign_in_expires(self, personas: Personas) -> None:
        secret, _ = enrol(personas.lawyer)
        client = Client()
        password_step(client, "lawyer")
        session = client.session
        session[signin.PENDING]["since"] -= signin.PENDING_SECONDS + 1
        session.save()
        response = client.post("/login/two-factor/", {"code": code_after(secret)})
        assert response["Location"] == "/login/"
        assert signed_in_user(client) is None

    def test_the_second_step_needs_a_first(self, client: Client, personas: Personas) -> None:
        assert client.get("/login/two-factor/")["Location"] == "/login/"

    def test_users_without_two_factor_sign_in_with_a_password(self, personas: Personas) -> None:
        client = Client()
        response = password_step(client, "viewer")
        assert response["Location"] == "/cases/"
        assert signed_in_user(client) == personas.viewer.pk


class TestRequired:
    @pytest.fixture(autouse=True)
    def _required(self, personas: Personas) -> None:
        enrol(personas.administrator)  # who requires it of everyone has it first
        policy.set_two_factor_required(True, actor=personas.administrator)

    def test_a_user_without_it_is_sent_to_enrol_after_the_password(
        self, personas: Personas
    ) -> None:
        client = Client()
        response = password_step(client, "viewer", next="/ledger/")
        assert response["Location"] == "/account/two-factor/?next=%2Fledger%2F"
        # Every other page sends them back there until they have enrolled.
        response = client.get("/evidence/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/?next=")
        page = text(client.get("/account/two-factor/?next=/ledger/"))
        assert "requires two-factor sign-in" in page and "enrolment code" in page
        code = enrolment.issue(personas.viewer, actor=personas.administrator)
        response = client.post(
            "/account/two-factor/",
            {"action": "enrolment-code", "code": code, "next": "/ledger/"},
        )
        assert response["Location"] == "/account/two-factor/?next=%2Fledger%2F"
        assert "requires two-factor sign-in" in text(client.get(response["Location"]))
        secret = TwoFactor.objects.get(user=personas.viewer).secret
        response = client.post(
            "/account/two-factor/",
            {
                "action": "confirm",
                "code": pyotp.TOTP(secret).now(),
                "next": "/ledger/",
            },
        )
        assert 'href="/ledger/"' in text(response)
        assert client.get("/evidence/").status_code == 200

    def test_sessions_from_before_the_rule_are_sent_to_enrol(self, personas: Personas) -> None:
        client = signed_in(personas.viewer)
        assert client.get("/ledger/")["Location"] == "/account/two-factor/?next=%2Fledger%2F"
        assert client.post("/logout/").status_code == 302  # leaving is always possible

    def test_users_with_it_go_straight_through(self, personas: Personas) -> None:
        secret, _ = enrol(personas.lawyer)
        client = Client()
        password_step(client, "lawyer")
        client.post("/login/two-factor/", {"code": code_after(secret)})
        assert client.get("/evidence/").status_code == 200

    def test_the_policy_change_is_a_custody_event(self, personas: Personas) -> None:
        event = entries("accounts:policy:changed")[-1]
        assert event["actor"] == "user:administrator"
        assert event["details"]["require_two_factor"] is True
        assert event["details"]["changes"] == {
            "require_two_factor": {"before": False, "after": True}
        }

    def test_the_deployment_setting_requires_it_too(
        self, personas: Personas, settings: Any
    ) -> None:
        policy.set_two_factor_required(False, actor="cli")
        assert not policy.two_factor_required()
        settings.SPRAVA_REQUIRE_TWO_FACTOR = True
        assert policy.two_factor_required()


class TestPolicyPage:
    def test_only_administrators_may_open_it(self, personas: Personas) -> None:
        assert signed_in(personas.lead).get("/account/security/").status_code == 403
        admin = signed_in(personas.administrator)
        assert admin.get("/account/security/").status_code == 200
        with pytest.raises(PermissionDenied):
            policy.set_two_factor_required(True, actor=personas.lead)

    def test_an_administrator_requires_it_only_with_it(self, personas: Personas) -> None:
        admin = signed_in(personas.administrator)
        response = admin.post("/account/security/", {"require_two_factor": "on"})
        assert response.status_code == 400
        assert "turn on your own two-factor sign-in" in text(response)
        assert not policy.two_factor_required()
        secret, _ = enrol(personas.administrator)
        admin = Client()
        password_step(admin, "administrator")
        admin.post("/login/two-factor/", {"code": code_after(secret)})
        admin.post("/account/security/", {"require_two_factor": "on"})
        assert policy.two_factor_required()


class TestManage:
    def test_turning_it_off_needs_a_current_code(self, personas: Personas) -> None:
        secret, _ = enrol(personas.viewer)
        client = signed_in(personas.viewer)
        response = client.post("/account/two-factor/", {"action": "disable", "code": "000000"})
        assert response.status_code == 400
        assert totp.is_enabled(personas.viewer)
        client.post("/account/two-factor/", {"action": "disable", "code": code_after(secret)})
        assert not totp.is_enabled(personas.viewer)
        assert not RecoveryCode.objects.filter(user=personas.viewer).exists()
        assert entries("accounts:two_factor:disabled")[-1]["actor"] == "user:viewer"

    def test_new_recovery_codes_replace_the_old(self, personas: Personas) -> None:
        secret, old = enrol(personas.viewer)
        client = signed_in(personas.viewer)
        response = client.post("/account/two-factor/recovery-codes/", {"code": code_after(secret)})
        new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text(response))
        assert len(new) == 10 and not set(new) & set(old)
        assert not totp.use_recovery_code(personas.viewer, old[0])
        assert totp.use_recovery_code(personas.viewer, new[0])
        assert entries("accounts:recovery_code:regenerated")[-1]["details"] == {"user": "viewer"}

    def test_an_administrator_may_reset_a_lost_phone_nobody_else(self, personas: Personas) -> None:
        enrol(personas.viewer)
        with pytest.raises(PermissionDenied):
            totp.disable(personas.viewer, actor=personas.lead)
        totp.disable(personas.viewer, actor=personas.administrator)
        assert not totp.is_enabled(personas.viewer)
        assert entries("accounts:two_factor:disabled")[-1]["actor"] == "user:administrator"

    def test_recovery_codes_need_two_factor_on(self, personas: Personas) -> None:
        client = signed_in(personas.viewer)
        response = client.get("/account/two-factor/recovery-codes/")
        assert response["Location"] == "/account/two-factor/"
        with pytest.raises(TwoFactorError):
            totp.regenerate_recovery_codes(personas.viewer, actor=personas.viewer)
