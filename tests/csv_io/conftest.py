"""A case to import into, and a shortcut to import CSV text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sprava.cases.models import Case
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.csv_io import ImportReport, import_csv
from sprava.records.models import Person, PersonRole

ACTOR = "cli:tester"


@pytest.fixture
def case(home: Path, db: None) -> Case:
    return services.save_record(Case(reference="akrestsina-2020", title="Akrestsina"),
                                actor=ACTOR)


def run(kind: str, text: str | bytes, case: Case, *, dry_run: bool = False,
        **kwargs: Any) -> ImportReport:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_csv(kind, data, case=case, actor=ACTOR, dry_run=dry_run, **kwargs)


def outcomes(report: ImportReport) -> list[str]:
    return [row.outcome for row in report.rows]


def messages(report: ImportReport) -> str:
    return " | ".join(m for row in report.rows for m in row.messages)


def add_person(case: Case, name: str, role: str = "victim", **fields: Any) -> Person:
    person = services.save_record(Person(**fields), actor=ACTOR)
    services.add_name(person, name, actor=ACTOR)
    services.save_record(PersonRole(person=person, case=case, role=role), actor=ACTOR)
    return person


def ledger_size() -> int:
    return Entry.objects.count()
