"""Importing persons, incidents and acts: created, matched or rejected, row by row."""

from __future__ import annotations

import datetime

import pytest

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.csv_io import import_csv
from sprava.records.identity import Disclosure
from sprava.records.models import Act, ActType, Incident, Person
from sprava.rows.history import history
from tests.assets.numbers import HOSTILE_NUMBERS, HostileNumber
from tests.csv_io.conftest import ACTOR, add_person, ledger_size, messages, outcomes, run

pytestmark = pytest.mark.django_db

PERSONS = """name,transliterations,gender,birth_date,role,protected,notes
Алесь Выкрыцкі,Ales Vykrytski,male,1990-05-01,victim,no,Detained on 10 August
Volha Svidetel,,female,1985,witness,yes,
"""


# --- persons -------------------------------------------------------------------------------


def test_persons_are_created_with_names_roles_and_history(case: Case) -> None:
    report = run("persons", PERSONS, case)
    assert outcomes(report) == ["created", "created"]
    first, second = (Person.objects.get(pk=int(row.record[2:])) for row in report.rows)
    assert [(n.text, n.script, n.kind) for n in first.names.all()] == [
        ("Алесь Выкрыцкі", "be", "primary"), ("Ales Vykrytski", "latin", "transliteration")]
    assert first.birth_date == datetime.date(1990, 5, 1) and first.birth_precision == "day"
    assert second.birth_precision == "year" and second.protected and second.pseudonym
    assert list(first.roles.values_list("case__reference", "role")) == [
        ("akrestsina-2020", "victim")]
    assert [e.action for e in history(first)] == ["records:person:created"]
    assert history(first).first().actor == ACTOR


def test_a_dry_run_reports_the_same_outcomes_and_writes_nothing(case: Case) -> None:
    add_person(case, "Ivan Ivanau", birth_date=datetime.date(1970, 1, 1),
               birth_precision="day")
    text = PERSONS + "Іван Іванаў,,,1970-01-01,witness,,\nNobody,,,tomorrow,victim,,\n"
    persons, entries = Person.objects.count(), ledger_size()
    dry = run("persons", text, case, dry_run=True)
    assert (Person.objects.count(), ledger_size()) == (persons, entries)
    assert dry.dry_run
    real = run("persons", text, case)
    assert outcomes(dry) == outcomes(real) == ["created", "created", "matched", "rejected"]
    assert [m for row in dry.rows for m in row.messages] == \
        [m for row in real.rows for m in row.messages]
    assert Person.objects.count() == persons + 2


def test_a_person_is_matched_across_scripts_by_name_and_birth_date(case: Case) -> None:
    known = add_person(case, "Алесь Выкрыцкі", birth_date=datetime.date(1990, 5, 1),
                       birth_precision="day")
    report = run("persons", "name,birth_date,role\nAles Vykrytski,1990,witness\n", case)
    [row] = report.rows
    assert (row.outcome, row.record) == ("matched", known.reference)
    assert "by name and birth date" in messages(report)
    assert "adds roles in akrestsina-2020: witness" in messages(report)
    assert set(known.roles.values_list("role", flat=True)) == {"victim", "witness"}


def test_a_different_birth_date_is_a_different_person(case: Case) -> None:
    add_person(case, "Ales Vykrytski", birth_date=datetime.date(1990, 5, 1),
               birth_precision="day")
    report = run("persons", "name,birth_date,role\nAles Vykrytski,1961-02-03,victim\n", case)
    assert outcomes(report) == ["created"]


def test_a_name_shared_by_several_persons_is_ambiguous(case: Case) -> None:
    add_person(case, "Ivan Ivanau")
    add_person(case, "Иван Иванов")
    report = run("persons", "name,role\nIvan Ivanau,victim\n", case)
    assert outcomes(report) == ["rejected"]
    assert "matches several persons" in messages(report)


def test_a_known_birth_date_wins_over_a_match_by_name_only(case: Case) -> None:
    dated = add_person(case, "Ivan Ivanau", birth_date=datetime.date(1980, 1, 1),
                       birth_precision="year")
    add_person(case, "Ivan Ivanau")
    report = run("persons", "name,birth_date,role\nIvan Ivanau,1980-06-01,victim\n", case)
    assert [row.record for row in report.rows] == [dated.reference]


def test_rows_of_one_file_match_each_other(case: Case) -> None:
    report = run("persons", "name,role\nHanna Ivanova,victim\nАнна Иванова,witness\n", case)
    assert outcomes(report) == ["created", "matched"]
    person = Person.objects.get(pk=int(report.rows[0].record[2:]))
    assert set(person.roles.values_list("role", flat=True)) == {"victim", "witness"}
    assert "matched row 2" in messages(report)


def test_a_match_already_in_the_case_adds_nothing(case: Case) -> None:
    add_person(case, "Ales Vykrytski")
    entries = ledger_size()
    report = run("persons", "name,role\nAles Vykrytski,victim\n", case)
    assert outcomes(report) == ["matched"] and "adds" not in messages(report)
    assert ledger_size() == entries


