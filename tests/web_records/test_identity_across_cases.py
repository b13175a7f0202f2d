"""A protected person's identity is held by the case that protected them: the role form cannot
carry a protected witness into a case where the one who adds them holds identity access."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.members import add_member
from sprava.cases.models import Case
from sprava.records import identity, services
from sprava.records import models as records
from sprava.records.models import Act, Consent, Incident, Involvement, PersonRole
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


def _reads(client: Client, url: str) -> int:
    """The queries of one page, less the custody-log append of the identity reveal."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len([q for q in captured.captured_queries
                if not re.search(r'ledger_treenode|ledger_loghead|INTO "ledger_entry"|SAVEPOINT',
                                 q["sql"])])


def test_the_witness_page_costs_the_same_however_many_cases_refer_to_the_witness(
        world: World, client_of: Any) -> None:
    w = world
    client = client_of("lead")
    url = f"/persons/{w.witness.pk}/"
    services.save_record(PersonRole(person=w.witness, case=w.other_case, role="source"),
                         actor=ACTOR)
    client.get(url)
    few = _reads(client, url)
    # Four more cases, each referring to the witness through another kind of link.
    cases = [Case.objects.create(reference=f"elsewhere-{n}", title=f"Elsewhere {n}")
             for n in range(4)]
    services.save_record(Consent(person=w.witness, case=cases[0], use="tribunal", granted=True,
                                 given_on=datetime.date(2021, 1, 1)), actor=ACTOR)
    services.save_record(records.Testimony(case=cases[1], given_by=w.witness, kind="interview"),
                         actor=ACTOR)
    incident = services.save_record(Incident(case=cases[2], title="Elsewhere"), actor=ACTOR)
    services.save_record(Act(incident=incident, act_type=w.beating, victim=w.witness),
                         actor=ACTOR)
    incident = services.save_record(Incident(case=cases[3], title="Elsewhere too"), actor=ACTOR)
    act = services.save_record(Act(incident=incident, act_type=w.beating, victim=w.other_person),
                               actor=ACTOR)
    services.save_record(Involvement(act=act, perpetrator=w.witness, mode="commission"),
                         actor=ACTOR)
    assert _reads(client, url) == few
    page = text(client.get(url))
    for case in (w.other_case, *cases):
        assert case.reference in page


def test_the_other_cases_of_a_page_of_persons_are_read_in_two_queries(
        world: World, django_assert_num_queries: Any) -> None:
    w = world
    services.save_record(PersonRole(person=w.witness, case=w.other_case, role="source"),
                         actor=ACTOR)
    persons = list(records.Person.objects.order_by("pk"))
    with django_assert_num_queries(2):  # the links of all of them, then their cases
        identity.prefetch_other_cases(persons)
        found = {p.pk: identity.other_cases(p) for p in persons}
    assert found[w.witness.pk] == [w.other_case]
    assert not any(cases for pk, cases in found.items() if pk != w.witness.pk)
    alone = records.Person.objects.get(pk=w.witness.pk)
    with django_assert_num_queries(2):  # one person alone: the same two
        assert identity.other_cases(alone) == [w.other_case]


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
