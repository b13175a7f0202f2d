"""The proof matrix as a table, for a CSV file: the header and the rows of what `matrix.by_act`
and `matrix_perpetrators.by_perpetrator` found, so that the file holds the page's numbers.

By act, a row per element of each crime with its count of acts in each state; by perpetrator, a
row per element of each mode claimed against each perpetrator, with its state. Labels are in
the active language; persons go through the reader's disclosure (a pseudonym for a protected
person the reader may not see), and the writer (`records.csv_io.exporting.write_csv`) defuses
any cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

from typing import Any

from sprava.law.matrix import ByAct
from sprava.law.matrix_perpetrators import ByPerpetrator
from sprava.law.states import ORDER
from sprava.records.reader import Reader

Table = tuple[list[str], list[list[Any]]]


def by_act_table(found: ByAct) -> Table:
    header = ["case", "framework_version", "standard", "crime", "article", "crime_name",
              "charged", "element", "number", "type", "contextual", "element_label", "acts",
              *(state.value for state in ORDER)]
    rows = [[found.case.reference, found.framework.version, found.standard or "",
             crime.crime.id, crime.crime.article, crime.crime.name.text(), crime.charged,
             row.element.id, row.element.number, row.element.type, row.element.contextual,
             row.element.label.text(), row.total, *row.counts]
            for crime in found.crimes for row in crime.rows]
    return header, rows


def by_perpetrator_table(reader: Reader, found: ByPerpetrator) -> Table:
    header = ["case", "framework_version", "standard", "perpetrator_id", "perpetrator",
              "protected", "mode", "article", "mode_name", "element", "number", "type",
              "element_label", "state"]
    rows = []
    for row in found.perpetrators:
        label = reader.person_label(row.person)
        for claim in row.claims:
            for element, state in claim.states:
                rows.append([found.case.reference, found.framework.version,
                             found.standard or "", row.person.pk, label, row.person.protected,
                             claim.mode.id, claim.mode.article, claim.mode.name.text(),
                             element.id, element.number, element.type, element.label.text(),
                             state.value])
    return header, rows


__all__ = ["by_act_table", "by_perpetrator_table"]
