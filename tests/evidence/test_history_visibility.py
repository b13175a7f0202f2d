"""An item's custody history shows a member what the members of the cases through which they see
the item did with it, whichever kind of record ties the item to the case.

The photograph arrived from an outsider for no case. The case's lead links it to a record of
the case (an incident, an act, a person or a testimony) and a viewer of the case downloads it;
the outsider downloads their own copy too. The case's investigator then reads the item's
history: the lead's link and the viewer's download, never the outsider's.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

from sprava.evidence.access import open_item
from sprava.evidence.models import Item
from sprava.evidence.visibility import history_of, receipts_of
from sprava.home.vault import open_vault
from sprava.ledger import log
from sprava.records import models as records
from sprava.records import services
from sprava.records.models import Act, ActType, Incident, Person, PersonRole
from tests.accounts.conftest import Personas, make_personas
from tests.web_records.conftest import PNG, put

pytestmark = pytest.mark.django_db

Record = Incident | Act | Person | records.Testimony


def _incident(people: Personas) -> Incident:
    return services.save_record(Incident(case=people.case, title="In the yard"), actor="test")


def _act(people: Personas) -> Act:
    return services.save_record(Act(incident=_incident(people),
                                    act_type=ActType.objects.get(code="beating"),
                                    start_date=datetime.date(2020, 8, 11)), actor="test")


def _person(people: Personas) -> Person:
    person = services.save_record(Person(), actor="test")
    services.save_record(PersonRole(person=person, case=people.case, role="victim"),
                         actor="test")
    return person


def _testimony(people: Personas) -> records.Testimony:
    return services.save_record(records.Testimony(case=people.case, kind="interview"), actor="test")


# One record of each kind an item is linked to (`visibility.link_paths()`).
RECORDS: dict[str, Callable[[Personas], Record]] = {
    "incident": _incident, "act": _act, "person": _person, "testimony": _testimony,
}


@pytest.fixture
def people(home: Any, db: None, settings: Any) -> Personas:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_personas()


def _download(item: Item, who: str, reason: str) -> None:
    for _ in open_item(item, vault=open_vault(read=True), actor=f"user:{who}",
                       reason=reason):
        pass


def _seen(people: Personas, persona: str, item: Item) -> list[tuple[str, str, str]]:
    """The history the persona sees; the same whether the receipts they see are looked up by
    the history or handed to it, already read, by the item's page."""
    user = people[persona]
    entries = history_of(user, item, log.history(item.sha256))
    read = list(receipts_of(user, item))
    assert list(history_of(user, item, log.history(item.sha256), seen=read)) == list(entries)
    documents = [json.loads(bytes(entry.body)) for entry in entries]
    return [(d["action"], d["actor"], d.get("reason", "")) for d in documents]


@pytest.mark.parametrize("kind", list(RECORDS))
def test_a_member_sees_what_fellow_members_did_with_an_item_linked_to_their_case(
        people: Personas, kind: str) -> None:
    item = put(PNG, "yard.png", user=people.outsider)
    record = RECORDS[kind](people)
    _download(item, "outsider", "my own copy")
    assert _seen(people, "investigator", item) == []  # not linked yet: nothing of it
    services.link_evidence(record, item, actor="user:lead")
    _download(item, "viewer", "for the file")

    seen = _seen(people, "investigator", item)

    assert seen == [(f"records:{kind}:evidence_linked", "user:lead", ""),
                    ("evidence:item:viewed", "user:viewer", "for the file")]
    assert _seen(people, "other_lead", item) == []  # another team's case reaches it not


@pytest.mark.parametrize("kind", list(RECORDS))
def test_the_history_of_an_item_linked_elsewhere_shows_nothing_of_that_case(
        people: Personas, kind: str) -> None:
    """The other team links the item to their own record: the personas' members, who see it
    through their own receipt, do not see what the other team did with it."""
    item = put(PNG, "yard.png", user=people.investigator)
    other = Personas(**{**people.__dict__, "case": people.other_case})
    services.link_evidence(RECORDS[kind](other), item, actor="user:other_lead")
    _download(item, "other_lead", "their reason")

    seen = _seen(people, "investigator", item)

    assert [action for action, _, _ in seen] == ["evidence:item:received"]  # their own
    assert "their reason" not in str(seen)


def test_the_item_page_works_out_which_receipts_the_reader_sees_once(
        people: Personas) -> None:
    """The page lists the receipts the reader sees and hands them to the history, which then
    names their arrivals instead of working out the receipts again in its own query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.accounts.conftest import signed_in

    item = put(PNG, "yard.png", case=people.case.reference)
    client = signed_in(people.viewer)
    client.get(f"/evidence/{item.pk}/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/evidence/{item.pk}/").status_code == 200
    history = [q["sql"] for q in captured.captured_queries
               if q["sql"].startswith('SELECT "ledger_entry"')]
    assert len(history) == 1
    # The arrivals are named; no "receipts the viewer sees" filter (theirs, their cases') again.
    assert f'"received_by_id" = {people.viewer.pk}' not in history[0]


@pytest.mark.parametrize("kind", list(RECORDS))
def test_what_a_fellow_member_did_for_another_team_stays_that_teams(
        people: Personas, kind: str) -> None:
    """The lead is also a member of the other team's case. The item reaches the personas' case
    (it arrived for it); the lead links it to a record of the other case only. The
    investigator sees the item through their own case, and must not learn from its history
    that it was linked, or to what: that is the other team's work."""
    from sprava.accounts.members import add_member
    from sprava.cases.models import Role

    add_member(people.other_case, people.lead, Role.INVESTIGATOR, actor="test")
    item = put(PNG, "yard.png", case=people.case.reference)
    other = Personas(**{**people.__dict__, "case": people.other_case})
    services.link_evidence(RECORDS[kind](other), item, actor="user:lead")
    _download(item, "lead", "for our own file")

    seen = _seen(people, "investigator", item)

    assert [action for action, _, _ in seen] == ["evidence:item:received",
                                                 "evidence:item:viewed"]
    linked = (f"records:{kind}:evidence_linked", "user:lead", "")
    assert linked in _seen(people, "other_lead", item)  # their own team's history shows it
