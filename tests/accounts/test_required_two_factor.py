"""While two-factor is required: enrolment only with an administrator's code; tokens behind it.

The attacker here knows a colleague's password (shoulder-surfed, reused, or given up under
pressure). Without these rules they could enrol their own phone first, or make an API token
that never asks for a code.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from sprava.accounts import enrolment, policy, signin, totp
from sprava.accounts.errors import PermissionDenied, TokenError, TokenRefused, TwoFactorError
from sprava.accounts.models import ApiToken, EnrolmentCode, TwoFactor
from sprava.accounts.tokens import authenticate_token, create_token
from sprava.api.v1 import api
from sprava.cli import main
from sprava.ledger.models import Entry
from tests.accounts.conftest import PASSWORD, Personas, signed_in

pytestmark = pytest.mark.django_db

CODE = re.compile(r"<code[^>]*>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")


def text(response: Any) -> str:
    return str(response.content.decode("utf-8"))


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


def sign_in_with_password(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol_with_code(client: Client, code: str) -> str:
    """Present an enrolment code, then confirm the fresh secret; returns the secret."""
    page = text(client.post("/account/two-factor/", {"action": "enrolment-code", "code": code},
                            follow=True))
    key = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert key is not None, page
    secret = key.group(1).replace(" ", "")
    client.post("/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    return secret


def api_get(token: str, path: str = "/cases") -> Any:
    return Client(headers={"authorization": f"Bearer {token}"}).get(f"/api/v1{path}")


@pytest.fixture
def required(personas: Personas) -> None:
    policy.set_two_factor_required(True, actor="cli")


@pytest.mark.usefixtures("required")
class TestEnrolmentCodes:
    def test_the_password_alone_no_longer_enrols_a_phone(self, personas: Personas) -> None:
        attacker = sign_in_with_password("viewer")
        page = text(attacker.get("/account/two-factor/"))
        assert "enrolment code" in page
        assert "<svg" not in page and 'class="secret"' not in page
        # A secret made before the rule (or by guessing the form) cannot be confirmed.
        device = totp.begin(personas.viewer)
        response = attacker.post(
            "/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(device.secret).now()}
        )
        assert response.status_code == 400
        assert not totp.is_enabled(personas.viewer)
        with pytest.raises(TwoFactorError, match="enrolment code"):
            totp.confirm(personas.viewer, pyotp.TOTP(device.secret).now())

    def test_an_administrators_code_enrols_once(self, personas: Personas) -> None:
        code = enrolment.issue(personas.viewer, actor=personas.administrator)
        client = sign_in_with_password("viewer")
        enrol_with_code(client, code)
        assert totp.is_enabled(personas.viewer)
        assert client.get("/evidence/").status_code == 200
        event = entries(totp.ENABLED)[-1]
        assert event["details"]["enrolment"] == "code"
        assert entries(enrolment.USED)[-1]["details"]["changes"]["used_at"]["before"] is None
        assert event["details"]["changes"] == {"two_factor": {"before": False, "after": True}}
        # Spent: after an administrator's reset it does not work a second time.
        totp.disable(personas.viewer, actor=personas.administrator)
        again = sign_in_with_password("viewer")
        page = text(again.post("/account/two-factor/", {"action": "enrolment-code", "code": code}))
        assert "not valid" in page
        assert 'class="secret"' not in page

    def test_the_secret_is_made_after_the_code_and_shown_only_to_that_session(
        self, personas: Personas
    ) -> None:
        planted = totp.begin(personas.viewer).secret  # the attacker's pending secret
        attacker = sign_in_with_password("viewer")
        owner = sign_in_with_password("viewer")
        code = enrolment.issue(personas.viewer, actor="cli")
        secret = enrol_with_code(owner, code)
        assert secret != planted
        assert totp.is_enabled(personas.viewer)
        # The attacker's session ended when two-factor was turned on.
        assert attacker.get("/evidence/").status_code == 302

    def test_a_pending_secret_is_hidden_from_a_session_without_the_code(
        self, personas: Personas
    ) -> None:
        owner = sign_in_with_password("viewer")
        attacker = sign_in_with_password("viewer")
        code = enrolment.issue(personas.viewer, actor="cli")
        owner.post("/account/two-factor/", {"action": "enrolment-code", "code": code})
        secret = TwoFactor.objects.get(user=personas.viewer).secret
        page = text(attacker.get("/account/two-factor/"))
        assert secret[:4] not in page and 'class="secret"' not in page
        response = attacker.post(
            "/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()}
        )
        assert response.status_code == 400
        assert not totp.is_enabled(personas.viewer)

    def test_a_code_is_stored_as_a_hash_and_expires(
        self, personas: Personas, settings: Any
    ) -> None:
        code = enrolment.issue(personas.viewer, actor=personas.administrator)
        assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", code)
        row = EnrolmentCode.objects.get()
        assert code not in row.code_hash and code.replace("-", "") not in row.code_hash
        assert row.expires_at - row.created_at == timedelta(hours=72)
        event = entries(enrolment.ISSUED)[-1]
        assert event["actor"] == "user:administrator"
        assert event["details"]["user"] == "viewer" and code not in json.dumps(event)
        # its state is recorded for `verify`, with even the hash keyed (59 bits are searchable)
        assert event["details"]["after"]["code_hash"].startswith("hmac-sha256:")
        assert row.code_hash not in json.dumps(event)
        EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        client = sign_in_with_password("viewer")
        page = text(client.post("/account/two-factor/", {"action": "enrolment-code", "code": code}))
        assert "not valid" in page

    def test_a_new_code_replaces_the_old(self, personas: Personas) -> None:
        old = enrolment.issue(personas.viewer, actor="cli")
        new = enrolment.issue(personas.viewer, actor="cli")
        assert enrolment.check(personas.viewer, old) is None
        assert enrolment.check(personas.viewer, new) is not None
        replaced = entries(enrolment.REPLACED)
        assert [e["details"]["user"] for e in replaced] == ["viewer"]
        assert "before" in replaced[0]["details"] and "after" not in replaced[0]["details"]

    def test_wrong_codes_count_towards_the_lock(self, personas: Personas, settings: Any) -> None:
        settings.SPRAVA_LOCKOUT_ATTEMPTS = 2
        client = sign_in_with_password("viewer")
        for guess in ("aaaa-aaaa-aaaa", "bbbb-bbbb-bbbb"):
            response = client.post(
                "/account/two-factor/", {"action": "enrolment-code", "code": guess}
            )
        assert response["Location"] == "/login/"
        assert "_auth_user_id" not in client.session

    def test_only_administrators_issue_codes_and_not_for_an_enrolled_account(
        self, personas: Personas
    ) -> None:
        with pytest.raises(PermissionDenied):
            enrolment.issue(personas.viewer, actor=personas.lead)
        device = totp.begin(personas.lawyer)
        policy.set_two_factor_required(False, actor="cli")
        totp.confirm(personas.lawyer, pyotp.TOTP(device.secret).now())
        with pytest.raises(TwoFactorError, match="already"):
            enrolment.issue(personas.lawyer, actor="cli")

    def test_the_administrators_page_shows_a_code_once(self, personas: Personas) -> None:
        policy.set_two_factor_required(False, actor="cli")
        assert signed_in(personas.lead).get("/account/enrolment-codes/").status_code == 403
        admin = Client()
        device = totp.begin(personas.administrator)
        totp.confirm(personas.administrator, pyotp.TOTP(device.secret).now())
        admin.post("/login/", {"username": "administrator", "password": PASSWORD})
        admin.post("/login/two-factor/",
                   {"code": pyotp.TOTP(device.secret).at(timezone.now() + timedelta(seconds=30))})
        policy.set_two_factor_required(True, actor="cli")
        listing = text(admin.get("/account/enrolment-codes/"))
        assert "viewer" in listing  # accounts without two-factor are listed
        response = admin.post("/account/enrolment-codes/", {"username": "viewer"})
        found = CODE.findall(text(response))
        assert len(found) == 1
        assert enrolment.check(personas.viewer, found[0]) is not None
        assert found[0] not in text(admin.get("/account/enrolment-codes/"))
        missing = admin.post("/account/enrolment-codes/", {"username": "nobody"})
        assert missing.status_code == 400

    def test_the_command_line_issues_a_code(
        self, personas: Personas, capsys: pytest.CaptureFixture[str], home: Path
    ) -> None:
        # `home`: the command signs a checkpoint of what it recorded, with the instance keys
        assert main(["user", "enrol-code", "viewer", "--json"]) == 0
        issued = json.loads(capsys.readouterr().out)
        assert issued["user"] == "viewer" and issued["expires"]
        assert enrolment.check(personas.viewer, issued["code"]) is not None
        assert entries(enrolment.ISSUED)[-1]["actor"].startswith("cli")
        assert main(["user", "enrol-code", "nobody"]) == 2

    def test_an_administrator_without_two_factor_may_not_require_it(
        self, personas: Personas
    ) -> None:
        policy.set_two_factor_required(False, actor="cli")
        with pytest.raises(TwoFactorError, match="your own"):
            policy.set_two_factor_required(True, actor=personas.administrator)
        assert not policy.two_factor_required()


def test_enrolment_needs_no_code_while_two_factor_is_optional(personas: Personas) -> None:
    client = signed_in(personas.viewer)
    client.get("/account/two-factor/")
    secret = TwoFactor.objects.get(user=personas.viewer).secret
    client.post("/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    assert totp.is_enabled(personas.viewer)
    assert entries(totp.ENABLED)[-1]["details"]["enrolment"] == "self"


class TestTokensWhileRequired:
    def test_tokens_of_accounts_without_two_factor_stop_with_a_clear_401(
        self, personas: Personas
    ) -> None:
        token = create_token(personas.viewer, "script", actor="cli")
        assert api_get(token).status_code == 200
        policy.set_two_factor_required(True, actor="cli")
        response = api_get(token)
        assert response.status_code == 401
        assert "two-factor" in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")
        with pytest.raises(TokenRefused):
            authenticate_token(token)
        policy.set_two_factor_required(False, actor="cli")
        assert api_get(token).status_code == 200

    def test_the_deployment_setting_stops_them_too(
        self, personas: Personas, settings: Any
    ) -> None:
        token = create_token(personas.viewer, "script", actor="cli")
        settings.SPRAVA_REQUIRE_TWO_FACTOR = True
        assert api_get(token).status_code == 401

    def test_a_token_made_on_the_password_alone_stops_even_after_enrolment(
        self, personas: Personas
    ) -> None:
        # Made by whoever held the password before the phone was enrolled: it stays off.
        planted = create_token(personas.viewer, "planted", actor=personas.viewer)
        device = totp.begin(personas.viewer)
        totp.confirm(personas.viewer, pyotp.TOTP(device.secret).now())
        policy.set_two_factor_required(True, actor="cli")
        response = api_get(planted)
        assert response.status_code == 401
        assert "second factor" in response.json()["detail"]
        assert ApiToken.objects.get(user=personas.viewer).second_factor is False
        # The owner's tokens page says so.
        client = Client()
        client.post("/login/", {"username": "viewer", "password": PASSWORD})
        client.post("/login/two-factor/",
                    {"code": pyotp.TOTP(device.secret).at(timezone.now() + timedelta(seconds=30))})
        assert "stopped: made without a second factor" in text(client.get("/account/tokens/"))

    def test_a_token_is_made_only_from_a_session_that_passed_two_factor(
        self, personas: Personas
    ) -> None:
        device = totp.begin(personas.lawyer)
        totp.confirm(personas.lawyer, pyotp.TOTP(device.secret).now())
        policy.set_two_factor_required(True, actor="cli")
        with pytest.raises(PermissionDenied, match="two-factor"):
            create_token(personas.lawyer, "x", actor=personas.lawyer)
        # A session that skipped the code is sent to sign in again, not to the tokens page.
        skipped = signed_in(personas.lawyer)
        assert skipped.get("/account/tokens/")["Location"].startswith("/login/")
        client = Client()
        client.post("/login/", {"username": "lawyer", "password": PASSWORD})
        client.post("/login/two-factor/",
                    {"code": pyotp.TOTP(device.secret).at(timezone.now() + timedelta(seconds=30))})
        assert client.session[signin.VERIFIED] is True
        page = text(client.post("/account/tokens/", {"action": "create", "name": "laptop"}))
        made = re.search(r"sprava_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", page)
        assert made is not None
        assert api_get(made.group(0)).status_code == 200

    def test_the_operator_makes_tokens_only_for_accounts_with_two_factor(
        self, personas: Personas, capsys: pytest.CaptureFixture[str], home: Path
    ) -> None:
        # `home`: the command signs a checkpoint of what it recorded, with the instance keys
        policy.set_two_factor_required(True, actor="cli")
        with pytest.raises(TokenError, match="two-factor"):
            create_token(personas.viewer, "x", actor="cli")
        assert main(["token", "add", "viewer"]) == 2
        capsys.readouterr()
        code = enrolment.issue(personas.lawyer, actor="cli")
        device = enrolment.start(personas.lawyer, code)
        totp.confirm(personas.lawyer, pyotp.TOTP(device.secret).now(), enrolment_device=device.pk)
        assert main(["token", "add", "lawyer", "--json"]) == 0
        token = json.loads(capsys.readouterr().out)["token"]
        assert api_get(token).status_code == 200
        assert ApiToken.objects.get(user=personas.lawyer).second_factor

    def test_the_api_makes_no_tokens(self) -> None:
        # A token must not mint tokens: only a page behind two-factor, or the operator, does.
        paths = api.get_openapi_schema()["paths"]
        assert not [path for path in paths if "token" in path.lower()]
