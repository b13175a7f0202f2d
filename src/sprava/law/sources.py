"""The source an assessment rests on: an evidence item at a pinpoint, a testimony at a
paragraph, or a record (a custody period, a position, an involvement).

`Pinpoint` and `Source` check their own shape when made. `check_source` checks the rest, which
needs the database: the case of the assessment reaches the source (an item arrived for it or
linked to one of its records; a testimony of the case; a record of one of its persons or acts),
and the reader sees it as the case's pages show it to them (a protected person's custody
timeline is hidden from a reader without identity access, so it cannot be cited either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext, gettext_lazy

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.evidence import visibility
from sprava.evidence.models import Item
from sprava.law.errors import ForeignSource, InvalidAssessment
from sprava.law.models import PINPOINT_MAX, SOURCE_FIELDS, Assessment, PinpointKind
from sprava.records.identity import HIDDEN_FACTS, Fact
from sprava.records.models import CustodyPeriod, Involvement, Position, Testimony
from sprava.records.reader import Reader
from sprava.records.references import reference

PARAGRAPH_MAX = 1_000_000

_NUMBER = r"[1-9][0-9]{0,5}"
_NUMBERS = re.compile(rf"^({_NUMBER})(?:\s*[-–]\s*({_NUMBER}))?$")
_CLOCK = r"(?:[0-9]{1,3}:)?[0-5]?[0-9]:[0-5][0-9](?:\.[0-9]{1,3})?"
_TIMES = re.compile(rf"^({_CLOCK})(?:\s*[-–]\s*({_CLOCK}))?$")
_REGION = re.compile(r"^([0-9]{1,5}),\s*([0-9]{1,5}),\s*([1-9][0-9]{0,4}),\s*([1-9][0-9]{0,4})$")
# How each kind is written, for the refusal that says so.
FORMATS = {
    PinpointKind.PAGE: gettext_lazy("12 or 12-14"),
    PinpointKind.PARAGRAPH: gettext_lazy("4 or 4-6"),
    PinpointKind.TIME: gettext_lazy("01:02:03, 02:03 or 01:02:03-01:04:00"),
    PinpointKind.REGION: gettext_lazy("x,y,width,height in pixels, e.g. 120,80,300,200"),
}


def _seconds(clock: str) -> float:
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + float(part)
    return total


@dataclass(frozen=True)
class Pinpoint:
    """Where in an item: pages, paragraphs, a stretch of a recording, a region of an image."""

    kind: str
    value: str

    def __post_init__(self) -> None:
        if self.kind not in PinpointKind.values:
            raise InvalidAssessment(gettext("unknown pinpoint kind %(kind)r; one of %(kinds)s")
                                    % {"kind": self.kind, "kinds": ", ".join(PinpointKind.values)})
        value = self.value.strip()
        object.__setattr__(self, "value", value)
        if not value or len(value) > PINPOINT_MAX or not self._valid(value):
            raise InvalidAssessment(gettext(
                "a pinpoint (%(kind)s) is written %(format)s, not %(value)r") % {
                "kind": PinpointKind(self.kind).label, "format": FORMATS[PinpointKind(self.kind)],
                "value": value[:PINPOINT_MAX]})

    def _valid(self, value: str) -> bool:
        if self.kind in (PinpointKind.PAGE, PinpointKind.PARAGRAPH):
            found = _NUMBERS.match(value)
            return found is not None and int(found[2] or found[1]) >= int(found[1])
        if self.kind == PinpointKind.TIME:
            found = _TIMES.match(value)
            return found is not None and (found[2] is None
                                          or _seconds(found[2]) >= _seconds(found[1]))
        return _REGION.match(value) is not None

    def display(self) -> str:
        """The pinpoint as a citation reads it, in the active language."""
        if self.kind == PinpointKind.PAGE:
            return gettext("p. %(pages)s") % {"pages": self.value}
        if self.kind == PinpointKind.PARAGRAPH:
            return gettext("para. %(paragraphs)s") % {"paragraphs": self.value}
        if self.kind == PinpointKind.TIME:
            return gettext("at %(time)s") % {"time": self.value}
        return gettext("region %(region)s") % {"region": self.value}


class SourceType(StrEnum):
    ITEM = "item"
    TESTIMONY = "testimony"
    CUSTODY = "custody"
    POSITION = "position"
    INVOLVEMENT = "involvement"


@dataclass(frozen=True)
class Source:
    """Exactly one of an item (with its pinpoint), a testimony (with a paragraph), a custody
    period, a position or an involvement."""

    item: Item | None = None
    pinpoint: Pinpoint | None = None
    testimony: Testimony | None = None
    paragraph: int | None = None
    custody: CustodyPeriod | None = None
    position: Position | None = None
    involvement: Involvement | None = None

    def __post_init__(self) -> None:
        given = [name for name in SOURCE_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise InvalidAssessment(gettext(
                "an assessment rests on exactly one source: an evidence item, a testimony, a "
                "custody period, a position or an involvement"))
        if (self.item is None) != (self.pinpoint is None):
            raise InvalidAssessment(gettext(
                "an evidence item is cited with a pinpoint (page, paragraph, time code or "
                "image region), and only an item is"))
        if self.testimony is None and self.paragraph is not None:
            raise InvalidAssessment(gettext("only a testimony is cited by paragraph"))
        if self.testimony is not None and (self.paragraph is None
                                           or not 1 <= self.paragraph <= PARAGRAPH_MAX):
            raise InvalidAssessment(gettext(
                "a testimony is cited with the number of its paragraph (1 or more)"))

    @property
    def type(self) -> SourceType:
        return next(SourceType(name) for name in SOURCE_FIELDS if getattr(self, name) is not None)

    @property
    def record(self) -> Model:
        found: Model = getattr(self, self.type.value)
        return found

    def fields(self) -> dict[str, Any]:
        """The source's columns of an assessment (the others cleared)."""
        values: dict[str, Any] = {name: getattr(self, name) for name in SOURCE_FIELDS}
        values["pinpoint_kind"] = self.pinpoint.kind if self.pinpoint else ""
        values["pinpoint"] = self.pinpoint.value if self.pinpoint else ""
        values["paragraph"] = self.paragraph
        return values

    @classmethod
    def of_row(cls, row: Assessment) -> Source:
        pinpoint = Pinpoint(row.pinpoint_kind, row.pinpoint) if row.item_id else None
        return cls(item=row.item, pinpoint=pinpoint, testimony=row.testimony,
                   paragraph=row.paragraph, custody=row.custody, position=row.position,
                   involvement=row.involvement)


