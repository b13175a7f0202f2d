"""Default deny: every page needs a signed-in user, except the few listed here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Matched against `path_info`, which leaves out any prefix the app is mounted under.
PUBLIC_PREFIXES = ("/login/", "/static/", "/i18n/")
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
