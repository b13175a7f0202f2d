"""Sorting lists: `order` takes one field of each list's allow-list, `-` for descending."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sprava.records import services
from sprava.records.models import Act, ActType, Incident
from tests.api.conftest import ACTOR, World
from tests.api.endpoints import KINDS

pytestmark = pytest.mark.django_db


def incidents(world: World, *titles: str, start: datetime.date | None = None) -> list[int]:
    return [services.save_record(Incident(case=world.personas.case, title=title,
                                          start_date=start), actor=ACTOR).pk
            for title in titles]


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def sort_keys(world: World) -> dict[str, list[str]]:
    """Every list's sort keys, as the OpenAPI document offers them."""
    document = world.client("lead").get("/openapi.json").json()
    keys = {}
    for path, methods in document["paths"].items():
        for parameter in methods.get("get", {}).get("parameters", []):
            if parameter["name"] == "order":
                [choice, _null] = parameter["schema"]["anyOf"]
                keys[path.removeprefix("/api/v1")] = choice["enum"]
    return keys


def test_every_list_can_be_sorted(world: World) -> None:
    keys = sort_keys(world)
    for kind in KINDS.values():
        assert "id" in keys[kind.path] and "-id" in keys[kind.path], kind.path


@pytest.mark.parametrize("name", list(KINDS))
def test_every_sort_key_answers_for_every_list(world: World, name: str) -> None:
    path = KINDS[name].path
    client = world.client("lead")
    everything = sorted(ids(client.get(path, limit=200)))
    for key in sort_keys(world)[path]:
        assert sorted(ids(client.get(path, order=key, limit=200))) == everything, key


@pytest.mark.parametrize("order", ["nonsense", "--id", "+id", "id,title", "ID", " id",
                                   "case__reference", "incident__case__title", "narrative",
                                   "-narrative", ""])
def test_unknown_sort_field_is_refused(world: World, order: str) -> None:
    response = world.client("lead").get("/incidents", order=order)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "order"


@pytest.mark.parametrize("order", ["birth_date", "-birth_date", "names", "names__text",
                                   "notes", "pseudonym"])
def test_persons_cannot_be_sorted_by_what_a_reader_may_not_see(world: World,
                                                                order: str) -> None:
    # The order of a list would tell a protected person's hidden name or birth date.
    assert world.client("viewer").get("/persons", order=order).status_code == 400


def test_a_list_sorts_ascending_and_with_a_minus_descending(world: World) -> None:
    made = incidents(world, "Charlie", "Alpha", "Bravo")
    client = world.client("viewer")
    ascending = [i for i in ids(client.get("/incidents", order="title")) if i in made]
    descending = [i for i in ids(client.get("/incidents", order="-title")) if i in made]
    assert ascending == [made[1], made[2], made[0]]
    assert descending == list(reversed(ascending))


def test_ties_are_broken_by_id_in_the_same_direction(world: World) -> None:
    made = incidents(world, "Same", "Same", "Same", "Same")
    client = world.client("viewer")
    assert [i for i in ids(client.get("/incidents", order="title")) if i in made] == made
    assert [i for i in ids(client.get("/incidents", order="-title"))
            if i in made] == list(reversed(made))


def test_rows_without_a_value_come_last_both_ways(world: World) -> None:
    undated = incidents(world, "Undated")
    client = world.client("viewer")
    for order in ("start_date", "-start_date"):
        assert ids(client.get("/incidents", order=order))[-1] == undated[0], order


def test_sorting_by_a_reference_sorts_by_what_the_list_shows(world: World) -> None:
    beating = ActType.objects.get(code="beating")
    services.save_record(Act(incident=world.incident, act_type=beating), actor=ACTOR)
    client = world.client("viewer")
    for order in ("act_type", "-act_type"):
        shown = [act["act_type"] for act in client.get("/acts", order=order).json()["items"]]
        assert shown == sorted(["beating", "torture"], reverse=order.startswith("-"))


def test_paging_through_a_sorted_list_shows_every_row_once(world: World) -> None:
    made = incidents(world, *["Same"] * 7, start=datetime.date(2020, 8, 10))
    client = world.client("viewer")
    seen: list[int] = []
    for offset in range(0, 10, 3):
        seen += ids(client.get("/incidents", order="start_date", limit=3, offset=offset))
    assert len(seen) == len(set(seen)) == len(made) + 1  # and the world's incident
    assert client.get("/incidents", order="start_date", limit=201).status_code == 400


def test_without_an_order_a_list_keeps_its_usual_order(world: World) -> None:
    older = incidents(world, "Older", start=datetime.date(2020, 8, 9))
    newer = incidents(world, "Newer", start=datetime.date(2020, 8, 11))
    listed = ids(world.client("viewer").get("/incidents"))
    assert listed == [newer[0], world.incident.pk, older[0]]  # the newest first, as before
