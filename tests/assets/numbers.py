"""Hostile values for a numeric parameter (a record's id, a page number, a limit).

None of them is a record id: every page and the API must answer each with a clear refusal (a
400, a 404, or a filter shown as wrong), never a 500 and never as if it were another number.
"""

from __future__ import annotations

from typing import NamedTuple


class HostileNumber(NamedTuple):
    id: str
    text: str


HOSTILE_NUMBERS: list[HostileNumber] = [
    HostileNumber("one-past-int64", "9223372036854775808"),  # 2**63: no signed 64-bit column
    HostileNumber("huge", "9" * 40),
    HostileNumber("very-long", "9" * 5000),  # past Python's 4300-digit int() limit
    HostileNumber("negative", "-1"),
    HostileNumber("negative-int64", "-9223372036854775809"),
    HostileNumber("zero", "0"),
    HostileNumber("float", "1.5"),
    HostileNumber("float-integral", "1.0"),
    HostileNumber("exponent", "1e3"),
    HostileNumber("hex", "0x10"),
    HostileNumber("plus-sign", "+1"),
    HostileNumber("blank-padded", " 1 "),
    HostileNumber("underscore", "1_000"),
    HostileNumber("arabic-indic-digits", "١٢"),  # int() reads it as 12
    HostileNumber("fullwidth-digits", "１２"),
    HostileNumber("superscript", "²"),  # str.isdigit() says yes, int() says no
    HostileNumber("empty", ""),
    HostileNumber("word", "abc"),
    HostileNumber("nul", "1\x00"),
    HostileNumber("infinity", "inf"),
]

IDS = [n.id for n in HOSTILE_NUMBERS]
