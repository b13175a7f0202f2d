"""The fictional demo data set: shaped like the real patterns, recorded like real data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sprava import instance
from sprava.cases.models import Case
from sprava.evidence.audit import run_audit
from sprava.ledger.models import Entry
from sprava.records.demo import DemoSize, load_demo
from sprava.records.models import Act, Person, PersonName
from sprava.records.services import RecordError
from sprava.vault import Vault

pytestmark = pytest.mark.django_db

SMALL = DemoSize(persons=120, incidents=20, acts=150, evidence=9, testimonies=20)


def test_demo_is_clearly_fictional_recorded_and_auditable(home: Path, vault) -> None:  # type: ignore[no-untyped-def]
    summary = load_demo(vault=vault, size=SMALL)
    assert summary.counts == {"cases": 4, "persons": 120, "incidents": 20, "acts": 150,
                              "testimonies": 20, "evidence": 9}
    assert all(c.title.startswith("DEMO") for c in Case.objects.all())
    assert all("Fictional" in p.notes for p in Person.objects.all())
    # Names in three scripts, protected witnesses with pseudonyms, acts of several types.
    assert set(PersonName.objects.values_list("script", flat=True)) == {"be", "ru", "latin"}
    protected = Person.objects.filter(protected=True)
    assert protected.exists()
    assert all(p.pseudonym and p.pseudonym.startswith("W-") for p in protected)
    # Each identity is held by the case the person was recorded in.
    assert all(p.roles.filter(case_id=p.protecting_case_id).exists() for p in protected)
    assert Act.objects.values("act_type").distinct().count() > 3
    # Every record is in the ledger, and the whole locker audits clean.
    assert Entry.objects.filter(action="records:person:created").count() == 120
    instance.sign_checkpoint()
    problems = [p for p in run_audit(vault=vault, verifier=instance.verifier()) if p.fatal]
    assert problems == []


def test_demo_files_arrive_for_the_case_of_the_incident_they_document(  # type: ignore[no-untyped-def]
        home: Path, vault) -> None:
    """Else no team sees their arrival: a demo case's lead found every file nameless, with no
    receipt, on the evidence list."""
    from sprava.evidence.models import Receipt

    load_demo(vault=vault, size=SMALL)
    receipts = list(Receipt.objects.select_related("item"))
    assert len(receipts) == 9
    for receipt in receipts:
        assert receipt.case_id is not None
        assert receipt.item.incidents.filter(case_id=receipt.case_id).exists()


def test_demo_loads_only_once(home: Path, vault) -> None:  # type: ignore[no-untyped-def]
    load_demo(vault=vault, size=SMALL)
    with pytest.raises(RecordError, match="already"):
        load_demo(vault=vault, size=SMALL)


def test_the_earliest_active_administrator_leads_the_demo_cases_with_identity_access(
    home: Path, vault, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    import datetime

    from sprava.cases.models import Membership
    from sprava.records.demo import demo_lead

    day = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    django_user_model.objects.create_user("documenter", password="x", date_joined=day)
    gone = django_user_model.objects.create_superuser("gone", password="x", date_joined=day)
    gone.is_active = False
    gone.save()
    django_user_model.objects.create_superuser(
        "second", password="x", date_joined=day + datetime.timedelta(days=2))
    first = django_user_model.objects.create_superuser(
        "first", password="x", date_joined=day + datetime.timedelta(days=1))
    lead = demo_lead()
    assert lead == first
    summary = load_demo(vault=vault, size=SMALL, lead=lead)
    assert summary.lead == "first"
    memberships = Membership.objects.filter(case__reference__startswith="demo-")
    assert sorted((m.user.username, m.role, m.identity_access) for m in memberships) == [
        ("first", "lead", True)] * 4
    # Each grant is a ledger event like any other membership.
    assert Entry.objects.filter(action="accounts:membership:granted").count() == 4


def test_a_named_member_leads_the_demo_and_must_be_an_active_account(
    home: Path, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    from sprava.records.demo import demo_lead

    dana = django_user_model.objects.create_user("dana", password="x")
    django_user_model.objects.create_user("left", password="x", is_active=False)
    assert demo_lead("dana") == dana
    for wrong in ("nobody", "left"):
        with pytest.raises(RecordError, match="no active account"):
            demo_lead(wrong)


def test_without_an_administrator_the_demo_has_no_lead(
    home: Path, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    from sprava.records.demo import demo_lead

    django_user_model.objects.create_user("dana", password="x")
    assert demo_lead() is None


class Broken(Exception):
    """The failure a test injects into the demo load."""


def _fail(*args: object, **kwargs: object) -> None:
    raise Broken("the disk gave up")


def _fail_at_the_fifth_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from sprava.evidence.intake import Outcome, ingest_stream

    calls = []

    def ingest(*args: Any, **kwargs: Any) -> Outcome:
        calls.append(1)
        if len(calls) == 5:
            raise Broken("the disk gave up")
        return ingest_stream(*args, **kwargs)

    monkeypatch.setattr("sprava.records.demo.ingest_stream", ingest)


def _locker(vault: Vault) -> tuple[int, ...]:
    from sprava.evidence.models import Item, Receipt
    from sprava.records.models import Consent, Testimony

    return (Case.objects.count(), Person.objects.count(), Act.objects.count(),
            Testimony.objects.count(), Consent.objects.count(), Item.objects.count(),
            Receipt.objects.count(), Entry.objects.count(), len(list(vault.names())))


@pytest.mark.parametrize("step", ["testimonies", "the fifth file", "the lead"])
def test_a_demo_that_fails_midway_leaves_nothing_and_loads_again(
        home: Path, vault: Vault, monkeypatch: pytest.MonkeyPatch,
        django_user_model: type[User], step: str) -> None:
    """All or nothing: records, ledger entries and vault blobs of a failed load all go, so
    verify finds nothing to report (not even a leftover blob) and the next load works."""
    import sprava.records.demo as demo

    lead = django_user_model.objects.create_superuser("admin", password="x")
    before = _locker(vault)
    with monkeypatch.context() as patch:
        if step == "testimonies":
            patch.setattr(demo, "_testimonies", _fail)
        elif step == "the fifth file":
            _fail_at_the_fifth_file(patch)
        else:
            patch.setattr(demo, "_lead", _fail)
        with pytest.raises(Broken):
            load_demo(vault=vault, size=SMALL, lead=lead)
    assert _locker(vault) == before
    instance.sign_checkpoint()
    assert list(run_audit(vault=vault, verifier=instance.verifier())) == []
    summary = load_demo(vault=vault, size=SMALL, lead=lead)
    assert summary.counts["evidence"] == SMALL.evidence and summary.lead == "admin"
    instance.sign_checkpoint()
    assert list(run_audit(vault=vault, verifier=instance.verifier())) == []
