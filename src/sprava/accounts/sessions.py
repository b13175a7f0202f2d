"""Ending an account's other sessions after a security change (two-factor on, a new password).

Sessions are Django sessions, kept by whatever session engine is set; finding them by user
would mean decoding every one. Instead each session notes the generation of its account's
sessions when it signs in, and `EndedSessionMiddleware` signs out any session whose note is
older than the account's `SessionState.generation`. Raising the generation therefore ends
every session at once, on SQLite and PostgreSQL alike, and on any session engine; the session
that made the change adopts the new generation and goes on. The backend below reads the
generation in the same query as the user, so the check costs no query per request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sprava.accounts.actors import Actor, actor_name
from sprava.accounts.models import SessionState
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

ENDED = tags.SESSIONS_ENDED

# The session's note of the generation it signed in under. A session without one (signed in
# before this existed) counts as generation 0: the first security change ends it too.
GENERATION = "accounts:generation"


class AccountBackend(ModelBackend):
    """Django's model backend, reading the user's session generation with the user."""

    def get_user(self, user_id: Any) -> User | None:
        users = get_user_model()._default_manager.select_related("session_state")
        user = users.filter(pk=user_id).first()
        return user if isinstance(user, User) and self.user_can_authenticate(user) else None


def current_generation(user: AbstractBaseUser) -> int:
    try:
        state = user.session_state  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return 0
    return int(state.generation)


def note_sign_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser,
                 **kwargs: Any) -> None:
    """`user_logged_in` receiver: a new session belongs to the account's current generation."""
    if request is not None and hasattr(request, "session"):
        keep(request, user)


def is_current(request: HttpRequest) -> bool:
    """Whether the signed-in session of `request` was not ended by a later security change."""
    noted = request.session.get(GENERATION, 0)
    return isinstance(noted, int) and noted >= current_generation(request.user)  # type: ignore[arg-type]


def end_sessions(user: AbstractBaseUser, *, actor: Actor, reason: str) -> int:
    """End every session of `user` (from its next request); returns the new generation.

    Call it inside the transaction of the change that warrants it; the front end that made
    the change then calls `keep` so that its own session goes on.
    """
    with transaction.atomic():
        state, created = SessionState.objects.select_for_update().get_or_create(user_id=user.pk)
        # The row's state before and after, so that `sprava verify` notices a generation put
        # back by hand (which would bring ended sessions, a thief's among them, back to life).
        before = None if created else history.snapshot(state)
        SessionState.objects.filter(pk=state.pk).update(
            generation=F("generation") + 1, changed_at=timezone.now()
        )
        state.refresh_from_db()
        generation = state.generation
        log.append(
            [
                Event(
                    actor=actor_name(actor),
                    action=ENDED,
                    details={
                        "user": user.get_username(),
                        "sessions_generation": generation,
                        "reason": reason,
                        **history.state_details(state, before, history.snapshot(state)),
                    },
                    subject=history.subject(state),
                )
            ]
        )
    return int(generation)


def keep(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Let the session of `request` survive the change it just made (and its new generation)."""
    fresh = SessionState.objects.filter(user_id=user.pk).values_list("generation", flat=True)
    request.session[GENERATION] = int(fresh.first() or 0)
