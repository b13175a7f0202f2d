"""Every request that appended to the custody log ends by signing a checkpoint over it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sprava.home import signing
from sprava.integrity.errors import SpravaError
from sprava.ledger import log

logger = logging.getLogger("sprava.ledger")


class CheckpointMiddleware:
    """Outermost, so that it runs after every view and middleware that may append.

    The views' transactions have committed by then (no request-wide transaction), so the
    checkpoint covers exactly what this request committed, and the person is answered a few
    milliseconds later than without it. A failure to sign leaves the write in place (it is
    committed and recorded) and is logged; `verify` reports the tail once older than
    `sprava.ledger.checkpoints.SIGNING_BOUND`. Pages and the API are served alike; a
    streaming response's body is sent after this, so nothing may append while streaming (a
    download records its view before the first byte).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        log.take_appended()  # this thread's earlier work, if any, was signed or reported
        try:
            return self.get_response(request)
        finally:
            try:
                signing.sign_appended()
            except SpravaError as exc:
                logger.error("entries appended by %s are not signed: %s", request.path, exc)
