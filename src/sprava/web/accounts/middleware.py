"""Session rules: sign out sessions a security change ended, and after idle time; send users
without a required second factor to enrol.

All go after AuthenticationMiddleware and MessageMiddleware. Token-authenticated API calls
have no session user here and pass untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from sprava.accounts import policy, sessions, signin, totp

# Writing the session on every request would be a database write per page; a minute is enough.
LAST_SEEN_PRECISION = 60
# How long a session that needs no second factor trusts that answer before asking again.
POLICY_RECHECK_SECONDS = 60
POLICY_CHECKED = "accounts:policy-checked"
# Pages a user without a required second factor may still open.
ENROLMENT_PAGES = frozenset({"login", "logout", "two-factor", "two-factor-setup"})


def idle_seconds() -> int:
    return int(getattr(settings, "SPRAVA_IDLE_SECONDS", 30 * 60))


class EndedSessionMiddleware:
    """Sign out a session that a security change of its account ended (see `sessions`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not sessions.is_current(request):
            logout(request)
            messages.info(
                request,
                gettext("You were signed out because the security settings of your account "
                        "changed (its password or two-factor sign-in). Please sign in again."),
            )
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign out a session that saw no request for SPRAVA_IDLE_SECONDS (default 30 minutes; 0 = off).

    An unattended laptop at a border check should not open onto witness files.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = idle_seconds()
        if limit > 0 and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(signin.LAST_SEEN)
            if isinstance(last, int) and now - last > limit:
                logout(request)
                minutes = limit // 60
                messages.info(
                    request,
                    ngettext("You were signed out after %(minutes)d minute without activity.",
                             "You were signed out after %(minutes)d minutes without activity.",
                             minutes) % {"minutes": minutes},
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not isinstance(last, int) or now - last >= LAST_SEEN_PRECISION:
                request.session[signin.LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """When the organisation requires a second factor, users without one must enrol first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.session.get(signin.VERIFIED):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ENROLMENT_PAGES:
            return None
        checked = request.session.get(POLICY_CHECKED)
        now = int(time.time())
        if isinstance(checked, int) and now - checked < POLICY_RECHECK_SECONDS:
            return None
        if not policy.two_factor_required():
            request.session[POLICY_CHECKED] = now
            return None
        if totp.is_enabled(user):
            # A session that never proved a code (turning two-factor on ends all others, so
            # this one predates that rule or skipped the second step): sign in again.
            logout(request)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('two-factor-setup')}?{query}")
