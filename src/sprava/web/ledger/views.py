"""The ledger page: the custody log's entries a reader may see, with the latest checkpoint."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sprava.accounts.permissions import is_administrator
from sprava.evidence import entries as entries_of
from sprava.home import keys
from sprava.integrity.errors import SpravaError
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.web.ledger.forms import LedgerFilterForm
from sprava.web.ledger.presenters import describe_entries
from sprava.web.paging import BoundedPaginator, pager_query

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets no anonymous request reach a view.
    assert isinstance(request.user, User)
    return request.user


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    # Administrators read the whole log; anyone else the entries tied to their own cases
    # (`sprava.evidence.entries`: default deny), so no team reads another's work here.
    user = _user(request)
    filters = LedgerFilterForm(request.GET)
    wanted = filters.wanted()
    entries = entries_of.narrowed(user, entries_of.readable(user), wanted).order_by("-seq")
    page = BoundedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/ledger.html",
        {
            "page": page,
            "entries": describe_entries(request.user, page),
            "filters": filters,
            "filtered": wanted != entries_of.EntryFilter(),
            "whole": is_administrator(user),
            "pager_query": pager_query(request, tuple(LedgerFilterForm.base_fields)),
            "checkpoint": latest(),
            "size": log.size(),
            "verifier_key": _verifier_key(),
        },
    )


def _verifier_key() -> str:
    try:
        return keys.verifier_key()
    except SpravaError:
        return ""