def test_import_can_protect_a_matched_person_but_never_unprotects(case: Case) -> None:
    known = add_person(case, "Ales Vykrytski")
    run("persons", "name,role,protected\nAles Vykrytski,victim,yes\n", case)
    known.refresh_from_db()
    assert known.protected and known.pseudonym
    revealing = Disclosure(identity_case_ids={case.pk})  # else the row matches nobody
    report = run("persons", "name,role,protected\nAles Vykrytski,victim,no\n", case,
                 disclosure=revealing)
    assert outcomes(report) == ["matched"] and revealing.revealed == {known.pk}
    known.refresh_from_db()
    assert known.protected


def test_a_protected_person_is_matched_only_when_the_disclosure_may_reveal_them(
        case: Case) -> None:
    """A match ties the row's name to the protected record: without leave to reveal them the
    row matches nobody (and is told nothing), with it the match is a reveal to be logged."""
    known = services.protect(add_person(case, "Ales Vykrytski"), actor=ACTOR)
    row = "name,role\nAles Vykrytski,victim\n"
    blind = Disclosure(identity_case_ids=set())
    assert outcomes(run("persons", row, case, dry_run=True, disclosure=blind)) == ["created"]
    assert not blind.revealed
    other = services.save_record(Case(reference="okrestina-other", title="Other"), actor=ACTOR)
    elsewhere = Disclosure(identity_case_ids={other.pk})  # identity access elsewhere only
    assert outcomes(run("persons", row, case, dry_run=True, disclosure=elsewhere)) == [
        "created"]
    seeing = Disclosure(identity_case_ids={case.pk})
    report = run("persons", row, case, dry_run=True, disclosure=seeing)
    assert outcomes(report) == ["matched"] and seeing.revealed == {known.pk}


def test_only_persons_in_scope_are_matched(case: Case) -> None:
    add_person(case, "Ales Vykrytski")
    report = run("persons", "name,role\nAles Vykrytski,victim\n", case,
                 persons=Person.objects.none())
    assert outcomes(report) == ["created"]


@pytest.mark.parametrize(("row", "reason"), [
    (",victim", "name is empty"),
    ("Ales,", "role is empty"),
    ("Ales,hero", "role 'hero' is not one of"),
    ("Ales,victim,unicorn", "gender 'unicorn' is not one of"),
    ("Ales,victim,,31.02.1990", "not a real date"),
    ("Ales,victim,,someday", "is not a date like"),
    ("Ales,victim,,2999", "in the future"),
    ("Ales,victim,,,maybe", "protected 'maybe' is not yes or no"),
    ("1234,victim", "has no letters"),
])
def test_bad_person_rows_are_rejected_with_the_reason(case: Case, row: str, reason: str) -> None:
    report = run("persons", f"name,role,gender,birth_date,protected\n{row}\nGood Row,victim\n",
                 case)
    assert outcomes(report) == ["rejected", "created"]
    assert reason in messages(report)


@pytest.mark.parametrize(("text", "expected"), [
    ("1985", (datetime.date(1985, 1, 1), "year")),
    ("1985-03", (datetime.date(1985, 3, 1), "month")),
    ("1985-03-12", (datetime.date(1985, 3, 12), "day")),
    ("12.03.1985", (datetime.date(1985, 3, 12), "day")),
    ("03.1985", (datetime.date(1985, 3, 1), "month")),
    ("c. 1985", (datetime.date(1985, 1, 1), "approximate")),
    ("~1985-03-12", (datetime.date(1985, 3, 12), "approximate")),
    ("", (None, "unknown")),
])
def test_partial_dates(text: str, expected: tuple[datetime.date | None, str]) -> None:
    from sprava.records.csv_io import parse_partial_date

    assert parse_partial_date(text) == expected


# --- incidents -----------------------------------------------------------------------------

INCIDENTS = """title,start_date,end_date,place,place_detail,narrative
Beatings on arrival,10.08.2020,12.08.2020,akrestsina,Yard,Detainees were beaten
Night search,2021-03,,,,
"""


def test_incidents_are_created_and_a_second_import_matches_them(case: Case) -> None:
    first = run("incidents", INCIDENTS, case)
    assert outcomes(first) == ["created", "created"]
    beating = Incident.objects.get(title="Beatings on arrival")
    assert (beating.start_date, beating.end_date) == (datetime.date(2020, 8, 10),
                                                      datetime.date(2020, 8, 12))
    assert beating.place is not None and beating.place.code == "akrestsina"
    assert Incident.objects.get(title="Night search").date_precision == "month"
    again = run("incidents", INCIDENTS.replace("Night search", "NIGHT  search"), case)
    assert outcomes(again) == ["matched", "matched"]
    assert Incident.objects.count() == 2


