"""A protected person's identity is held by the case that protected them: the role form cannot
carry a protected witness into a case where the one who adds them holds identity access."""

from __future__ import annotations

import pytest
from django.utils import translation

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.members import add_member
from sprava.records import services
from sprava.records.models import Act, PersonRole
from tests.web_records.conftest import ACTOR, WITNESS_NAME, World, text

pytestmark = pytest.mark.django_db

REFUSAL = "lead of the case that protects"


@pytest.fixture
def insider(world: World, personas) -> World:  # type: ignore[no-untyped-def]
    """The viewer of the witness's case is an investigator with identity access elsewhere."""
    add_member(world.other_case, personas.viewer, "investigator", identity_access=True,
               actor=ACTOR)
    return world


def test_the_role_form_refuses_to_take_a_protected_witness_into_another_case(
        insider: World, client_of) -> None:  # type: ignore[no-untyped-def]
    w = insider
    client = client_of("viewer")
    answer = client.post(f"/roles/new/?person={w.witness.pk}",
                         {"case": w.other_case.pk, "role": "witness", "reason": "x"})
    assert REFUSAL in text(answer)
    assert not PersonRole.objects.filter(person=w.witness, case=w.other_case).exists()
    assert WITNESS_NAME not in text(client.get(f"/persons/{w.witness.pk}/"))


def test_a_role_elsewhere_does_not_unmask_the_witness_on_their_page(
        insider: World, client_of) -> None:  # type: ignore[no-untyped-def]
    w = insider
    services.save_record(PersonRole(person=w.witness, case=w.other_case, role="witness"),
                         actor=ACTOR)
    for persona in ("viewer", "other_lead"):
        assert WITNESS_NAME not in text(client_of(persona).get(f"/persons/{w.witness.pk}/"))


def test_the_protecting_team_sees_the_other_cases_on_the_witness_page(
        insider: World, client_of) -> None:  # type: ignore[no-untyped-def]
    w = insider
    services.save_record(PersonRole(person=w.witness, case=w.other_case, role="witness"),
                         actor=ACTOR)
    page = text(client_of("lead").get(f"/persons/{w.witness.pk}/"))
    assert "Also referred to in" in page
    assert w.other_case.reference in page


def test_the_refusal_is_said_in_the_readers_language(insider: World, personas) -> None:  # type: ignore[no-untyped-def]
    role = PersonRole(person=insider.witness, case=insider.other_case, role="witness")
    with translation.override("be"), pytest.raises(PermissionDenied) as refused:
        permissions.require_links(personas.viewer, role)
    assert "толькі кіраўнік справы, якая яе абараняе" in str(refused.value)
    assert "W-0001" in str(refused.value)


def test_the_act_form_refuses_a_protected_victim_from_another_case(
        insider: World, client_of) -> None:  # type: ignore[no-untyped-def]
    w = insider
    answer = client_of("viewer").post(f"/acts/new/?incident={w.other_incident.pk}", {
        "incident": w.other_incident.pk, "act_type": w.beating.pk, "date_precision": "day",
        "victim": f"P-{w.witness.pk:06d}"})
    assert REFUSAL in text(answer)
    assert not Act.objects.filter(victim=w.witness, incident=w.other_incident).exists()
    assert not PersonRole.objects.filter(person=w.witness, case=w.other_case).exists()
