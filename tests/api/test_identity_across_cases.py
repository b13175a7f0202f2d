"""A protected person's identity is held by the case that protected them, not by every case that
comes to refer to them.

The attack: the viewer of the personas' case (no identity access there) is an investigator with
identity access in another case. They give the personas' protected witness a role in that other
case, and would then read the witness's real name there, without the protecting team knowing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from sprava.accounts.members import add_member
from sprava.records import models as records
from sprava.records import services
from sprava.records.models import Act, Consent, Involvement, Person, PersonRole
from tests.api.conftest import ACTOR, SECRET_NAME, ApiClient, World, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def insider(world: World) -> World:
    """The viewer of the personas' case is also an investigator, with identity access, in the
    other team's case."""
    add_member(world.personas.other_case, world.personas.viewer, "investigator",
               identity_access=True, actor=ACTOR)
    return world


def test_identity_access_in_another_case_does_not_unmask_a_protected_witness(
        insider: World) -> None:
    w = insider
    client = w.client("viewer")
    added = client.post(f"/persons/{w.witness.pk}/roles",
                        {"case": w.personas.other_case.reference, "role": "witness"})
    assert added.status_code == 403
    assert "lead of the case that protects" in added.json()["detail"]
    assert not PersonRole.objects.filter(person=w.witness, case=w.personas.other_case).exists()
    assert SECRET_NAME not in client.get(f"/persons/{w.witness.pk}").content.decode()


def test_a_role_given_elsewhere_by_the_protecting_lead_does_not_unmask_either(
        insider: World) -> None:
    w = insider
    add_member(w.personas.other_case, w.personas.lead, "investigator", actor=ACTOR)
    added = w.client("lead").post(f"/persons/{w.witness.pk}/roles",
                                  {"case": w.personas.other_case.reference, "role": "witness"})
    assert added.status_code == 201
    # The other case now refers to the witness; its identity access does not reach them.
    for persona in ("viewer", "other_lead"):
        body = w.client(persona).get(f"/persons/{w.witness.pk}").json()
        assert body["identity_hidden"] is True
        assert SECRET_NAME not in str(body)


@pytest.mark.parametrize("link", ["testimony", "consent", "act", "involvement"])
def test_no_other_link_takes_a_protected_person_into_another_case(insider: World,
                                                                  link: str) -> None:
    w = insider
    other = w.personas.other_case.reference
    client = w.client("viewer")
    incident = w.other_incident.pk
    if link == "testimony":
        answer = client.post("/testimonies", {"case": other, "given_by": w.witness.pk,
                                              "kind": "interview", "transcript": "x"})
    elif link == "consent":
        answer = client.post("/consents", {"person": w.witness.pk, "case": other,
                                           "use": "tribunal", "granted": True,
                                           "given_on": "2021-01-01"})
    elif link == "act":
        answer = client.post("/acts", {"incident": incident, "act_type": "torture",
                                       "victim": w.witness.pk})
    else:
        act = services.save_record(
            type(w.act)(incident=w.other_incident, act_type=w.act_type, victim=w.other_person,
                        start_date=datetime.date(2021, 1, 1)), actor=ACTOR)
        answer = client.post("/involvements", {"act": act.pk, "perpetrator": w.witness.pk,
                                               "mode": "commission"})
    assert answer.status_code == 403, answer.content


def test_the_protecting_team_sees_every_other_case_that_refers_to_its_witness(
        insider: World) -> None:
    w = insider
    services.save_record(PersonRole(person=w.witness, case=w.personas.other_case,
                                    role="source"), actor=ACTOR)
    body = w.client("lead").get(f"/persons/{w.witness.pk}").json()
    assert body["protecting_case"] == w.personas.case.reference
    assert body["other_cases"] == [w.personas.other_case.reference]
    hidden = w.client("viewer").get(f"/persons/{w.witness.pk}").json()
    assert hidden["other_cases"] == []


def _reads(client: ApiClient, path: str) -> tuple[int, dict[str, list[str]]]:
    """The queries of one list, less the custody-log append of the identity reveal (its cost
    depends on the size of the log, not on the list), and each person's other cases."""
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path)
    assert answer.status_code == 200, answer.content
    reads = [q for q in captured.captured_queries
             if not re.search(r'ledger_treenode|ledger_loghead|INTO "ledger_entry"|SAVEPOINT',
                              q["sql"])]
    return len(reads), {p["reference"]: p["other_cases"] for p in answer.json()["items"]}


