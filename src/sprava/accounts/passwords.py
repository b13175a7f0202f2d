"""Changing one's password: the current one, a new one Django's validators accept.

A new password is what someone does who fears the old one is known; so it also ends the
account's other sessions and revokes its API tokens. Revoked, not suspended: a token made by
whoever knew the password looks just like the owner's own, a suspended one would wait in the
thief's hands for someone to re-confirm it, and making a new token takes a minute.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from sprava.accounts import sessions, tokens
from sprava.accounts.actors import Actor, actor_name
from sprava.accounts.errors import PasswordError
from sprava.ledger import log, tags
from sprava.ledger.events import Event

CHANGED = tags.PASSWORD_CHANGED
REASON = "password changed"
# Set on the user while `change_password` saves: the hook below then leaves it to that function.
_HANDLED = "_sprava_password_handled"


def change_password(user: User, current: str, new: str, again: str, *,
                    actor: Actor) -> list[str]:
    """Set a new password; returns the prefixes of the tokens this revoked.

    Raises `PasswordError` naming the field at fault: "current" (a wrong password, which the
    front end counts as a failed sign-in), "again" or "new".
    """
    if not user.check_password(current):
        raise PasswordError(gettext("That is not your current password."), field="current")
    if new != again:
        raise PasswordError(gettext("The two new passwords differ."), field="again")
    if new == current:
        raise PasswordError(
            gettext("The new password is the same as the current one."), field="new")
    try:
        validate_password(new, user)
    except ValidationError as exc:
        raise PasswordError(" ".join(exc.messages), field="new") from exc
    with transaction.atomic():
        user.set_password(new)
        setattr(user, _HANDLED, True)
        try:
            user.save(update_fields=["password"])
        finally:
            delattr(user, _HANDLED)
        return _consequences(user, actor=actor)


def _consequences(user: AbstractBaseUser, *, actor: Actor) -> list[str]:
    log.append(
        [Event(actor=actor_name(actor), action=CHANGED, details={"user": user.get_username()})]
    )
    sessions.end_sessions(user, actor=actor, reason=REASON)
    return tokens.revoke_all(user, actor=actor, reason=REASON)


class EndSessionsOnNewPassword:
    """Not a rule for passwords: a hook Django calls after any new password is saved.

    Django calls `password_changed` on every configured validator whenever a user saved after
    `set_password` (the page, `sprava manage changepassword`, a shell), so every such path ends
    the sessions and revokes the tokens as the page does. A user who never signed in and has
    no token (an account just created) has nothing to end.
    """

    def validate(self, password: str, user: object = None) -> None:
        return None

    def get_help_text(self) -> str:
        return ""

    def password_changed(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if user is None or user.pk is None or getattr(user, _HANDLED, False):
            return
        signed_in_once = getattr(user, "last_login", None) is not None
        if not signed_in_once and not tokens.list_tokens(user, include_revoked=False).exists():
            return
        with transaction.atomic():
            _consequences(user, actor="system")
