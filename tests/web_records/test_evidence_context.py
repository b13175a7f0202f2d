"""An evidence item in its context: the case it arrived for and the records it is linked to on
its page, linking it from there and at upload, and the evidence list filtered by case and
record. Attack first: another team's member, a viewer, a reader without identity access."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sprava.evidence.models import Item, Receipt
from sprava.ledger.models import Entry
from sprava.records import references, services
from sprava.records.models import Incident, Person, PersonRole
from tests.web_records.conftest import (
    ACTOR,
    WITNESS_NAME,
    World,
    entries,
    put,
    text,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def ref(obj: Any) -> str:
    return references.reference(obj._meta.label_lower, obj.pk)


def number(item: Item) -> int:
    """The item's number for whoever sees its first arrival (all these tests' readers)."""
    first = Receipt.objects.filter(item=item).order_by("pk").first()
    assert first is not None
    return first.pk


def of_case(world: World, content: bytes = PDF, name: str = "protocol.pdf") -> Item:
    return put(content, name, case=world.case.reference)


def linked(record: Any, item: Item) -> bool:
    return bool(record.evidence.filter(pk=item.pk).exists())


def post_link(client: Client, item: Item, kind: str, reference: str, **extra: str) -> Any:
    return client.post(f"/evidence/{number(item)}/link/",
                       {"kind": kind, "reference": reference, **extra})


# Attack first -------------------------------------------------------------------------------


def test_member_of_another_case_cannot_see_item_or_its_links(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    services.link_evidence(world.incident, item, actor=ACTOR)
    other = client_of("other_lead")
    assert other.get(f"/evidence/{number(item)}/").status_code == 404
    assert other.post(f"/evidence/{number(item)}/link/", {
        "kind": "incident", "reference": ref(world.other_incident)}).status_code == 404
    assert not linked(world.other_incident, item)


def test_the_same_bytes_sent_by_another_team_show_it_none_of_this_cases_links(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    services.link_evidence(world.incident, item, actor=ACTOR)
    services.link_evidence(world.witness, item, actor=ACTOR)
    theirs = put(PDF, "their-copy.pdf", case=world.other_case.reference)
    assert theirs == item  # stored once
    mine = Receipt.objects.filter(case=world.other_case).get()
    page = text(client_of("other_lead").get(f"/evidence/{mine.pk}/"))
    assert world.other_case.reference in page
    for secret in (world.case.reference, world.incident.title, ref(world.incident),
                   ref(world.witness), "W-0001", "protocol.pdf"):
        assert secret not in page, secret


def test_member_of_another_case_cannot_link_to_a_record_of_this_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    theirs = put(PDF, "their-copy.pdf", case=world.other_case.reference)
    response = post_link(client_of("other_lead"), theirs, "incident", ref(world.incident))
    assert response.status_code == 400
    # Answered as for a record that does not exist: nothing tells it is there.
    assert f"There is no incident {ref(world.incident)} among those you may see." in text(
        response)
    assert not linked(world.incident, theirs)


def test_a_record_of_another_case_cannot_be_linked_to(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    response = post_link(client_of("investigator"), item, "incident", ref(world.other_incident))
    assert response.status_code == 400
    assert (f"There is no incident {ref(world.other_incident)} among those you may see."
            in text(response))
    missing = post_link(client_of("investigator"), item, "incident", "I-999999")
    assert (text(missing).count("among those you may see")
            == text(response).count("among those you may see"))
    assert not linked(world.other_incident, item)


def test_a_viewer_sees_the_links_but_no_form_and_may_not_link(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    services.link_evidence(world.incident, item, actor=ACTOR)
    viewer = client_of("viewer")
    page = text(viewer.get(f"/evidence/{number(item)}/"))
    assert ref(world.incident) in page and world.incident.title in page
    assert 'name="reference"' not in page and "Unlink" not in page
    response = post_link(viewer, item, "act", ref(world.act))
    assert response.status_code == 400
    assert "You may read this act, but not change it." in text(response)
    assert not linked(world.act, item)


def test_a_viewer_without_identity_access_sees_a_linked_protected_person_by_pseudonym(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    services.link_evidence(world.witness, item, actor=ACTOR)
    before = len(entries("records:person:identity_revealed"))
    page = text(client_of("viewer").get(f"/evidence/{number(item)}/"))
    assert "W-0001" in page
    assert WITNESS_NAME not in page
    assert len(entries("records:person:identity_revealed")) == before  # nobody was revealed
    # The lead holds the identity: the name shows, and the ledger says who saw it.
    lead_page = text(client_of("lead").get(f"/evidence/{number(item)}/"))
    assert WITNESS_NAME in lead_page
    reveals = entries("records:person:identity_revealed")
    assert reveals[-1]["actor"] == "user:lead"
    assert reveals[-1]["details"]["persons"] == [f"records.person:{world.witness.pk}"]
    assert reveals[-1]["case"] == world.case.reference


def test_linking_a_protected_person_needs_identity_access(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    response = post_link(client_of("investigator"), item, "person", ref(world.witness))
    assert response.status_code == 400
    assert "This person&#x27;s identity is protected." in text(response)
    assert not linked(world.witness, item)
    assert post_link(client_of("lead"), item, "person", ref(world.witness)).status_code == 302
    assert linked(world.witness, item)


def test_a_reference_of_another_kind_or_no_reference_is_refused(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    client = client_of("investigator")
    for typed in (ref(world.act), "I-0x10", "١٢", "9" * 30, "I-" + "9" * 5000):
        response = post_link(client, item, "incident", typed)
        assert response.status_code == 400, typed
        assert ("write it as I-000012." in text(response)
                or "at most 40 characters" in text(response)), typed
    assert not Incident.evidence.through.objects.exists()


# Showing and linking ------------------------------------------------------------------------


def test_an_items_page_names_its_case_and_the_records_it_is_linked_to(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    for record in (world.incident, world.act, world.victim, world.testimony):
        # By a member: the item's history shows what the members of its cases did.
        services.link_evidence(record, item, actor="user:investigator")
    page = text(client_of("lead").get(f"/evidence/{number(item)}/"))
    assert f'<a href="/cases/{world.case.reference}/">{world.case.reference}</a>' in page
    for record, url in ((world.incident, "incidents"), (world.act, "acts"),
                        (world.victim, "persons"), (world.testimony, "testimonies")):
        assert f'<a href="/{url}/{record.pk}/">{ref(record)}</a>' in page
    assert world.incident.title in page
    # The history names each record a link concerns.
    assert f"linked to incident {ref(world.incident)}" in page
    assert f"linked to person {ref(world.victim)}" in page


def test_linking_from_the_items_page_is_a_ledger_event_of_the_record(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    client = client_of("investigator")
    response = post_link(client, item, "incident", ref(world.incident), reason="exhibit 4")
    assert response.status_code == 302
    assert response["Location"] == f"/evidence/{number(item)}/#records"
    assert linked(world.incident, item)
    event = entries("records:incident:evidence_linked")[-1]
    assert event["actor"] == "user:investigator" and event["reason"] == "exhibit 4"
    assert event["case"] == world.case.reference
    assert event["subject"] == f"records.incident:{world.incident.pk}"
    assert event["items"][0]["sha256"] == item.sha256
    page = text(client.get(response["Location"]))
    assert f"Linked to incident {ref(world.incident)}." in page
    # A second time: nothing new in the ledger.
    count = Entry.objects.count()
    post_link(client, item, "incident", str(world.incident.pk))
    assert Entry.objects.count() == count
    # And unlinked from the same page.
    post_link(client, item, "incident", ref(world.incident), unlink="1")
    assert not linked(world.incident, item)
    assert "unlinked from incident" in text(client.get(f"/evidence/{number(item)}/"))


def upload(client: Client, name: str, content: bytes, **fields: str) -> Any:
    return client.post("/evidence/upload/", {
        "files": SimpleUploadedFile(name, content), **fields})


def test_an_upload_links_each_file_to_the_record_in_its_record_transaction(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")
    response = upload(client, "yard.pdf", PDF, case=world.case.reference,
                      link_kind="incident", link_reference=ref(world.incident))
    assert response.status_code == 302
    item = Item.objects.get()
    assert linked(world.incident, item)
    actions = [e["action"] for e in entries()][-2:]
    assert actions == ["evidence:item:received", "records:incident:evidence_linked"]
    result = text(client.get("/evidence/upload/result/"))
    assert f"linked to incident {ref(world.incident)}" in result


def test_an_upload_linking_to_a_record_it_may_not_link_to_stores_nothing(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")
    count = Entry.objects.count()
    for kind, record in (("incident", world.other_incident), ("person", world.witness)):
        response = upload(client, "yard.pdf", PDF, link_kind=kind, link_reference=ref(record))
        assert response.status_code == 200, kind  # the form again, with the reason
        assert "Nothing was uploaded." in text(response)
    assert not Item.objects.exists() and Entry.objects.count() == count


def test_an_upload_whose_link_fails_keeps_neither_the_file_nor_its_arrival(
    world: World, client_of: Callable[[str], Client], monkeypatch: Any
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise services.RecordError("the record changed meanwhile")

    monkeypatch.setattr(services, "link_evidence", refuse)
    count = Entry.objects.count()
    response = upload(client_of("investigator"), "yard.pdf", PDF,
                      link_kind="incident", link_reference=ref(world.incident))
    assert response.status_code == 302
    result = text(client_of("investigator").get("/evidence/upload/result/"))
    assert "the record changed meanwhile" in result
    assert not Item.objects.exists() and Entry.objects.count() == count


# The evidence list, filtered ----------------------------------------------------------------


def names_listed(response: Any) -> set[str]:
    return {item.first_name for item in response.context["page"]}


def test_the_evidence_list_is_filtered_by_case_and_by_linked_record(
    world: World, client_of: Callable[[str], Client]
) -> None:
    lead = client_of("lead")
    yard = of_case(world, b"yard", "yard.pdf")
    put(b"cell", "cell.pdf", user=world_user(world, "lead"))  # the lead's own, for no case
    services.link_evidence(world.witness, yard, actor=ACTOR)
    assert names_listed(lead.get("/evidence/")) == {"yard.pdf", "cell.pdf"}
    assert names_listed(lead.get("/evidence/", {"case": world.case.reference})) == {"yard.pdf"}
    assert names_listed(lead.get("/evidence/", {"record": ref(world.witness)})) == {"yard.pdf"}
    assert names_listed(lead.get("/evidence/", {"record": ref(world.victim)})) == set()
    page = text(lead.get("/evidence/", {"record": ref(world.incident), "q": "yard"}))
    assert "No item you may see matches" in page or "No item matches" in page


def world_user(world: World, name: str) -> Any:
    from django.contrib.auth.models import User

    return User.objects.get(username=name)


def test_a_filter_by_another_teams_record_or_case_is_shown_as_wrong_and_not_obeyed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = of_case(world)
    services.link_evidence(world.incident, item, actor=ACTOR)
    other = client_of("other_lead")
    response = other.get("/evidence/", {"record": ref(world.incident)})
    assert (f"There is no incident {ref(world.incident)} among those you may see."
            in text(response))
    assert names_listed(response) == set()  # theirs only: nothing of this case
    response = other.get("/evidence/", {"case": world.case.reference})
    assert "Select a valid choice" in text(response)
    assert names_listed(response) == set()
    for typed in ("12", "I-0x10", "X-000001", "I-" + "9" * 30, "٣"):
        response = client_of("lead").get("/evidence/", {"record": typed})
        assert response.status_code == 200, typed
        assert "Give a record&#x27;s reference with its letter" in text(response), typed
    response = client_of("lead").get("/evidence/", {"record": "I-" + "9" * 5000})
    assert response.status_code == 200 and "at most 40 characters" in text(response)


def test_the_pager_keeps_the_filters(world: World, client_of: Callable[[str], Client]) -> None:
    for i in range(51):
        of_case(world, b"page %d" % i, f"page-{i}.pdf")
    page = text(client_of("lead").get("/evidence/", {"case": world.case.reference}))
    assert f'href="?case={world.case.reference}&amp;page=2"' in page


def reads(client: Client, url: str) -> list[str]:
    """The queries of one page, less the custody-log append of an identity reveal and the
    checkpoint signed over it: what those cost depends on the size of the log."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in captured.captured_queries if not re.search(
        r'ledger_treenode|ledger_loghead|INTO "ledger_entry"|SAVEPOINT|ledger_checkpoint',
        q["sql"])]


