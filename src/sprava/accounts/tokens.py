"""API tokens: `sprava_<prefix>_<secret>`, shown once, kept only as a SHA-256 of the secret.

The secret has 256 bits of entropy, so a fast hash is enough (nobody can guess their way back
from it); the prefix finds the row, and the comparison runs in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sprava.accounts import permissions, policy
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import PermissionDenied, TokenError, TokenRefused
from sprava.accounts.models import ApiToken, TwoFactor
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

CREATED = tags.TOKEN_CREATED
REVOKED = tags.TOKEN_REVOKED

SCHEME = "sprava"
NAME_MAX = 100
# Writing the time of use on every request would make each API call a database write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _may_manage(actor: Actor, owner_id: int) -> None:
    who = actor_user(actor)
    if who is None or who.pk == owner_id or permissions.is_administrator(who):
        return
    raise PermissionDenied(f"{who.get_username()} may not manage the tokens of another user")


def _behind_second_factor(actor: Actor, owner: AbstractBaseUser, second_factor: bool) -> bool:
    """Whether a token made now is made behind a second factor; raises where one is required.

    `second_factor`: the front end's word that the acting user's session passed one.
    """
    owner_has = TwoFactor.objects.enabled_for(owner.pk)
    by_user = actor_user(actor) is not None
    if policy.two_factor_required():
        if not owner_has:
            raise TokenError(
                gettext("two-factor sign-in is required here and account %(user)s has none: "
                        "its tokens would not work") % {"user": owner.get_username()}
            )
        if by_user and not second_factor:
            raise PermissionDenied(
                gettext("a new token needs a session that passed two-factor sign-in: sign "
                        "in again with your code")
            )
    return owner_has and (second_factor or not by_user)


def create_token(
    user: AbstractBaseUser, name: str, *, actor: Actor, second_factor: bool = False
) -> str:
    """Make a new token for `user`; returns the whole token, which is never shown again."""
    _may_manage(actor, user.pk)
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise TokenError(f"a token needs a name of 1 to {NAME_MAX} characters")
    if not user.is_active:
        raise TokenError(f"account {user.get_username()!r} is deactivated")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        behind = _behind_second_factor(actor, user, second_factor)
        token = ApiToken.objects.create(
            user_id=user.pk,
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            second_factor=behind,
        )
        log.append(
            [
                Event(
                    actor=actor_name(actor),
                    action=CREATED,
                    details={
                        "user": user.get_username(),
                        "name": name,
                        "prefix": prefix,
                        "active": True,
                        "second_factor": behind,
                        # the row's state (the secret's hash keyed again), for `sprava verify`
                        **history.state_details(token, None, history.snapshot(token)),
                    },
                    subject=history.subject(token),
                )
            ]
        )
    return f"{SCHEME}_{prefix}_{secret}"


def list_tokens(user: AbstractBaseUser, *, include_revoked: bool = True) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (names, prefixes and dates; never a secret)."""
    tokens = ApiToken.objects.filter(user_id=user.pk)
    return tokens if include_revoked else tokens.filter(revoked__isnull=True)


def revoke_token(token_id: int, *, actor: Actor, reason: str = "") -> ApiToken:
    """Stop a token working, from the next request on. Revoking twice changes nothing."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
        )
        if token is None:
            raise TokenError(f"there is no token #{token_id}")
        _may_manage(actor, token.user_id)
        if token.revoked is not None:
            return token
        before = history.snapshot(token)
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        details: dict[str, object] = {
            "user": token.user.get_username(),
            "name": token.name,
            "prefix": token.prefix,
            "active": False,
            **history.state_details(token, before, history.snapshot(token)),
        }
        if reason:
            details["reason"] = reason
        log.append([Event(actor=actor_name(actor), action=REVOKED, details=details,
                          subject=history.subject(token))])
    return token


def revoke_all(user: AbstractBaseUser, *, actor: Actor, reason: str) -> list[str]:
    """Revoke every active token of `user` (each its own event); returns their prefixes."""
    with transaction.atomic():
        ids = list(
            ApiToken.objects.filter(user_id=user.pk, revoked__isnull=True).values_list(
                "pk", flat=True
            )
        )
        return [revoke_token(pk, actor=actor, reason=reason).prefix for pk in ids]


def _check_second_factor(token: ApiToken) -> None:
    if not TwoFactor.objects.enabled_for(token.user_id):
        raise TokenRefused(
            f"two-factor sign-in is required here and account {token.user.get_username()!r} "
            "has none: turn it on in the pages, then make a new token there"
        )
    if not token.second_factor:
        raise TokenRefused(
            "this token was made without a second factor, which is now required here: make "
            "a new one from a session signed in with two-factor"
        )


def parse(raw: str) -> tuple[str, str] | None:
    """Split a token into (prefix, secret); None if it is not shaped like one of ours."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def authenticate_token(raw: str) -> User | None:
    """The active user a valid, unrevoked token belongs to; None for anything else.

    Raises `TokenRefused` for a valid token that the two-factor rule stops (its holder, who
    knows the secret, is told why; nobody else learns anything).
    """
    parsed = parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    if token.revoked is not None or not token.user.is_active:
        return None
    if policy.two_factor_required():
        _check_second_factor(token)
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
