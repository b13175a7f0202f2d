"""The fictional demo data set: shaped like the real patterns, recorded like real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprava import instance
from sprava.evidence.audit import run_audit
from sprava.ledger.models import Entry
from sprava.records.demo import DemoSize, load_demo
from sprava.records.models import Act, Case, Person, PersonName
from sprava.records.services import RecordError

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


def test_demo_loads_only_once(home: Path, vault) -> None:  # type: ignore[no-untyped-def]
    load_demo(vault=vault, size=SMALL)
    with pytest.raises(RecordError, match="already"):
        load_demo(vault=vault, size=SMALL)
