"""The proof matrix pages of a case: the heat map (`/cases/<ref>/matrix/?by=act|perpetrator`),
the acts or perpetrators behind a count (`matrix/acts/`, `matrix/perpetrators/`), the same
numbers as CSV (`matrix.csv`) and the gaps (`gaps/`).

Thin readers of `sprava.law.matrix`, `matrix_perpetrators` and `gaps`, the functions the API
and the command line call: a case the reader is not a member of is "not found", like one that
does not exist; protected persons show by pseudonym to readers without identity access, and
every identity shown is in the ledger before the page leaves.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sprava import ids
from sprava.cases.models import Case
from sprava.law import matrix as domain
from sprava.law import matrix_perpetrators as by_perpetrators
from sprava.law.errors import InvalidAssessment, UnknownElement
from sprava.law.framework import Framework, current
from sprava.law.gaps import Gap, GapKind, gaps
from sprava.law.matrix import Row
from sprava.law.shown import TYPE_LABELS
from sprava.law.states import ORDER, Proof
from sprava.law.tables import by_act_table, by_perpetrator_table
from sprava.records.csv_io.exporting import write_csv
from sprava.records.models import Act
from sprava.web.records.config.cases import act_rows, acts_with_people
from sprava.web.records.context import Ctx, Link, case_link, url_of

PAGE_SIZE = domain.PAGE_SIZE
LAST_PAGE = 10_000
SHADES = 10  # a cell's shade: its share of the row's acts, in tenths


def _case(ctx: Ctx, reference: str) -> Case:
    try:
        return domain.case_of(ctx, reference=reference)
    except Case.DoesNotExist:
        raise Http404("no case here") from None


def _standard(request: HttpRequest, framework: Framework) -> str | None:
    value = request.GET.get("standard", "").strip()
    try:
        return domain.checked_standard(framework, value or None)
    except InvalidAssessment as exc:
        raise BadRequest(str(exc)) from None


def _page_number(value: str | None) -> int:
    try:
        return ids.parse_positive(value, maximum=LAST_PAGE)
    except ids.NumberTooLarge:
        return LAST_PAGE
    except ids.InvalidNumber:
        return 1


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _link(base: str, **params: Any) -> str:
    query = _query(**params)
    return f"{base}?{query}" if query else base


def shade(count: int, total: int) -> str:
    """The class of a cell's shade: none for nothing, else its share in tenths (at least 1)."""
    if not count or not total:
        return "s0"
    return f"s{max(1, round(SHADES * count / total))}"


def _cells(row: Row, base: str, **key: Any) -> list[dict[str, Any]]:
    """A row's cells, each count linked to the list of what it counts."""
    return [{"state": state.value, "count": n, "shade": shade(n, row.total),
             "url": f"{base}?{_query(**key, element=row.element.id, state=state.value)}"
             if n else ""} for state, n in row.cells()]


def _element(row: Row) -> dict[str, Any]:
    return {"element": row.element, "label": row.element.label.text(), "total": row.total,
            "type": str(TYPE_LABELS.get(row.element.type, row.element.type))}


def _standard_name(framework: Framework, standard: str | None) -> str:
    return framework.standard(standard).name.text() if standard else ""


def _states() -> list[dict[str, str]]:
    return [{"value": state.value, "label": state.label} for state in ORDER]


