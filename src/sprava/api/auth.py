"""Token authentication for the django-ninja API: `NinjaAPI(auth=TokenAuth())`.

The authenticated user becomes `request.user` (and `request.auth`), so API views ask the same
`permissions` functions as pages do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from sprava.accounts.tokens import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sprava_<prefix>_<secret>`; anything else is refused with 401.

    A valid token that the two-factor rule stops raises `TokenRefused`, which the API also
    answers with 401, saying why.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user
