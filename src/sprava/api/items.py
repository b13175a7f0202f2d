"""Evidence items themselves: upload, list, one item, its bytes, its custody proof.

    POST /evidence                 upload one file with its collection metadata (multipart)
    GET  /evidence                 the items the reader sees, paged
    GET  /evidence/{id}            one item: digests, media type, size, cases, receipts, links
    GET  /evidence/{id}/download   the original bytes (a custody event: `evidence:item:viewed`)
    GET  /evidence/{id}/proof      the item's custody proof document (as `sprava prove`)

The rules are the pages' (`sprava.evidence.visibility`): an item is named by the reader's
number for it, shown with the parts of it they may see, and is missing (404) to anyone who sees
no part of it. Each operation calls the function the pages call: an upload streams into the
vault while it arrives (`VaultUploadHandler`) and is recorded by `record_staged`; a download
is `open_item`, which writes the view to the ledger before the first byte leaves; a proof is
`item_proof` over the entries the reader may see.

An upload for a case needs EDIT there (else 403; a case the reader is not a member of is
unknown, 400), as the upload form offers only those cases. As on the upload page, a file may
also arrive for no case: its uploader (and the administrators' intake queue) then sees it.
"""

import functools
import logging
from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.params import P, PathEx, QueryEx
from pydantic import AfterValidator, BeforeValidator

from sprava import ids
from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.api import common, crud
from sprava.api.answers import detail
from sprava.api.common import (
    MAX_ID,
    Code,
    PageParams,
    Plain,
    Reader,
    page_schema,
    reader,
    responses,
)
from sprava.api.evidence import ORDER, USUAL, EvidenceOut, evidence_out
from sprava.cases.models import Case
from sprava.evidence.access import open_item
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection, Staged, record_staged
from sprava.evidence.models import Item, Receipt
from sprava.evidence.names import attachment
from sprava.evidence.uploads import (
    MAX_UPLOAD_BODY,
    MAX_UPLOAD_BYTES,
    StagedUpload,
    VaultUploadHandler,
)
from sprava.evidence.visibility import (
    cases_reached,
    items_reaching,
    numbered,
    provable_history,
    receipts_of,
    sees_earlier_arrival,
    visible_items,
    with_seen_receipts,
)
from sprava.home import keys, signing
from sprava.home.vault import open_vault
from sprava.integrity.errors import SpravaError
from sprava.ledger.proofs import item_proof
from sprava.records.models import Incident, Person, Testimony

router = Router(tags=["evidence"])
logger = logging.getLogger("sprava.ledger")

NumberPath = PathEx[Annotated[int, BeforeValidator(ids.parse_id)],
                    P(ge=1, le=MAX_ID, description="The item's number (as on its page).")]
ViewReason = QueryEx[
    common.Reason, P(default="", max_length=500,  # as the download form's
                     description="Why you read it; kept in the custody ledger (optional).")
]


def _op(name: str) -> dict[str, Any]:
    return {"url_name": name, "operation_id": f"sprava_api_items_{name}"}


# --- what is shown -------------------------------------------------------------------------


class ItemOut(EvidenceOut):
    name: str = Field(description="The file name of the first arrival you may see.")


class ReceiptOut(Schema):
    id: int = Field(description="The arrival's number.")
    received_at: Any
    actor: str = Field(description="Who recorded the arrival (as the ledger names them).")
    case: str | None = Field(description="The case it arrived for, if any.")
    filename: str
    source_path: str
    collected_by: str
    collected_at: str
    collected_from: str
    method: str
    tool: str
    tool_version: str
    notes: str
    ledger_seq: int = Field(description="Its entry in the custody ledger.")


class LinksOut(Schema):
    incidents: list[int]
    acts: list[int]
    persons: list[int]
    testimonies: list[int]


class ItemDetail(ItemOut):
    cases: list[str] = Field(description="Your cases the item reaches: arrived for, or "
                                         "linked to one of their records.")
    receipts: list[ReceiptOut] = Field(description="The arrivals of these bytes you may see.")
    linked: LinksOut = Field(description="The records of your cases it is linked to (ids).")


class UploadOut(Schema):
    receipt: int = Field(description="The number of this arrival.")
    duplicate: bool = Field(description="Whether the bytes were already in the locker; true "
                                        "only if you could already see them there.")
    item: ItemOut


class ProofEntry(Schema):
    seq: int
    entry: str = Field(description="The ledger entry, base64 of its canonical JSON.")
    inclusion_proof: list[str]


class ProofDigests(Schema):
    sha256: str
    sha512: str
    size: int


class ProofOut(Schema):
    format: str
    item: ProofDigests
    verifier_key: str
    checkpoint: str | None = Field(description="The signed checkpoint the entries are "
                                               "proven against.")
    entries: list[ProofEntry]
    not_yet_checkpointed: list[int]