def test_the_protecting_teams_list_of_persons_costs_the_same_however_many_are_protected(
        world: World) -> None:
    """Which other cases refer to each protected person is read for the whole page at once,
    not in queries of its own per person (an N+1 on the protecting team's lists)."""
    w = world
    client = w.client("lead")
    other = w.personas.other_case
    client.get("/persons")  # the first use of a token writes its time of use
    few, _ = _reads(client, "/persons")
    # Four more protected persons, each referred to by the other team's case through another
    # of the links that take a person into a case.
    links: list[Callable[[Person], Model]] = [
        lambda p: PersonRole(person=p, case=other, role="source"),
        lambda p: Consent(person=p, case=other, use="tribunal", granted=True,
                          given_on=datetime.date(2021, 1, 1)),
        lambda p: records.Testimony(case=other, given_by=p, kind="interview"),
        lambda p: Act(incident=w.other_incident, act_type=w.act_type, victim=p),
    ]
    protected = []
    for number, link in enumerate(links):
        someone = person(f"Protected Witness {number}", w.personas.case, "witness",
                         protected=True)
        services.save_record(link(someone), actor=ACTOR)
        protected.append(someone)
    perpetrated = services.save_record(
        Act(incident=w.other_incident, act_type=w.act_type, victim=w.other_person), actor=ACTOR)
    services.save_record(Involvement(act=perpetrated, perpetrator=protected[0],
                                     mode="commission"), actor=ACTOR)
    many, others = _reads(client, "/persons")
    assert many == few
    for someone in protected:
        assert others[someone.reference] == [other.reference], someone.reference
    assert others[w.witness.reference] == []


def test_a_csv_import_cannot_take_a_protected_witness_into_another_case(world: World) -> None:
    """Identity access in the witness's case is not enough: only its lead may take them away."""
    w = world
    add_member(w.personas.case, w.personas.other_lead, "investigator", identity_access=True,
               actor=ACTOR)
    rows = (f"act_type,incident_id,victim_id\ntorture,{w.other_incident.pk},{w.witness.pk}\n")
    answer = w.client("other_lead").http.post(
        f"/api/v1/cases/{w.personas.other_case.pk}/import/acts?dry_run=false",
        {"file": SimpleUploadedFile("rows.csv", rows.encode(), "text/csv")})
    assert answer.status_code == 200, answer.content
    assert answer.json()["rows"][0]["outcome"] == "rejected"
    assert not Act.objects.filter(victim=w.witness, incident=w.other_incident).exists()
    assert not PersonRole.objects.filter(person=w.witness, case=w.personas.other_case).exists()


def test_the_protecting_case_keeps_a_role_while_others_refer_to_the_person(
        insider: World) -> None:
    w = insider
    services.save_record(PersonRole(person=w.witness, case=w.personas.other_case,
                                    role="source"), actor=ACTOR)
    own = w.witness.roles.get(case=w.personas.case)
    answer = w.client("lead").delete(f"/persons/{w.witness.pk}/roles/{own.pk}")
    assert answer.status_code in (400, 409), answer.content
    assert "holds the protected person's identity" in answer.json()["detail"]
    assert w.witness.roles.filter(case=w.personas.case).exists()


def _import(w: World, persona: str, kind: str, rows: str, case: int) -> list[dict[str, Any]]:
    """The rows of the report of a real import through the API."""
    answer = w.client(persona).http.post(
        f"/api/v1/cases/{case}/import/{kind}?dry_run=false",
        {"file": SimpleUploadedFile("rows.csv", rows.encode(), "text/csv")})
    assert answer.status_code == 200, answer.content
    report: list[dict[str, Any]] = answer.json()["rows"]
    return report


@pytest.mark.parametrize("kind", ["persons", "acts"])
def test_an_import_matching_a_protected_witness_elsewhere_is_refused_and_says_whom_to_ask(
        world: World, kind: str) -> None:
    """Who sees the witness's identity but is not the protecting case's lead is told so, as the
    role form tells them; the row neither makes a second, unprotected record of the witness
    under their real name nor takes the witness into the other case."""
    w = world
    add_member(w.personas.case, w.personas.other_lead, "investigator", identity_access=True,
               actor=ACTOR)
    rows = (f"name,birth_date,role\n{SECRET_NAME},1985,witness\n" if kind == "persons" else
            f"act_type,incident_id,victim_name,victim_birth_date\n"
            f"torture,{w.other_incident.pk},{SECRET_NAME},1985\n")
    [row] = _import(w, "other_lead", kind, rows, w.personas.other_case.pk)
    assert row["outcome"] == "rejected"
    assert "lead of the case that protects" in " ".join(row["messages"])
    assert not PersonRole.objects.filter(person=w.witness, case=w.personas.other_case).exists()
    assert not Person.objects.filter(names__text=SECRET_NAME).exclude(pk=w.witness.pk).exists()


def test_the_protecting_lead_may_import_their_witness_into_another_case(world: World) -> None:
    w = world
    add_member(w.personas.other_case, w.personas.lead, "investigator", actor=ACTOR)
    [row] = _import(w, "lead", "persons", f"name,birth_date,role\n{SECRET_NAME},1985,source\n",
                    w.personas.other_case.pk)
    assert row["outcome"] == "matched" and row["record"] == w.witness.reference
    assert PersonRole.objects.filter(person=w.witness, case=w.personas.other_case,
                                     role="source").exists()
