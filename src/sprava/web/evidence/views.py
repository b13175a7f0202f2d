"""The evidence pages: the list, an item, upload, download and linking.

Each view parses the request, calls one domain function, renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db.models import OuterRef, Subquery
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sprava.accounts.actors import actor_name
from sprava.evidence.access import open_item
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection, Outcome, record_staged
from sprava.evidence.models import Item, Receipt
from sprava.evidence.names import attachment, safe_filename
from sprava.evidence.uploads import MAX_UPLOAD_BYTES, StagedUpload, VaultUploadHandler
from sprava.evidence.visibility import (
    history_of,
    numbered,
    receipts_of,
    sees_earlier_arrival,
)
from sprava.home import signing
from sprava.home.vault import open_vault
from sprava.integrity.errors import SpravaError
from sprava.ledger import log
from sprava.records import services
from sprava.web.evidence import linking, presenters
from sprava.web.evidence.forms import REASON_MAX, DownloadForm, ItemFilterForm, UploadForm
from sprava.web.evidence.queries import search_items
from sprava.web.ledger.presenters import describe_entries
from sprava.web.paging import BoundedPaginator, pager_query
from sprava.web.records.context import Ctx

PAGE_SIZE = 50
# The session keeps the outcome of the last upload, so that the result page survives a reload
# without the browser offering to send the files (and record their receipts) a second time.
UPLOAD_RESULT_KEY = "sprava:last-upload"


def _actor(request: HttpRequest) -> str:
    return actor_name(_user(request))


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets no anonymous request reach a view.
    assert isinstance(request.user, User)
    return request.user


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    filters = ItemFilterForm(request.GET, ctx=Ctx.of(request))
    case, record = filters.wanted()
    items = search_items(query, request.user, case=case, record=record)
    page = BoundedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/item_list.html", {
        "page": page, "query": query, "filters": filters,
        "filtered": case is not None or record is not None,
        "pager_query": pager_query(request, ("q", "case", "record")),
    })


@csrf_exempt  # the CSRF check runs below, once the upload handler is in place
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    # Files go straight into the vault while they arrive: the handler must be installed before
    # anything reads the request body, which the CSRF middleware would otherwise do.
    handler = VaultUploadHandler(request, open_vault())
    request.upload_handlers = [handler]
    try:
        return _upload(request)
    finally:
        handler.discard_unrecorded()


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    ctx = Ctx.of(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user, ctx=ctx)
        if form.is_valid():
            results = _ingest_uploads(
                request, ctx, form.uploaded_files(), form.collection(), form.case_reference(),
                form.link_record(),
            )
            request.session[UPLOAD_RESULT_KEY] = results
            return redirect("evidence-upload-result")
    else:
        form = UploadForm(user=request.user, ctx=ctx)
    limits = {"max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES, "max_bytes": MAX_UPLOAD_BYTES}
    return render(request, "web/upload.html", {"form": form, **limits})


def _ingest_uploads(
    request: HttpRequest,
    ctx: Ctx,
    files: list[UploadedFile[Any]],
    collection: Collection,
    case: str | None,
    link: tuple[str, Any] | None = None,
) -> list[dict[str, Any]]:
    vault = open_vault()
    results: list[dict[str, Any]] = []
    linked = linking.describe(*link) if link is not None else ""

    def link_it(outcome: Outcome) -> None:
        # In the record transaction: a file is stored linked, or not at all.
        if link is not None:
            linking.link(ctx, link[1], outcome.item)

    for upload_file in files:
        # As sent, for the intake's safe_filename: Django's own sanitising drops bidi controls.
        name = getattr(upload_file, "raw_name", upload_file.name or "")
        try:
            if not isinstance(upload_file, StagedUpload):
                raise IngestError(gettext("the upload did not pass through the vault"))
            if upload_file.error is not None or upload_file.staged is None:
                raise upload_file.error or IngestError(gettext("the upload was not received"))
            outcome = record_staged(
                upload_file.staged,
                vault=vault,
                filename=name,
                actor=_actor(request),
                user=_user(request),
                collection=collection,
                source_path="web upload",
                case=case,
                then=link_it,
            )
        except SpravaError as exc:
            results.append({"name": safe_filename(name), "status": "refused", "reason": str(exc)})
        else:
            # Only who already saw these bytes may hear they were held: to anyone else the
            # answer is the one a new file gets, word for word (deduplication tells nothing).
            told = outcome.duplicate and sees_earlier_arrival(
                _user(request), outcome.item, outcome.receipt)
            status = "duplicate" if told else "stored"
            results.append(
                {
                    "name": outcome.receipt.original_filename,
                    "status": status,
                    "receipt": outcome.receipt.id,
                    "linked": linked,
                }
            )
    _sign_checkpoint(request)
    return results


def _sign_checkpoint(request: HttpRequest) -> None:
    try:
        signing.sign_checkpoint()
    except SpravaError as exc:
        messages.warning(
            request,
            gettext("Recorded in the ledger, but no checkpoint was signed: %(error)s")
            % {"error": exc},
        )


@require_GET
def upload_result(request: HttpRequest) -> HttpResponse:
    results = request.session.get(UPLOAD_RESULT_KEY)
    if not results:
        return redirect("evidence-upload")
    return render(
        request,
        "web/upload_result.html",
        {"rows": presenters.describe_upload(request.user, results),
         "counts": presenters.upload_counts(results)},
    )


def _visible_item(request: HttpRequest, number: int) -> Item:
    """The item the reader knows by this number (`visibility.numbered`), with what they see of
    its receipts; else 404, as for a number nobody has."""
    items = numbered(request.user, number).annotate(
        first_receipt_id=Subquery(Receipt.objects.filter(item=OuterRef("pk")).order_by("id")
                                  .values("id")[:1]))
    return get_object_or_404(items)


@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _visible_item(request, item_id)
    return _item_page(request, item, linking.LinkRecordForm(ctx=Ctx.of(request)))


def _item_page(request: HttpRequest, item: Item, link_form: linking.LinkRecordForm,
               status: int = 200) -> HttpResponse:
    ctx = link_form.ctx
    # Only the receipts and custody events the reader may see (`sprava.evidence.visibility`):
    # whoever sent bytes already held sees their own arrival, not the others'. Read once, for
    # the list of receipts, their cases and the history's arrivals alike.
    seen = list(receipts_of(request.user, item).select_related("received_by", "case"))
    receipts = [(receipt, presenters.collection_facts(receipt)) for receipt in seen]
    cases = list({receipt.case.reference: receipt.case for receipt in seen
                  if receipt.case is not None}.values())
    first = item.first_receipt_id  # type: ignore[attr-defined]
    history = describe_entries(
        request.user, history_of(request.user, item, log.history(item.sha256), seen=seen),
        duplicates=any(receipt.id == first for receipt in seen))
    linked = linking.linked_records(ctx, item)
    response = render(
        request,
        "web/item_detail.html",
        {
            "item": item,
            "name": seen[0].original_filename if seen else "",
            "first_seen": seen[0].received_at if seen else None,
            "receipts": receipts,
            "cases": cases,
            "linked": linked,
            # The form for those who may link somewhere; a refused one again, with its reason.
            "link_form": link_form if link_form.is_bound or ctx.may_edit_somewhere() else None,
            "history": history,
            "download_form": DownloadForm(),
        },
        status=status,
    )
    ctx.commit()  # a protected person the reader holds the identity of was named: logged
    return response


@require_POST
def item_link(request: HttpRequest, item_id: int) -> HttpResponse:
    """Link the item to a record (or, with `unlink`, unlink it), from the item's page: the
    record's own rule decides (`sprava.web.evidence.linking`); both are ledger events."""
    item = _visible_item(request, item_id)
    ctx = Ctx.of(request)
    form = linking.LinkRecordForm(request.POST, ctx=ctx)
    if not form.is_valid():
        return _item_page(request, item, form, status=400)
    record, kind = form.cleaned_data["record"], form.cleaned_data["kind"]
    reason = form.cleaned_data["reason"]
    named = linking.describe(kind, record)
    if "unlink" in request.POST:
        if record.evidence.filter(pk=item.pk).exists():
            services.unlink_evidence(record, item, actor=ctx.actor, reason=reason)
        messages.success(request, gettext("Unlinked from %(record)s.") % {"record": named})
    elif linking.link(ctx, record, item, reason=reason):
        messages.success(request, gettext("Linked to %(record)s.") % {"record": named})
    else:
        messages.info(request, gettext("Already linked to %(record)s.") % {"record": named})
    return redirect(reverse("evidence-detail", args=[item.number]) + "#records")  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, item_id: int) -> HttpResponseBase:
    item = _visible_item(request, item_id)
    # A read is a custody event, so it is a POST with a CSRF token: a link, a prefetch or
    # another site cannot make a signed-in browser record a view nobody chose to make.
    if request.method != "POST":
        return redirect(reverse("evidence-detail", args=[item.number]) + "#download")  # type: ignore[attr-defined]
    reason = request.POST.get("reason", "").strip()[:REASON_MAX]
    # The name the reader knows it by: their first receipt's (`first_name`).
    name = item.first_name or f"item-{item.number}"  # type: ignore[attr-defined]
    chunks = open_item(
        item,
        vault=open_vault(read=True),
        actor=_actor(request),
        reason=reason,
        channel="web download",
    )
    _sign_checkpoint(request)
    # Always a download, never rendered: evidence may be hostile HTML or script.
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    response["Content-Length"] = str(item.size)
    response["Content-Disposition"] = attachment(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
