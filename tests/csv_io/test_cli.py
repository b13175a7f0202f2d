"""`sprava import` and `sprava export`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from sprava.cli import main
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import Case, Consent, Person, PersonRole
from tests.csv_io.conftest import ACTOR, add_person

pytestmark = pytest.mark.django_db


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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
    assert Entry.objects.filter(action="records:person:created").get().actor.startswith("cli")


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
