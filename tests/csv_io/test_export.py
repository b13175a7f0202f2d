"""Exporting lists: formulas defused, identities as the reader may see them, round trips."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.csv_io import (
    EXPORT_KINDS,
    EXPORTS,
    ExportView,
    escape_cell,
    export_csv,
)
from sprava.records.identity import Disclosure
from sprava.records.models import Incident
from tests.csv_io.conftest import ACTOR, add_person, outcomes, run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), ("", ""), (None, ""), (-5, "-5"), (True, "yes"), (False, "no"),
    (datetime.date(2020, 8, 10), "2020-08-10"), (["tribunal", "peoples"], "tribunal; peoples"),
    (["=evil"], "'=evil"),
])
def test_cells_a_spreadsheet_would_run_are_escaped(value: object, cell: str) -> None:
    assert escape_cell(value) == cell


def export(kind: str, case: Case, disclosure: Disclosure | None = None) -> list[dict[str, str]]:
    out = io.StringIO()
    rows = EXPORTS[kind].in_case(case).order_by("pk")
    export_csv(kind, rows, out, ExportView(disclosure or Disclosure(set())))
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_a_hostile_title_is_exported_escaped(case: Case) -> None:
    services.save_record(Incident(case=case, title="=HYPERLINK(\"http://evil\",\"x\")"),
                         actor=ACTOR)
    [row] = export("incidents", case)
    assert row["title"].startswith("'=")


def test_protected_persons_are_exported_by_pseudonym_unless_revealed(case: Case) -> None:
    secret = add_person(case, "Hanna Sakretnaja", role="witness", notes="Secret address",
                        birth_date=datetime.date(1985, 1, 1), birth_precision="year")
    services.protect(secret, actor=ACTOR)
    services.add_name(secret, "Ганна Сакрэтная", actor=ACTOR, kind="transliteration")
    [hidden] = export("persons", case)
    assert hidden["name"] == "W-0001"
    assert hidden["transliterations"] == hidden["notes"] == hidden["birth_date"] == ""
    disclosure = Disclosure({case.pk})
    [shown] = export("persons", case, disclosure)
    assert (shown["name"], shown["transliterations"], shown["birth_date"]) == (
        "Hanna Sakretnaja", "Ганна Сакрэтная", "1985")
    assert disclosure.revealed == {secret.pk}  # the caller commits the reveal event


def test_persons_and_incidents_round_trip_through_export_and_import(case: Case) -> None:
    run("persons", "name,transliterations,aliases,gender,birth_date,role,notes\n"
        "Алесь Выкрыцкі,Ales Vykrytski,Alik,male,1990-05,victim;witness,'=note\n"
        "Volha Svidetel,,,female,c. 1985-02-03,witness,\n", case)
    run("incidents", "title,start_date,end_date,place,narrative\n"
        "Beatings,10.08.2020,2020-08-12,akrestsina,'-they were beaten\n"
        "Search,2021,,,\n", case)
    for kind in ("persons", "incidents"):
        rows = export(kind, case)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        report = run(kind, out.getvalue(), case)
        assert outcomes(report) == ["matched", "matched"], (kind, report.to_dict())
    beatings = Incident.objects.get(title="Beatings")
    assert beatings.narrative == "-they were beaten"


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_list_exports_with_a_header(case: Case, kind: str) -> None:
    add_person(case, "Ales Vykrytski")
    services.save_record(Incident(case=case, title="An incident"), actor=ACTOR)
    out = io.StringIO()
    count = export_csv(kind, EXPORTS[kind].in_case(case).order_by("pk"), out,
                       ExportView(Disclosure(set())))
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert "id" in lines[0]
    assert len(lines) == count + 1
