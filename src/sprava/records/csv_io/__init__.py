"""CSV import of persons, incidents, acts, testimonies and custody periods, and CSV export of
any list.

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
and writes nothing. Every row is planned with the rules of the domain function that makes its
change on the pages and in the API (`records.people`, `records.acts`, `records.testimonies`),
so a row that breaks one is rejected on its line in the domain's words. A real run then makes
the accepted rows' changes through those very functions, in one transaction: an imported
record is the record the page would have made, with the same ledger events. Rejected rows are
left out and can be fixed and imported again (rows that were imported then simply match).
Should the domain refuse a row only when it is written, nothing at all is written and the
report says which line. (Incidents are still created in bulk by `services.create_many`.)

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
    perpetrators: `;`-separated, each a person's id and the mode of liability claimed
    (`P-000012:ordering; 13:aiding`; modes as `records.models.LiabilityMode`), the same
    person at most once per mode.
    An act without dates takes the incident's dates and precision, one without a place the
    incident's place (`acts.inherited`). A row matches an act with the same incident, type,
    victim and start date (the incident's when it gives none). A victim who has no role in
    the case is given the role victim, a perpetrator the role perpetrator.

testimonies.csv
    given_by_id, or given_by_name with given_by_birth_date, names who gave it (optional);
    kind (required: interview, written, document or open_source); given_on; language;
    reliability (A to F, default F); taken_by; transcript; translation;
    translation_language; notes; incident_ids (`;`-separated incidents of the case).
    An account (interview, written statement) dated before an incident it speaks of is
    refused unless the incident's date is approximate or unknown; a document or an open
    source may predate it (`testimonies.problems`). A giver without a role in the case
    becomes its source. A row matches a testimony of the case with the same giver, kind,
    date and transcript.

custody.csv
    person_id, or person_name with person_birth_date (required); place; place_detail;
    start_date; end_date; date_precision; acknowledged (yes or no); notes. A period that
    begins or ends in the future is refused (`people.save_custody`). A row matches a period
    of the same person with the same start and place.

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
