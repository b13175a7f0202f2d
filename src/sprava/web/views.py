"""Evidence pages. Each view parses the request, calls one domain function, renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from sprava import instance
from sprava.accounts.actors import actor_name
from sprava.accounts.permissions import is_administrator
from sprava.evidence.access import open_item
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection, record_staged
from sprava.evidence.models import Item, Receipt
from sprava.evidence.names import attachment, safe_filename
from sprava.evidence.uploads import MAX_UPLOAD_BYTES, StagedUpload, VaultUploadHandler
from sprava.evidence.visibility import (
    history_of,
    numbered,
    receipts_of,
    sees_earlier_arrival,
)
from sprava.integrity.errors import SpravaError
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.web import presenters
from sprava.web.forms import REASON_MAX, DownloadForm, UploadForm
from sprava.web.paging import BoundedPaginator
from sprava.web.queries import search_items

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
    items = search_items(query, request.user)
    page = BoundedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/item_list.html", {"page": page, "query": query})


@csrf_exempt  # the CSRF check runs below, once the upload handler is in place
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    # Files go straight into the vault while they arrive: the handler must be installed before
    # anything reads the request body, which the CSRF middleware would otherwise do.
    handler = VaultUploadHandler(request, instance.vault())
    request.upload_handlers = [handler]
    try:
        return _upload(request)
    finally:
        handler.discard_unrecorded()


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            results = _ingest_uploads(
                request, form.uploaded_files(), form.collection(), form.case_reference()
            )
            request.session[UPLOAD_RESULT_KEY] = results
            return redirect("evidence-upload-result")
    else:
        form = UploadForm(user=request.user)
    limits = {"max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES, "max_bytes": MAX_UPLOAD_BYTES}
    return render(request, "web/upload.html", {"form": form, **limits})


def _ingest_uploads(
    request: HttpRequest,
    files: list[UploadedFile[Any]],
    collection: Collection,
    case: str | None,
) -> list[dict[str, Any]]:
    vault = instance.vault()
    results: list[dict[str, Any]] = []
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
                }
            )
    _sign_checkpoint(request)
    return results


def _sign_checkpoint(request: HttpRequest) -> None:
    try:
        instance.sign_checkpoint()
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
    # Only the receipts and custody events the reader may see (`sprava.evidence.visibility`):
    # whoever sent bytes already held sees their own arrival, not the others'. Read once, for
    # the list of receipts and the history's arrivals alike.
    seen = list(receipts_of(request.user, item).select_related("received_by"))
    receipts = [(receipt, presenters.collection_facts(receipt)) for receipt in seen]
    first = item.first_receipt_id  # type: ignore[attr-defined]
    history = presenters.describe_entries(
        request.user, history_of(request.user, item, log.history(item.sha256), seen=seen),
        duplicates=any(receipt.id == first for receipt in seen))
    return render(
        request,
        "web/item_detail.html",
        {
            "item": item,
            "name": seen[0].original_filename if seen else "",
            "first_seen": seen[0].received_at if seen else None,
            "receipts": receipts,
            "history": history,
            "download_form": DownloadForm(),
        },
    )


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
        vault=instance.vault(read=True),
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


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    # The whole log names files, records and people's actions across every case: it is for
    # those who administer the installation (auditors read it through them or offline).
    if not is_administrator(request.user):
        raise PermissionDenied(gettext("Only administrators read the whole custody ledger."))
    entries = log.history().order_by("-seq")
    page = BoundedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/ledger.html",
        {
            "page": page,
            "entries": presenters.describe_entries(request.user, page),
            "checkpoint": latest(),
            "size": log.size(),
            "verifier_key": _verifier_key(),
        },
    )


def _verifier_key() -> str:
    try:
        return instance.verifier_key()
    except SpravaError:
        return ""


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: the pages link the SVG icon, but browsers and tools that read no page ask
    here; they get the same icon instead of a 404 (or, signed out, the log-in page)."""
    return redirect(static("sprava/favicon.svg"), permanent=True)
