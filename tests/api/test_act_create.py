"""POST /acts: the act form's domain function (`sprava.records.acts`), with the API's words."""

from __future__ import annotations

from tests.api.conftest import ApiClient, World, person


def test_one_victim_is_one_act_as_before(world: World, lead: ApiClient) -> None:
    response = lead.post("/acts", {"incident": world.incident.pk, "act_type": "torture",
                                   "victim": world.victim.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["victim"]["id"] == world.victim.pk
    assert [act["id"] for act in body["created"]] == [body["id"]]


def test_several_victims_are_answered_with_every_act_made(world: World, lead: ApiClient) -> None:
    others = [person(f"Detainee {n}", world.personas.case, "witness") for n in range(3)]
    response = lead.post("/acts", {
        "incident": world.incident.pk, "act_type": "torture", "victim": world.victim.pk,
        "victims": [p.pk for p in others],
        "perpetrators": [{"perpetrator": world.perpetrator.pk, "mode": "ordering",
                          "organisation": world.organisation.pk, "basis": "his order"}]})
    assert response.status_code == 201, response.content
    made = response.json()["created"]
    assert [act["victim"]["id"] for act in made] == [world.victim.pk, *(p.pk for p in others)]
    # The incident's dates and place, since none were given.
    assert {(act["start_date"], act["place"]) for act in made} == {
        (str(world.incident.start_date), world.place.code)}
    listed = lead.get("/involvements", perpetrator=world.perpetrator.pk, mode="ordering").json()
    assert {row["act"] for row in listed["items"]} == {act["id"] for act in made}
    assert {row["basis"] for row in listed["items"]} == {"his order"}


def test_an_unknown_mode_is_refused_by_the_schema(world: World, lead: ApiClient) -> None:
    response = lead.post("/acts", {"incident": world.incident.pk, "act_type": "torture",
                                   "perpetrators": [{"perpetrator": world.perpetrator.pk,
                                                     "mode": "vibes"}]})
    assert response.status_code == 400


def test_a_perpetrator_only_another_case_sees_is_unknown(world: World, lead: ApiClient) -> None:
    answers = [lead.post("/acts", {"incident": world.incident.pk, "act_type": "torture",
                                   "perpetrators": [{"perpetrator": pk, "mode": "ordering"}]})
               for pk in (world.other_person.pk, 999_999)]
    assert [a.status_code for a in answers] == [400, 400]
    assert [a.json()["detail"].split()[:2] for a in answers] == [["unknown", "person"]] * 2