def check_source(reader: Reader, case: Case, source: Source) -> None:
    """Return nothing if the case reaches the source and the reader sees it; else
    ForeignSource, worded alike for a source of another case and one hidden from the reader
    (neither may be told apart from a source that does not exist)."""
    record = source.record
    if isinstance(record, Item):
        reached = Item.objects.filter(visibility.items_reaching([case.pk]), pk=record.pk)
        if not visibility.visible_items(reader.user, reached).exists():
            raise ForeignSource(gettext(
                "this evidence item is not one of case %(case)s that you can see: cite items "
                "that arrived for the case or are linked to its records") % {
                "case": case.reference})
        return
    if case.pk not in permissions.case_ids_of(record):
        raise ForeignSource(gettext(
            "%(record)s is not a record of case %(case)s: cite the case's own testimonies and "
            "records") % {"record": source_reference(source), "case": case.reference})
    # A protected person's custody timeline is a hidden fact (`records.identity.HIDDEN_FACTS`):
    # to a reader without identity access, it is not there.
    if isinstance(record, CustodyPeriod) and Fact.CUSTODY in HIDDEN_FACTS \
            and not reader.disclosure.may_reveal(record.person):
        raise ForeignSource(gettext(
            "%(record)s is not a record of case %(case)s: cite the case's own testimonies and "
            "records") % {"record": source_reference(source), "case": case.reference})


def source_reference(source: Source) -> str:
    """How a message names a record source: by reference, never by a person's name."""
    record = source.record
    return reference(record._meta.label_lower, record.pk)
