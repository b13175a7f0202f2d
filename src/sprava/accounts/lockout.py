"""Pausing sign-in after repeated failures, per user name and per client address.

A failure is a wrong password or a wrong second-factor code. When a user name collects
SPRAVA_LOCKOUT_ATTEMPTS failures (default 5) within SPRAVA_LOCKOUT_WINDOW_SECONDS (default 15
minutes), sign-in under that name is refused for SPRAVA_LOCKOUT_SECONDS (default 15 minutes),
even with the right password; the same for a client address at SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS
(default 20: an office or a proxy puts many honest people behind one address). Each lock is a
custody event. Attempts during a lock are refused unchecked and not counted, so nobody can
keep a colleague locked out for longer than one lock at a time per five guesses.

Unknown user names are counted and locked like real ones: the answer never tells which exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from sprava.accounts import permissions
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import LockedOut
from sprava.accounts.models import LockScope, LoginFailure, LoginLock
from sprava.accounts.permissions import Permission
from sprava.ledger import log, tags
from sprava.ledger.events import Event

LOCKED = tags.LOGIN_LOCKED
UNLOCKED = tags.LOGIN_UNLOCKED


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def attempts() -> int:
    return _setting("SPRAVA_LOCKOUT_ATTEMPTS", 5)


def address_attempts() -> int:
    return _setting("SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS", 20)


def window() -> timedelta:
    return timedelta(seconds=_setting("SPRAVA_LOCKOUT_WINDOW_SECONDS", 15 * 60))


def duration() -> timedelta:
    return timedelta(seconds=_setting("SPRAVA_LOCKOUT_SECONDS", 15 * 60))


def username_key(username: str) -> str:
    # Case-folded: "Dana" and "dana" share one counter, whichever of them exists.
    return username.strip().lower()[:150]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets.

    Behind a reverse proxy, set SPRAVA_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP"); otherwise
    every visitor has the proxy's address and one attacker would lock everyone out. For
    X-Forwarded-For the last entry is taken: the one the proxy itself appended.
    """
    header = str(getattr(settings, "SPRAVA_CLIENT_IP_HEADER", "") or "REMOTE_ADDR")
    value = str(request.META.get(header) or request.META.get("REMOTE_ADDR") or "")
    return value.split(",")[-1].strip()[:64] or "unknown"


def _keys(username: str, address: str) -> list[tuple[LockScope, str]]:
    return [(LockScope.USERNAME, username_key(username)), (LockScope.ADDRESS, address)]


def locked_until(username: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the lock on this user name or address ends; None if sign-in is open."""
    now = now or timezone.now()
    latest: datetime | None = None
    for scope, key in _keys(username, address):
        until = LoginLock.objects.filter(scope=scope, key=key, until__gt=now).aggregate(
            Max("until")
        )["until__max"]
        if until is not None and (latest is None or until > latest):
            latest = until
    return latest


def check(username: str, address: str) -> None:
    """Raise LockedOut if sign-in is paused for this user name or this address."""
    until = locked_until(username, address)
    if until is not None:
        raise LockedOut(until)


def _failures_since_last_lock(scope: str, key: str, now: datetime) -> int:
    since = now - window()
    last_lock = LoginLock.objects.filter(scope=scope, key=key).aggregate(Max("created_at"))
    if last_lock["created_at__max"] is not None and last_lock["created_at__max"] > since:
        # Failures that caused the previous lock are spent: after it, counting starts afresh.
        since = last_lock["created_at__max"]
    if scope == LockScope.USERNAME:
        return LoginFailure.objects.filter(username=key, at__gt=since).count()
    return LoginFailure.objects.filter(address=key, at__gt=since).count()


def record_failure(username: str, address: str, *, stage: str = "password") -> datetime | None:
    """Count one failed attempt; returns the end of the lock if sign-in is now paused."""
    now = timezone.now()
    key = username_key(username)
    limits = {LockScope.USERNAME: attempts(), LockScope.ADDRESS: address_attempts()}
    until: datetime | None = None
    with transaction.atomic():
        LoginFailure.objects.filter(at__lt=now - window()).delete()
        LoginLock.objects.filter(until__lt=now - window()).delete()
        LoginFailure.objects.create(username=key, address=address, stage=stage, at=now)
        for scope, scope_key in _keys(username, address):
            if _failures_since_last_lock(scope, scope_key, now) < limits[scope]:
                continue
            # Created at the time of the failure that caused it: from here, counting restarts.
            lock = LoginLock.objects.create(
                scope=scope, key=scope_key, created_at=now, until=now + duration()
            )
            until = lock.until if until is None else max(until, lock.until)
            log.append(
                [
                    Event(
                        actor="system",
                        action=LOCKED,
                        details={
                            "scope": str(scope),
                            "key": scope_key,
                            "stage": stage,
                            "until": lock.until.isoformat(),
                            "attempts": limits[scope],
                        },
                    )
                ]
            )
    return until


def record_success(username: str) -> None:
    """A full sign-in succeeded: the user name's failures no longer count against it.

    The rows stay, without their user name, so they still count against the address.
    """
    LoginFailure.objects.filter(username=username_key(username)).update(username="")


def unlock(username: str, *, actor: Actor) -> int:
    """End a user name's lock early (an administrator, after checking with the person)."""
    who = actor_user(actor)
    if who is not None:
        permissions.require(who, Permission.ADMINISTER)
    key = username_key(username)
    with transaction.atomic():
        ended = LoginLock.objects.filter(
            scope=LockScope.USERNAME, key=key, until__gt=timezone.now()
        ).update(until=timezone.now())
        record_success(key)
        if ended:
            log.append(
                [
                    Event(
                        actor=actor_name(actor),
                        action=UNLOCKED,
                        details={"scope": str(LockScope.USERNAME), "key": key},
                    )
                ]
            )
    return ended
