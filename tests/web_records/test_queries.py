"""No N+1 queries: list and detail pages ask the database a fixed number of times, whether
they show 5 rows or 60."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.accounts.members import add_member
from sprava.cases.models import Case
from sprava.records import models as records
from sprava.records import services
from sprava.records.models import (
    Act,
    CustodyPeriod,
    Incident,
    Involvement,
    Person,
    PersonName,
    PersonRole,
    Position,
)
from tests.web_records.conftest import ACTOR, PNG, World, put

Url = Callable[[World], str]

PAGES: list[Url] = [
    lambda w: "/cases/",
    lambda w: "/incidents/",
    lambda w: "/acts/",
    lambda w: "/persons/",
    lambda w: "/testimonies/",
    lambda w: "/organisations/",
    lambda w: f"/cases/{w.case.reference}/",
    lambda w: f"/incidents/{w.incident.pk}/",
    lambda w: f"/acts/{w.act.pk}/",
    lambda w: f"/persons/{w.victim.pk}/",
    lambda w: f"/persons/{w.perpetrator.pk}/",
    lambda w: f"/persons/{w.witness.pk}/",
    lambda w: f"/testimonies/{w.testimony.pk}/",
    lambda w: f"/places/{w.akrestsina.pk}/",
    lambda w: f"/organisations/{w.unit.pk}/",
]


def grow(world: World, n: int, start: int) -> None:
    """n more of everything the pages list, around the world's records; half the new people
    protected, every record linked to evidence."""
    many = services.create_many
    day = datetime.date(2020, 9, 1)
    people = many([Person(protected=i % 2 == 0,
                          pseudonym=f"W-{5000 + start + i}" if i % 2 == 0 else None,
                          protecting_case=world.case if i % 2 == 0 else None)
                   for i in range(n)], actor=ACTOR)
    many([PersonName(person=p, text=f"Person {start + i}", script="latin")
          for i, p in enumerate(people)], actor=ACTOR)
    many([PersonRole(person=p, case=world.case, role="victim") for p in people], actor=ACTOR)
    many([PersonName(person=world.victim, text=f"Alias {start + i}", kind="alias")
          for i in range(n)], actor=ACTOR)
    incidents = many([Incident(case=world.case, title=f"Incident {start + i}",
                               place=world.akrestsina, start_date=day) for i in range(n)],
                     actor=ACTOR)
    acts = many([Act(incident=world.incident, act_type=world.beating, victim=p,
                     place=world.akrestsina, start_date=day) for p in people], actor=ACTOR)
    acts += many([Act(incident=incident, act_type=world.beating, victim=world.victim)
                   for incident in incidents], actor=ACTOR)
    many([Involvement(act=world.act, perpetrator=p, organisation=world.unit, mode="ordering")
          for p in people], actor=ACTOR)
    many([Involvement(act=a, perpetrator=world.perpetrator, mode="commission")
          for a in acts[n:]], actor=ACTOR)
    many([CustodyPeriod(person=world.victim, place=world.akrestsina, acknowledged=True,
                        start_date=day) for _ in range(n)], actor=ACTOR)
    many([CustodyPeriod(person=p, place=world.akrestsina, acknowledged=False)
          for p in people], actor=ACTOR)
    many([Position(person=p, organisation=world.unit, title="Officer") for p in people],
         actor=ACTOR)
    testimonies = many([records.Testimony(case=world.case, given_by=p if i % 3 else world.witness,
                                  kind="interview") for i, p in enumerate(people)], actor=ACTOR)
    for testimony in testimonies:
        testimony.incidents.add(world.incident)
    world.testimony.incidents.add(*incidents)
    for i in range(n):
        item = put(PNG + f"{start + i}".encode(), f"photo-{start + i}.png")
        for record in (world.incident, world.act, world.victim, world.testimony):
            record.evidence.add(item)
    for i in range(n):
        case = Case.objects.create(reference=f"case-{start + i}", title=f"Case {start + i}")
        add_member(case, world_user(world, "viewer"), "viewer", actor="test")
        add_member(case, world_user(world, "lead"), "lead", actor="test")


def world_user(world: World, name: str) -> User:
    return User.objects.get(username=name)


def reads(client: Client, url: str) -> list[str]:
    """The queries of one page, less the custody-log append of an identity reveal: how many
    tree nodes an append writes depends on the size of the log, not on the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries
            if not re.search(r'ledger_treenode|ledger_loghead|INTO "ledger_entry"|SAVEPOINT',
                             q["sql"])]


@pytest.mark.parametrize("persona", ["viewer", "lead"])
def test_pages_ask_the_same_number_of_queries_for_5_and_60_rows(
    world: World, client_of: Callable[[str], Client], persona: str
) -> None:
    client = client_of(persona)
    grow(world, 4, 0)
    few = {url(world): reads(client, url(world)) for url in PAGES}
    grow(world, 56, 100)
    for url, queries in few.items():
        more = reads(client, url)
        assert len(more) <= len(queries), (url, more[len(queries) - 1:])


def test_without_reveals_the_count_is_exact(
    world: World, client_of: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_of("viewer")
    grow(world, 4, 0)
    few = {url(world): len(reads(client, url(world))) for url in PAGES}
    grow(world, 56, 100)
    for url, count in few.items():
        with django_assert_max_num_queries(count, info=url):
            assert client.get(url).status_code == 200


# A read of one user's own memberships, as a query or as a subquery of another.
MEMBERSHIPS_OF = (r'FROM "accounts_membership"(?: U\d+)? WHERE \(?(?:U\d+\.)?'
                  r'(?:"accounts_membership"\.)?"user_id" = {}\b')


@pytest.mark.parametrize("persona", ["viewer", "lead"])
def test_a_page_reads_the_readers_memberships_once(
    world: World, client_of: Callable[[str], Client], persona: str
) -> None:
    """What the reader may see is worked out from one read of their memberships per request,
    not again in each visibility filter of the page (the evidence list and page included)."""
    client = client_of(persona)
    grow(world, 4, 0)
    item = records.Incident.objects.get(pk=world.incident.pk).evidence.order_by("pk").first()
    assert item is not None
    pattern = re.compile(MEMBERSHIPS_OF.format(world_user(world, persona).pk))
    for url in [*(page(world) for page in PAGES), "/evidence/", f"/evidence/{item.pk}/"]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        reads = sum(len(pattern.findall(q["sql"])) for q in captured.captured_queries)
        assert reads <= 1, (url, reads)


def test_a_membership_ended_between_requests_hides_its_case_at_the_next(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """The memberships are read once per request, never kept from one request to the next."""
    from sprava.accounts.members import remove_member

    client = client_of("viewer")
    url = f"/incidents/{world.incident.pk}/"
    assert client.get(url).status_code == 200
    remove_member(world.case, world_user(world, "viewer"), actor=ACTOR)
    assert client.get(url).status_code == 404
    assert world.incident.title not in client.get("/incidents/").content.decode()
