"""The accounts' tables that `sprava verify` checks against the ledger.

Accounts are checked for what decides access (admin and active flags, second factor on or
off, the two-factor policy, memberships with their identity access, API tokens, enrolment codes,
the generation of an account's sessions), not for what
changes at every sign-in or request (last login, the last TOTP step, a token's last use),
which no event records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from sprava.accounts.models import ApiToken, EnrolmentCode, SecurityPolicy, SessionState, TwoFactor
from sprava.cases.models import Membership
from sprava.rows import history
from sprava.rows.audit import Table, constant_origin

USER_FIELDS = ("username", "is_active", "is_staff", "is_superuser")
TWO_FACTOR = "two_factor"


def _two_factor(pks: Sequence[int]) -> Mapping[int, Mapping[str, Any]]:
    enabled = set(TwoFactor.objects.filter(user_id__in=pks).enabled_user_ids())
    return {pk: {TWO_FACTOR: pk in enabled} for pk in pks}


def user_state(user: AbstractBaseUser) -> dict[str, Any]:
    """What an account event records of the account (the state `verify` compares)."""
    values = history.snapshot(user)
    state = {name: values.get(name) for name in USER_FIELDS}
    state[TWO_FACTOR] = TwoFactor.objects.enabled_for(user.pk)
    return state


def two_factor_turned(user: AbstractBaseUser, on: bool) -> dict[str, Any]:
    """Event details that say the account's second factor went on (or off)."""
    return history.state_details(user, {TWO_FACTOR: not on}, {TWO_FACTOR: on})


def tables() -> list[Table]:
    """The accounts' audited tables (`sprava.records.audited.every_table` adds the records')."""
    return [
        Table(Membership),
        Table(ApiToken, ignored=frozenset({"last_used"})),
        # A generation put back would revive the sessions a security change ended.
        Table(SessionState),
        # A code that works enrols a phone. Its authenticator (`device`) is bound when the code
        # is presented, which spends nothing and is no event, and unbound when that
        # authenticator is deleted; the code still works only once, until it expires.
        Table(EnrolmentCode, ignored=frozenset({"device"})),
        Table(get_user_model(), fields=(*USER_FIELDS, TWO_FACTOR), derived=_two_factor),
        # The policy row is made on first read, with its default: no event for that.
        Table(
            SecurityPolicy,
            fields=("require_two_factor",),
            origin=constant_origin({"require_two_factor": False}),
        ),
    ]
