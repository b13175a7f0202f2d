"""Every change of a record is a ledger event; identities enter the ledger only as keyed hashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sprava.cases.models import Case
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.identity import IDENTITY_REVEALED, Disclosure
from sprava.records.models import ActType, Incident, Person, PersonRole
from sprava.rows import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(home: Path) -> Case:
    return services.save_record(Case(reference="akrestsina-2020", title="Akrestsina, August 2020"),
                                actor="user:lead")


def last_entry() -> dict:  # type: ignore[type-arg]
    return json.loads(bytes(Entry.objects.order_by("-seq").first().body))  # type: ignore[union-attr]


def test_creating_a_record_writes_its_values(case: Case) -> None:
    incident = services.save_record(
        Incident(case=case, title="Beatings at Akrestsina", narrative="Detainees were beaten."),
        actor="user:investigator",
    )
    entry = last_entry()
    assert entry["action"] == "records:incident:created"
    assert entry["case"] == "akrestsina-2020"
    assert entry["subject"] == f"records.incident:{incident.id}"
    after = entry["details"]["after"]
    assert after["title"] == "Beatings at Akrestsina"
    assert after["narrative"].startswith("hmac-sha256:")
    assert "beaten" not in json.dumps(entry)


def test_changing_a_record_writes_before_and_after(case: Case) -> None:
    incident = services.save_record(Incident(case=case, title="First title"), actor="user:a")
    incident.title = "Second title"
    services.save_record(incident, actor="user:b", reason="typo")
    entry = last_entry()
    assert entry["action"] == "records:incident:changed"
    assert entry["details"]["changes"] == {"title": {"before": "First title",
                                                     "after": "Second title"}}
    assert entry["reason"] == "typo"
    assert [e.action for e in history.history(incident)] == [
        "records:incident:created", "records:incident:changed"]


def test_saving_without_a_change_writes_nothing(case: Case) -> None:
    incident = services.save_record(Incident(case=case, title="Same"), actor="user:a")
    before = Entry.objects.count()
    services.save_record(incident, actor="user:a")
    assert Entry.objects.count() == before


def test_names_are_never_in_the_ledger_in_clear(case: Case) -> None:
    person = services.save_record(Person(), actor="user:a")
    services.add_name(person, "Алесь Бяляцкі", actor="user:a", script="be")
    entry = last_entry()
    assert entry["details"]["after"]["text"].startswith("hmac-sha256:")
    assert "Бяляцкі" not in json.dumps(entry, ensure_ascii=False)


def test_deleting_keeps_the_history_and_refuses_while_others_depend(case: Case) -> None:
    incident = services.save_record(Incident(case=case, title="To delete"), actor="user:a")
    with pytest.raises(services.RecordError, match="depend"):
        services.delete_record(case, actor="user:a")
    services.delete_record(incident, actor="user:a", reason="entered twice")
    entry = last_entry()
    assert entry["action"] == "records:incident:deleted"
    assert entry["subject"] == f"records.incident:{incident.id}"
    assert entry["details"]["before"]["title"] == "To delete"


def test_invalid_values_are_refused_with_a_message(case: Case) -> None:
    with pytest.raises(services.RecordError):
        services.save_record(Incident(case=case, title=""), actor="user:a")


def test_protection_assigns_distinct_pseudonyms(case: Case) -> None:
    first = services.protect(services.save_record(Person(), actor="a"), actor="a")
    second = services.protect(services.save_record(Person(), actor="a"), actor="a")
    assert (first.pseudonym, second.pseudonym) == ("W-0001", "W-0002")
    assert str(first) == "W-0001"


def test_disclosure_shows_pseudonyms_without_access_and_logs_reveals(case: Case) -> None:
    person = services.save_record(Person(), actor="a")
    services.add_name(person, "Марыя Калеснікава", actor="a", script="be")
    PersonRole.objects.create(person=person, case=case, role="witness")
    services.protect(person, actor="a")
    person = Person.objects.prefetch_related("names", "roles").get(id=person.id)

    outsider = Disclosure(identity_case_ids=set())
    assert outsider.label(person) == "W-0001"
    assert outsider.names(person) == []
    outsider.commit(actor="user:x", channel="web")
    assert not Entry.objects.filter(action=IDENTITY_REVEALED).exists()

    insider = Disclosure(identity_case_ids={case.id})
    assert "Марыя Калеснікава" in insider.label(person)
    insider.commit(actor="user:lawyer", channel="web:person")
    entry = last_entry()
    assert entry["action"] == IDENTITY_REVEALED
    assert entry["details"]["persons"] == [f"records.person:{person.id}"]


def test_linking_evidence_shows_in_the_items_custody_history(case: Case, vault) -> None:  # type: ignore[no-untyped-def]
    import io

    from sprava.evidence.intake import ingest_stream
    from sprava.ledger import log

    item = ingest_stream(io.BytesIO(b"photo"), vault=vault, filename="p.jpg", actor="a").item
    ActType.objects.get_or_create(code="beating-test", defaults={"label_en": "Beating"})
    incident = services.save_record(Incident(case=case, title="With evidence"), actor="a")
    services.link_evidence(incident, item, actor="user:a")
    actions = [e.action for e in log.history(item.sha256)]
    assert actions == ["evidence:item:received", "records:incident:evidence_linked"]



def test_a_choice_is_recorded_as_its_plain_value(case: Case) -> None:
    # An enum member would send the entry down rfc8785's slow path; the bytes are the same.
    from sprava.records.models.dates import Precision

    incident = Incident(case=case, title="Detentions", date_precision=Precision.MONTH)
    recorded = history.snapshot(incident)["date_precision"]
    assert type(recorded) is str and recorded == Precision.MONTH.value
