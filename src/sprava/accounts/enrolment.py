"""Enrolment codes: while two-factor is required, a phone is enrolled only with one of these.

Without them, required enrolment trusts whoever holds the password first: an insider who
learnt a colleague's password could enrol their own phone before the colleague did. An
administrator (a page, or the operator with `sprava user enrol-code USER`) issues a code and
hands it over in person or over a trusted channel. It is shown once, kept only as a SHA-256,
expires (SPRAVA_ENROLMENT_CODE_HOURS, default 72) and works once. The same rule holds for
existing accounts without two-factor when the policy is switched on: they too held only a
password, which is exactly what the rule no longer trusts.

Presenting the code (`start`) makes a fresh authenticator secret bound to the code, so a
secret someone began earlier is never the one confirmed; `totp.confirm` spends the code.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import PermissionDenied, TwoFactorError
from sprava.accounts.models import EnrolmentCode, TwoFactor
from sprava.accounts.permissions import Permission
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

ISSUED = tags.ENROLMENT_CODE_ISSUED
REPLACED = tags.ENROLMENT_CODE_REPLACED  # by a newer one, so deleted
USED = tags.ENROLMENT_CODE_USED

# As recovery codes: no 0/o, 1/i/l, since the code is read out or copied by hand. 12 letters
# of 31 are 59 bits; guesses are counted by the sign-in lock.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_LENGTH = 12


def lifetime() -> timedelta:
    return timedelta(hours=int(getattr(settings, "SPRAVA_ENROLMENT_CODE_HOURS", 72)))


def _normalise(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", code.lower())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode("ascii", "ignore")).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


def _event(actor: Actor, action: str, user: AbstractBaseUser, row: EnrolmentCode,
           before: dict[str, Any] | None, after: dict[str, Any] | None,
           **details: object) -> Event:
    # The row's state (its hash keyed again, as a token's), for `sprava verify`: a code that
    # works enrols a phone, so one inserted, prolonged or made unused again must show.
    return Event(
        actor=actor_name(actor),
        action=action,
        details={"user": user.get_username(), "enrolment_code": action.rpartition(":")[2],
                 **details, **history.state_details(row, before, after)},
        subject=history.subject(row),
    )


def issue(user: AbstractBaseUser, *, actor: Actor) -> str:
    """A new enrolment code for `user` (any older one stops working); returned once."""
    who = actor_user(actor)
    if who is not None and not permissions.can(who, Permission.ADMINISTER):
        raise PermissionDenied(f"{who.get_username()} may not issue enrolment codes")
    if not user.is_active:
        raise TwoFactorError(gettext("that account is deactivated"))
    code = _new_code()
    now = timezone.now()
    with transaction.atomic():
        if TwoFactor.objects.enabled_for(user.pk):
            raise TwoFactorError(
                gettext("that account already has two-factor sign-in; reset it first"))
        replaced = list(
            EnrolmentCode.objects.select_for_update().filter(user_id=user.pk, used_at__isnull=True)
        )
        events = [_event(actor, REPLACED, user, old, history.snapshot(old), None)
                  for old in replaced]
        EnrolmentCode.objects.filter(pk__in=[old.pk for old in replaced]).delete()
        row = EnrolmentCode.objects.create(
            user_id=user.pk,
            code_hash=_hash(code),
            created_at=now,
            created_by=actor_name(actor),
            expires_at=now + lifetime(),
        )
        events.append(_event(actor, ISSUED, user, row, None, history.snapshot(row),
                             expires=row.expires_at.isoformat()))
        log.append(events)
    return code


def _valid(user: AbstractBaseUser) -> EnrolmentCode | None:
    return (
        EnrolmentCode.objects.filter(
            user_id=user.pk, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def check(user: AbstractBaseUser, code: str) -> EnrolmentCode | None:
    """The user's unspent, unexpired code that `code` is; None for anything else."""
    if len(_normalise(code)) != _LENGTH:
        return None
    found = _valid(user)
    if found is None or not secrets.compare_digest(found.code_hash, _hash(code)):
        return None
    return found


def start(user: AbstractBaseUser, code: str) -> TwoFactor:
    """Present a code: a fresh, unconfirmed authenticator bound to it (raises if not valid)."""
    with transaction.atomic():
        found = check(user, code)
        if found is None:
            raise TwoFactorError(gettext(
                "that enrolment code is not valid (mistyped, used, expired or replaced); "
                "ask an administrator for a new one"))
        if TwoFactor.objects.enabled_for(user.pk):
            raise TwoFactorError(gettext("two-factor sign-in is already on; turn it off first"))
        # Whatever was pending (perhaps begun by someone else with the password) goes.
        TwoFactor.objects.filter(user_id=user.pk).delete()
        device = TwoFactor.objects.create(user_id=user.pk, secret=pyotp.random_base32())
        EnrolmentCode.objects.filter(pk=found.pk).update(device=device)
    return device


def spend(user: AbstractBaseUser, device: TwoFactor, *, actor: Actor) -> bool:
    """Spend the code bound to `device` (inside the confirming transaction); False if none."""
    now = timezone.now()
    found = EnrolmentCode.objects.filter(
        user_id=user.pk, device_id=device.pk, used_at__isnull=True, expires_at__gt=now
    ).first()
    if found is None:
        return False
    # The update is the check: of two simultaneous uses, only one changes the row.
    if not EnrolmentCode.objects.filter(pk=found.pk, used_at__isnull=True).update(used_at=now):
        return False
    before = history.snapshot(found)
    found.used_at = now
    log.append([_event(actor, USED, user, found, before, history.snapshot(found))])
    return True


def outstanding(user_ids: Iterable[int] | None = None) -> dict[int, datetime]:
    """When each user's unspent code expires, by user id: of these users, or of all."""
    valid = EnrolmentCode.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())
    if user_ids is not None:
        valid = valid.filter(user_id__in=list(user_ids))
    return dict(valid.values_list("user_id", "expires_at"))
