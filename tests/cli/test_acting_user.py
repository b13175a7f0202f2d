"""The command line acts as a Sprava user, and that user's permissions apply.

Commands that change evidence, records or a case's team (`ingest`, `import`, `export`, `case
add`, `member add|change|remove`, `adopt`) are done as the user named by `--as USER` or
`SPRAVA_USER`; the ledger names that user, and the permission rules of the pages and the API
apply to them. The operator's shell is no way around a case's walls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sprava.cli import main
from sprava.evidence.models import Receipt
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.models import Person
from tests.accounts.conftest import Personas, fast_passwords, personas  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_user_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPRAVA_USER", raising=False)


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def persons_csv(tmp_path: Path) -> Path:
    path = tmp_path / "persons.csv"
    path.write_text("name,role\nAles Vykrytski,victim\n", encoding="utf-8")
    return path


def entries() -> int:
    return Entry.objects.count()


# --- attacks first ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "other_lead", "viewer", "analyst", "administrator"])
def test_a_user_who_may_not_edit_the_case_cannot_import_into_it(
        home: Path, personas: Personas, persons_csv: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], who: str) -> None:
    before = entries()
    code, _, err = sprava(capsys, "import", "persons", str(persons_csv), "--case",
                            personas.case.reference, "--as", who)
    assert code == 2
    assert err == f"sprava: {who} may not edit in case {personas.case.reference}\n"
    assert not Person.objects.exists() and entries() == before


def test_an_outsider_cannot_ingest_for_a_case(
        home: Path, personas: Personas, tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"a photograph")
    code, _, err = sprava(capsys, "ingest", str(tmp_path / "photo.jpg"), "--case",
                          personas.case.reference, "--as", "outsider")
    assert code == 2 and "outsider may not edit in case akrestsina-2020" in err
    assert not Receipt.objects.exists()


def test_ingest_does_not_tell_a_user_that_another_team_holds_the_same_bytes(
        home: Path, personas: Personas, tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    """Deduplication confers nothing: "duplicate", or a low item number, would tell the
    outsider that these bytes were in the locker already, for another case."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photograph the other team holds")
    assert sprava(capsys, "ingest", str(photo), "--case", personas.other_case.reference,
                  "--as", "other_lead")[0] == 0
    code, out, _ = sprava(capsys, "ingest", str(photo), "--as", "outsider", "--json")
    report = json.loads(out)
    assert code == 0 and report["duplicates"] == []
    [stored] = report["ingested"]
    mine = Receipt.objects.get(received_by=personas.outsider)
    assert stored["item"] == mine.pk  # the number of their own arrival, not the team's
    code, out, _ = sprava(capsys, "ingest", str(photo), "--as", "outsider")
    assert "0 ingested, 1 duplicates" in out  # now they do see an earlier arrival: their own


@pytest.mark.parametrize("who", ["outsider", "other_lead", "viewer", "investigator"])
def test_a_user_who_may_not_export_from_the_case_cannot(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str],  # noqa: F811
        who: str) -> None:
    code, out, err = sprava(capsys, "export", "persons", "--case", personas.case.reference,
                            "--as", who)
    assert code == 2 and out == ""
    assert f"{who} may not export" in err
    assert not Entry.objects.filter(action="records:list:exported").exists()


def test_an_export_of_every_case_holds_only_the_cases_the_user_may_export(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    services.save_record(Person(), actor="test")  # a person in no case
    code, out, _ = sprava(capsys, "export", "cases", "--as", "lawyer")
    assert code == 0
    assert personas.case.reference in out and personas.other_case.reference not in out


def test_a_protected_person_is_revealed_only_to_a_user_with_identity_access(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    from sprava.records.models import PersonRole

    person = services.save_record(Person(), actor="test")
    services.add_name(person, "Hanna Sakretnaja", actor="test")
    services.save_record(PersonRole(person=person, case=personas.case, role="witness"),
                         actor="test")
    services.protect(person, actor="test")
    _, lawyer, _ = sprava(capsys, "export", "persons", "--case", personas.case.reference,
                          "--reveal", "--as", "lawyer")  # no identity access
    assert "Sakretnaja" not in lawyer
    _, lead, _ = sprava(capsys, "export", "persons", "--case", personas.case.reference,
                        "--reveal", "--as", "lead")
    assert "Hanna Sakretnaja" in lead


@pytest.mark.parametrize(("who", "argv"), [
    ("investigator", ("member", "add", "akrestsina-2020", "outsider", "viewer")),
    ("other_lead", ("member", "add", "akrestsina-2020", "outsider", "lead")),
    ("outsider", ("member", "change", "akrestsina-2020", "outsider", "--role", "lead")),
    ("viewer", ("member", "remove", "akrestsina-2020", "lead")),
])
def test_only_a_lead_or_an_administrator_manages_a_case_team(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str],  # noqa: F811
        who: str, argv: tuple[str, ...]) -> None:
    before = entries()
    code, _, err = sprava(capsys, *argv, "--as", who)
    assert code == 2 and f"{who} may not manage members in case akrestsina-2020" in err
    assert entries() == before


@pytest.mark.parametrize("who", ["lead", "outsider"])
def test_only_an_administrator_creates_a_case(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str],  # noqa: F811
        who: str) -> None:
    code, _, err = sprava(capsys, "case", "add", "new-case", "New", "--as", who)
    assert code == 2 and f"{who} may not administer" in err


