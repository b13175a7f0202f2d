"""The API instance of /api/v1/: authentication, errors as `{"detail": ...}`, the routers.

Errors: 400 for a request that cannot be done as asked (invalid input, an unknown reference),
401 without a valid token, 403 when the token's user may not do it, 404 for what they may not
see or what is not there, 409 for a conflict with existing records (a duplicate, a record
others depend on).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError

from sprava.accounts.errors import AccountsError, PermissionDenied, TokenRefused
from sprava.api import (
    analysis,
    cases,
    command,
    common,
    derived,
    exchange,
    framework,
    items,
    jurisdiction,
    law,
    people,
    records,
    reference,
    testimony,
)
from sprava.api.answers import ObjectParser
from sprava.api.auth import TokenAuth
from sprava.law.errors import LawConflict, LawError
from sprava.records.services import RecordError

CONFLICT_CODES = frozenset({"unique", "unique_together"})


class SpravaAPI(NinjaAPI):
    """Commits the request's disclosure (the reveal event) before a successful answer leaves."""

    def create_response(self, request: HttpRequest, data: Any, *, status: int | None = None,
                        temporal_response: HttpResponse | None = None) -> HttpResponse:
        code = temporal_response.status_code if temporal_response is not None else status
        if code is not None and code < 400:
            commit_disclosure(request)
        return super().create_response(request, data, status=status,
                                       temporal_response=temporal_response)


def commit_disclosure(request: HttpRequest) -> None:
    made = getattr(request, common.READER, None)
    if isinstance(made, common.Reader):
        made.commit("api")


api = SpravaAPI(
    title="Sprava API",
    version="1",
    description=(
        "Records of the Sprava documentation platform. Authenticate with "
        "`Authorization: Bearer <token>` (`sprava token add USER`). Protected persons are "
        "shown by pseudonym unless your membership grants identity access; every reveal is "
        "written to the custody ledger."
    ),
    auth=TokenAuth(),
    parser=ObjectParser(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    # The docs page (Swagger UI) is served from the `ninja` app's own static files, never a
    # CDN: it runs under the site's Content-Security-Policy (`default-src 'self'`), and a
    # reader's browser tells no third party that it reads this API. Public like the document
    # it renders: it shows the API's shape, no record; "Try it out" needs a token.
    docs=Swagger(settings={
        "validatorUrl": None,  # else the page sends the document's address to swagger.io
        "persistAuthorization": False,  # a pasted token is not kept in the browser
    }),
    docs_url="/docs",
)


def _detail(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def _is_conflict(exc: RecordError) -> bool:
    cause = exc.__cause__
    if isinstance(cause, IntegrityError | ProtectedError | RestrictedError):
        return True
    if isinstance(cause, DjangoValidationError):
        codes = {error.code for error in cause.error_list} if not hasattr(cause, "error_dict") \
            else {e.code for errors in cause.error_dict.values() for e in errors}
        return bool(codes) and codes <= CONFLICT_CODES
    return False


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _detail(request, "a valid API token is required (Authorization: Bearer ...)",
                       401)
    response["WWW-Authenticate"] = 'Bearer realm="sprava"'
    return response


@api.exception_handler(TokenRefused)
def _token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = _detail(request, str(exc), 401)
    response["WWW-Authenticate"] = 'Bearer realm="sprava", error="invalid_token"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, str(exc), 403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, "not found", 404)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, "not found", 404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _detail(request, exc.errors, 400)


@api.exception_handler(RecordError)
def _record_error(request: HttpRequest, exc: RecordError) -> HttpResponse:
    return _detail(request, str(exc), 409 if _is_conflict(exc) else 400)


@api.exception_handler(AccountsError)
def _accounts_error(request: HttpRequest, exc: AccountsError) -> HttpResponse:
    return _detail(request, str(exc), 400)


@api.exception_handler(common.ApiError)
def _api_error(request: HttpRequest, exc: common.ApiError) -> HttpResponse:
    return _detail(request, str(exc), 400)


@api.exception_handler(LawError)
def _law_error(request: HttpRequest, exc: LawError) -> HttpResponse:
    return _detail(request, str(exc), 409 if isinstance(exc, LawConflict) else 400)


@api.exception_handler(common.Conflict)
def _conflict(request: HttpRequest, exc: common.Conflict) -> HttpResponse:
    return _detail(request, str(exc), 409)


api.add_router("/cases", cases.router)
api.add_router("/incidents", cases.incidents)
api.add_router("/acts", records.acts)
api.add_router("/involvements", records.involvements)
api.add_router("/act-types", reference.act_types)
api.add_router("/places", reference.places)
api.add_router("/organisations", reference.organisations)
api.add_router("/persons", people.router)
api.add_router("/positions", people.positions)
api.add_router("/custody-periods", people.custody)
api.add_router("/testimonies", testimony.testimonies)
api.add_router("/consents", testimony.consents)
api.add_router("/evidence", items.router)
api.add_router("/law", framework.router)
api.add_router("", exchange.router)
api.add_router("", law.analysis)  # /cases/{id}/assessments, /assessments/{id}, ...
api.add_router("", command.router)
api.add_router("", derived.router)
api.add_router("", analysis.router)
api.add_router("", jurisdiction.router)  # /cases/{id}/jurisdiction
