"""Who may read and change which record: every records page asks here, and only here.

Reading: a record is found only among those the reader may see, so a record of another team's
case is "not found" (404), exactly like a record that does not exist. Changing: a reader who
may see a record but not change it gets a polite refusal (403) that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext, gettext_lazy

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission
from sprava.web.middleware import refusal_page
from sprava.web.records.context import Ctx
from sprava.web.records.kinds import Kind, Scope

ASK_LEAD = gettext_lazy("Ask the lead of the case if you need to add or change records.")


def visible(ctx: Ctx, kind: Kind) -> QuerySet[Any]:
    """The records of this kind the reader may see: one query, filtered in the database."""
    queryset = kind.model._default_manager.all()
    if kind.scope is Scope.REFERENCE:
        return queryset
    if kind.scope is Scope.CASES:
        return ctx.visible_cases()
    queryset = permissions.filter_visible(ctx.user, queryset)
    if kind.withheld is not None:
        queryset = queryset.filter(ctx.disclosure.shown(*kind.withheld))
    return queryset


def get_visible(ctx: Ctx, kind: Kind, key: Any, *, for_detail: bool = True) -> Any:
    queryset = visible(ctx, kind)
    if for_detail:
        queryset = kind.for_detail(queryset)
    obj = queryset.filter(**{kind.lookup: key}).first()
    if obj is None:
        raise Http404(f"no {str(kind.title).lower()} here")
    return obj


def refusal(ctx: Ctx, kind: Kind, obj: Model | None) -> str | None:
    """Why the reader may not change (or create) this record; None when they may."""
    if kind.scope is Scope.REFERENCE:
        if ctx.is_administrator:
            return None
        return gettext("%(kinds)s are shared reference data; only organisation administrators "
                       "change them. Tell an administrator what is missing or wrong.") % {
            "kinds": kind.plural}
    if kind.scope is Scope.CASES and (obj is None or obj.pk is None):
        if ctx.is_administrator:
            return None
        return gettext("Only organisation administrators open new cases.")
    if kind.scope is Scope.CASES:
        assert obj is not None
        if ctx.can(Permission.VIEW, obj.pk) and ctx.can(Permission.MANAGE_MEMBERS, obj.pk):
            return None
        return gettext("Only the lead of a case changes its title, summary and venues.")
    if obj is None:
        if ctx.may_edit_somewhere():
            return None
        return gettext("You may read the records of your cases, but not add %(kinds)s.") % {
            "kinds": str(kind.plural).lower()} + f" {ASK_LEAD}"
    if not permissions.may_change(ctx.user, obj):
        return gettext("You may read this %(kind)s, but not change it.") % {
            "kind": str(kind.title).lower()} + f" {ASK_LEAD}"
    person = kind.identity_of(obj)
    if person is not None and person.protected and not ctx.may_see_identity(person):
        return gettext("This person's identity is protected. Changing their names or personal "
                       "details needs identity access in the case that protects them, which that "
                       "case's lead grants.")
    return None


def delete_refusal(ctx: Ctx, kind: Kind, obj: Model) -> str | None:
    """Why the reader may not delete this record; None when they may.

    As changing it, except for a person: deleting one takes them out of every case they have
    a role in, so it needs EDIT in each (`permissions.may_delete`).
    """
    reason = refusal(ctx, kind, obj)
    if reason is None and kind.scope is Scope.PERSON and kind.parent is None:
        return permissions.person_delete_refusal(ctx.user, obj)  # type: ignore[arg-type]
    return reason


def require_delete(ctx: Ctx, kind: Kind, obj: Model) -> None:
    reason = delete_refusal(ctx, kind, obj)
    if reason is not None:
        raise PermissionDenied(reason)


def require_edit(ctx: Ctx, kind: Kind, obj: Model | None) -> None:
    reason = refusal(ctx, kind, obj)
    if reason is not None:
        raise PermissionDenied(reason)


def require_edit_cases(ctx: Ctx, case_ids: set[int]) -> None:
    if not ctx.can_any(Permission.EDIT, case_ids):
        raise PermissionDenied(gettext("You may not add records to this case.") + f" {ASK_LEAD}")


def may_edit(ctx: Ctx, kind: Kind, obj: Model | None) -> bool:
    return refusal(ctx, kind, obj) is None


View = Callable[..., HttpResponseBase]


def records_page(view: View) -> View:
    """Answer a refusal with a page that says why, and what to do about it (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return refusal_page(request, str(exc), "records/forbidden.html")

    return wrapper
