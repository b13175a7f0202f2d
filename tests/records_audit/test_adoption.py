"""`sprava adopt`: rows verify reports are accepted as found only deliberately, and visibly.

An installation from before events carried state has rows the records audit cannot match.
The operator adopts them once, with a reason; the ledger keeps an `adopted` event per row and
a summary, `verify` then passes but lists the adoption every time, and a later change to an
adopted row is reported as any other. Adoption refuses while the custody log itself is broken,
so it cannot be used to cover entries deleted along with rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.db import connection

from sprava.cli import main
from sprava.ledger.models import Entry, TreeNode
from sprava.records.models import PersonRole
from tests.records_audit.conftest import Recorded

pytestmark = pytest.mark.django_db

Run = Callable[..., tuple[int, dict]]


@pytest.fixture
def keeper(recorded: Recorded) -> None:
    """The administrator who adopts (`sprava adopt --as keeper`), made with its ledger event."""
    from sprava.accounts.users import create_user

    create_user("keeper", "a password of some length", admin=True, actor="test")


@pytest.fixture
def sprava(capsys: pytest.CaptureFixture[str], keeper: None) -> Run:
    """A command with --json: its exit status and what it printed (adopt done by `keeper`)."""

    def run(*args: str) -> tuple[int, dict]:
        capsys.readouterr()
        status = main([*args, "--json", *(["--as", "keeper"] if args[0] == "adopt" else [])])
        captured = capsys.readouterr()
        return status, json.loads(captured.out) if captured.out.strip() else {}

    return run


def _as_before_issue_7(recorded: Recorded) -> None:
    """What an upgraded installation looks like to the audit: a row no event made, a field no
    event recorded (here made directly, as the old version's events said less)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_personname SET script = %s WHERE id = %s",
                       ["ru", recorded.victim_name.pk])
        cursor.execute("INSERT INTO records_personrole (person_id, case_id, role) "
                       "VALUES (%s, %s, %s)",
                       [recorded.victim.pk, recorded.case.pk, "witness"])


def _fatal(report: dict) -> list[str]:
    return [f"{p['subject']}: {p['message']}" for p in report["problems"] if p["fatal"]]


def test_reported_rows_are_adopted_once_and_verify_then_lists_the_adoption(
        recorded: Recorded, sprava: Run) -> None:
    _as_before_issue_7(recorded)
    status, report = sprava("verify")
    assert status == 1 and len(_fatal(report)) == 2

    status, adopted = sprava("adopt", "--reason", "upgrade to 0.7: events before it said less")
    assert status == 0 and adopted["adopted"] == 2
    assert adopted["tables"] == {"records_personname": 1, "records_personrole": 1}

    status, report = sprava("verify")
    assert status == 0, _fatal(report)
    notes = [p["message"] for p in report["problems"] if not p["fatal"]]
    assert any("adopted 2 rows as found" in n and "upgrade to 0.7" in n for n in notes)
    adoptions = Entry.objects.filter(action__endswith=":adopted")
    assert sorted(adoptions.values_list("action", flat=True)) == [
        "records:audit:adopted", "records:personname:adopted", "records:personrole:adopted"]
    assert set(adoptions.values_list("actor", flat=True)) == {"user:keeper"}


def test_a_change_after_adoption_is_reported(recorded: Recorded, sprava: Run) -> None:
    _as_before_issue_7(recorded)
    sprava("adopt", "--reason", "upgrade")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_personname SET text = %s WHERE id = %s",
                       ["Someone Else", recorded.victim_name.pk])
    status, report = sprava("verify")
    assert status == 1
    assert _fatal(report) == [f"table records_personname row {recorded.victim_name.pk}: "
                              "field text differs from the value its ledger events give"]


def test_a_row_deleted_directly_is_adopted_as_deleted(recorded: Recorded, sprava: Run) -> None:
    PersonRole.objects.filter(pk=recorded.victim_role.pk).delete()
    assert sprava("verify")[0] == 1
    assert sprava("adopt", "--reason", "the role was removed by hand in 2023")[0] == 0
    assert sprava("verify")[0] == 0


def test_a_dry_run_lists_the_rows_and_writes_nothing(recorded: Recorded, sprava: Run) -> None:
    _as_before_issue_7(recorded)
    entries = Entry.objects.count()
    status, report = sprava("adopt", "--dry-run")
    assert status == 0 and report["adopted"] == 0 and len(report["rows"]) == 2
    assert {r["table"] for r in report["rows"]} == {"records_personname", "records_personrole"}
    assert Entry.objects.count() == entries


def test_adoption_needs_a_reason(recorded: Recorded, sprava: Run) -> None:
    _as_before_issue_7(recorded)
    entries = Entry.objects.count()
    status, report = sprava("adopt", "--reason", "   ")
    assert status != 0 and "reason" in report["error"]
    assert Entry.objects.count() == entries


def test_adoption_refuses_while_the_log_fails_verification(recorded: Recorded,
                                                           sprava: Run) -> None:
    """Rows deleted together with their entries' tree nodes must not be adopted away."""
    _as_before_issue_7(recorded)
    TreeNode.objects.filter(pk=TreeNode.objects.order_by("-pk").values("pk")[:1]).delete()
    entries = Entry.objects.count()
    status, report = sprava("adopt", "--reason", "upgrade")
    assert status != 0 and "fails verification" in report["error"]
    assert Entry.objects.count() == entries


def test_nothing_to_adopt_when_every_row_matches(recorded: Recorded, sprava: Run) -> None:
    entries = Entry.objects.count()
    status, report = sprava("adopt", "--reason", "just in case")
    assert status == 0 and report["adopted"] == 0 and report["rows"] == []
    assert Entry.objects.count() == entries
