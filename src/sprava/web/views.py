"""Pages of the site as a whole, not of one domain's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: the pages link the SVG icon, but browsers and tools that read no page ask
    here; they get the same icon instead of a 404 (or, signed out, the log-in page)."""
    return redirect(static("sprava/favicon.svg"), permanent=True)
