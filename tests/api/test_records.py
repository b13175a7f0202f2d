"""What the record endpoints do: ledger history, pages, filters, errors, references."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.models import Act, Incident, Person, PersonRole
from tests.api.conftest import ACTOR, World, person

pytestmark = pytest.mark.django_db


def last(action: str) -> dict[str, Any]:
    entry = Entry.objects.filter(action=action).order_by("-seq").first()
    assert entry is not None, f"no {action} in the ledger"
    return dict(json.loads(bytes(entry.body)))


# --- the ledger ----------------------------------------------------------------------------


def test_a_create_is_a_ledger_event_by_the_tokens_user_with_the_reason(world: World) -> None:
    response = world.client("investigator").post(
        "/incidents?reason=From+the+hotline", {"case": world.personas.case.reference,
                                               "title": "Detentions at the march"})
    event = last("records:incident:created")
    assert event["actor"] == "api:investigator"
    assert event["reason"] == "From the hotline"
    assert event["case"] == world.personas.case.reference
    assert event["subject"] == f"records.incident:{response.json()['id']}"


def test_a_change_records_before_and_after(world: World) -> None:
    world.client("lawyer").patch(f"/incidents/{world.incident.pk}", {"title": "Renamed"})
    event = last("records:incident:changed")
    assert event["details"]["changes"] == {"title": {"before": "Beatings on arrival",
                                                     "after": "Renamed"}}


def test_a_patch_changes_only_what_it_names(world: World) -> None:
    before = world.client("lead").get(f"/acts/{world.act.pk}").json()
    after = world.client("lead").patch(f"/acts/{world.act.pk}", {"description": "Kicked"}).json()
    assert {k for k in before if before[k] != after[k]} == {"description"}


def test_a_delete_needs_a_reason_and_keeps_the_history(world: World) -> None:
    client = world.client("lead")
    path = f"/custody-periods/{world.custody.pk}"
    assert client.delete(path, reason="").status_code == 400
    assert client.get(path).status_code == 200
    assert client.delete(path, reason="Entered twice").status_code == 204
    event = last("records:custodyperiod:deleted")
    assert event["reason"] == "Entered twice"
    assert event["actor"] == "api:lead"


def test_deleting_a_record_others_depend_on_is_a_conflict(world: World) -> None:
    response = world.client("lead").delete(f"/incidents/{world.incident.pk}")
    assert response.status_code == 409
    assert "depend" in response.json()["detail"]


def test_a_duplicate_is_a_conflict(world: World) -> None:
    client = world.client("lead")
    body = {"act": world.act.pk, "perpetrator": world.perpetrator.pk, "mode": "commission"}
    assert client.post("/involvements", body).status_code == 409
    role = {"case": world.personas.case.reference, "role": "victim"}
    assert client.post(f"/persons/{world.victim.pk}/roles", role).status_code == 409


# --- lists ---------------------------------------------------------------------------------


def test_lists_are_paged(world: World) -> None:
    for number in range(5):
        services.save_record(Incident(case=world.personas.case, title=f"Extra {number}"),
                             actor=ACTOR)
    client = world.client("viewer")
    first = client.get("/incidents", limit=2).json()
    second = client.get("/incidents", limit=2, offset=2).json()
    assert first["count"] == second["count"] == 6
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get("/incidents", offset=6).json()["items"] == []


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1},
                                    {"offset": 10**12}, {"limit": "many"}])
def test_page_limits_are_enforced(world: World, params: dict[str, Any]) -> None:
    response = world.client("viewer").get("/persons", **params)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], list)


def test_filters_by_case_and_dates(world: World) -> None:
    client = world.client("lead")
    reference = world.personas.case.reference
    assert client.get("/acts", case=reference).json()["count"] == 1
    assert client.get("/acts", case="okrestina-other").json()["count"] == 0
    assert client.get("/acts", date_from="2020-08-10", date_to="2020-08-10").json()["count"] == 1
    assert client.get("/acts", date_from="2020-08-11").json()["count"] == 0
    assert client.get("/incidents", date_to="2020-08-09").json()["count"] == 0
    assert client.get("/incidents", q="arrival").json()["count"] == 1
    assert client.get("/persons", case=reference, role="witness").json()["count"] == 1
    assert client.get("/acts", victim=world.victim.pk).json()["count"] == 1
    assert client.get("/involvements", act=world.act.pk).json()["count"] == 1
    assert client.get("/act-types", q="Torture").json()["count"] >= 1
    assert client.get("/places", kind="detention").json()["count"] >= 1


def test_filtering_by_a_case_one_cannot_see_reveals_nothing(world: World) -> None:
    other = world.personas.other_case.reference
    for path in ("/persons", "/positions", "/custody-periods", "/incidents", "/consents"):
        assert world.client("lead").get(path, case=other).json()["count"] == 0, path


@pytest.mark.parametrize("path", ["/persons", "/acts", "/involvements", "/testimonies",
                                  "/custody-periods", "/positions", "/consents"])
def test_list_queries_do_not_grow_with_rows(world: World, path: str) -> None:
    client = world.client("viewer")  # reveals nothing, so writes no reveal events

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    client.get(path)  # the first use of a token writes its time of use
    before = count()
    case = world.personas.case
    for number in range(4):
        victim = person(f"Extra Victim {number}", case, "victim", protected=number % 2 == 0)
        services.save_record(Act(incident=world.incident, act_type=world.act_type,
                                 victim=victim), actor=ACTOR)
    assert count() == before


# A read of one user's own memberships, as a query or as a subquery of another.
MEMBERSHIPS_OF = r'FROM "accounts_membership"(?: U\d+)? WHERE \(?(?:U\d+\.)?' \
                 r'(?:"accounts_membership"\.)?"user_id" = {}\b'


@pytest.mark.parametrize("path", ["/persons", "/acts", "/involvements", "/testimonies",
                                  "/custody-periods", "/positions", "/consents", "/incidents",
                                  "/cases", "/persons/{victim}", "/acts/{act}/evidence"])
def test_a_request_reads_the_readers_memberships_once(world: World, path: str) -> None:
    """What the reader may see is worked out from one read of their memberships per request,
    not again in every visibility filter and case lookup of the request."""
    client = world.client("viewer")
    url = path.format(victim=world.victim.pk, act=world.act.pk)
    client.get(url)  # the first use of a token writes its time of use
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    pattern = re.compile(MEMBERSHIPS_OF.format(world.personas.viewer.pk))
    assert sum(len(pattern.findall(q["sql"])) for q in queries.captured_queries) == 1


def test_a_membership_ended_between_requests_hides_its_case_at_the_next(world: World) -> None:
    """The memberships are read once per request, never kept from one request to the next."""
    from sprava.accounts.members import remove_member

    client = world.client("viewer")
    assert client.get("/incidents").json()["count"] == 1
    remove_member(world.personas.case, type(world.personas.viewer).objects.get(
        username="viewer"), actor=ACTOR)
    assert client.get("/incidents").json()["count"] == 0
    assert client.get(f"/incidents/{world.incident.pk}").status_code == 404


# --- errors and references -----------------------------------------------------------------


def test_errors_are_json_with_a_detail(world: World) -> None:
    client = world.client("lead")
    for response in (client.get("/acts/987654"), client.post("/acts", {"act_type": "x"}),
                     client.post("/acts", "not json"), client.get("/acts/1" + "0" * 30)):
        assert response.status_code in (400, 404)
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()


@pytest.mark.parametrize("body", [
    {"incident": 1, "act_type": "no-such-type"},
    {"incident": 999999, "act_type": "torture"},
    {"incident": 1, "act_type": "torture", "place": "atlantis"},
    {"incident": 1, "act_type": "torture", "start_date": "2020-02-30"},
    {"incident": 1, "act_type": "torture", "start_date": "2021-01-02",
     "end_date": "2021-01-01"},
    {"incident": 1, "act_type": "torture", "description": "\x00"},
    {"incident": 1, "act_type": "torture", "date_precision": "fortnight"},
])
def test_bad_bodies_are_refused_with_400(world: World, body: dict[str, Any]) -> None:
    response = world.client("lead").post("/acts", body)
    assert response.status_code == 400, response.content


def test_a_record_in_another_teams_case_cannot_be_referenced(world: World) -> None:
    client = world.client("lead")
    act = client.post("/acts", {"incident": world.incident.pk, "act_type": "torture",
                                "victim": world.other_person.pk})
    assert act.status_code == 400
    assert act.json()["detail"] == f"unknown person {world.other_person.pk}"
    moved = client.patch(f"/incidents/{world.incident.pk}", {"case": "okrestina-other"})
    assert moved.status_code == 400
    assert moved.json()["detail"] == "unknown case 'okrestina-other'"
    assert client.post("/acts", {"incident": world.other_incident.pk,
                                 "act_type": "torture"}).status_code == 400
    # the same answer as for records that do not exist at all
    assert client.patch(f"/incidents/{world.incident.pk}",
                        {"case": "no-such-case"}).json()["detail"] == \
        "unknown case 'no-such-case'"


def test_moving_a_record_needs_edit_in_both_cases(world: World) -> None:
    from sprava.accounts.members import add_member

    add_member(world.personas.other_case, world.personas.investigator, "viewer",
               actor="test")
    response = world.client("investigator").patch(f"/incidents/{world.incident.pk}",
                                                  {"case": "okrestina-other"})
    assert response.status_code == 403
    assert Incident.objects.get(pk=world.incident.pk).case == world.personas.case


def test_creating_a_person_gives_them_a_role_and_names(world: World) -> None:
    response = world.client("investigator").post("/persons", {
        "case": world.personas.case.reference, "role": "victim", "gender": "female",
        "birth_date": "1979-03-01", "birth_precision": "month",
        "names": [{"text": "Alena Novaja", "script": "latin"},
                  {"text": "Алена Новая", "script": "be", "kind": "transliteration"}]})
    assert response.status_code == 201
    created = response.json()
    assert [n["text"] for n in created["names"]] == ["Alena Novaja", "Алена Новая"]
    assert created["roles"][0]["role"] == "victim"
    assert Person.objects.get(pk=created["id"]).names.get(kind="primary").search_key


def test_roles_in_cases_the_reader_cannot_see_are_not_listed(world: World) -> None:
    services.save_record(PersonRole(person=world.perpetrator, case=world.personas.other_case,
                                    role="perpetrator"), actor=ACTOR)
    roles = world.client("lead").get(f"/persons/{world.perpetrator.pk}/roles").json()
    assert [role["case"] for role in roles] == [world.personas.case.reference]
    other = world.client("other_lead").get(f"/persons/{world.perpetrator.pk}").json()
    assert [role["case"] for role in other["roles"]] == ["okrestina-other"]


def test_a_testimony_links_incidents_of_its_case_only(world: World) -> None:
    client = world.client("lead")
    path = f"/testimonies/{world.testimony.pk}"
    linked = client.patch(path, {"incidents": [world.incident.pk]})
    assert linked.json()["incidents"] == [world.incident.pk]
    # Once, in the shape of every change (`history.state_details`), as the pages write it.
    assert last("records:testimony:changed")["details"] == {
        "record": f"records.testimony:{world.testimony.pk}",
        "changes": {"incidents": {"before": [], "after": [world.incident.pk]}}}
    assert client.patch(path, {"incidents": [world.other_incident.pk]}).status_code == 400


def test_a_custody_period_may_leave_acknowledgement_unknown(world: World) -> None:
    response = world.client("lead").post("/custody-periods", {"person": world.victim.pk})
    assert response.status_code == 201
    assert response.json()["acknowledged"] is None



def test_a_person_shared_with_another_team_cannot_be_deleted_through_the_api(
    world: World,
) -> None:
    # Either team may change the person; deleting would take them out of the other's files.
    shared = person("Shared Witness", world.personas.case, "witness")
    services.save_record(PersonRole(person=shared, case=world.personas.other_case,
                                    role="witness"), actor=ACTOR)
    refused = world.client("lead").delete(f"/persons/{shared.pk}")
    assert refused.status_code == 403
    assert "also has a role in a case you may not change" in refused.json()["detail"]
    assert Person.objects.filter(pk=shared.pk).exists()
    alone = person("Recorded Twice", world.personas.case, "witness")
    assert world.client("lead").delete(f"/persons/{alone.pk}").status_code == 204


def test_a_persons_only_role_cannot_be_removed_through_the_api(world: World) -> None:
    # With no role left nobody could see the person, nor ever delete them.
    alone = person("Only Role", world.personas.case, "witness")
    role = alone.roles.get()
    refused = world.client("lead").delete(f"/persons/{alone.pk}/roles/{role.pk}")
    assert refused.status_code in (400, 409)
    assert "only role" in refused.json()["detail"]
    assert alone.roles.count() == 1
