"""Organisation-wide security rules an administrator sets (today: whether 2FA is required)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import TwoFactorError
from sprava.accounts.models import SecurityPolicy, TwoFactor
from sprava.accounts.permissions import Permission
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

POLICY_CHANGED = tags.POLICY_CHANGED


def two_factor_required() -> bool:
    """Whether every user must use a second factor: the policy row, or a deployment setting.

    The setting (SPRAVA_REQUIRE_TWO_FACTOR) lets an installation insist regardless of the row.
    """
    if getattr(settings, "SPRAVA_REQUIRE_TWO_FACTOR", False):
        return True
    flag = SecurityPolicy.objects.filter(pk=1).values_list("require_two_factor", flat=True)
    return bool(flag.first())


def set_two_factor_required(required: bool, *, actor: Actor) -> SecurityPolicy:
    """Require (or stop requiring) a second factor for everyone; administrators only.

    An administrator without a second factor may not require one: they would be sent to
    enrol at once, and could enrol only with a code from another administrator or the
    operator (`sprava user enrol-code`).
    """
    user = actor_user(actor)
    if user is not None:
        permissions.require(user, Permission.ADMINISTER)
        if required and not TwoFactor.objects.enabled_for(user.pk):
            raise TwoFactorError(
                gettext("turn on your own two-factor sign-in before requiring it of everyone"))
    with transaction.atomic():
        policy, _ = SecurityPolicy.objects.select_for_update().get_or_create(pk=1)
        if policy.require_two_factor == required:
            return policy
        policy.require_two_factor = required
        policy.updated_by_id = None if user is None else user.pk
        policy.save()
        log.append(
            [
                Event(
                    actor=actor_name(actor),
                    action=POLICY_CHANGED,
                    details={
                        "require_two_factor": required,
                        **history.state_details(
                            policy,
                            {"require_two_factor": not required},
                            {"require_two_factor": required},
                        ),
                    },
                    subject=history.subject(policy),
                )
            ]
        )
    return policy