ItemPage = page_schema(ItemOut, "ItemPage")


def item_out(item: Item) -> dict[str, Any]:
    """An item read through `with_seen_receipts`, as the reader sees it."""
    seen: Any = item
    return {**evidence_out(item), "name": seen.first_name or ""}


def receipt_out(receipt: Receipt) -> dict[str, Any]:
    return {"id": receipt.pk, "received_at": receipt.received_at, "actor": receipt.actor,
            "case": receipt.case.reference if receipt.case else None,
            "filename": receipt.original_filename, "source_path": receipt.source_path,
            "collected_by": receipt.collected_by, "collected_at": receipt.collected_at,
            "collected_from": receipt.collected_from, "method": receipt.method,
            "tool": receipt.tool, "tool_version": receipt.tool_version,
            "notes": receipt.notes, "ledger_seq": receipt.ledger_seq}


def _linked_ids(r: Reader, rows: QuerySet[Any]) -> list[int]:
    return sorted(permissions.filter_visible(r.user, rows).values_list("pk", flat=True))


def item_detail(r: Reader, item: Item) -> dict[str, Any]:
    seen = receipts_of(r.user, item).select_related("case")
    cases = Case.objects.filter(cases_reached(item), pk__in=r.case_ids).order_by("reference")
    return {**item_out(item),
            "cases": list(cases.values_list("reference", flat=True)),
            "receipts": [receipt_out(receipt) for receipt in seen],
            "linked": {
                "incidents": _linked_ids(r, Incident.objects.filter(evidence=item)),
                "acts": _linked_ids(r, item.acts.all()),
                "persons": _linked_ids(r, Person.objects.filter(evidence=item)),
                "testimonies": _linked_ids(r, Testimony.objects.filter(evidence=item)),
            }}


def _item(r: Reader, number: int) -> Item:
    """The item the reader knows by this number, else 404 (as for a number nobody has)."""
    item = numbered(r.user, number).first()
    if item is None:
        raise Http404("no such item")
    return item


# --- the list ------------------------------------------------------------------------------

class ItemFilters(PageParams):
    case: Code | None = Field(None, description="Only items that reach this case (its "
                                                "reference): arrived for it or linked to it.")
    sha256: Annotated[str, AfterValidator(str.lower)] | None = Field(
        None, pattern=r"^[0-9a-fA-F]{64}$", description="Only the item with these bytes.")


ItemQuery: Any = crud.orderable(ItemFilters, ORDER)


@router.get("", response=responses(200, ItemPage), summary="List the evidence items you see",
            **_op("list_items"))
def list_items(request: HttpRequest, filters: Query[ItemQuery]) -> Any:
    r = reader(request)
    items = visible_items(r.user)
    if filters.case:
        case = common.case_of_reference(r, filters.case)
        items = items.filter(items_reaching([case.pk]))
    if filters.sha256:
        items = items.filter(sha256=filters.sha256)
    rows = crud.ordered(with_seen_receipts(r.user, items).order_by(*USUAL), filters.order,
                        ORDER, tie="number")
    return common.page(rows, filters, item_out)


@router.get("/{id}", response=responses(200, ItemDetail), summary="One evidence item",
            **_op("get_item"))
def get_item(request: HttpRequest, id: NumberPath) -> Any:
    r = reader(request)
    return item_detail(r, _item(r, id))


# --- upload --------------------------------------------------------------------------------


def _field(limit: int, description: str) -> Any:
    return Field("", max_length=limit, description=description)


class UploadFields(Schema):
    """The upload form's fields (`web.forms.UploadForm`), with the receipt's limits."""

    case: Code | None = Field(None, description="The case it arrives for (its reference); "
                                                "its members will see it. Empty: no case yet.")
    collected_by: Plain = _field(300, "Who collected it: a person, an organisation or a "
                                      "pseudonym.")
    collected_at: Plain = _field(64, "When, as precise as known: 2020-08-11 14:30, 2020-08.")
    collected_from: Plain = _field(1000, "Where from: a place, a device, a web address.")
    method: Plain = _field(300, "How: handed over by a witness, downloaded ...")
    tool: Plain = _field(300, "Software or device used.")
    tool_version: Plain = _field(100, "Its version.")
    notes: Plain = _field(200_000, "Anything a court may ask about later.")

    def collection(self) -> Collection:
        return Collection(collected_by=self.collected_by, collected_at=self.collected_at,
                          collected_from=self.collected_from, method=self.method,
                          tool=self.tool, tool_version=self.tool_version, notes=self.notes)


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BODY
    except ValueError:
        return False  # the parser refuses it


