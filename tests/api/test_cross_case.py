"""The API's answer to a record of another team's case reached through a shared record: 404.

The same rule as the pages (`tests/web_records/test_cross_case.py`), from the same declaration
(`permissions.CASE_PATHS`): a person with roles in both teams' cases is seen by both, but a
consent given for the other team's case, the person's role there, a testimony or an involvement
recorded there are the other team's alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from sprava.records import services
from sprava.records.models import (
    Act,
    Consent,
    CustodyPeriod,
    Involvement,
    Person,
    PersonRole,
    Position,
    Testimony,
)
from tests.api.conftest import ACTOR, ApiClient, World, person

pytestmark = pytest.mark.django_db


@dataclass
class Theirs:
    world: World
    shared: Person
    consent: Consent
    role: PersonRole
    testimony: Testimony
    act: Act
    involvement: Involvement
    custody: CustodyPeriod
    position: Position


@pytest.fixture
def theirs(world: World) -> Theirs:
    save = services.save_record
    case, other = world.personas.case, world.personas.other_case
    shared = person("Shared Victim", case, "victim")
    role = save(PersonRole(person=shared, case=other, role="witness"), actor=ACTOR)
    consent = save(Consent(person=shared, case=other, use="tribunal", granted=True,
                           given_on=datetime.date(2022, 1, 1), scope="only the other team's"),
                   actor=ACTOR)
    testimony = save(Testimony(case=other, given_by=shared, kind="interview",
                               transcript="Told only to the other team."), actor=ACTOR)
    act = save(Act(incident=world.other_incident, act_type=world.act_type,
                   victim=world.other_person), actor=ACTOR)
    involvement = save(Involvement(act=act, perpetrator=shared,
                                   organisation=world.organisation, mode="commission"),
                       actor=ACTOR)
    custody = save(CustodyPeriod(person=world.other_person, place=world.place), actor=ACTOR)
    position = save(Position(person=world.other_person, organisation=world.organisation,
                             title="Guard"), actor=ACTOR)
    return Theirs(world, shared, consent, role, testimony, act, involvement, custody, position)


Call = tuple[str, Callable[[Theirs], str], Callable[[Theirs], dict[str, Any]] | None]

ATTACKS: list[Call] = [
    ("get", lambda t: f"/consents/{t.consent.pk}", None),
    ("patch", lambda t: f"/consents/{t.consent.pk}", lambda t: {"scope": "planted"}),
    ("delete", lambda t: f"/consents/{t.consent.pk}", None),
    ("delete", lambda t: f"/persons/{t.shared.pk}/roles/{t.role.pk}", None),
    ("get", lambda t: f"/testimonies/{t.testimony.pk}", None),
    ("patch", lambda t: f"/testimonies/{t.testimony.pk}", lambda t: {"transcript": "planted"}),
    ("delete", lambda t: f"/testimonies/{t.testimony.pk}", None),
    ("get", lambda t: f"/involvements/{t.involvement.pk}", None),
    ("patch", lambda t: f"/involvements/{t.involvement.pk}", lambda t: {"basis": "planted"}),
    ("delete", lambda t: f"/involvements/{t.involvement.pk}", None),
    ("get", lambda t: f"/custody-periods/{t.custody.pk}", None),
    ("patch", lambda t: f"/custody-periods/{t.custody.pk}", lambda t: {"notes": "planted"}),
    ("delete", lambda t: f"/custody-periods/{t.custody.pk}", None),
    ("get", lambda t: f"/positions/{t.position.pk}", None),
    ("patch", lambda t: f"/positions/{t.position.pk}", lambda t: {"title": "planted"}),
    ("delete", lambda t: f"/positions/{t.position.pk}", None),
    ("get", lambda t: f"/acts/{t.act.pk}/evidence", None),
    ("get", lambda t: f"/testimonies/{t.testimony.pk}/evidence", None),
]


def _call(client: ApiClient, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.get(path)
    if method == "patch":
        return client.patch(path, body or {})
    return client.delete(path)


def _state() -> list[Any]:
    return [list(model.objects.order_by("pk").values()) for model in
            (Consent, PersonRole, Testimony, Involvement, CustodyPeriod, Position)]


@pytest.mark.parametrize("persona", ["lead", "investigator", "outsider", "administrator"])
@pytest.mark.parametrize(("method", "path", "body"), ATTACKS,
                         ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(ATTACKS)])
def test_a_record_of_another_teams_case_is_not_found_by_the_api(
    theirs: Theirs, persona: str, method: str, path: Callable[[Theirs], str],
    body: Callable[[Theirs], dict[str, Any]] | None,
) -> None:
    before = _state()
    response = _call(theirs.world.client(persona), method, path(theirs),
                     body(theirs) if body else None)
    assert response.status_code == 404, response.content
    assert _state() == before
    # ... while their own team reaches it: the 404 is the check, not a wrong address.
    if method == "get":
        assert theirs.world.client("other_lead").get(path(theirs)).status_code == 200


def test_the_lists_leave_out_what_is_recorded_for_another_teams_case(theirs: Theirs) -> None:
    lead = theirs.world.client("lead")
    consents = lead.get("/consents", person=theirs.shared.pk).json()
    assert consents["count"] == 0
    roles = lead.get(f"/persons/{theirs.shared.pk}/roles").json()
    assert [role["case"] for role in roles] == [theirs.world.personas.case.reference]
    testimonies = lead.get("/testimonies", given_by=theirs.shared.pk).json()
    assert testimonies["count"] == 0


def test_a_consent_cannot_be_given_for_another_teams_case(theirs: Theirs) -> None:
    response = theirs.world.client("lead").post("/consents", {
        "person": theirs.shared.pk, "case": theirs.world.personas.other_case.reference,
        "use": "publication", "granted": True, "given_on": "2022-02-02"})
    assert response.status_code == 400
    assert Consent.objects.count() == 2  # the world's and theirs


def test_a_consent_for_every_case_is_changed_by_either_team(theirs: Theirs) -> None:
    general = services.save_record(Consent(person=theirs.shared, use="publication",
                                           granted=True, given_on=datetime.date(2022, 3, 3)),
                                   actor=ACTOR)
    for persona in ("lead", "other_lead"):
        response = theirs.world.client(persona).patch(f"/consents/{general.pk}",
                                                      {"scope": f"by {persona}"})
        assert response.status_code == 200, response.content
