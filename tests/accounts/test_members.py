"""Granting, changing and revoking membership: who may, and the custody events each writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User

from sprava.accounts.errors import MembershipError, PermissionDenied
from sprava.accounts.members import (
    add_member,
    change_member,
    members_of,
    remove_member,
    resolve,
)
from sprava.accounts.permissions import Permission, can
from sprava.cases.models import Membership
from sprava.ledger import log
from sprava.ledger.models import Entry
from tests.accounts.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def entries(action: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.body)) for e in Entry.objects.filter(action=action).order_by("seq")]


@pytest.fixture
def newcomer(personas: Personas) -> User:
    return User.objects.create_user("newcomer", password=PASSWORD)


def test_the_lead_grants_a_membership_and_the_ledger_records_it(
    personas: Personas, newcomer: User
) -> None:
    before = log.size()
    membership = add_member(
        personas.case,
        newcomer,
        "investigator",
        actor=personas.lead,
        reason="joins the Akrestsina team",
    )
    assert membership.granted_by == personas.lead
    assert membership.identity_access is False
    assert log.size() == before + 1
    [event] = entries("accounts:membership:granted")[-1:]
    assert event["actor"] == "user:lead"
    assert event["case"] == "akrestsina-2020"
    assert event["details"].items() >= {
        "user": "newcomer",
        "role": "investigator",
        "identity_access": False,
        "reason": "joins the Akrestsina team",
    }.items()
    # and the whole row, under its own name, for `sprava verify`
    assert event["subject"] == event["details"]["record"] == f"accounts.membership:{membership.pk}"
    assert event["details"]["after"]["identity_access"] is False
    assert can(newcomer, Permission.EDIT, personas.case)


@pytest.mark.parametrize(
    "persona", ["viewer", "analyst", "investigator", "lawyer", "outsider", "other_lead"]
)
def test_only_leads_and_administrators_manage_members(
    personas: Personas, newcomer: User, persona: str
) -> None:
    before = log.size()
    with pytest.raises(PermissionDenied):
        add_member(personas.case, newcomer, "viewer", actor=personas[persona])
    with pytest.raises(PermissionDenied):
        change_member(personas.case, personas.viewer, role="lead", actor=personas[persona])
    with pytest.raises(PermissionDenied):
        remove_member(personas.case, personas.viewer, actor=personas[persona])
    assert log.size() == before
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_administrator_manages_members_without_being_one(
    personas: Personas, newcomer: User
) -> None:
    add_member(personas.case, newcomer, "lead", identity_access=True, actor=personas.administrator)
    assert entries("accounts:membership:granted")[-1]["actor"] == "user:administrator"
    assert not can(personas.administrator, Permission.VIEW, personas.case)


def test_the_command_line_is_trusted_and_named_in_the_ledger(
    personas: Personas, newcomer: User
) -> None:
    membership = add_member(personas.other_case, newcomer, "viewer", actor="cli")
    assert membership.granted_by is None
    assert entries("accounts:membership:granted")[-1]["actor"] == "cli"


def test_one_membership_per_case_and_user(personas: Personas) -> None:
    before = log.size()
    with pytest.raises(MembershipError, match="already a member"):
        add_member(personas.case, personas.viewer, "lawyer", actor="cli")
    assert log.size() == before


def test_unknown_roles_and_deactivated_accounts_are_refused(
    personas: Personas, newcomer: User
) -> None:
    with pytest.raises(MembershipError, match="unknown role"):
        add_member(personas.case, newcomer, "owner", actor="cli")
    newcomer.is_active = False
    newcomer.save()
    with pytest.raises(MembershipError, match="deactivated"):
        add_member(personas.case, newcomer, "viewer", actor="cli")


def test_a_change_records_before_and_after(personas: Personas) -> None:
    change_member(
        personas.case, personas.analyst, role="lawyer", identity_access=True, actor=personas.lead
    )
    event = entries("accounts:membership:changed")[-1]
    assert event["details"]["before"] == {"role": "analyst", "identity_access": False}
    assert event["details"]["after"] == {"role": "lawyer", "identity_access": True}
    assert can(personas.analyst, Permission.EXPORT, personas.case)


def test_a_change_to_the_same_values_records_nothing(personas: Personas) -> None:
    before = log.size()
    change_member(personas.case, personas.viewer, role="viewer", actor=personas.lead)
    assert log.size() == before


def test_revoking_hides_the_case_at_once(personas: Personas) -> None:
    viewer = personas.viewer
    assert can(viewer, Permission.VIEW, personas.case)
    remove_member(personas.case, viewer, actor=personas.lead)
    assert not can(viewer, Permission.VIEW, personas.case)
    event = entries("accounts:membership:revoked")[-1]
    assert event["details"]["user"] == "viewer"
    assert event["details"]["role"] == "viewer"
    with pytest.raises(MembershipError, match="not a member"):
        remove_member(personas.case, viewer, actor=personas.lead)


def test_a_case_keeps_a_lead(personas: Personas) -> None:
    with pytest.raises(MembershipError, match="at least one lead"):
        remove_member(personas.case, personas.lead, actor=personas.lead)
    with pytest.raises(MembershipError, match="at least one lead"):
        change_member(personas.case, personas.lead, role="viewer", actor=personas.lead)
    change_member(personas.case, personas.lawyer, role="lead", actor=personas.lead)
    remove_member(personas.case, personas.lead, actor=personas.lead)  # now there is another
    # Administrators and the command line may leave a case without a lead (to rebuild a team).
    remove_member(personas.case, personas.lawyer, actor=personas.administrator)


def test_members_of_lists_the_team(personas: Personas) -> None:
    team = {m.user.username: m.role for m in members_of(personas.case)}
    assert team == {role: role for role in personas.members}


def test_the_command_line_names_case_and_user(personas: Personas) -> None:
    assert resolve("akrestsina-2020", "viewer") == (personas.case, personas.viewer)
    with pytest.raises(MembershipError, match="no case"):
        resolve("nowhere", "viewer")
    with pytest.raises(MembershipError, match="no user"):
        resolve("akrestsina-2020", "nobody")
