"""Second factor: TOTP authenticators (RFC 6238, via pyotp) and one-time recovery codes.

Enrolment: `begin` makes an unconfirmed authenticator with a fresh secret; the page shows the
secret and a QR code (inline SVG drawn here by segno: the browser fetches nothing); `confirm`
turns it on once the user proves a first code, and hands out the recovery codes, once.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from pyotp.exceptions import OTPVerificationError

from sprava.accounts import audited, enrolment, permissions, policy, sessions
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import PermissionDenied, TwoFactorError
from sprava.accounts.models import RecoveryCode, TwoFactor
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

ENABLED = tags.TWO_FACTOR_ENABLED
DISABLED = tags.TWO_FACTOR_DISABLED
RECOVERY_USED = tags.RECOVERY_CODE_USED
RECOVERY_REGENERATED = tags.RECOVERY_CODES_REGENERATED

RECOVERY_CODE_COUNT = 10
# Accept the code of the previous and the next 30-second step too: phones drift.
VALID_WINDOW = 1
# No 0/o, 1/i/l: codes are read off paper and typed in by hand.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
_TOTP_CODE = re.compile(r"^[0-9]{6}$")


def _issuer() -> str:
    return str(getattr(settings, "SPRAVA_TOTP_ISSUER", "Sprava"))


def _event(
    actor: Actor,
    action: str,
    user: AbstractBaseUser,
    *,
    turned: bool | None = None,
    **details: object,
) -> None:
    # `turned`: the factor went on or off, said as the account's new state for `verify`.
    state = {} if turned is None else audited.two_factor_turned(user, turned)
    log.append(
        [
            Event(
                actor=actor_name(actor),
                action=action,
                details={"user": user.get_username(), **state, **details},
                subject=history.subject(user) if state else "",
            )
        ]
    )


def _may_manage(actor: Actor, user: AbstractBaseUser) -> None:
    """Users manage their own factor; administrators may reset someone's (a lost phone)."""
    who = actor_user(actor)
    if who is None or who.pk == user.pk or permissions.is_administrator(who):
        return
    raise PermissionDenied(f"{who.get_username()} may not change the second factor of another")


def device(user: AbstractBaseUser) -> TwoFactor | None:
    return TwoFactor.objects.filter(user_id=user.pk).first()


def is_enabled(user: AbstractBaseUser) -> bool:
    """For the pages (modules that this one imports ask `TwoFactor.objects` the same)."""
    return TwoFactor.objects.enabled_for(user.pk)


def begin(user: AbstractBaseUser, *, restart: bool = False) -> TwoFactor:
    """The unconfirmed authenticator to enrol (kept across page reloads unless `restart`)."""
    with transaction.atomic():
        current = TwoFactor.objects.select_for_update().filter(user_id=user.pk).first()
        if current is not None and current.enabled:
            raise TwoFactorError(gettext("two-factor sign-in is already on; turn it off first"))
        if current is not None and not restart:
            return current
        if current is not None:
            current.delete()
        return TwoFactor.objects.create(user_id=user.pk, secret=pyotp.random_base32())


