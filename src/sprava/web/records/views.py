"""The list, detail, create, edit and delete pages of every kind of record.

Each view: parse the request, check the permission (`access`), call the domain function
(through the form's `commit`), render. Protected identities shown on a page are committed to
the ledger before the response leaves (`Ctx.commit`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sprava import ids
from sprava.accounts.errors import PermissionDenied
from sprava.records.services import RecordError
from sprava.web.paging import BoundedPaginator
from sprava.web.records import access, exports, presenters
from sprava.web.records.access import records_page
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx
from sprava.web.records.evidence import evidence_section
from sprava.web.records.fields import REASON_MAX, RecordForm
from sprava.web.records.kinds import Kind

PAGE_SIZE = 50


def _kind(name: str) -> Kind:
    return KINDS[name]


def _respond(ctx: Ctx, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(ctx.request, template, context, status=status)
    ctx.commit()  # after rendering: whatever the page showed is in the ledger before it leaves
    return response


@require_GET
@records_page
def record_list(request: HttpRequest, kind: str) -> HttpResponseBase:
    k, ctx = _kind(kind), Ctx.of(request)
    queryset = access.visible(ctx, k)
    filters = k.filters(request.GET, ctx=ctx) if k.filters else None
    if filters is not None:
        queryset = filters.apply(queryset)
    sort, ordering = presenters.sort_order(k, request.GET.get("sort", ""))
    # First the page's ids, from a query with only the joins its filters and sort need; then
    # those rows with all they show. With every join in one query, SQLite's planner sorted a
    # million acts (minutes) instead of walking the date index and stopping after fifty.
    page = BoundedPaginator(k.annotate(queryset).order_by(*ordering).values_list(
        "pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page)
    # Read again through the visibility filter: a row moved to another team's case between the
    # two queries is left out, not shown with its new case.
    rows_of = k.for_list(k.annotate(access.visible(ctx, k).filter(pk__in=ids)))
    shown = {obj.pk: obj for obj in rows_of}
    css = [presenters.css(column) for column in k.columns]
    rows = [[(presenters.cell_html(presenters.links(column.cell(ctx, shown[pk]))), css[i])
             for i, column in enumerate(k.columns)] for pk in ids if pk in shown]
    return _respond(ctx, "records/list.html", {
        "kind": k, "page": page, "rows": rows, "filters": filters, "sort": sort,
        "header": presenters.header(k, sort, request.GET),
        "may_create": access.may_edit(ctx, k, None),
        "create_url": reverse(f"records:{k.name}-create"),
        "export": exports.button(ctx, k, filters),
    })


@require_GET
@records_page
def record_detail(request: HttpRequest, kind: str, key: Any) -> HttpResponseBase:
    k, ctx = _kind(kind), Ctx.of(request)
    obj = access.get_visible(ctx, k, key)
    if k.parent is not None:  # lives on its parent's page
        parent = getattr(obj, k.parent.field)
        return redirect(presenters.detail_url(KINDS[k.parent.kind], parent) + f"#{k.parent.anchor}")
    editable = access.may_edit(ctx, k, obj)
    page = presenters.history_page(request.GET.get("history-page"))
    history, older = presenters.history(k.history_of(ctx, obj), ctx.visible_case_references(),
                                        page, masked=k.masked_history(ctx, obj))
    return _respond(ctx, "records/detail.html", {
        "kind": k, "obj": obj, "title": k.label(ctx, obj), "editable": editable,
        "facts": [(label, presenters.links(cell)) for label, cell in k.facts(ctx, obj)],
        "sections": [(section, section.load(ctx, obj)) for section in k.sections],
        "evidence": evidence_section(ctx, k, obj) if k.evidence else None,
        "history": history,
        "history_newer": presenters.page_url(request.GET, "history-page", page - 1, "history")
        if page > 1 else "",
        "history_older": presenters.page_url(request.GET, "history-page", page + 1, "history")
        if older else "",
        "list_url": presenters.list_url(k) if k.listed else "",
        "edit_url": presenters.action_url(k, obj, "edit"),
        "delete_url": presenters.action_url(k, obj, "delete")
        if access.delete_refusal(ctx, k, obj) is None else "",
    })


def _parent(ctx: Ctx, k: Kind, query: QueryDict) -> Model | None:
    """The record a new child record will belong to (?person=42), if the reader may see it."""
    if k.parent is None:
        return None
    number = ids.id_or_none(query.get(k.parent.field, ""))
    if number is None:
        raise Http404("no parent record given")
    return access.get_visible(ctx, KINDS[k.parent.kind], number)  # type: ignore[no-any-return]


def _presets(ctx: Ctx, k: Kind, query: QueryDict) -> dict[str, Any]:
    """Fields a create page is opened with (?case=<ref>, ?incident=<id>), if allowed."""
    preset: dict[str, Any] = {}
    if "case" in k.create_params and query.get("case"):
        case = access.get_visible(ctx, KINDS["case"], query["case"], for_detail=False)
        access.require_edit_cases(ctx, {case.pk})
        preset["case"] = case.pk
    number = ids.id_or_none(query.get("incident", ""))
    if "incident" in k.create_params and number is not None:
        incident = access.get_visible(ctx, KINDS["incident"], number, for_detail=False)
        access.require_edit_cases(ctx, {incident.case_id})
        preset["incident"] = incident
    return preset


def _commit(ctx: Ctx, k: Kind, form: RecordForm) -> Model | None:
    """Check the record as it will be saved, then save it; None (and a form error) if refused."""
    targets = form.target_case_ids()
    if targets is not None:
        access.require_edit_cases(ctx, targets)
    else:
        access.require_edit(ctx, k, form.instance)
    try:
        with transaction.atomic():  # a refusal half-way through a commit leaves nothing behind
            return form.commit()
    except (RecordError, PermissionDenied) as exc:
        form.add_error(None, str(exc))
        return None


def _after_save(k: Kind, obj: Model) -> str:
    if k.parent is not None:
        parent = getattr(obj, k.parent.field)
        return presenters.detail_url(KINDS[k.parent.kind], parent) + f"#{k.parent.anchor}"
    return presenters.detail_url(k, obj)


def _form_page(ctx: Ctx, k: Kind, form: RecordForm, obj: Model | None,
               parent: Model | None) -> HttpResponse:
    parent_kind = KINDS[k.parent.kind] if k.parent else None
    back = (presenters.detail_url(k, obj) if obj is not None and k.parent is None
            else presenters.detail_url(parent_kind, parent) if parent_kind and parent
            else presenters.list_url(k) if k.listed else "")
    return _respond(ctx, "records/form.html", {
        "kind": k, "form": form, "obj": obj, "back_url": back,
        "title": gettext("Change %(record)s") % {"record": k.label(ctx, obj)} if obj is not None
        else gettext("New %(kind)s") % {"kind": str(k.title).lower()},
        "parent_label": KINDS[k.parent.kind].label(ctx, parent) if parent and k.parent else "",
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@records_page
def record_create(request: HttpRequest, kind: str) -> HttpResponseBase:
    k, ctx = _kind(kind), Ctx.of(request)
    parent = _parent(ctx, k, request.GET)
    preset = _presets(ctx, k, request.GET)  # first: a record the reader cannot see is a 404
    form = k.form(request.POST if request.method == "POST" else None, ctx=ctx, parent=parent,
                  preset=preset)
    # A child record already has its parent, so its own rules apply (a name of a protected
    # person needs identity access; a custody period does not).
    access.require_edit(ctx, k, form.instance if parent is not None and not k.open_parent
                        else None)
    if request.method == "POST" and form.is_valid():
        saved = _commit(ctx, k, form)
        if saved is not None:
            if k.scope == "cases":  # administrators open cases, but only members see them
                messages.success(request, gettext(
                    "Case %(case)s opened. Nobody sees it until it has members: add its lead "
                    "(sprava member add).") % {"case": saved})
                return redirect(presenters.list_url(k))
            messages.success(request, form.saved_message
                             or gettext("%(kind)s recorded.") % {"kind": k.title})
            return redirect(form.after_save_url or _after_save(k, saved))
    return _form_page(ctx, k, form, None, parent)


@require_http_methods(["GET", "POST"])
@records_page
def record_edit(request: HttpRequest, kind: str, key: Any) -> HttpResponseBase:
    k, ctx = _kind(kind), Ctx.of(request)
    obj = access.get_visible(ctx, k, key)
    access.require_edit(ctx, k, obj)
    parent = getattr(obj, k.parent.field) if k.parent else None
    form = k.form(request.POST if request.method == "POST" else None, instance=obj, ctx=ctx,
                  parent=parent)
    if request.method == "POST" and form.is_valid():
        saved = _commit(ctx, k, form)
        if saved is not None:
            messages.success(request, gettext("%(kind)s saved.") % {"kind": k.title})
            return redirect(_after_save(k, saved))
    return _form_page(ctx, k, form, obj, parent)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why delete it?"), max_length=REASON_MAX,
        help_text=gettext_lazy("Required. Written to the custody ledger; the record's history "
                               "stays."),
        widget=forms.TextInput(attrs={"autofocus": True}))


@require_http_methods(["GET", "POST"])
@records_page
def record_delete(request: HttpRequest, kind: str, key: Any) -> HttpResponseBase:
    k, ctx = _kind(kind), Ctx.of(request)
    obj = access.get_visible(ctx, k, key)
    access.require_delete(ctx, k, obj)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        parent = getattr(obj, k.parent.field) if k.parent else None
        try:
            k.delete(obj, actor=ctx.actor, reason=form.cleaned_data["reason"])
        except RecordError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("%(kind)s deleted. Its history stays in the "
                                              "ledger.") % {"kind": k.title})
            if parent is not None and k.parent is not None:
                return redirect(presenters.detail_url(KINDS[k.parent.kind], parent)
                                + f"#{k.parent.anchor}")
            return redirect(presenters.list_url(k) if k.listed else "/")
    return _respond(ctx, "records/delete.html", {
        "kind": k, "obj": obj, "form": form, "error": error, "title": k.label(ctx, obj),
        "back_url": _after_save(k, obj),
    }, status=409 if error else 400 if form.errors else 200)

