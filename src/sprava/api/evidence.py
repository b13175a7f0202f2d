"""Evidence items linked to incidents, acts, persons and testimonies.

    GET    /<type>/{id}/evidence            the items linked to the record, paged
    POST   /<type>/{id}/evidence            link an item: {"item": <number>}
    DELETE /<type>/{id}/evidence/{item_id}  unlink it (with a reason)

An item is named by the number the reader knows it by (`sprava.evidence.visibility`: their
first arrival of it), as on its page; never by another team's number of it.

The record must be one the reader sees (else 404) and, to link or unlink, one they may change:
the type's own write check, the one its PATCH asks (EDIT in its case; for a protected person
also identity access), else 403. The item must be one the reader already sees
(`sprava.evidence.visibility`): linking must not pull another team's evidence into this case,
so such an item gets the answer a missing one gets (400 "unknown evidence item"). Linking and
unlinking are ledger events with the item's digests, written by `sprava.records.services`.
"""

import datetime
from typing import Annotated, Any

from django.db.models import F
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.params import P, PathEx, QueryEx
from pydantic import BeforeValidator

from sprava import ids
from sprava.api import common
from sprava.api.common import (
    MAX_ID,
    ChangeReason,
    IdPath,
    PageParams,
    Reason,
    RecordId,
    page_schema,
    reader,
    responses,
)
from sprava.api.crud import RecordType, orderable, ordered
from sprava.evidence.models import Item
from sprava.evidence.visibility import numbered, visible_items, with_seen_receipts
from sprava.records import services

ItemPath = PathEx[Annotated[int, BeforeValidator(ids.parse_id)],
                  P(ge=1, le=MAX_ID, description="The evidence item's number (on its page).")]
UnlinkReason = QueryEx[
    Reason, P(min_length=1, max_length=1000, description="Why it is unlinked; kept in the ledger.")
]
# "received_at" is the first arrival the reader sees, not the item's (`visibility`): who sent
# bytes already held must not learn from it, or from the order, that they were. For the same
# reason "id" is the reader's number (the row id would order items by when the locker first
# held them), ties are broken by it, and the usual order is by their arrivals.
ORDER = {"id": "number", "received_at": "first_seen", "size": "size",
         "media_type": "media_type"}
USUAL = (F("first_seen").desc(nulls_last=True),)


class EvidenceLink(Schema):
    item: RecordId = Field(description="The evidence item's number (shown on its page).")


class EvidenceOut(Schema):
    id: int = Field(description="The item's number as you know it: that of the first of its "
                                "arrivals you may see (as on its page).")
    sha256: str
    sha512: str
    size: int = Field(description="Bytes.")
    media_type: str
    received_at: datetime.datetime | None = Field(
        description="When the bytes first arrived, of the arrivals you may see.")


class EvidenceFilters(PageParams):
    pass


EvidencePage = page_schema(EvidenceOut, "EvidencePage")
EvidenceQuery: Any = orderable(EvidenceFilters, ORDER)


def evidence_out(item: Item) -> dict[str, Any]:
    """An item read through `with_seen_receipts`, as the reader sees it."""
    seen: Any = item  # annotated by `with_seen_receipts`
    return {"id": seen.number, "sha256": item.sha256, "sha512": item.sha512, "size": item.size,
            "media_type": item.media_type, "received_at": seen.first_seen}


def linked(r: common.Reader, record: Any) -> Any:
    """The items linked to a record, among those the reader sees (all of them, for a record
    they see; asked anyway, so that the rule has one place)."""
    return with_seen_receipts(r.user, visible_items(r.user, record.evidence.all()))


def _item_to_link(r: common.Reader, number: int) -> Item:
    item = numbered(r.user, number).first()
    if item is None:
        raise common.ApiError(f"unknown evidence item {number}")
    return item


def register(router: Router, spec: RecordType[Any]) -> None:
    """Add the evidence-link endpoints of one record type to its router."""
    if not spec.writes:
        raise TypeError(f"{spec.names.many} are read only: evidence cannot be linked to them")
    names = spec.names
    stem = names.stem

    def list_evidence(request: HttpRequest, id: IdPath,
                      filters: Query[EvidenceQuery]) -> Any:
        r = reader(request)
        items = ordered(linked(r, spec.one(r, id)).order_by(*USUAL), filters.order, ORDER,
                        tie="number")
        return common.page(items, filters, evidence_out)

    def link_evidence(request: HttpRequest, id: IdPath, payload: EvidenceLink,
                      reason: ChangeReason = "") -> Any:
        r = reader(request)
        record = spec.to_write(r, id)
        item = _item_to_link(r, payload.item)
        if record.evidence.filter(pk=item.pk).exists():
            raise common.Conflict(f"evidence item {payload.item} is already linked to this "
                                  f"{names.one}")
        services.link_evidence(record, item, actor=r.actor, reason=reason)
        return Status(201, evidence_out(item))

    def unlink_evidence(request: HttpRequest, id: IdPath, item_id: ItemPath,
                        reason: UnlinkReason) -> Any:
        r = reader(request)
        record = spec.to_write(r, id)
        item = numbered(r.user, item_id, record.evidence.all()).first()
        if item is None:
            raise Http404("no such record")
        services.unlink_evidence(record, item, actor=r.actor, reason=reason)
        return Status(204, None)

    router.get("/{id}/evidence", response=responses(200, EvidencePage), **names.route(
        "list", name=f"list_{stem}_evidence", summary=f"Evidence linked to {names.a}"))(
        list_evidence)
    router.post("/{id}/evidence", response=responses(201, EvidenceOut), **names.route(
        "link", name=f"link_{stem}_evidence",
        summary=f"Link an evidence item to {names.a}"))(link_evidence)
    router.delete("/{id}/evidence/{item_id}", response=responses(204, None), **names.route(
        "unlink", name=f"unlink_{stem}_evidence",
        summary=f"Unlink an evidence item from {names.a}"))(unlink_evidence)
