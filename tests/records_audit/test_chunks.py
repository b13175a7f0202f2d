"""The records audit compares whole chunks of created rows at once; a change still names its row.

Most rows were created and never changed, so the audit encodes a chunk of them together and
compares the bytes with their entries in one step. These tests make sure that shortcut can only
cost time: one changed row among many untouched ones is named alone, and the values the audit
computes from database rows are the very values the ledger recorded from the records.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection

from sprava.records import services
from sprava.records.audited import every_table as tables
from sprava.records.models import Act, ActType
from sprava.records.models.dates import Precision
from sprava.rows import audit as records_audit
from sprava.rows import history
from sprava.rows.audit import audit_records, current_states
from tests.records_audit.conftest import ACTOR, Recorded

pytestmark = pytest.mark.django_db


def _acts(recorded: Recorded, count: int) -> list[Act]:
    torture = ActType.objects.get(code="torture")
    return services.create_many(
        [Act(incident=recorded.incident, victim=recorded.victim, act_type=torture,
             start_date=datetime.date(2020, 8, 11) + datetime.timedelta(days=n % 20),
             description=f"Beaten, the {n}th time.") for n in range(count)],
        actor=ACTOR)


def _problems() -> list[str]:
    return [str(p) for p in audit_records(tables()) if p.fatal]


def test_untouched_rows_in_many_chunks_pass(recorded: Recorded,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_audit, "CHUNK", 7)  # many chunks, a last one half full
    _acts(recorded, 60)
    assert _problems() == []


@pytest.mark.parametrize("column, value", [
    ("description", "Not beaten at all."),   # a hashed field
    ("start_date", "2020-08-30"),            # a date
    ("victim_id", None),                     # a foreign key
])
def test_one_changed_row_among_many_is_named_alone(
        recorded: Recorded, monkeypatch: pytest.MonkeyPatch, column: str, value: Any) -> None:
    monkeypatch.setattr(records_audit, "CHUNK", 25)
    acts = _acts(recorded, 60)
    target = acts[30]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE records_act SET {column} = %s WHERE id = %s", [value, target.pk])
    field = column.removesuffix("_id")
    assert _problems() == [
        f"table records_act row {target.pk}: field {field} differs from the value its ledger "
        "events give"
    ]


def test_values_of_database_rows_are_the_values_the_ledger_recorded(recorded: Recorded) -> None:
    """The audit reads rows as tuples, dates as text, and converts only the fields that need it
    (hashed text, a hashed date of birth, choices); the result must equal the snapshot the
    ledger took of each record."""
    born = recorded.victim
    born.birth_date = datetime.date(1962, 9, 25)  # a date that is hashed, not read as text
    services.save_record(born, actor=ACTOR)
    checked = 0
    for table in tables():
        if table.fields is not None or table.ignored:
            continue  # accounts: a chosen few fields and derived ones, or some not recorded
        model = table.model
        pks = list(model._default_manager.values_list("pk", flat=True))
        states = current_states(table, pks)
        for pk in pks:
            snapshot = history.snapshot(model._default_manager.get(pk=pk))
            assert {k: states[pk][k] for k in snapshot} == snapshot, (model, pk)
            checked += 1
    assert checked > 20


def test_choices_given_as_enums_are_recorded_as_their_values(recorded: Recorded) -> None:
    act = recorded.act
    act.date_precision = Precision.MONTH  # an enum, as code sets it before saving
    values = history.snapshot(act)
    assert type(values["date_precision"]) is str and values["date_precision"] == "month"
    assert values["start_date"] == "2020-08-11"  # a date, as ISO text
