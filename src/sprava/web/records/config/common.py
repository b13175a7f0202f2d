"""Cells, facts and queries shared by the record kinds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from sprava.records.history import subject
from sprava.records.models import Person
from sprava.web.records.context import Cell, Ctx, Link, case_link, record_link, url_of

# How many rows a detail page shows of a related list before linking to the filtered list.
SECTION_ROWS = 50


def count_of(model: type[Model], field: str, **conditions: Any) -> Coalesce:
    """A correlated count, e.g. the acts of each incident: computed only for the rows shown."""
    rows = (model._default_manager.filter(**{field: OuterRef("pk")}, **conditions)
            .order_by().values(field).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


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
    """A place and what it lies within, nearest first; a cycle must not hang a page."""
    chain: list[Link] = []
    seen: set[int] = set()
    place = ctx.place(place_id) if place_id is not None else None
    while place is not None and place.pk not in seen:
        seen.add(place.pk)
        link = record_link("place", place)
        assert link is not None
        chain.append(link)
        place = ctx.place(place.parent_id) if place.parent_id is not None else None
    return chain


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
