"""`sprava import` and `sprava export`, done as the case's lead (`--as lead`)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sprava.accounts.members import add_member
from sprava.cases.models import Case
from sprava.cli import main
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import Consent, Person, PersonRole
from tests.csv_io.conftest import ACTOR, add_person

pytestmark = pytest.mark.django_db


def sprava(capsys: pytest.CaptureFixture[str], *argv: str, user: str = "lead"
           ) -> tuple[int, str, str]:
    code = main([*argv, "--as", user])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def lead(case: Case, settings: Any) -> User:
    """The case's lead, with identity access: whom these commands are done as."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("lead", password="a long password indeed")
    add_member(case, user, "lead", identity_access=True, actor=ACTOR)
    return user


@pytest.fixture
def persons_csv(tmp_path: Path) -> Path:
    path = tmp_path / "persons.csv"
    path.write_text("name,role,birth_date\nAles Vykrytski,victim,1990\n"
                    "=HYPERLINK(\"x\"),victim,\n", encoding="utf-8")
    return path


def test_import_reports_row_by_row_and_exits_1_when_rows_are_rejected(
        case: Case, persons_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sprava(capsys, "import", "persons", str(persons_csv), "--case", case.reference,
                          "--dry-run")
    assert code == 1
    assert "line     2  created" in out and "line     3  rejected" in out
    assert "spreadsheet formula" in out
    assert "1 would be created, 0 matched, 1 rejected (dry run: nothing written)" in out
    assert Person.objects.count() == 0
    code, out, _ = sprava(capsys, "import", "persons", str(persons_csv), "--case",
                          case.reference, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["counts"]["created"] == 1
    assert Person.objects.count() == 1
    assert Entry.objects.filter(action="records:person:created").get().actor == "user:lead"


def test_a_clean_import_exits_0(case: Case, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text("title,start_date\nBeatings,2020-08-10\n", encoding="utf-8")
    assert sprava(capsys, "import", "incidents", str(path), "--case", case.reference)[0] == 0
    code, out, _ = sprava(capsys, "import", "incidents", str(path), "--case", case.reference)
    assert code == 0 and "0 were created, 1 matched, 0 rejected" in out


@pytest.mark.parametrize(("argv", "message"), [
    (("import", "persons", "/no/such/file.csv", "--case", "akrestsina-2020"), "cannot read"),
    (("import", "persons", "{file}", "--case", "no-case"), "there is no case 'no-case'"),
    (("export", "persons", "--json"), "--json needs --output"),
])
def test_import_and_export_mistakes_exit_2(case: Case, persons_csv: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           argv: tuple[str, ...], message: str) -> None:
    code, out, err = sprava(capsys, *(a.format(file=persons_csv) for a in argv))
    assert code == 2 and message in out + err


def test_a_wrong_encoding_is_one_clear_line(case: Case, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes("name,role\nАлесь,victim\n".encode("cp1251"))
    code, _, err = sprava(capsys, "import", "persons", str(path), "--case", case.reference)
    assert code == 2 and "not UTF-8" in err


@pytest.fixture
def protected(case: Case) -> Person:
    person = add_person(case, "Hanna Sakretnaja", role="witness")
    return services.protect(person, actor=ACTOR)


def test_export_to_standard_output_shows_pseudonyms(case: Case, protected: Person,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sprava(capsys, "export", "persons", "--case", case.reference)
    assert code == 0
    assert out.startswith("id,reference,name,")
    assert "W-0001" in out and "Sakretnaja" not in out
    assert not Entry.objects.filter(action=IDENTITY_REVEALED).exists()
    event = json.loads(bytes(Entry.objects.filter(action="records:list:exported").get().body))
    assert event["details"]["channel"] == "cli" and event["case"] == case.reference


def test_export_reveal_is_logged(case: Case, protected: Person, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = sprava(capsys, "export", "persons", "--reveal", "--output", str(target),
                          "--json")
    assert code == 0 and json.loads(out)["rows"] == 1
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheets read UTF-8 with this mark only
    assert "Hanna Sakretnaja" in data.decode("utf-8-sig")
    reveal = json.loads(bytes(Entry.objects.filter(action=IDENTITY_REVEALED).get().body))
    assert reveal["details"] == {"persons": [f"records.person:{protected.pk}"],
                                 "channel": "cli"}


def test_a_case_export_leaves_out_consents_given_for_another_case(
        case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    other = services.save_record(Case(reference="okrestina-other", title="Other"), actor=ACTOR)
    shared = add_person(case, "Shared Witness")
    services.save_record(PersonRole(person=shared, case=other, role="witness"), actor=ACTOR)
    for given_for, scope in ((other, "only the other team's"), (case, "ours"),
                             (None, "every case")):
        services.save_record(Consent(person=shared, case=given_for, use="tribunal",
                                     granted=True, given_on=datetime.date(2022, 1, 1),
                                     scope=scope), actor=ACTOR)
    code, out, _ = sprava(capsys, "export", "consents", "--case", case.reference)
    assert code == 0
    assert "ours" in out and "every case" in out
    assert "only the other team's" not in out


def _witness_row(tmp_path: Path) -> Path:
    path = tmp_path / "witnesses.csv"
    path.write_text("name,role\nHanna Sakretnaja,witness\n", encoding="utf-8")
    return path


def test_an_import_does_not_match_a_protected_person_unless_the_operator_reveals(
        case: Case, protected: Person, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A row with the witness's real name must not be told "matched W-0001 / P-000001": that
    ties the name to the protected record, as a page showing it would."""
    code, out, _ = sprava(capsys, "import", "persons", str(_witness_row(tmp_path)),
                          "--case", case.reference, "--dry-run")
    assert code == 0 and "line     2  created" in out
    assert protected.reference not in out and "W-0001" not in out and "matched P-" not in out
    assert not Entry.objects.filter(action=IDENTITY_REVEALED).exists()


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_with_reveal_matches_protected_persons_and_logs_the_reveal(
        case: Case, protected: Person, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        dry_run: bool) -> None:
    argv = ["import", "persons", str(_witness_row(tmp_path)), "--case", case.reference,
            "--reveal", *(["--dry-run"] if dry_run else [])]
    code, out, _ = sprava(capsys, *argv)
    assert code == 0 and f"matched {protected.reference} by name" in out
    assert Person.objects.count() == 1
    reveal = json.loads(bytes(Entry.objects.filter(action=IDENTITY_REVEALED).get().body))
    assert reveal["details"] == {"persons": [f"records.person:{protected.pk}"],
                                 "channel": "cli"}
    assert reveal["actor"] == "user:lead" and reveal["reason"]


def test_an_import_never_takes_a_protected_person_into_another_case(
        case: Case, protected: Person, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Rule 4: only a lead of the protecting case takes their witness elsewhere. A lawyer of
    it, with identity access, who also edits another case, may see the witness matched, but
    the row is refused, saying whom to ask."""
    other = services.save_record(Case(reference="okrestina-other", title="Other"), actor=ACTOR)
    lawyer = User.objects.create_user("lawyer", password="a long password indeed")
    add_member(case, lawyer, "lawyer", identity_access=True, actor=ACTOR)
    add_member(other, lawyer, "investigator", actor=ACTOR)
    code, out, _ = sprava(capsys, "import", "persons", str(_witness_row(tmp_path)),
                          "--case", other.reference, "--reveal", user="lawyer")
    assert code == 1 and "line     2  rejected" in out
    assert "only a lead of the case that protects them" in out
    assert not PersonRole.objects.filter(person=protected, case=other).exists()
    assert Person.objects.count() == 1


def test_an_acts_import_names_no_protected_victim_without_reveal(
        case: Case, protected: Person, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sprava.records.models import Incident

    services.save_record(Incident(case=case, title="Beatings"), actor=ACTOR)
    path = tmp_path / "acts.csv"
    path.write_text("incident_title,act_type,victim_name\nBeatings,torture,Hanna Sakretnaja\n",
                    encoding="utf-8")
    code, out, _ = sprava(capsys, "import", "acts", str(path), "--case", case.reference,
                          "--dry-run")
    assert code == 1 and "no person named 'Hanna Sakretnaja'" in out
    assert protected.reference not in out
    code, out, _ = sprava(capsys, "import", "acts", str(path), "--case", case.reference,
                          "--dry-run", "--reveal")
    assert code == 0 and "line     2  created" in out
    assert Entry.objects.filter(action=IDENTITY_REVEALED).count() == 1
