"""Default deny: every page needs a signed-in user, except the few listed here. And every
refusal is a page of the site that says why."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from sprava.accounts.errors import PermissionDenied as Refused

# Matched against `path_info`, which leaves out any prefix the app is mounted under.
PUBLIC_PREFIXES = ("/login/", "/static/", "/i18n/", "/favicon.ico")
# The API authenticates every request by its token and answers 401 in JSON itself.
TOKEN_PREFIXES = ("/api/",)
# Pages show names and notes that came from outside (and from an adversary): if one ever
# slipped past escaping, the browser still runs no script and loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class LoginRequiredMiddleware:
    """Send anonymous visitors to the login page; keep signed-in pages out of every cache.

    Every response also gets a strict Content-Security-Policy unless it set its own (a
    download sets a stricter one). Debug pages are left alone: they rely on inline script.

    It runs before any view middleware (CSRF among them), so an anonymous upload is turned
    away before its body is even parsed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public = request.path_info.startswith(PUBLIC_PREFIXES)
        token = request.path_info.startswith(TOKEN_PREFIXES)
        if not public and not token and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        response = self.get_response(request)
        if not public:
            # Pages name witnesses' files and carry evidence; a seized laptop's browser cache
            # must not keep them.
            add_never_cache_headers(response)
        if not settings.DEBUG and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


def refusal_page(request: HttpRequest, reason: str, template: str = "403.html") -> HttpResponse:
    """The 403 page: in the site's layout, in the reader's language, saying why."""
    return render(request, template, {"exception": reason}, status=403)


class RefusalMiddleware:
    """Answer a refusal raised by any view with the site's page for it, and log one line.

    Django would log a refused click with a full traceback, as if the server had failed: the
    log of an installation under attack must tell a refusal from a crash at a glance. A
    suspicious request (too many files, say) still goes to the `django.security` logger.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied):  # a page's own refusal, translated
            return refusal_page(request, str(exception))
        if isinstance(exception, Refused):
            # The domain's words are English and for the log (they name the user); the reader
            # gets the reason in their language.
            logging.getLogger("sprava.refused").warning("%s: %s", exception, request.path)
            return refusal_page(request, gettext("Your account may not open this page."))
        if isinstance(exception, SuspiciousOperation):
            if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
                # As Django does: the body cannot be read again for the page that answers.
                request._mark_post_parse_error()  # type: ignore[attr-defined]
            logging.getLogger(f"django.security.{type(exception).__name__}").warning(
                "%s: %s", exception, request.path)
            return render(request, "400.html", status=400)
        if isinstance(exception, BadRequest):
            return render(request, "400.html", status=400)
        return None
