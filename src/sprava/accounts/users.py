"""Creating accounts: one function behind `sprava user add`, first start and the admin pages."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from sprava.accounts.audited import user_state
from sprava.integrity.errors import SpravaError
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history


class UserError(SpravaError):
    """An account could not be created as asked."""


def create_user(
    username: str, password: str, *, admin: bool = False, actor: str = "system"
) -> AbstractUser:
    User = get_user_model()
    username = username.strip()
    if not username:
        raise UserError("a user name is required")
    if User.objects.filter(username=username).exists():
        raise UserError(f"user {username!r} exists already")
    candidate = User(username=username)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise UserError("password refused: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, is_staff=admin, is_superuser=admin
        )
        log.append(
            [
                Event(
                    actor=actor,
                    action=tags.USER_CREATED,
                    details={
                        "username": username,
                        "admin": admin,
                        **history.state_details(user, None, user_state(user)),
                    },
                    subject=history.subject(user),
                )
            ]
        )
    assert isinstance(user, AbstractUser)
    return user


def generate_password() -> str:
    return secrets.token_urlsafe(18)
