"""References that name one record to people: `I-000012` (incident 12), `P-000042` (person 42).

The ledger names a record by its subject (`records.incident:12`, `sprava.rows.history`);
pages, forms and filters name it by a reference a documenter can copy and type: a letter of its
kind, a dash and the record's number in six digits (`P-000042` is the form persons always had).
Kinds without a letter are named by number (`#27`). Reading a reference back goes through
`sprava.ids`, the one rule for numbers a client sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sprava import ids

# Letters of the kinds people cite and link evidence to, by the model's label.
PREFIXES = {
    "records.incident": "I",
    "records.act": "A",
    "records.person": "P",
    "records.testimony": "T",
    "records.custodyperiod": "C",
}
MODELS = {letter: label for label, letter in PREFIXES.items()}
# A reference as typed: a letter and a dash or not, any number of leading zeros.
_TYPED = re.compile(r"([A-Za-z])-?([0-9]+)|#?([0-9]+)")
# A ledger subject as stored, for readers who copy one from an export.
_SUBJECT = re.compile(r"([a-z_]+\.[a-z_]+):([0-9]+)")


class InvalidReference(ids.InvalidNumber):
    """Text that names no record: not a reference, or of a kind not asked for."""


@dataclass(frozen=True)
class Reference:
    """One record, by its model's label and its number."""

    model: str
    pk: int

    @property
    def subject(self) -> str:
        """The ledger's name of the record (`sprava.rows.history.subject`)."""
        return f"{self.model}:{self.pk}"

    def __str__(self) -> str:
        return reference(self.model, self.pk)


def reference(model: str, pk: int | str) -> str:
    """`I-000012` for incident 12; `#27` for a kind without a letter."""
    letter = PREFIXES.get(model)
    return f"{letter}-{int(pk):06d}" if letter else f"#{pk}"


def parse(text: str, model: str | None = None) -> Reference:
    """The record a reference names: `I-000012`, `i12`, or, with `model` given, `12` or `#12`;
    a ledger subject (`records.position:5`) names any kind. A letter of another kind than
    `model`, a letter no kind has, or a number that is no id raise `InvalidReference`."""
    typed = text.strip()
    subject = _SUBJECT.fullmatch(typed)
    if subject is not None:
        found = Reference(subject.group(1), _number(subject.group(2), typed))
    else:
        match = _TYPED.fullmatch(typed)
        if match is None:
            raise InvalidReference(f"{typed[:40]!r} is not a reference such as I-000012")
        letter, digits = match.group(1), match.group(2) or match.group(3)
        if letter is None:
            if model is None:
                raise InvalidReference(f"{typed!r} needs the letter of its kind, e.g. I-{digits}")
            found = Reference(model, _number(digits, typed))
        else:
            label = MODELS.get(letter.upper())
            if label is None:
                raise InvalidReference(f"no kind of record has the letter {letter!r}")
            found = Reference(label, _number(digits, typed))
    if model is not None and found.model != model:
        raise InvalidReference(f"{typed!r} is not a reference of a {model.partition('.')[2]}")
    return found


def _number(digits: str, typed: str) -> int:
    try:
        return ids.parse_id(digits)
    except ids.InvalidNumber:
        raise InvalidReference(f"{typed[:40]!r} names no record") from None


def of_subject(subject: str) -> Reference | None:
    """The record a ledger subject names, or None for a subject that is not a record's."""
    match = _SUBJECT.fullmatch(subject)
    if match is None:
        return None
    pk = ids.id_or_none(match.group(2))
    return Reference(match.group(1), pk) if pk is not None else None