def provisioning_uri(two_factor: TwoFactor, user: AbstractBaseUser) -> str:
    """The otpauth:// URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(two_factor.secret).provisioning_uri(
        name=user.get_username(), issuer_name=_issuer()
    )


def qr_svg(text: str) -> str:
    """A QR code of `text` as an inline <svg> element, safe to put into a page unescaped."""
    return str(
        segno.make(text, error="m", micro=False).svg_inline(
            scale=5,
            dark="#1d232b",
            light="#ffffff",
            svgclass="qr",
            lineclass=None,
            title=gettext("QR code for an authenticator app"),
        )
    )


def _matching_timecode(secret: str, code: str) -> int | None:
    code = re.sub(r"\s", "", code)
    if not _TOTP_CODE.match(code):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code, valid_window=VALID_WINDOW)
    except OTPVerificationError:
        return None


def confirm(
    user: AbstractBaseUser,
    code: str,
    *,
    actor: Actor | None = None,
    enrolment_device: int | None = None,
) -> list[str]:
    """Turn the pending authenticator on if `code` is right; returns the new recovery codes.

    While two-factor is required, only an authenticator made by presenting an enrolment code
    (`enrolment.start`, whose device id the front end passes as `enrolment_device`) may be
    confirmed, and confirming spends the code. Every other session of the account ends: one
    opened with the password alone must not outlive the second factor.
    """
    who = user if actor is None else actor
    with transaction.atomic():
        pending = TwoFactor.objects.select_for_update().filter(user_id=user.pk).first()
        if pending is None or pending.enabled:
            raise TwoFactorError(gettext("there is no authenticator waiting for confirmation"))
        with_code = enrolment_device is not None and enrolment_device == pending.pk
        if policy.two_factor_required() and not with_code:
            raise TwoFactorError(gettext(
                "two-factor sign-in is required here: enrol with the enrolment code an "
                "administrator gave you"))
        timecode = _matching_timecode(pending.secret, code)
        if timecode is None:
            raise TwoFactorError(
                gettext("that code is not right; check the clock of your device"))
        if with_code and not enrolment.spend(user, pending, actor=who):
            raise TwoFactorError(gettext(
                "that enrolment code is not valid (mistyped, used, expired or replaced); "
                "ask an administrator for a new one"))
        pending.confirmed_at = timezone.now()
        pending.last_timecode = timecode
        pending.save(update_fields=["confirmed_at", "last_timecode"])
        codes = _replace_recovery_codes(user)
        _event(who, ENABLED, user, turned=True, enrolment="code" if with_code else "self")
        sessions.end_sessions(user, actor=who, reason="two-factor turned on")
    return codes


def verify_code(user: AbstractBaseUser, code: str) -> bool:
    """Whether `code` is a current TOTP code of the user's authenticator, never used before."""
    with transaction.atomic():
        current = (
            TwoFactor.objects.select_for_update().enabled().filter(user_id=user.pk).first()
        )
        if current is None:
            return False
        timecode = _matching_timecode(current.secret, code)
        # A code seen once (even by an eavesdropper) does not work a second time.
        if timecode is None or timecode <= current.last_timecode:
            return False
        current.last_timecode = timecode
        current.save(update_fields=["last_timecode"])
    return True


def _normalise(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", code.lower())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode("ascii", "ignore")).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(user: AbstractBaseUser) -> list[str]:
    RecoveryCode.objects.filter(user_id=user.pk).delete()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user_id=user.pk, code_hash=_hash(code)) for code in codes]
    )
    return codes


def use_recovery_code(user: AbstractBaseUser, code: str) -> bool:
    """Spend one recovery code; True if it was one of the user's unused codes."""
    normalised = _normalise(code)
    if len(normalised) != _RECOVERY_LENGTH:
        return False
    with transaction.atomic():
        if not is_enabled(user):
            return False
        # The update is the check: of two simultaneous uses, only one changes the row.
        spent = RecoveryCode.objects.filter(
            user_id=user.pk, code_hash=_hash(normalised), used_at__isnull=True
        ).update(used_at=timezone.now())
        if not spent:
            return False
        _event(user, RECOVERY_USED, user, remaining=remaining_recovery_codes(user))
    return True


def verify_second_factor(user: AbstractBaseUser, code: str) -> str | None:
    """Check a TOTP code or a recovery code; returns "totp", "recovery", or None if neither."""
    if _TOTP_CODE.match(re.sub(r"\s", "", code)):
        return "totp" if verify_code(user, code) else None
    return "recovery" if use_recovery_code(user, code) else None


def remaining_recovery_codes(user: AbstractBaseUser) -> int:
    return RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()


def regenerate_recovery_codes(user: AbstractBaseUser, *, actor: Actor) -> list[str]:
    """Replace all recovery codes (used or not) with new ones; the old ones stop working."""
    _may_manage(actor, user)
    with transaction.atomic():
        if not is_enabled(user):
            raise TwoFactorError(
                gettext("two-factor sign-in is off; there are no recovery codes"))
        codes = _replace_recovery_codes(user)
        _event(actor, RECOVERY_REGENERATED, user)
    return codes


def disable(user: AbstractBaseUser, *, actor: Actor) -> None:
    """Remove the authenticator and the recovery codes (by the user, or an administrator).

    The account's sessions end too: an administrator resets a factor when a phone is lost or
    taken, and whoever has it may also hold a session (the user's own page keeps its one).
    """
    _may_manage(actor, user)
    with transaction.atomic():
        was_enabled = is_enabled(user)
        TwoFactor.objects.filter(user_id=user.pk).delete()
        RecoveryCode.objects.filter(user_id=user.pk).delete()
        if was_enabled:
            _event(actor, DISABLED, user, turned=False)
            sessions.end_sessions(user, actor=actor, reason="two-factor turned off")