def test_the_items_page_asks_a_fixed_number_of_queries(
    world: World, client_of: Callable[[str], Client],
) -> None:
    """However many records an item is linked to (the custody-log append of an identity reveal
    aside, as in test_queries): the session, the user, the reader's memberships, the item,
    its receipts with their cases, its history, the numbers of the items the history names,
    the persons it names (their pseudonyms); then the linked incidents (with their cases),
    acts (with type, incident, case and victim), persons and their names and roles,
    testimonies (with case and witness) and their witnesses' names; the cases the reader may
    edit in (for the form) and, having shown a protected identity, the cases that protect
    it (the reveal's case)."""
    item = of_case(world)
    for record in (world.incident, world.act, world.witness, world.testimony):
        services.link_evidence(record, item, actor="user:lead")
    url = f"/evidence/{number(item)}/"
    for persona in ("lead", "viewer"):
        client_of(persona).get("/evidence/")  # the session's first request reads the policy
    few = reads(client_of("lead"), url)
    assert len(few) == 17, "\n".join(q[:150] for q in few)
    for _ in range(10):
        incident = services.save_record(Incident(case=world.case, title="Another"), actor=ACTOR)
        person = services.save_record(Person(), actor=ACTOR)
        services.save_record(PersonRole(person=person, case=world.case, role="witness"),
                             actor=ACTOR)
        for record in (incident, person):
            services.link_evidence(record, item, actor="user:lead")
    assert len(reads(client_of("lead"), url)) == len(few)
    # Showing no identity and editing nowhere, the viewer asks neither for the protecting
    # cases nor for the cases they may edit in.
    assert len(reads(client_of("viewer"), url)) == len(few) - 2
