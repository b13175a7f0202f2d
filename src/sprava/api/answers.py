"""What the API answers before or beside its operations: every error is JSON `{"detail": ...}`.

django-ninja answers a method a path does not take with Django's plain-text 405, a body too
large for `DATA_UPLOAD_MAX_MEMORY_SIZE` (or too many fields) reaches Django's HTML 400 page, and
any content type is handed to the JSON parser. Each URL pattern of the API goes through
`json_errors`, so no answer under /api/v1/ is anything but JSON.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import URLPattern, URLResolver
from ninja.parser import Parser

View = Callable[..., HttpResponseBase]

# Bodies the API reads: JSON for records, multipart for a CSV file to import.
BODY_TYPES = frozenset({"application/json", "multipart/form-data"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The OpenAPI document is read, never written.
READ_METHODS = ("GET", "HEAD")


class ObjectParser(Parser):
    """Every body the API reads is one JSON object. A list or a string passed pydantic as a
    record whose fields are all absent: a PATCH with `[]` answered 200 and changed nothing."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")  # ninja answers 400
        return data


def detail(message: Any, status: int) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def _not_allowed(request: HttpRequest, allowed: list[str]) -> JsonResponse:
    response = detail(f"{request.method} is not allowed here; allowed: {', '.join(allowed)}", 405)
    response["Allow"] = ", ".join(allowed)
    return response


def json_errors(view: View, *, read_only: bool = False) -> View:
    """`view`, with every refusal it or Django would make before it as JSON."""

    @functools.wraps(view)  # keeps csrf_exempt: the API has no cookies
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if read_only and request.method not in READ_METHODS:
            return _not_allowed(request, list(READ_METHODS))
        if request.method in BODY_METHODS and _has_body(request) \
                and request.content_type not in BODY_TYPES:
            return detail(f"send the body as application/json, not {request.content_type!r}",
                          415)
        try:
            response = view(request, *args, **kwargs)
        except RequestDataTooBig:
            return detail("the request body is too large", 413)
        except SuspiciousOperation as exc:  # too many fields, a malformed multipart body
            return detail(f"the request cannot be read: {exc}", 400)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"):
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return _not_allowed(request, sorted(allowed))
        return response

    return wrapper


def wrap_patterns(patterns: list[URLPattern | URLResolver], *,
                  read_only: tuple[str, ...] = ()) -> list[URLPattern | URLResolver]:
    """The API's URL patterns with `json_errors` around each view (in place, and returned)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrap_patterns(pattern.url_patterns, read_only=read_only)
        else:
            pattern.callback = json_errors(pattern.callback,
                                           read_only=pattern.name in read_only)
    return patterns
