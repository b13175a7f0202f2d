"""Evidence on record pages: linked items, thumbnails behind a blur, linking and unlinking.

A thumbnail is the image itself, decrypted from the vault and scaled by the browser; reading it
is a custody event like any other (`evidence:item:viewed`, channel "thumbnail"). So a page never
makes the browser fetch one on load: it fetches it when the reader unblurs it (reveal.js), and
that request is the one view recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F, Model
from django.http import Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sprava.evidence.access import open_item
from sprava.evidence.models import Item
from sprava.evidence.visibility import numbered, with_seen_receipts
from sprava.home.vault import open_vault
from sprava.records import services
from sprava.web.records import access, presenters
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx
from sprava.web.records.fields import REASON_MAX
from sprava.web.records.kinds import Kind

# Formats every browser shows as an image and none runs as a document (SVG could carry script).
THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"})
THUMBNAIL_MAX_BYTES = 25 * 1024 * 1024


class LinkForm(forms.Form):
    item = forms.IntegerField(label=gettext_lazy("Evidence item number"), min_value=1,
                              widget=forms.NumberInput(attrs={"size": 8}))
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=REASON_MAX)


def shows_thumbnail(item: Item) -> bool:
    return item.media_type in THUMBNAIL_TYPES and item.size <= THUMBNAIL_MAX_BYTES


def evidence_section(ctx: Ctx, kind: Kind, obj: Model) -> dict[str, Any]:
    # Named and numbered by the first arrival the reader sees, never by another team's.
    evidence = obj.evidence.all()  # type: ignore[attr-defined]
    items: Iterable[Any] = with_seen_receipts(ctx.user, evidence).order_by(F("number"))
    rows = []
    for item in items:
        rows.append({
            "item": item,
            "name": item.first_name
            or gettext("item %(number)s") % {"number": item.number},
            "thumbnail": reverse("records:thumbnail", args=[item.number])
            if shows_thumbnail(item) else "",
            "kind": item.media_type.split("/")[0],
        })
    editable = access.may_edit(ctx, kind, obj)
    return {"rows": rows, "editable": editable, "form": LinkForm() if editable else None,
            "action": presenters.action_url(kind, obj, "evidence")}


@require_POST
@access.records_page
def link(request: HttpRequest, kind: str, key: Any) -> HttpResponseBase:
    """Link (or, with `unlink`, unlink) an evidence item to a record; both are ledger events."""
    k, ctx = KINDS[kind], Ctx.of(request)
    obj = access.get_visible(ctx, k, key)
    access.require_edit(ctx, k, obj)
    back = presenters.detail_url(k, obj) + "#evidence"
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give the number of an evidence item (shown on its "
                                        "page)."))
        return redirect(back)
    # Only an item the reader may already see, by the number they know it by: linking must
    # not open another team's evidence to this case. A missing item and another team's (or
    # another team's number of it) get the same answer.
    number = form.cleaned_data["item"]
    item = numbered(ctx.user, number).first()
    if item is None:
        messages.error(request, gettext("There is no evidence item %(number)s among those you "
                                        "may see.") % {"number": number})
        return redirect(back)
    reason = form.cleaned_data["reason"]
    number = item.number  # type: ignore[attr-defined]
    if "unlink" in request.POST:
        services.unlink_evidence(obj, item, actor=ctx.actor, reason=reason)
        messages.success(request, gettext("Evidence item %(number)s unlinked.")
                         % {"number": number})
    elif obj.evidence.filter(pk=item.pk).exists():
        messages.info(request, gettext("Evidence item %(number)s was already linked.")
                      % {"number": number})
    else:
        services.link_evidence(obj, item, actor=ctx.actor, reason=reason)
        messages.success(request, gettext("Evidence item %(number)s linked.")
                         % {"number": number})
    return redirect(back)


@require_GET
def thumbnail(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """An image item the reader knows by this number (`sprava.evidence.visibility`); recorded
    as a view."""
    ctx = Ctx.of(request)
    item = numbered(ctx.user, item_id).first()
    if item is None or not shows_thumbnail(item):
        raise Http404("no thumbnail here")
    chunks = open_item(item, vault=open_vault(read=True), actor=ctx.actor,
                       channel="thumbnail")
    response = StreamingHttpResponse(chunks, content_type=item.media_type)
    response["Content-Length"] = str(item.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Disposition"] = "inline"
    return response
