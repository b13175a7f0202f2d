"""Errors of the accounts app, all in Sprava's one hierarchy."""

from __future__ import annotations

from datetime import datetime

from sprava.integrity.errors import SpravaError


class AccountsError(SpravaError):
    """An accounts operation could not be done as asked."""


class PermissionDenied(AccountsError):
    """The user may not do this (in this case). Front ends answer 403, or 404 to hide a case."""


class MembershipError(AccountsError):
    """A membership could not be granted, changed or revoked as asked."""


class TwoFactorError(AccountsError):
    """A second factor could not be enrolled, confirmed or used."""


class TokenError(AccountsError):
    """An API token could not be created or revoked."""


class TokenRefused(AccountsError):
    """A valid token that a rule stops working (two-factor required). The API answers 401."""


class PasswordError(AccountsError):
    """A password could not be changed as asked; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class LockedOut(AccountsError):
    """Sign-in is paused for this user name or client address after repeated failures."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"sign-in is paused until {until:%H:%M} UTC after repeated failures")
        self.until = until
