"""The ledger page for the members of a case: the entries tied to their cases, and no other
(sprava.evidence.entries); filters; records named by reference; reveal rows by pseudonym.
Attack first: a member of another case, a viewer without identity access."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.cases.models import Case
from sprava.evidence.access import open_item
from sprava.evidence.models import Item, Receipt
from sprava.home.vault import open_vault
from sprava.ledger.models import Entry
from sprava.records import references, services
from sprava.records.models import Incident
from tests.web_records.conftest import (
    ACTOR,
    OTHER_NAME,
    WITNESS_NAME,
    World,
    put,
    text,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def ref(obj: Any) -> str:
    return references.reference(obj._meta.label_lower, obj.pk)


def number(item: Item) -> int:
    first = Receipt.objects.filter(item=item).order_by("pk").first()
    assert first is not None
    return first.pk


def shown(client: Client, **filters: Any) -> list[dict[str, Any]]:
    """The entries the ledger page shows this reader (the first page), as their documents."""
    response = client.get("/ledger/", filters)
    assert response.status_code == 200
    seqs = [row["seq"] for row in response.context["entries"]]
    bodies = {e.seq: json.loads(bytes(e.body)) for e in Entry.objects.filter(seq__in=seqs)}
    return [bodies[seq] for seq in seqs]


def cases_of(documents: list[dict[str, Any]]) -> set[str | None]:
    return {d["case"] for d in documents}


# Attack first -------------------------------------------------------------------------------


def test_member_of_another_case_sees_no_entry_of_this_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    services.link_evidence(world.incident, item, actor="user:lead")
    client_of("lead").post(f"/evidence/{number(item)}/download/", {"reason": "exhibit"})
    client_of("lead").get(f"/persons/{world.witness.pk}/")  # reveals the witness to the lead
    other = shown(client_of("other_lead"))
    assert other, "the other team sees its own case's entries"
    assert cases_of(other) == {world.other_case.reference}
    page = text(client_of("other_lead").get("/ledger/"))
    for secret in (world.case.reference, "protocol.pdf", "exhibit", ref(world.incident),
                   "W-0001", item.sha256[:12]):
        assert secret not in page, secret
    # Nor by asking for them.
    for asked in ({"case": world.case.reference}, {"record": ref(world.incident)},
                  {"item": str(number(item))}, {"actor": "lead"}):
        assert shown(client_of("other_lead"), **asked) == [], asked


def test_a_member_reads_the_entries_of_their_case_only(
    world: World, client_of: Callable[[str], Client]
) -> None:
    documents = shown(client_of("viewer"), case="")
    assert documents
    assert cases_of(documents) == {world.case.reference}
    page = text(client_of("viewer").get("/ledger/", {"record": ref(world.incident)}))
    assert f"incident {ref(world.incident)}" in page
    assert "You see the entries of your cases" in page
    # The other team's records are not named, nor its person's entries (of no case).
    assert ref(world.other_incident) not in text(client_of("viewer").get("/ledger/"))


def test_views_of_an_item_are_shown_only_when_a_member_of_its_case_made_them(
    world: World, client_of: Callable[[str], Client], personas: Any
) -> None:
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    # The other team holds the same bytes, for its own case, and reads them for its reasons.
    put(PDF, "their-copy.pdf", case=world.other_case.reference)
    theirs = Receipt.objects.get(case=world.other_case)
    client_of("other_lead").post(f"/evidence/{theirs.pk}/download/",
                                 {"reason": "their own reason"})
    client_of("viewer").post(f"/evidence/{number(item)}/download/", {"reason": "exhibit 4"})
    views = shown(client_of("lead"), action="evidence:item:viewed")
    assert [(d["actor"], d["reason"]) for d in views] == [("user:viewer", "exhibit 4")]
    # Their arrival is theirs too.
    arrivals = shown(client_of("lead"), action="evidence:item:received")
    assert [d["details"]["filename"] for d in arrivals] == ["protocol.pdf"]
    assert "their own reason" not in text(client_of("lead").get("/ledger/"))


def test_a_viewer_without_identity_access_sees_the_pseudonym_in_reveal_rows(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client_of("lead").get(f"/persons/{world.witness.pk}/")  # the lead sees the real name
    rows = [row for row in client_of("viewer").get("/ledger/").context["entries"]
            if row["action"] == "records:person:identity_revealed"]
    assert rows and rows[0]["actor"] == "user:lead"
    assert rows[0]["summary"].startswith("identity of W-0001 shown, via web")
    page = text(client_of("viewer").get("/ledger/", {"action": "records:person"}))
    assert "identity of W-0001 shown" in page
    assert WITNESS_NAME not in page
    # Nor does the administrator's whole ledger name them.
    whole = text(client_of("administrator").get("/ledger/"))
    assert "identity of W-0001 shown" in whole and WITNESS_NAME not in whole
    # No other team hears of the reveal.
    assert shown(client_of("other_lead"), action="records:person:identity_revealed") == []


def test_an_item_linked_to_another_teams_person_shows_none_of_its_links(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """A link to a person names no case; it reaches the cases of the person's roles, and shows
    to their members only when one of them made it."""
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    services.link_evidence(world.other_person, item, actor="user:other_lead")
    assert shown(client_of("lead"), action="records:person:evidence_linked") == []
    theirs = shown(client_of("other_lead"), action="records:person:evidence_linked")
    assert [d["subject"] for d in theirs] == [f"records.person:{world.other_person.pk}"]
    assert OTHER_NAME not in text(client_of("other_lead").get("/ledger/"))


def test_what_a_member_of_both_teams_did_for_the_other_team_stays_that_teams(
    world: World, client_of: Callable[[str], Client], personas: Any
) -> None:
    """The lead is also a member of the other team's case. The item is this case's; the lead
    links it to the other team's person and incident. This case's viewer reads neither link;
    the other team reads both."""
    from sprava.accounts.members import add_member
    from sprava.cases.models import Role

    add_member(world.other_case, personas.lead, Role.INVESTIGATOR, actor="test")
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    services.link_evidence(world.other_person, item, actor="user:lead")
    services.link_evidence(world.other_incident, item, actor="user:lead")
    assert shown(client_of("viewer"), action="records:person:evidence_linked") == []
    assert shown(client_of("viewer"), action="records:incident:evidence_linked") == []
    theirs = shown(client_of("other_lead"), action="records")
    assert {d["subject"] for d in theirs if d["action"].endswith(":evidence_linked")} == {
        f"records.person:{world.other_person.pk}", f"records.incident:{world.other_incident.pk}"}


# Filters and names --------------------------------------------------------------------------


def test_the_ledger_is_filtered_by_action_actor_item_record_case_and_dates(
    world: World, client_of: Callable[[str], Client]
) -> None:
    admin = client_of("administrator")
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    services.link_evidence(world.incident, item, actor="user:investigator")
    assert {d["action"] for d in shown(admin, action="records:incident")} == {
        "records:incident:created", "records:incident:evidence_linked"}
    assert shown(admin, action="records:inc") == []  # a start is a whole part of the tag
    assert {d["actor"] for d in shown(admin, actor="investigator")} == {"user:investigator"}
    # By the number the reader knows the item by (an administrator sees no case's items).
    assert [d["action"] for d in shown(client_of("lead"), item=str(number(item)))] == [
        "records:incident:evidence_linked", "evidence:item:received"]
    assert shown(admin, item=str(number(item))) == []
    assert {d["subject"] for d in shown(admin, record=ref(world.incident))} == {
        f"records.incident:{world.incident.pk}"}
    assert cases_of(shown(admin, case=world.other_case.reference)) == {
        world.other_case.reference}
    today = datetime.datetime.now(datetime.UTC).date()
    assert len(shown(admin, since=str(today), until=str(today))) == len(shown(admin))
    assert shown(admin, until=str(today - datetime.timedelta(days=1))) == []
    page = text(admin.get("/ledger/", {"action": "records:incident"}))
    assert 'href="?action=records%3Aincident&amp;page=2"' not in page  # one page only
    assert f"linked to incident {ref(world.incident)}" in page


def test_a_wrong_filter_is_shown_and_not_obeyed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    admin = client_of("administrator")
    everything = len(shown(admin))
    for name, value, error in (
        ("item", "١٢", "Enter a record number"),
        ("item", "9" * 40, "Enter a record number"),
        ("record", "12", "with its letter"),
        ("record", "X-000001", "with its letter"),
        ("since", "2021-02-30", "Enter a valid date"),
    ):
        response = admin.get("/ledger/", {name: value})
        assert response.status_code == 200, (name, value)
        assert error in text(response), (name, value)
        assert len(response.context["entries"]) == everything, (name, value)
    response = admin.get("/ledger/", {"since": "2021-02-02", "until": "2021-02-01"})
    assert "The last day comes before the first." in text(response)


def test_records_are_named_by_kind_and_reference(
    world: World, client_of: Callable[[str], Client]
) -> None:
    case = services.save_record(Case(reference="named-case", title="A case"), actor=ACTOR)
    summaries = {row["summary"] for row in
                 client_of("administrator").get("/ledger/", {"page": "1"}).context["entries"]}
    summaries |= {row["summary"] for page in ("2", "3") for row in
                  client_of("administrator").get("/ledger/", {"page": page}).context["entries"]}
    assert f"custody period {ref(world.custody)}" in summaries
    assert f"person {ref(world.victim)}" in summaries
    assert "person W-0001" in summaries  # protected: by pseudonym, never by name
    assert f"case {case.reference}" in summaries
    assert not any("#" in s and "custodyperiod" in s for s in summaries)


def test_the_members_ledger_asks_a_fixed_number_of_queries(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """The session, the user, the reader's memberships, the count, the page of entries (the
    tie to the reader's cases is a filter of both, in the database), the numbers of the items
    the page names, the persons it names, the checkpoint and the log's size."""
    client = client_of("viewer")
    client.get("/evidence/")  # the session's first request reads the security policy

    def grow(count: int) -> None:
        for i in range(count):
            incident = services.save_record(Incident(case=world.case, title=f"Incident {i}"),
                                            actor="user:lead")
            item = put(b"item %d" % i, f"f{i}.pdf", case=world.case.reference)
            services.link_evidence(incident, item, actor="user:lead")
            services.link_evidence(world.witness, item, actor="user:lead")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ledger/").status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    grow(1)
    few = queries()
    assert len(few) == 9, "\n".join(q[:120] for q in few)
    grow(30)
    more = queries()
    assert len(more) == len(few), [q for q in more if not any(
        re.sub(r"\d+", "", q) == re.sub(r"\d+", "", f) for f in few)]


def test_an_actor_of_no_case_is_not_tied_to_one(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """Default deny: what ties no entry to one of the reader's cases is not shown, even when
    it concerns an item of theirs (a view by someone outside the case, the command line)."""
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    b"".join(open_item(item, vault=open_vault(read=True), actor=ACTOR, reason="cli"))
    views = shown(client_of("lead"), action="evidence:item:viewed")
    assert views == []
    assert [d["actor"] for d in shown(client_of("administrator"),
                                       action="evidence:item:viewed")] == [ACTOR]
