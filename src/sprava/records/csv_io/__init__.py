"""CSV import of persons, incidents and acts, and CSV export of any list.

One set of functions behind `sprava import` / `sprava export` and the API. They trust their
caller for permissions, like `services`: the caller decides the case, which persons an import
may match (`persons=`), which rows an export holds and whose identities an import or export
may show (`Disclosure`, which the caller commits). The identity rule itself is applied here,
the same for every caller: an import matches a protected person only when the disclosure may
reveal them (a match ties the row's name to them, so it counts as a reveal), and refuses a row
that would take one into another case than their protecting one without its lead
(`permissions.require_links`, as the role form and endpoint do).

Importing
=========

A file is UTF-8 (a byte-order mark is fine) with a header row; the delimiter is a comma, a
semicolon or a tab (whichever the header uses most, so spreadsheets set to Belarusian or
Russian that save with `;` work). Column names are case-insensitive. Every row ends up
**created**, **matched** (the record is there already, nothing new is made except what the row
adds, such as a role) or **rejected** (with every reason). A dry run reports the same outcomes
and writes nothing. A real run creates the accepted rows through `services.create_many`, so
the custody ledger records each record; rejected rows are left out and can be fixed and
imported again (rows that were imported then simply match).

Dates are `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD.MM.YYYY` or `MM.YYYY`; the precision (year,
month, day) follows from the form, and `c.` or `~` in front means approximate. Dates in the
future are refused. Several values in one cell are separated by `;`.

persons.csv
    name (required)     the primary name, in any script
    name_script         be, ru, latin or other (guessed from the letters when empty)
    transliterations    other spellings of the name, `;`-separated
    aliases             aliases and nicknames, `;`-separated
    gender              female, male, other or unknown (default unknown)
    birth_date          a date as above
    role (required)     victim, witness, perpetrator or source, `;`-separated for several
    protected           yes or no (default no): shown by a pseudonym from then on
    notes               free text

    A row matches an existing person when one of its names folds to the same search key
    (`records.names.search_key`: Лукашэнка, Лукашенко and Lukashenka meet) and the birth
    dates agree as far as both are known. One match with a known birth date on both sides
    wins over matches by name alone; several equal matches reject the row as ambiguous. A
    matched person gains the row's roles in the case (and protection, never the reverse).
    Rows of the same file match each other.

incidents.csv
    title (required), start_date, end_date, date_precision (overrides the precision read
    from start_date: day, month, year, approximate or unknown), place (a place code),
    place_detail, narrative.
    A row matches an incident of the case with the same title (ignoring case and spacing)
    and the same start date.

acts.csv
    incident_id, or incident_title with incident_date, names the incident (of the case);
    act_type (required, a code as in `GET /api/v1/act-types`); victim_id (`123` or
    `P-000123`), or victim_name with victim_birth_date, names the victim, who must exist
    already (import persons first); start_date, end_date, date_precision, place, description.
    A row matches an act with the same incident, type, victim and start date. A victim who
    has no role in the case is given the role victim.

Hostile input is refused with a reason: a file that is not UTF-8 (or is UTF-16), larger
than 20 MiB or over 50,000 rows, missing required columns or repeating one; per row, a cell
longer than its field, with control characters, or starting like a spreadsheet formula
(`=`, `+`, `-`, `@`, tab). A cell that starts with an apostrophe followed by one of those is
taken as escaped and stored without the apostrophe, which is how exports write them.

Exporting
=========

`export_csv` writes any list with a header row. Protected persons appear by pseudonym unless
the given `Disclosure` may reveal them (every reveal is then logged by the caller's commit),
and every text cell that a spreadsheet would run as a formula is prefixed with `'`.
`stream_csv` writes the same text a batch at a time (`batches`), for a response that streams.
"""

from sprava.records.csv_io.exporting import (
    BATCH,
    EXPORT_KINDS,
    EXPORTED,
    EXPORTS,
    Export,
    ExportView,
    batches,
    escape_cell,
    export_csv,
    record_export,
    stream_csv,
    write_csv,
)
from sprava.records.csv_io.importing import IMPORT_KINDS, import_csv
from sprava.records.csv_io.reading import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_TEXT,
    CsvError,
    ImportReport,
    RowResult,
    decode,
    parse_partial_date,
)

__all__ = [
    "BATCH",
    "EXPORTED",
    "EXPORTS",
    "EXPORT_KINDS",
    "IMPORT_KINDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_TEXT",
    "CsvError",
    "Export",
    "ExportView",
    "ImportReport",
    "RowResult",
    "batches",
    "decode",
    "escape_cell",
    "export_csv",
    "import_csv",
    "parse_partial_date",
    "record_export",
    "stream_csv",
    "write_csv",
]
