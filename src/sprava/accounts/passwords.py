"""Changing one's password: the current one, a new one Django's validators accept.

A new password is what someone does who fears the old one is known; so it also ends the
account's other sessions and revokes its API tokens. Revoked, not suspended: a token made by
whoever knew the password looks just like the owner's own, a suspended one would wait in the
thief's hands for someone to re-confirm it, and making a new token takes a minute.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from sprava.accounts import sessions, tokens
from sprava.accounts.actors import Actor, actor_name
from sprava.accounts.errors import PasswordError
from sprava.ledger import log
from sprava.ledger.events import Event

CHANGED = "accounts:password:changed"
REASON = "password changed"


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
        user.save(update_fields=["password"])
        log.append(
            [Event(actor=actor_name(actor), action=CHANGED, details={"user": user.get_username()})]
        )
        sessions.end_sessions(user, actor=actor, reason=REASON)
        return tokens.revoke_all(user, actor=actor, reason=REASON)
