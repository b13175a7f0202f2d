"""Evidence pages. Each view parses the request, calls one domain function, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from sprava import instance
from sprava.evidence.access import open_item
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item, Receipt
from sprava.integrity.errors import SpravaError
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.web.forms import CollectionForm
from sprava.web.presenters import describe_entries

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> str:
    return f"user:{request.user.get_username()}"


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets no anonymous request reach a view.
    assert isinstance(request.user, User)
    return request.user


def item_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    items = Item.objects.annotate(receipt_count=Count("receipts"))
    if query:
        items = items.filter(
            Q(sha256__startswith=query.lower()) | Q(receipts__original_filename__icontains=query)
        ).distinct()
    page = Paginator(items.order_by("-received_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names: dict[int, str] = {}
    first_receipts = Receipt.objects.filter(item__in=list(page)).order_by("-id")
    for item_id, filename in first_receipts.values_list("item_id", "original_filename"):
        names[item_id] = filename  # ordered newest first, so the first receipt wins
    rows = [(item, names.get(item.id, "")) for item in page]
    return render(request, "web/item_list.html", {"page": page, "rows": rows, "query": query})


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = CollectionForm(request.POST or None)
    files = request.FILES.getlist("files")
    if request.method == "POST" and form.is_valid():
        if not files:
            messages.error(request, "Choose at least one file to upload.")
        else:
            results = _ingest_uploads(request, files, Collection(**form.cleaned_data))
            return render(request, "web/upload_result.html", {"results": results})
    return render(request, "web/upload.html", {"form": form})


def _ingest_uploads(
    request: HttpRequest, files: list[UploadedFile[Any]], collection: Collection
) -> list[dict[str, Any]]:
    vault = instance.vault()
    results = []
    for upload_file in files:
        entry: dict[str, Any] = {"name": upload_file.name}
        try:
            with upload_file.open("rb") as stream:
                outcome = ingest_stream(
                    stream,  # type: ignore[arg-type]  # a File reads like a binary stream
                    vault=vault,
                    filename=upload_file.name or "",
                    actor=_actor(request),
                    user=_user(request),
                    collection=collection,
                    source_path="web upload",
                )
        except SpravaError as exc:
            entry["error"] = str(exc)
        else:
            entry.update(item=outcome.item, duplicate=outcome.duplicate)
        results.append(entry)
    try:
        instance.sign_checkpoint()
    except SpravaError as exc:
        messages.warning(request, f"Items were recorded, but no checkpoint was signed: {exc}")
    return results


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(Item, id=item_id)
    receipts = list(item.receipts.select_related("received_by"))
    history = describe_entries(log.history(item.sha256))
    return render(
        request, "web/item_detail.html", {"item": item, "receipts": receipts, "history": history}
    )


def download(request: HttpRequest, item_id: int) -> HttpResponseBase:
    item = get_object_or_404(Item, id=item_id)
    first = item.receipts.order_by("id").first()
    name = (first.original_filename if first else "") or f"item-{item.id}"
    chunks = open_item(
        item,
        vault=instance.vault(read=True),
        actor=_actor(request),
        reason=request.GET.get("reason", "")[:500],
        channel="web download",
    )
    # Always a download, never rendered: evidence may be hostile HTML or script.
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    response["Content-Length"] = str(item.size)
    response["Content-Disposition"] = _attachment(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def ledger(request: HttpRequest) -> HttpResponse:
    entries = log.history().order_by("-seq")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/ledger.html",
        {
            "page": page,
            "entries": describe_entries(page),
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
