"""The state of a sign-in between its two steps, kept in the session (not a signed-in user).

After a right password, a user with two-factor sign-in on is only *pending*: the session holds
their id for a few minutes, and `request.user` stays anonymous until the code is right.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from sprava.accounts import lockout

PENDING = "accounts:pending"
# Set when this session proved a second factor (or enrolled one): no further checks needed.
VERIFIED = "accounts:verified"
LAST_SEEN = "accounts:last-seen"
PENDING_SECONDS = 5 * 60


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` if it stays on this site, else the default page after sign-in."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def start_pending(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> None:
    """Remember a right password while the second factor is asked for."""
    # A new session key: whoever planted the old one learns nothing of this sign-in.
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": str(getattr(user, "backend", "") or settings.AUTHENTICATION_BACKENDS[0]),
        "since": int(time.time()),
        "next": next_url,
    }


def pending(request: HttpRequest) -> Pending | None:
    """The pending sign-in of this session, if it is fresh and its user still active."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if int(time.time()) - int(data.get("since", 0)) > PENDING_SECONDS:
        abandon(request)
        return None
    user_id = data.get("user")
    if not isinstance(user_id, int):
        abandon(request)
        return None
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None:
        abandon(request)
        return None
    return Pending(user=user, backend=str(data["backend"]), next_url=str(data.get("next", "")))


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def complete(request: HttpRequest, user: User, *, backend: str | None, verified: bool) -> None:
    """Sign the user in: the session now belongs to them, failures no longer count."""
    abandon(request)
    auth_login(request, user, backend=backend)
    request.session[VERIFIED] = verified
    request.session[LAST_SEEN] = int(time.time())
    lockout.record_success(user.get_username())
