"""Mounted by `sprava.urls` at /api/v1/; `not_found` answers every other path under /api/."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from sprava.api.answers import detail, wrap_patterns
from sprava.api.v1 import api


@csrf_exempt  # a POST to a wrong path is still a 404, not a CSRF page: the API has no cookies
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An unknown path under /api/: JSON like every API answer, never the HTML 404 page."""
    return detail("Not Found", 404)


_patterns, _app, _namespace = api.urls
# The OpenAPI document and the docs page that renders it.
_READ_ONLY = ("openapi-json", "openapi-view")
urlpatterns = [
    path("", not_found),  # django-ninja's own root page answers HTML
    path("", (wrap_patterns(_patterns, read_only=_READ_ONLY), _app, _namespace)),
]
