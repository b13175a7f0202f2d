"""What one reader is shown of assessments and conclusions: the pages and the API both read them
here, so they cannot come to show different things.

Every person goes through the reader's disclosure (a protected perpetrator or witness reads as
their pseudonym to a reader without identity access), a protected person's custody period is
withheld from such a reader (`records.identity.HIDDEN_FACTS`), and an evidence item is named by
the reader's own number for it (`evidence.visibility`). A page of rows is read in a fixed number
of queries (`Shown.of` prepares the items).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from sprava.evidence.models import Item
from sprava.evidence.visibility import visible_items, with_seen_receipts
from sprava.law.errors import UnknownElement
from sprava.law.framework import Element, Framework
from sprava.law.models import Assessment, Targeted
from sprava.law.sources import Pinpoint, SourceType
from sprava.records.identity import Fact
from sprava.records.models import LiabilityMode
from sprava.records.reader import Reader
from sprava.records.references import reference

TYPE_LABELS = {
    "conduct": gettext_lazy("conduct"),
    "consequence": gettext_lazy("consequence"),
    "circumstance": gettext_lazy("circumstance"),
    "mental": gettext_lazy("mental element"),
}
WITHHELD = gettext_lazy("a custody period (withheld: the person's identity is protected)")


@dataclass(frozen=True)
class ShownSource:
    """A source as this reader may see it."""

    type: str  # a SourceType
    id: int | None  # the record's id; an item's number for this reader; None when withheld
    reference: str  # "T-000012", "C-000003", "item 12"
    label: str  # the whole citation, in the active language
    pinpoint: str  # "p. 12", "para. 4", "at 01:02:03"; "" for a record
    withheld: bool = False


@dataclass(frozen=True)
class ShownElement:
    id: str
    number: int | None  # None for an element the current framework no longer defines
    type: str
    type_label: str
    label: str
    text: str
    contextual: bool


def element_of(framework: Framework, row: Targeted | None = None, *, crime: str = "",
               mode: str = "", element: str = "") -> ShownElement:
    """The element a row (or crime or mode and element) names, labelled in the active
    language; an element of an older framework version that this one lacks, by its id."""
    crime = row.crime if row is not None else crime
    mode = row.mode if row is not None else mode
    element = row.element if row is not None else element
    try:
        owner: Any = (framework.crime(crime) if crime else framework.mode(mode) if mode
                      else None)
        found: Element = owner.element(element) if owner else {
            e.id: e for e in framework.contextual()}[element]
    except (UnknownElement, KeyError):
        return ShownElement(element, None, "", "", element, "", False)
    label = found.label.text()
    for alternative in found.alternatives:
        if alternative.id == element:
            label = f"{label}: {alternative.label.text()}"
    return ShownElement(element, found.number, found.type, str(TYPE_LABELS[found.type]), label,
                        found.text, found.contextual)


class Shown:
    """The sources of a page of assessments, for one reader."""

    def __init__(self, reader: Reader, items: dict[int, tuple[int, str]]) -> None:
        self.reader = reader
        self.items = items  # item pk -> (the reader's number, its file name)

    @classmethod
    def of(cls, reader: Reader, rows: Iterable[Assessment]) -> Shown:
        ids = {row.item_id for row in rows if row.item_id is not None}
        items: dict[int, tuple[int, str]] = {}
        if ids:
            seen: Iterable[Any] = with_seen_receipts(
                reader.user, visible_items(reader.user, Item.objects.filter(pk__in=ids)))
            items = {item.pk: (item.number, item.first_name or "") for item in seen}
        return cls(reader, items)

    def source(self, row: Assessment) -> ShownSource:
        r = self.reader
        if row.item_id is not None:
            pinpoint = Pinpoint(row.pinpoint_kind, row.pinpoint).display()
            number, name = self.items.get(row.item_id, (None, ""))
            if number is None:  # an item the reader no longer sees any part of
                return ShownSource(SourceType.ITEM, None, "", gettext(
                    "an evidence item you do not see"), pinpoint, withheld=True)
            label = gettext("evidence item %(number)s") % {"number": number}
            return ShownSource(SourceType.ITEM, number, label,
                               f"{label} ({name}), {pinpoint}" if name else f"{label}, {pinpoint}",
                               pinpoint)
        if row.testimony is not None:
            testimony = row.testimony
            ref = reference("records.testimony", testimony.pk)
            pinpoint = gettext("para. %(paragraphs)s") % {"paragraphs": row.paragraph}
            who = r.person_label(testimony.given_by)
            label = (gettext("testimony %(ref)s of %(person)s") % {"ref": ref, "person": who}
                     if who else gettext("testimony %(ref)s") % {"ref": ref})
            return ShownSource(SourceType.TESTIMONY, testimony.pk, ref, f"{label}, {pinpoint}",
                               pinpoint)
        if row.custody is not None:
            custody = row.custody
            if not r.shows(custody.person, Fact.CUSTODY):
                return ShownSource(SourceType.CUSTODY, None, "", str(WITHHELD), "", True)
            ref = reference("records.custodyperiod", custody.pk)
            return ShownSource(SourceType.CUSTODY, custody.pk, ref, gettext(
                "custody period %(ref)s of %(person)s, %(when)s") % {
                "ref": ref, "person": r.person_label(custody.person),
                "when": custody.display_when}, "")
        if row.position is not None:
            position = row.position
            return ShownSource(SourceType.POSITION, position.pk, f"#{position.pk}", gettext(
                "position of %(person)s: %(title)s, %(unit)s") % {
                "person": r.person_label(position.person), "title": position.title,
                "unit": position.organisation.label}, "")
        involvement = row.involvement
        assert involvement is not None  # exactly one source (the table's constraint)
        return ShownSource(SourceType.INVOLVEMENT, involvement.pk, f"#{involvement.pk}", gettext(
            "involvement of %(person)s in act %(act)s: %(mode)s") % {
            "person": r.person_label(involvement.perpetrator),
            "act": reference("records.act", involvement.act_id),
            "mode": LiabilityMode(involvement.mode).label}, "")


def who(user: Any) -> str:
    """Who made an analysis: the account's name (staff, never a protected person)."""
    return str(user.get_username()) if user is not None else ""
