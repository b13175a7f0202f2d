"""Reading a CSV file safely: encoding, size, header, hostile cells, partial dates."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models

from sprava.records import dates
from sprava.records.models import Place, Precision
from sprava.records.services import RecordError

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_TEXT = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Outcome = Literal["created", "matched", "rejected"]


class CsvError(RecordError):
    """The file as a whole cannot be imported (encoding, size, header)."""


class RowError(Exception):
    """One row is refused; the message says why (internal: becomes a `rejected` row)."""


@dataclass
class RowResult:
    line: int
    outcome: Outcome
    record: str = ""
    messages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "outcome": self.outcome, "record": self.record,
                "messages": list(self.messages)}


@dataclass
class ImportReport:
    kind: str
    case: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"created": 0, "matched": 0, "rejected": 0}
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "case": self.case, "dry_run": self.dry_run,
                "counts": self.counts, "warnings": list(self.warnings),
                "rows": [row.to_dict() for row in self.rows]}


# --- reading -------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise CsvError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; split it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvError("the file is UTF-16; save it as 'CSV UTF-8' and import it again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError(
            f"the file is not UTF-8 (first bad byte on line {line}); save it as 'CSV UTF-8' "
            "(it may be Windows-1251)"
        ) from None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _column(name: str) -> str:
    return "_".join(name.strip().lower().split())


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str], bool]]  # line, cells by column, cells left over
    broken: RowResult | None = None


def read_table(data: bytes, required: Sequence[str], known: Sequence[str]) -> Table:
    """The rows of a CSV file as raw cells by column; file-level problems raise `CsvError`."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvError(f"the header row is not valid CSV: {exc}") from None
    if not header or not any(name.strip() for name in header):
        raise CsvError("the file is empty: the first row must name the columns")
    columns = [_column(name) for name in header]
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise CsvError(f"columns named twice: {', '.join(repeated)}")
    missing = [name for name in required if name not in columns]
    if missing:
        raise CsvError(f"missing required columns: {', '.join(missing)} "
                       f"(known columns: {', '.join(known)})")
    table = Table(columns=columns, rows=[])
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(value.strip() for value in cells):
                continue
            if len(table.rows) >= MAX_ROWS:
                raise CsvError(f"more than {MAX_ROWS} rows; split the file")
            extra = any(value.strip() for value in cells[len(columns):])
            table.rows.append((line, dict(zip(columns, cells, strict=False)), extra))
    except csv.Error as exc:
        table.broken = RowResult(start, "rejected", messages=[
            f"the CSV is malformed here ({exc}); this row and those after it were not read"])
    return table


def cell(row: dict[str, str], name: str, max_length: int = MAX_TEXT) -> str:
    raw = row.get(name) or ""
    if raw.startswith(("\t", "\r")):
        raise RowError(f"{name} starts with a control character, like a spreadsheet formula")
    value = raw.strip()
    if value.startswith("'") and value[1:2] and value[1] in "=+-@":
        value = value[1:]  # escaped by an export, or by hand
    elif value.startswith(FORMULA_START):
        raise RowError(f"{name} starts with {value[0]!r} like a spreadsheet formula "
                       f"(=HYPERLINK(...) and the like); put an apostrophe (') before it")
    if CONTROL.search(value):
        raise RowError(f"{name} contains control characters")
    if len(value) > max_length:
        raise RowError(f"{name} is {len(value)} characters long; at most {max_length}")
    return value


def items(row: dict[str, str], name: str, max_length: int = 300) -> list[str]:
    value = cell(row, name, MAX_TEXT)
    found = [item.strip() for item in value.split(";") if item.strip()]
    for item in found:
        if len(item) > max_length:
            raise RowError(f"{name}: {item[:20]!r}... is longer than {max_length} characters")
    return found


def choice(row: dict[str, str], name: str, choices: Iterable[str], default: str = "") -> str:
    value = cell(row, name, 40).lower()
    allowed = list(choices)
    if not value:
        return default
    if value not in allowed:
        raise RowError(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return value


def flag(row: dict[str, str], name: str) -> bool:
    value = cell(row, name, 10).lower()
    if value in ("", "no", "n", "false", "0"):
        return False
    if value in ("yes", "y", "true", "1"):
        return True
    raise RowError(f"{name} {value!r} is not yes or no")


PARTIAL_DATE = re.compile(
    r"^(?P<approx>(?:c\.|ca\.|~)\s*)?(?:(?P<iso>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)"
    r"|(?P<dotted>(?:\d{1,2}\.)?\d{1,2}\.\d{4}))$",
    re.IGNORECASE,
)


def parse_partial_date(text: str, name: str = "date") -> tuple[datetime.date | None, str]:
    """`(date, precision)` from `1985`, `1985-03`, `1985-03-12`, `12.03.1985`, `c. 1985`."""
    text = text.strip()
    if not text:
        return None, Precision.UNKNOWN
    match = PARTIAL_DATE.match(text)
    if match is None:
        raise RowError(f"{name} {text!r} is not a date like 1985, 1985-03, 1985-03-12 or "
                       "12.03.1985")
    if match["iso"]:
        parts = [int(p) for p in match["iso"].split("-")]
    else:
        parts = [int(p) for p in reversed(match["dotted"].split("."))]
    precision = (Precision.YEAR, Precision.MONTH, Precision.DAY)[len(parts) - 1]
    year, month, day = [*parts, 1, 1][:3]
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise RowError(f"{name} {text!r} is not a real date") from None
    problem = dates.date_problem(value)  # the rule of every record's dates
    if problem:
        raise RowError(f"{name} {text!r}: {problem}")
    return value, Precision.APPROXIMATE if match["approx"] else precision


def span(row: dict[str, str]) -> dict[str, Any]:
    start, precision = parse_partial_date(cell(row, "start_date", 40), "start_date")
    end, _ = parse_partial_date(cell(row, "end_date", 40), "end_date")
    if start and end and end < start:
        raise RowError("end_date is before start_date")
    chosen = choice(row, "date_precision", Precision.values, "")
    if not chosen:
        chosen = precision if start else (Precision.UNKNOWN if not end else Precision.DAY)
    return {"start_date": start, "end_date": end, "date_precision": chosen}


def place_of(row: dict[str, str]) -> Place | None:
    code = cell(row, "place", 80)
    if not code:
        return None
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise RowError(f"place {code!r} is not a known place code")
    return place


def validate(obj: models.Model, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = [f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                    for name, errors in exc.message_dict.items()]
        raise RowError("; ".join(messages)) from None
