"""Granting, changing and revoking case membership: one function per change, each a custody event.

Pages, the API and `sprava member add` call these. When the actor is a user (also at the
command line, `sprava member ... --as USER`), the permission check happens here (a lead of the
case, or an organisation administrator); a string actor is the installation itself (the demo
loader, the instance's own setup) and is trusted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sprava.accounts import permissions
from sprava.accounts.actors import Actor, actor_name, actor_user
from sprava.accounts.errors import MembershipError
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case, Membership, Role
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.rows import history

GRANTED = tags.MEMBERSHIP_GRANTED
CHANGED = tags.MEMBERSHIP_CHANGED
REVOKED = tags.MEMBERSHIP_REVOKED


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise MembershipError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    return role


def _authorise(actor: Actor, case: Case) -> None:
    user = actor_user(actor)
    if user is not None:
        permissions.require(user, Permission.MANAGE_MEMBERS, case)


def _state(membership: Membership) -> dict[str, Any]:
    return {"role": membership.role, "identity_access": membership.identity_access}


def _keeps_a_lead(actor: Actor, membership: Membership, new_role: str | None) -> None:
    """A lead may not leave their case without a lead; administrators and the CLI may."""
    user = actor_user(actor)
    if user is None or permissions.is_administrator(user):
        return
    if membership.role != Role.LEAD or new_role == Role.LEAD:
        return
    others = Membership.objects.filter(case_id=membership.case_id, role=Role.LEAD).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise MembershipError("a case keeps at least one lead; appoint another lead first")


def _write(
    actor: Actor,
    action: str,
    case: Case,
    details: dict[str, Any],
    membership: Membership,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    # The row's whole state too (history.state_details), so `sprava verify` can check it.
    state = history.state_details(membership, before, after)
    log.append(
        [
            Event(
                actor=actor_name(actor),
                action=action,
                case=case.reference,
                details={**state, **details},
                subject=history.subject(membership),
            )
        ]
    )


def _forget(*users: AbstractBaseUser | None) -> None:
    for user in users:
        permissions.forget(user)


def resolve(case_reference: str, username: str) -> tuple[Case, AbstractBaseUser]:
    """The case and the user that `sprava member add CASE USER ROLE` names, or a clear error."""
    case = Case.objects.filter(reference=case_reference).first()
    if case is None:
        raise MembershipError(f"there is no case {case_reference!r}")
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise MembershipError(f"there is no user {username!r}")
    return case, user


def members_of(case: Case) -> QuerySet[Membership]:
    """The memberships of a case with their users, for a members page or `sprava member list`."""
    return Membership.objects.filter(case=case).select_related("user", "granted_by")


def add_member(
    case: Case,
    user: AbstractBaseUser,
    role: str,
    *,
    identity_access: bool = False,
    actor: Actor,
    reason: str = "",
) -> Membership:
    """Make `user` a member of `case` with `role`; raises MembershipError if already one."""
    _authorise(actor, case)
    _check_role(role)
    if not user.is_active:
        raise MembershipError(f"account {user.get_username()!r} is deactivated")
    granter = actor_user(actor)
    with transaction.atomic():
        if Membership.objects.filter(case=case, user_id=user.pk).exists():
            raise MembershipError(
                f"{user.get_username()} is already a member of {case.reference}; "
                "change the membership instead"
            )
        membership = Membership.objects.create(
            case=case,
            user_id=user.pk,
            role=role,
            identity_access=identity_access,
            granted_by_id=None if granter is None else granter.pk,
            granted_at=timezone.now(),
        )
        _write(
            actor,
            GRANTED,
            case,
            {"user": user.get_username(), "reason": reason, **_state(membership)},
            membership,
            None,
            history.snapshot(membership),
        )
    _forget(user, granter)
    return membership


def _membership(case: Case, user: AbstractBaseUser) -> Membership:
    try:
        return Membership.objects.select_for_update().get(case=case, user_id=user.pk)
    except Membership.DoesNotExist:
        raise MembershipError(
            f"{user.get_username()} is not a member of {case.reference}"
        ) from None


def change_member(
    case: Case,
    user: AbstractBaseUser,
    *,
    role: str | None = None,
    identity_access: bool | None = None,
    actor: Actor,
    reason: str = "",
) -> Membership:
    """Change a member's role and/or identity access; changing nothing records nothing."""
    _authorise(actor, case)
    if role is not None:
        _check_role(role)
    with transaction.atomic():
        membership = _membership(case, user)
        before = _state(membership)
        row_before = history.snapshot(membership)
        _keeps_a_lead(actor, membership, role)
        if role is not None:
            membership.role = role
        if identity_access is not None:
            membership.identity_access = identity_access
        after = _state(membership)
        if after == before:
            return membership
        granter = actor_user(actor)
        membership.granted_by_id = None if granter is None else granter.pk
        membership.granted_at = timezone.now()
        membership.save()
        _write(
            actor,
            CHANGED,
            case,
            {"user": user.get_username(), "reason": reason, "before": before, "after": after},
            membership,
            row_before,
            history.snapshot(membership),
        )
    _forget(user, actor_user(actor))
    return membership


def remove_member(case: Case, user: AbstractBaseUser, *, actor: Actor, reason: str = "") -> None:
    """End a membership: from now on the case is invisible to the user."""
    _authorise(actor, case)
    with transaction.atomic():
        membership = _membership(case, user)
        _keeps_a_lead(actor, membership, None)
        state = _state(membership)
        row_before, pk = history.snapshot(membership), membership.pk
        membership.delete()
        membership.pk = pk  # Django clears it on delete; the event still names the row
        _write(
            actor,
            REVOKED,
            case,
            {"user": user.get_username(), "reason": reason, **state},
            membership,
            row_before,
            None,
        )
    _forget(user, actor_user(actor))
