"""Who belongs to which case, second factors, login failures and API tokens.

Change these rows through the domain functions (`members`, `totp`, `lockout`, `tokens`), never
directly: each of them writes its custody event in the same transaction as the change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityPolicy(models.Model):
    """Organisation-wide rules an administrator sets; one row (id 1), created on first read."""

    require_two_factor = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "security policy"

    def __str__(self) -> str:
        return f"security policy (two-factor required: {self.require_two_factor})"


class TwoFactorQuerySet(models.QuerySet["TwoFactor"]):
    """The one test of whether an account has two-factor sign-in: a confirmed authenticator.

    An unconfirmed one (enrolment begun, no code proved yet) does not count.
    """

    def enabled(self) -> TwoFactorQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def enabled_for(self, user_id: int) -> bool:
        return self.enabled().filter(user_id=user_id).exists()

    def enabled_user_ids(self) -> models.QuerySet[TwoFactor, int]:
        """The ids of the accounts (of this queryset) that have two-factor sign-in."""
        return self.enabled().values_list("user_id", flat=True)


class TwoFactor(models.Model):
    """A user's TOTP authenticator (RFC 6238). Unconfirmed until the user proves a first code.

    The shared secret is stored as is: the server must compute codes from it, so hashing is not
    possible; it is as safe as the database, like the password hashes beside it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last accepted code: a code is never accepted twice (RFC 6238 §5.2).
    last_timecode = models.BigIntegerField(default=0)

    objects = TwoFactorQuerySet.as_manager()

    def __str__(self) -> str:
        return f"authenticator of {self.user_id}"

    @property
    def enabled(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"], name="recovery_code_lookup")]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class LockScope(models.TextChoices):
    USERNAME = "username", _("User name")
    ADDRESS = "address", _("Client address")


class LoginFailure(models.Model):
    """One failed password or code, counted towards a lock of its user name and its address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    stage = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"failed {self.stage} for {self.username!r} at {self.at:%Y-%m-%d %H:%M}"


class LoginLock(models.Model):
    """Sign-in refused for a user name or a client address until a given time."""

    scope = models.CharField(max_length=16, choices=LockScope.choices)
    key = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "until"], name="login_lock_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key!r} locked until {self.until:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. The secret is shown once; only its SHA-256 is kept.

    The prefix is not secret: it finds the row and names the token in lists and in the ledger.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    # Made behind a second factor (a session that passed it, or the operator for an account
    # that has one). While two-factor is required, a token made on the password alone stays
    # refused, even after its account enrols: whoever held the password may have made it.
    second_factor = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"token {self.prefix} ({self.name})"

    @property
    def active(self) -> bool:
        return self.revoked is None


class SessionState(models.Model):
    """The generation of a user's sessions: raising it ends every session of an older one.

    Each session notes the generation it was signed in under (`sessions.GENERATION`); the
    sign-in backend reads this row with the user in one query, so the check costs nothing.
    A counter, not a time: two events in the same second must still end what came before.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_state"
    )
    generation = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"sessions of {self.user_id}, generation {self.generation}"


class EnrolmentCode(models.Model):
    """A one-time code an administrator gives a user to enrol a phone while 2FA is required.

    Only its SHA-256 is kept. `device` is the authenticator made when the code was presented:
    only that one, shown only to the session that presented the code, may be confirmed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    device = models.ForeignKey(
        TwoFactor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"], name="enrolment_code_lookup")]

    def __str__(self) -> str:
        return f"enrolment code of {self.user_id}"
