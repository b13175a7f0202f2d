"""The central permission check: every role × permission, default deny, cheap per request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from sprava.accounts import permissions
from sprava.accounts.members import add_member, change_member
from sprava.accounts.permissions import (
    Permission,
    PermissionDenied,
    can,
    cases_where,
    filter_visible,
    has_identity_access,
    identity_case_ids,
    require,
    sees_identity,
    visible_cases,
)
from sprava.cases.models import Case
from sprava.integrity.errors import SpravaError
from sprava.records import models as records_models
from sprava.records.models import Act, ActType, Incident, Person, PersonRole
from tests.accounts.conftest import PERSONA_NAMES, Personas

pytestmark = pytest.mark.django_db

P = Permission
# Not imported by its own name: pytest would take a class called Test... for a test.
Statement = records_models.Testimony
# Written out rather than derived from ROLE_PERMISSIONS: a change to the table must show here.
EXPECTED: dict[str, set[Permission]] = {
    "outsider": set(),
    "administrator": {P.MANAGE_MEMBERS, P.ADMINISTER},
    "viewer": {P.VIEW},
    "analyst": {P.VIEW, P.ANALYSE},
    "investigator": {P.VIEW, P.EDIT},
    "lawyer": {P.VIEW, P.EDIT, P.ANALYSE, P.CONCLUDE, P.EXPORT},
    "lead": {P.VIEW, P.EDIT, P.ANALYSE, P.CONCLUDE, P.EXPORT, P.MANAGE_MEMBERS,
             P.REVEAL_IDENTITY},
}


@pytest.mark.parametrize("perm", list(Permission))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_permission_matrix(personas: Personas, persona: str, perm: Permission) -> None:
    user = personas[persona]
    allowed = perm in EXPECTED[persona]
    assert can(user, perm, personas.case) is allowed
    assert can(user, perm, personas.case.pk) is allowed  # by id, as the API passes it
    if allowed:
        require(user, perm, personas.case)
    else:
        with pytest.raises(PermissionDenied):
            require(user, perm, personas.case)


@pytest.mark.parametrize("persona", ["viewer", "analyst", "investigator", "lawyer", "lead"])
@pytest.mark.parametrize("perm", [p for p in Permission if p is not Permission.ADMINISTER])
def test_members_of_one_case_may_do_nothing_in_another(
    personas: Personas, persona: str, perm: Permission
) -> None:
    assert not can(personas[persona], perm, personas.other_case)


def test_the_error_is_a_sprava_error_naming_who_and_where(personas: Personas) -> None:
    with pytest.raises(SpravaError, match="viewer may not edit in case akrestsina-2020"):
        require(personas.viewer, Permission.EDIT, personas.case)


def test_outsider_sees_no_case(personas: Personas) -> None:
    assert list(visible_cases(personas.outsider)) == []
    assert identity_case_ids(personas.outsider) == set()


def test_members_see_their_case_only(personas: Personas) -> None:
    for user in personas.members.values():
        assert list(visible_cases(user)) == [personas.case]
    assert list(visible_cases(personas.other_lead)) == [personas.other_case]


def test_administrators_are_not_members_by_default(personas: Personas) -> None:
    admin = personas.administrator
    assert list(visible_cases(admin)) == []
    assert not can(admin, Permission.VIEW, personas.case)
    assert not has_identity_access(admin, personas.case)
    assert can(admin, Permission.ADMINISTER)
    assert list(cases_where(admin, Permission.MANAGE_MEMBERS)) == [
        personas.case,
        personas.other_case,
    ]


def test_an_administrator_who_joins_a_case_sees_it_by_role(personas: Personas) -> None:
    admin = personas.administrator
    add_member(personas.case, admin, "viewer", actor=admin)
    assert list(visible_cases(admin)) == [personas.case]
    assert can(admin, Permission.VIEW, personas.case)
    assert not can(admin, Permission.EDIT, personas.case)


def test_organisation_permissions_need_an_administrator(personas: Personas) -> None:
    for name in PERSONA_NAMES:
        assert can(personas[name], Permission.ADMINISTER) is (name == "administrator")
    with pytest.raises(PermissionDenied):
        require(personas.lead, Permission.ADMINISTER)


@pytest.mark.parametrize("perm", list(Permission))
def test_anonymous_and_deactivated_users_may_do_nothing(
    personas: Personas, perm: Permission
) -> None:
    personas.lead.is_active = False
    personas.lead.save()
    lead = User.objects.get(pk=personas.lead.pk)
    for user in (AnonymousUser(), lead, None):
        assert not can(user, perm, personas.case)
        assert list(visible_cases(user)) == []
        assert list(filter_visible(user, Case.objects.all(), "pk")) == []


def test_identity_access_is_granted_per_membership_not_by_role(personas: Personas) -> None:
    assert has_identity_access(personas.lead, personas.case)
    assert not has_identity_access(personas.lawyer, personas.case)
    change_member(personas.case, personas.viewer, identity_access=True, actor="test")
    assert has_identity_access(personas.viewer, personas.case)
    assert identity_case_ids(personas.viewer) == {personas.case.pk}
    assert identity_case_ids(personas.lead) == {personas.case.pk}
    # Identity access counts only in the case that protects the person (the identity rule).
    ours = Person(protected=True, protecting_case=personas.case)
    theirs = Person(protected=True, protecting_case=personas.other_case)
    assert sees_identity(personas.lead, ours) and not sees_identity(personas.lead, theirs)
    assert not sees_identity(personas.lawyer, ours)
    assert list(cases_where(personas.viewer, Permission.REVEAL_IDENTITY)) == [personas.case]


def test_cases_where_follows_the_role(personas: Personas) -> None:
    assert list(cases_where(personas.lawyer, Permission.EXPORT)) == [personas.case]
    assert list(cases_where(personas.investigator, Permission.EXPORT)) == []
    assert list(cases_where(personas.lead, Permission.ADMINISTER)) == []


@pytest.fixture
def records(personas: Personas) -> dict[str, object]:
    """One of each record in both cases; one person has roles in both."""
    kind, _ = ActType.objects.get_or_create(code="beating", defaults={"label_en": "Beating"})
    made: dict[str, object] = {}
    for label, case in (("ours", personas.case), ("theirs", personas.other_case)):
        incident = Incident.objects.create(case=case, title=f"incident {label}")
        victim = Person.objects.create()
        PersonRole.objects.create(person=victim, case=case, role="victim")
        PersonRole.objects.create(person=victim, case=case, role="witness")
        made[f"incident_{label}"] = incident
        made[f"act_{label}"] = Act.objects.create(incident=incident, act_type=kind, victim=victim)
        made[f"person_{label}"] = victim
        made[f"testimony_{label}"] = Statement.objects.create(case=case, kind="interview")
    shared = Person.objects.create()
    PersonRole.objects.create(person=shared, case=personas.case, role="witness")
    PersonRole.objects.create(person=shared, case=personas.other_case, role="victim")
    made["shared"] = shared
    return made


def test_filter_visible_follows_each_path_to_the_case(
    personas: Personas, records: dict[str, object]
) -> None:
    viewer = personas.viewer
    assert list(filter_visible(viewer, Incident.objects.all())) == [records["incident_ours"]]
    assert list(filter_visible(viewer, Statement.objects.all())) == [records["testimony_ours"]]
    assert list(filter_visible(viewer, Act.objects.all(), "incident__case")) == [
        records["act_ours"]
    ]
    assert list(filter_visible(viewer, Case.objects.all(), "pk")) == [personas.case]
    # Several roles in visible cases must not repeat a person.
    persons = list(filter_visible(viewer, Person.objects.order_by("id"), "roles__case"))
    assert persons == [records["person_ours"], records["shared"]]


def test_filter_visible_hides_everything_from_outsiders_and_administrators(
    personas: Personas, records: dict[str, object]
) -> None:
    for user in (personas.outsider, personas.administrator):
        assert not filter_visible(user, Incident.objects.all()).exists()
        assert not filter_visible(user, Act.objects.all(), "incident__case").exists()
        assert not filter_visible(user, Person.objects.all(), "roles__case").exists()


def test_filter_visible_keeps_the_callers_query_lazy_and_chainable(
    personas: Personas, records: dict[str, object]
) -> None:
    query = filter_visible(personas.viewer, Person.objects.all(), "roles__case")
    assert query.filter(protected=False).count() == 2
    with CaptureQueriesContext(connection) as queries:
        list(filter_visible(personas.viewer, Act.objects.all(), "incident__case"))
    assert len(queries) == 1


def test_filter_visible_refuses_a_path_that_leads_nowhere(personas: Personas) -> None:
    with pytest.raises(ValueError, match="no path"):
        filter_visible(personas.viewer, Act.objects.all(), "case")


def test_many_checks_cost_one_query_per_user_object(personas: Personas) -> None:
    user = User.objects.get(pk=personas.lawyer.pk)
    with CaptureQueriesContext(connection) as queries:
        for perm in Permission:
            can(user, perm, personas.case)
            can(user, perm, personas.other_case)
        has_identity_access(user, personas.case)
        identity_case_ids(user)
    assert len(queries) == 1


def test_membership_changes_through_the_domain_functions_are_seen_at_once(
    personas: Personas,
) -> None:
    viewer = personas.viewer
    assert not can(viewer, Permission.EDIT, personas.case)
    change_member(personas.case, viewer, role="investigator", actor="test")
    assert can(viewer, Permission.EDIT, personas.case)


def test_forget_drops_what_a_long_lived_user_object_knew(personas: Personas) -> None:
    viewer = User.objects.get(pk=personas.viewer.pk)
    assert can(viewer, Permission.VIEW, personas.case)
    add_member(personas.other_case, personas.viewer, "viewer", actor="test")  # another object
    assert not can(viewer, Permission.VIEW, personas.other_case)
    permissions.forget(viewer)
    assert can(viewer, Permission.VIEW, personas.other_case)


def test_filter_visible_takes_several_paths(personas: Personas, records: dict[str, object]) -> None:
    # A victim recorded only through an act (no role in the case) is reached by the second path.
    unlisted = Person.objects.create()
    act = records["act_ours"]
    assert isinstance(act, Act)
    act.victim = unlisted
    act.save()
    paths = ("roles__case", "acts_suffered__incident__case")
    persons = set(filter_visible(personas.viewer, Person.objects.all(), paths))
    assert persons == {records["person_ours"], records["shared"], unlisted}
    assert filter_visible(personas.viewer, Person.objects.all(), paths).count() == 3
    assert not filter_visible(personas.outsider, Person.objects.all(), paths).exists()
    with pytest.raises(ValueError, match="no path"):
        filter_visible(personas.viewer, Person.objects.all(), ("roles__case", "nowhere"))


def test_forget_works_through_the_lazy_request_user(personas: Personas) -> None:
    lazy = SimpleLazyObject(lambda: User.objects.get(pk=personas.viewer.pk))
    assert can(lazy, Permission.VIEW, personas.case)  # type: ignore[arg-type]
    add_member(personas.other_case, personas.viewer, "viewer", actor="test")
    permissions.forget(lazy)  # type: ignore[arg-type]
    assert can(lazy, Permission.VIEW, personas.other_case)  # type: ignore[arg-type]