@pytest.mark.parametrize(("row", "reason"), [
    (",2020,,,,", "title is empty"),
    ("T,2020,,atlantis,,", "place 'atlantis' is not a known place code"),
    ("T,2021,2020,,,", "end_date is before start_date"),
    ("T," + "x" * 5 + ",,,,", "start_date"),
    # The rule of every record's dates, in the words the pages and the API use.
    ("T,9999-12-31,,,,", "is in the future: a record holds only what has happened"),
    ("T,0202-08-09,,,,", "is before 1800-01-01"),
    ("T" * 301 + ",,,,,", "at most 300"),
])
def test_bad_incident_rows_are_rejected(case: Case, row: str, reason: str) -> None:
    report = run("incidents", f"title,start_date,end_date,place,place_detail,narrative\n{row}\n",
                 case)
    assert outcomes(report) == ["rejected"]
    assert reason in messages(report)


# --- acts ----------------------------------------------------------------------------------


@pytest.fixture
def incident(case: Case) -> Incident:
    from sprava.records.services import save_record

    return save_record(Incident(case=case, title="Beatings on arrival",
                                start_date=datetime.date(2020, 8, 10)), actor=ACTOR)


def test_acts_name_their_incident_and_victim_in_several_ways(case: Case,
                                                              incident: Incident) -> None:
    victim = add_person(case, "Ales Vykrytski", role="witness",
                        birth_date=datetime.date(1990, 5, 1), birth_precision="day")
    text = (
        "incident_id,incident_title,incident_date,act_type,victim_id,victim_name,"
        "victim_birth_date,start_date,description\n"
        f"{incident.pk},,,torture,{victim.pk},,,10.08.2020,Beaten\n"
        f",Beatings on arrival,2020-08-10,beating,{victim.reference},,,,\n"
        f",beatings ON arrival,,threats,,Алесь Выкрыцкі,1990,,\n"
        f",Beatings on arrival,,detention,,,,,no victim named\n"
    )
    report = run("acts", text, case)
    assert outcomes(report) == ["created"] * 4
    acts = Act.objects.order_by("pk")
    assert [a.victim_id for a in acts] == [victim.pk, victim.pk, victim.pk, None]
    assert {a.incident_id for a in acts} == {incident.pk}
    assert set(victim.roles.values_list("role", flat=True)) == {"witness", "victim"}
    assert "adds role victim" in report.rows[0].messages[0]
    assert outcomes(run("acts", text, case)) == ["matched"] * 4


@pytest.mark.parametrize(("row", "reason"), [
    (",,torture,,", "name the incident"),
    ("999999,,torture,,", "not an incident of case"),
    (",No such incident,torture,,", "no incident titled"),
    ("{incident},,,,", "act_type is empty"),
    ("{incident},,flogging,,", "not a known act type"),
    ("{incident},,torture,424242,", "victim_id 424242 is not a known person"),
    ("{incident},,torture,x1,", "is not a record id"),
    ("{incident},,torture,,Nobody Here", "no person named 'Nobody Here'"),
])
def test_bad_act_rows_are_rejected(case: Case, incident: Incident, row: str,
                                   reason: str) -> None:
    text = "incident_id,incident_title,act_type,victim_id,victim_name\n" + \
        row.format(incident=incident.pk) + "\n"
    report = run("acts", text, case)
    assert outcomes(report) == ["rejected"], messages(report)
    assert reason in messages(report)


def test_an_incident_of_another_case_cannot_be_named(case: Case, incident: Incident) -> None:
    other = Case.objects.create(reference="other", title="Other")
    report = run("acts", f"incident_id,act_type\n{incident.pk},torture\n", other)
    assert outcomes(report) == ["rejected"]


def test_act_types_are_the_shipped_vocabulary(db: None) -> None:
    assert ActType.objects.filter(code="torture").exists()


def test_a_victim_outside_the_scope_is_not_found(case: Case, incident: Incident) -> None:
    victim = add_person(case, "Ales Vykrytski")
    report = import_csv("acts", f"incident_id,act_type,victim_id\n{incident.pk},torture,"
                        f"{victim.pk}\n".encode(), case=case, actor=ACTOR, dry_run=True,
                        persons=Person.objects.exclude(pk=victim.pk))
    assert outcomes(report) == ["rejected"]


@pytest.mark.parametrize("number", [n for n in HOSTILE_NUMBERS if n.text.strip()
                                    and "," not in n.text], ids=lambda n: n.id)
def test_a_hostile_record_id_in_an_act_row_is_no_id(case: Case, incident: Incident,
                                                    number: HostileNumber) -> None:
    # The one rule of record ids (sprava.ids): "١٢" is not person 12, 2**63 is no id at all.
    text = "incident_id,incident_title,act_type,victim_id,victim_name\n" \
        f"{incident.pk},,torture,{number.text},\n"
    report = run("acts", text, case)
    assert outcomes(report) == ["rejected"]
    # Refused as no id (or earlier, as too long or formula-like); never read as another number.
    # A CSV cell is trimmed, so " 1 " is 1 here: no person 1 in this case.
    assert "victim_id" in messages(report)
    if number.text.strip().isdigit() and number.text.strip().isascii():
        return
    assert "is not a known person" not in messages(report)
