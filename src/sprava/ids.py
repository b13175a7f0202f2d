"""Reading a record's id (or a page number) from text a client sent: one parser for every page,
the API and the CLI.

Database keys are signed 64-bit integers. A larger number reaches the database driver as an
overflow (a 500 on SQLite), and Python's `int()` reads more than a reader would type: it takes
"١٢" (Arabic-Indic digits) as 12, "+1" and " 1 " as 1, and `str.isdigit()` admits "²", which
`int()` then refuses. So an id here is ASCII digits only, from 1 to `MAX_ID`, and anything else
is an `InvalidNumber` that the front end turns into a 400, a 404 or a filter shown as wrong.
"""

from __future__ import annotations

from sprava.integrity.errors import SpravaError

MAX_ID = 2**63 - 1  # the largest value of a signed 64-bit column (SQLite and PostgreSQL bigint)
# More digits than any id can have: refused before `int()` reads a megabyte of them.
_MAX_DIGITS = len(str(MAX_ID))
_ASCII_DIGITS = frozenset("0123456789")


class InvalidNumber(SpravaError, ValueError):
    """Text that is not a whole number in the range asked for. A ValueError too, so that a URL
    converter raising it means "no such page" (Django's rule)."""


class NumberTooLarge(InvalidNumber):
    """Digits only, but above the maximum (a page number past the last may be read as it)."""


def parse_positive(value: object, *, maximum: int = MAX_ID, minimum: int = 1) -> int:
    """`value` as a whole number from `minimum` (1, or 0 for an offset) to `maximum`, written in
    ASCII digits; else raises.

    An int is checked as it is (a JSON body's number); bool is not a number here.
    """
    if isinstance(value, bool):
        raise InvalidNumber("a number is required, not true or false")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        if not value or not set(value) <= _ASCII_DIGITS:
            raise InvalidNumber(f"{_shown(value)} is not a whole number written in digits 0-9")
        digits = value.lstrip("0") or "0"  # int() refuses over 4,300 digits, zeros included
        if len(digits) > _MAX_DIGITS:
            raise NumberTooLarge(f"{_shown(value)} is larger than {maximum}")
        number = int(digits)
    else:
        raise InvalidNumber(f"{_shown(str(value))} is not a whole number")
    if number < minimum:
        raise InvalidNumber(f"{number} is less than {minimum}")
    if number > maximum:
        raise NumberTooLarge(f"{_shown(str(number))} is larger than {maximum}")
    return number


def parse_id(value: object) -> int:
    """A record's id: a whole number from 1 to the database's largest key."""
    return parse_positive(value, maximum=MAX_ID)


def id_or_none(value: object) -> int | None:
    """A record's id, or None for anything that cannot be one (a lookup that finds nothing)."""
    try:
        return parse_id(value)
    except InvalidNumber:
        return None


def _shown(text: str) -> str:
    # A refused value is echoed to the client: never a megabyte of it.
    return repr(text if len(text) <= 40 else text[:40] + "…")