def _pager(base: str, number: int, total: int, shown: int, **params: Any) -> dict[str, Any]:
    pages = max(1, -(-total // PAGE_SIZE))
    offset = (number - 1) * PAGE_SIZE

    def url(n: int) -> str:
        return _link(base, **params, page=n)

    return {"number": number, "pages": pages, "count": total, "first": offset + 1,
            "last": offset + shown, "previous_url": url(number - 1) if number > 1 else "",
            "next_url": url(number + 1) if number < pages else ""}


def _by_act(ctx: Ctx, case: Case, standard: str | None) -> dict[str, Any]:
    found = domain.by_act(ctx, case, standard=standard)
    acts_url = url_of("law:matrix-acts", case.reference)
    crimes = []
    for crime in found.crimes:
        rows = []
        for row in crime.rows:
            rows.append({**_element(row), "cells": _cells(
                row, acts_url, crime=crime.crime.id, standard=standard)})
        cells = len(crime.rows) * crime.acts
        crimes.append({"crime": crime.crime, "name": crime.crime.name.text(),
                       "charged": crime.charged, "acts": crime.acts, "rows": rows,
                       "totals": [{"state": s.value, "count": n, "shade": shade(n, cells)}
                                  for s, n in zip(ORDER, crime.totals, strict=True)]})
    return {"suggested": found.suggested, "crimes": crimes}


def _by_perpetrator(ctx: Ctx, case: Case, standard: str | None,
                    number: int) -> dict[str, Any]:
    found = by_perpetrators.by_perpetrator(ctx, case, standard=standard,
                                           offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    cell_url = url_of("law:matrix-perpetrators", case.reference)
    modes = []
    for mode in found.modes:
        rows = []
        for row in mode.rows:
            rows.append({**_element(row), "cells": _cells(
                row, cell_url, mode=mode.mode.id, standard=standard)})
        modes.append({"mode": mode.mode, "name": mode.mode.name.text(),
                      "perpetrators": mode.perpetrators, "rows": rows})
    people = [{"person": ctx.person_link(row.person),
               "claims": [{"name": claim.mode.name.text(), "article": claim.mode.article,
                           "states": [{"number": element.number,
                                       "label": element.label.text(), "state": state.value,
                                       "state_label": state.label}
                                      for element, state in claim.states]}
                          for claim in row.claims]}
              for row in found.perpetrators]
    base = url_of("law:case-matrix", case.reference)
    return {"modes": modes, "people": people,
            "pager": _pager(base, number, found.total, len(people),
                            by="perpetrator", standard=standard)}


@require_GET
def matrix(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    framework = current()
    standard = _standard(request, framework)
    by = "perpetrator" if request.GET.get("by") == "perpetrator" else "act"
    data = (_by_perpetrator(ctx, case, standard, _page_number(request.GET.get("page")))
            if by == "perpetrator" else _by_act(ctx, case, standard))
    base = url_of("law:case-matrix", case.reference)
    response = render(request, "law/matrix.html", {
        "case": case, "case_link": case_link(case), "by": by, "data": data,
        "framework": framework, "standard": standard or "", "states": _states(),
        "standards": [(s.id, s.name.text()) for s in framework.standards],
        "act_url": _link(base, standard=standard),
        "perpetrator_url": _link(base, by="perpetrator", standard=standard),
        "csv_url": _link(url_of("law:matrix-csv", case.reference), by=by, standard=standard),
        "gaps_url": _link(url_of("law:case-gaps", case.reference), standard=standard),
    })
    ctx.commit()  # after rendering: every identity the page showed is in the ledger
    return response


def _cell(request: HttpRequest) -> tuple[str, Proof]:
    element = request.GET.get("element", "")
    try:
        return element, Proof(request.GET.get("state", ""))
    except ValueError:
        raise Http404("no such state") from None


@require_GET
def matrix_acts(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    framework = current()
    standard = _standard(request, framework)
    element, state = _cell(request)
    number = _page_number(request.GET.get("page"))
    try:
        found = domain.cell_acts(ctx, case, request.GET.get("crime", ""), element, state,
                                 standard=standard, offset=(number - 1) * PAGE_SIZE,
                                 limit=PAGE_SIZE)
    except UnknownElement:
        raise Http404("no such element") from None
    order = {pk: i for i, pk in enumerate(found.act_ids)}
    acts = sorted(acts_with_people(Act.objects.filter(pk__in=list(found.act_ids))),
                  key=lambda act: order[act.pk])
    return _cell_page(ctx, case, framework, standard, number, found, state, "act", len(acts),
                      {"data": {"rows": act_rows(ctx, acts), "show_incident": True}},
                      owner=found.crime, param={"crime": found.crime.id, "element": element})


@require_GET
def matrix_perpetrators(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    framework = current()
    standard = _standard(request, framework)
    element, state = _cell(request)
    number = _page_number(request.GET.get("page"))
    try:
        found = by_perpetrators.cell_perpetrators(
            ctx, case, request.GET.get("mode", ""), element, state, standard=standard,
            offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    except UnknownElement:
        raise Http404("no such element") from None
    return _cell_page(ctx, case, framework, standard, number, found, state, "perpetrator",
                      len(found.persons),
                      {"people": [ctx.person_link(person) for person in found.persons]},
                      owner=found.mode, param={"mode": found.mode.id, "element": element})


def _cell_page(ctx: Ctx, case: Case, framework: Framework, standard: str | None, number: int,
               found: Any, state: Proof, kind: str, shown: int, listed: dict[str, Any], *,
               owner: Any, param: dict[str, str]) -> HttpResponse:
    """The page of what one count of the matrix counts: acts (of a crime's element) or
    perpetrators (of a mode's), one page of them."""
    by = {"by": "perpetrator"} if kind == "perpetrator" else {}
    base = url_of(f"law:matrix-{kind}s", case.reference)
    response = render(ctx.request, "law/matrix_cell.html", {
        "case": case, "case_link": case_link(case), "kind": kind,
        "owner": owner.name.text(), "article": owner.article,
        "element": found.element, "element_label": found.element.label.text(),
        "state": state.label, "standard": standard, "total": found.total,
        "standard_name": _standard_name(framework, standard), **listed,
        "matrix_url": _link(url_of("law:case-matrix", case.reference), **by,
                            standard=standard),
        "pager": _pager(base, number, found.total, shown, **param,
                        state=state.value, standard=standard),
    })
    ctx.commit()
    return response


@require_GET
def matrix_csv(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    standard = _standard(request, current())
    by = "perpetrator" if request.GET.get("by") == "perpetrator" else "act"
    if by == "perpetrator":
        header, rows = by_perpetrator_table(ctx, by_perpetrators.by_perpetrator(
            ctx, case, standard=standard, limit=None))
    else:
        header, rows = by_act_table(domain.by_act(ctx, case, standard=standard))
    out = io.StringIO()
    write_csv(header, rows, out)
    ctx.commit()  # the file names persons: any identity shown is in the ledger first
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{case.reference}-proof-matrix-by-{by}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _gap(ctx: Ctx, case: Case, gap: Gap, standard: str | None,
         persons: dict[int, Any]) -> dict[str, Any]:
    if gap.kind is GapKind.ACT:
        named: list[Link | None] = [Link(f"#{pk}", url_of("records:act-detail", pk))
                                    for pk in gap.first]
        every = _link(url_of("law:matrix-acts", case.reference), crime=gap.owner.id,
                      element=gap.element.id, state=gap.state.value, standard=standard)
    else:
        named = [ctx.person_link(persons[pk]) for pk in gap.first if pk in persons]
        every = _link(url_of("law:matrix-perpetrators", case.reference), mode=gap.owner.id,
                      element=gap.element.id, state=gap.state.value, standard=standard)
    return {"text": gap.text, "state": gap.state.value, "hints": gap.hints,
            "named": [link for link in named if link is not None], "count": gap.count,
            "more": gap.count - len(gap.first), "all_url": every}


@require_GET
def gaps_page(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = _case(ctx, reference)
    framework = current()
    standard = _standard(request, framework)
    found = gaps(ctx, case, standard=standard)
    response = render(request, "law/gaps.html", {
        "case": case, "case_link": case_link(case), "found": found,
        "standard": standard or "",
        "standards": [(s.id, s.name.text()) for s in framework.standards],
        "uncovered": [c.name.text() for c in found.uncovered],
        "acts": [_gap(ctx, case, g, standard, found.persons) for g in found.of_acts],
        "perpetrators": [_gap(ctx, case, g, standard, found.persons)
                         for g in found.of_perpetrators],
        "matrix_url": _link(url_of("law:case-matrix", case.reference), standard=standard),
    })
    ctx.commit()
    return response
