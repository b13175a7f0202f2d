"""Turning ledger entries into rows a page shows (the ledger page, an item's history)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from sprava.evidence.visibility import AnyUser, numbers_by_sha256
from sprava.ledger.models import Entry
from sprava.ledger.tags import ITEM_RECEIVED, ITEM_VIEWED
from sprava.records import references
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import Person
from sprava.records.services import record_name
from sprava.rows import history


class _Names:
    """How entries name the records they concern: "incident I-000012", "person W-0001".

    A person by pseudonym when protected, whoever reads (the ledger page never shows a real
    name, so it reveals nobody); the persons of one page are read in one query."""

    def __init__(self, documents: list[tuple[Entry, dict[str, Any]]]) -> None:
        persons: set[int] = set()
        for entry, document in documents:
            subjects = [entry.subject]
            if entry.action == IDENTITY_REVEALED:
                subjects += [str(s) for s in (document.get("details") or {}).get("persons", [])]
            for subject in subjects:
                ref = references.of_subject(subject)
                if ref is not None and ref.model == "records.person":
                    persons.add(ref.pk)
        self._pseudonyms: dict[int, str | None] = dict(
            Person.objects.filter(pk__in=persons, protected=True)
            .values_list("pk", "pseudonym")) if persons else {}

    def person(self, pk: int) -> str:
        return self._pseudonyms.get(pk) or references.reference("records.person", pk)

    def record(self, subject: str, case: str) -> str:
        """The kind and reference of the record a ledger subject names; "" for none."""
        ref = references.of_subject(subject)
        if ref is None:
            return ""
        try:
            model = history.model_of(ref.model)
        except LookupError:
            return f"{ref.model.partition('.')[2]} {ref}"
        kind = record_name(model)
        if ref.model == "records.case":
            return f"{kind} {case}" if case else f"{kind} {ref}"
        if ref.model == "records.person":
            return f"{kind} {self.person(ref.pk)}"
        return f"{kind} {ref}"


def _summary(entry: Entry, document: dict[str, Any], names: _Names,
             duplicates: bool = True) -> str:
    action, details = entry.action, document.get("details") or {}
    if action == ITEM_RECEIVED:
        name = str(details.get("filename", ""))
        return (gettext("%(name)s (a new receipt of bytes already held)") % {"name": name}
                if details.get("duplicate") and duplicates else name)
    if action == ITEM_VIEWED:
        return (gettext("via %(channel)s") % {"channel": details["channel"]}
                if details.get("channel") else "")
    if action == IDENTITY_REVEALED:
        persons = [references.of_subject(str(s)) for s in details.get("persons", [])]
        shown = ", ".join(names.person(ref.pk) for ref in persons if ref is not None)
        return gettext("identity of %(persons)s shown, via %(channel)s") % {
            "persons": shown, "channel": details.get("channel", "")}
    if "username" in details:
        if details.get("admin"):
            return gettext("account %(username)s (administrator)") % {
                "username": details["username"]}
        return gettext("account %(username)s") % {"username": details["username"]}
    record = names.record(entry.subject, entry.case)
    if record and action.endswith(":evidence_linked"):
        return gettext("linked to %(record)s") % {"record": record}
    if record and action.endswith(":evidence_unlinked"):
        return gettext("unlinked from %(record)s") % {"record": record}
    if record:
        return record
    return str(details.get("filename") or details.get("channel") or "")


def describe_entries(user: AnyUser, entries: Iterable[Entry], *,
                     duplicates: bool = True) -> list[dict[str, Any]]:
    """Entries as rows; each item an entry speaks of that the user sees is linked to its page
    by the user's number of it (one query in all), each record it concerns named by its
    reference (`_Names`: one query, when the page names persons).

    `duplicates=False` leaves out that an arrival was of bytes already held, for a reader who
    does not see the earlier arrival (deduplication must not tell them)."""
    documents = [(entry, json.loads(bytes(entry.body))) for entry in entries]
    digests = {
        str(i.get("sha256", "")) for _, document in documents for i in document.get("items", [])
    }
    item_ids = numbers_by_sha256(user, digests)
    names = _Names(documents)
    described = []
    for entry, document in documents:
        details = document.get("details") or {}
        items = [str(i.get("sha256", "")) for i in document.get("items", [])]
        described.append(
            {
                "seq": entry.seq,
                "time": entry.time,
                "action": entry.action,
                "actor": entry.actor,
                "items": [(sha256, item_ids.get(sha256)) for sha256 in items],
                "reason": document.get("reason", ""),
                "details": details,
                "summary": _summary(entry, document, names, duplicates),
            }
        )
    return described