def streamed_to_vault(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Install the vault's upload handler before anything reads the body, as the upload page
    does: the file is hashed and encrypted while it arrives, never spooled to disk in clear.
    Whatever the view did not record (a refusal, a second file) is discarded afterwards."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _too_large(request):  # not read: the server refuses it too
            return detail(f"the upload is too large: at most {MAX_UPLOAD_BYTES} bytes", 413)
        handler = VaultUploadHandler(request, open_vault())
        request.upload_handlers = [handler]
        try:
            return run(request, *args, **kwargs)
        finally:
            handler.discard_unrecorded()

    return wrapper


def _staged(request: HttpRequest, file: UploadedFile) -> tuple[Staged, str]:
    """The file's staged bytes and its name as sent; refusals as the upload page has them."""
    others = [name for name in request.FILES if name != "file"]
    if others or len(request.FILES.getlist("file")) != 1:
        raise common.ApiError("send one file per request, as the multipart field 'file'")
    if not isinstance(file, StagedUpload):  # `streamed_to_vault` installed the only handler
        raise IngestError("the upload did not pass through the vault")
    if file.error is not None or file.staged is None:
        raise file.error or IngestError("the upload was not received")
    return file.staged, file.raw_name


@router.post("", response={**responses(201, UploadOut), 413: common.ErrorOut},
             summary="Upload one file with its collection metadata (multipart/form-data)",
             description=f"The file is the multipart field `file`, at most {MAX_UPLOAD_BYTES} "
                         "bytes. Bytes already in the locker become a new arrival of that "
                         "item; you are told so only if you could already see it.",
             **_op("upload_item"))
@decorate_view(streamed_to_vault)
def upload_item(request: HttpRequest, file: File[UploadedFile],
                fields: Form[UploadFields]) -> Any:
    r = reader(request)
    case = None
    if fields.case:
        case = common.case_of_reference(r, fields.case)
        permissions.require(r.user, Permission.EDIT, case)
    try:
        staged, name = _staged(request, file)
        outcome = record_staged(
            staged, vault=open_vault(), filename=name, actor=r.actor, user=r.user,
            collection=fields.collection(), source_path="api upload",
            case=case.reference if case else None)
    except common.ApiError:
        raise
    except SpravaError as exc:  # the upload page's "refused", with its reason
        raise common.ApiError(str(exc)) from exc
    # Only who already saw these bytes may hear that they were held (as on the result page).
    told = outcome.duplicate and sees_earlier_arrival(r.user, outcome.item, outcome.receipt)
    item = with_seen_receipts(r.user, Item.objects.filter(pk=outcome.item.pk)).get()
    return Status(201, {"receipt": outcome.receipt.pk, "duplicate": told,
                        "item": item_out(item)})


# --- reading it back -----------------------------------------------------------------------


@router.get("/{id}/download", response=common.ERRORS, summary="Download the original",
            description="Every download is written to the custody ledger "
                        "(`evidence:item:viewed`, channel `api download`) with your name and "
                        "the reason, before the first byte is sent. Always "
                        "`application/octet-stream`: evidence may be hostile.",
            openapi_extra={"responses": {200: {"description": "The original bytes",
                                               "content": {"application/octet-stream": {
                                                   "schema": {"type": "string",
                                                              "format": "binary"}}}}}},
            **_op("download_item"))
def download_item(request: HttpRequest, id: NumberPath, reason: ViewReason = "") -> Any:
    # A GET, unlike the page's POST: the page guards against a link or prefetch recording a
    # view nobody chose, which a request carrying the token in a header cannot be.
    r = reader(request)
    item = _item(r, id)
    seen: Any = item
    chunks = open_item(item, vault=open_vault(read=True), actor=r.actor,
                       reason=reason.strip(), channel="api download")
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    response["Content-Length"] = str(item.size)
    response["Content-Disposition"] = attachment(seen.first_name or f"item-{seen.number}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _sign() -> None:
    # Entries the signing leaves uncovered are listed as `not_yet_checkpointed`: the proof
    # says what it cannot prove yet, and the failure goes where every signing failure goes.
    try:
        signing.sign_checkpoint()
    except SpravaError as exc:
        logger.error("no checkpoint signed for a custody proof: %s", exc)


@router.get("/{id}/proof", response=responses(200, ProofOut),
            summary="The item's custody proof (as `sprava prove`)",
            description="The ledger entries of the item you may see, each with its inclusion "
                        "proof to a signed checkpoint; "
                        "`sprava.integrity.custody_proof.verify_custody_proof` checks it "
                        "offline with the verifier key. An arrival's entry is included once "
                        "you may be told whether it was the first (you see an earlier arrival "
                        "or a link of the item to your records): its entry says so.",
            **_op("prove_item"))
def prove_item(request: HttpRequest, id: NumberPath) -> Any:
    r = reader(request)
    item = _item(r, id)
    return item_proof(item.digests, verifier_key=keys.verifier_key(), sign=_sign,
                      only=lambda entries: provable_history(r.user, item, entries))