def test_only_an_administrator_adopts_rows(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    code, _, err = sprava(capsys, "adopt", "--reason", "upgrade", "--as", "lead")
    assert code == 2 and "lead may not administer" in err
    assert not Entry.objects.filter(action="records:audit:adopted").exists()


# --- who the user is ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ("import", "persons", "{csv}", "--case", "akrestsina-2020"),
    ("ingest", "{csv}"),
    ("export", "cases"),
    ("case", "add", "new-case", "New"),
    ("member", "add", "akrestsina-2020", "outsider", "viewer"),
    ("adopt", "--dry-run"),
])
def test_a_command_that_changes_evidence_or_records_needs_a_user(
        home: Path, personas: Personas, persons_csv: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    before = entries()
    code, _, err = sprava(capsys, *(a.format(csv=persons_csv) for a in argv))
    assert code == 2
    assert err == (f"sprava: `sprava {argv[0]}` is done as a Sprava user: give --as USER "
                   "or set SPRAVA_USER\n")
    assert entries() == before


def test_an_unknown_or_deactivated_user_is_refused(
        home: Path, personas: Personas, persons_csv: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("import", "persons", str(persons_csv), "--case", "akrestsina-2020")
    code, _, err = sprava(capsys, *argv, "--as", "nobody")
    assert code == 2 and err == "sprava: --as nobody: there is no user 'nobody'\n"
    personas.investigator.is_active = False
    personas.investigator.save()
    code, _, err = sprava(capsys, *argv, "--as", "investigator")
    assert code == 2
    assert err == "sprava: --as investigator: the account is deactivated\n"
    assert not Person.objects.exists()


def test_the_ledger_names_the_user_and_the_user_comes_from_sprava_user_too(
        home: Path, personas: Personas, persons_csv: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPRAVA_USER", "investigator")
    code, _, err = sprava(capsys, "import", "persons", str(persons_csv), "--case",
                            "akrestsina-2020")
    assert code == 0, err
    entry = Entry.objects.filter(action="records:person:created").get()
    assert entry.actor == "user:investigator"
    # --as wins over the environment (and is still checked)
    code, _, err = sprava(capsys, "import", "persons", str(persons_csv), "--case",
                          "akrestsina-2020", "--as", "viewer")
    assert code == 2 and "viewer may not edit" in err


def test_ingest_records_the_user_as_actor_and_receiver(
        home: Path, personas: Personas, tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF a scan")
    code, _, err = sprava(capsys, "ingest", str(tmp_path / "scan.pdf"), "--case",
                          personas.case.reference, "--as", "investigator")
    assert code == 0, err
    receipt = Receipt.objects.get()
    assert receipt.actor == "user:investigator" and receipt.received_by == personas.investigator


def test_commands_that_keep_the_instance_run_as_the_installation(
        home: Path, personas: Personas, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """verify, log and the like change no evidence or record: they take no --as, and a
    SPRAVA_USER in the environment (even a wrong one) does not stop them."""
    monkeypatch.setenv("SPRAVA_USER", "nobody")
    assert sprava(capsys, "verify")[0] in (0, 1)  # personas are made without events
    event = json.loads(bytes(Entry.objects.filter(action="ledger:audit:completed").get().body))
    assert event["actor"].startswith("cli")
    with pytest.raises(SystemExit):
        main(["log", "--as", "lead"])
