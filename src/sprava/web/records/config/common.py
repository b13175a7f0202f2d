"""Cells, facts and queries shared by the record kinds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import ngettext

from sprava.records.models import Person, Place
from sprava.records.models.places import without_repeats
from sprava.rows.history import subject
from sprava.web.paging import MAX_COUNTED, BoundedPaginator
from sprava.web.records.context import Cell, Ctx, Link, case_link, record_link, url_of
from sprava.web.records.presenters import page_url

# How many rows of a related list a detail page shows at a time (`paged`).
SECTION_ROWS = 50


def count_of(model: type[Model], field: str, **conditions: Any) -> Coalesce:
    """A correlated count, e.g. the acts of each incident: computed only for the rows shown."""
    rows = (model._default_manager.filter(**{field: OuterRef("pk")}, **conditions)
            .order_by().values(field).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def paged(ctx: Ctx, rows: QuerySet[Any], anchor: str, list_kind: str = "",
          list_count: int | None = None, **filters: Any) -> tuple[list[Any], dict[str, Any]]:
    """One page of a detail page's section, and what its pager shows (records/sections/pager).

    A section never stops short in silence: it says how many rows there are in all (also in
    its heading, as `count`), pages through them in place (`?<anchor>-page=2#<anchor>`), and
    links to the filtered list where there is one (`list_kind` with `filters`; `list_count`
    when the list counts other things than the section's rows). The count is exact: a
    record's related rows are few next to a list's, and a court-bound figure is never "more
    than".
    """
    paginator = BoundedPaginator(rows, SECTION_ROWS, cap=MAX_COUNTED)
    parameter = f"{anchor}-page"
    page = paginator.get_page(ctx.request.GET.get(parameter))

    def url(number: int) -> str:
        return page_url(ctx.request.GET, parameter, number, anchor)

    return list(page), {
        "page": page, "count": paginator.count,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
        "all": all_in_list(paginator.count if list_count is None else list_count, list_kind,
                           **filters) if list_kind and page.has_other_pages() else None,
    }


def all_in_list(count: int, kind: str, **params: Any) -> Link:
    """The link from a paged section to the list filtered to the same rows."""
    return Link(ngettext("All %(count)d in the list", "All %(count)d in the list", count)
                % {"count": count}, list_url(kind, **params))


def list_url(kind: str, **params: Any) -> str:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(f"records:{kind}-list") + (f"?{query}" if query else "")


def create_url(kind: str, **params: Any) -> str:
    from urllib.parse import urlencode

    return reverse(f"records:{kind}-create") + (f"?{urlencode(params)}" if params else "")


def edit_url(kind: str, obj: Model) -> str:
    return url_of(f"records:{kind}-edit", obj.pk)


def delete_url(kind: str, obj: Model) -> str:
    return url_of(f"records:{kind}-delete", obj.pk)


def when(ctx: Ctx, obj: Any) -> Cell:
    return str(obj.display_when)


def place(ctx: Ctx, obj: Any) -> Cell:
    return record_link("place", obj.place)


def case(ctx: Ctx, obj: Any) -> Cell:
    return case_link(obj.case)


def person_links(ctx: Ctx, persons: Iterable[Person]) -> list[Link]:
    links = []
    for person in persons:
        link = ctx.person_link(person)
        if link is not None:
            links.append(link)
    return links


def place_chain(ctx: Ctx, place_id: int | None) -> list[Link]:
    """A place and what it lies within, nearest first, each named once ("Prison No. 8,
    Zhodzina, Minsk region", not "..., Zhodzina, Zhodzina, ..."); a cycle must not hang a page."""
    chain: list[Place] = []
    seen: set[int] = set()
    place = ctx.place(place_id) if place_id is not None else None
    while place is not None and place.pk not in seen:
        seen.add(place.pk)
        chain.append(place)
        place = ctx.place(place.parent_id) if place.parent_id is not None else None
    links = [record_link("place", place) for place in without_repeats(chain)]
    return [link for link in links if link is not None]


def subjects(obj: Model, *related: QuerySet[Any]) -> list[str]:
    """The ledger subjects of a record and of the records that live on its page."""
    names = [subject(obj)]
    for queryset in related:
        label = queryset.model._meta.label_lower
        names += [f"{label}:{pk}" for pk in queryset.values_list("pk", flat=True)]
    return names


def text_section(field: str) -> Any:
    def load(ctx: Ctx, obj: Any) -> dict[str, Any]:
        return {"text": getattr(obj, field)}

    return load
