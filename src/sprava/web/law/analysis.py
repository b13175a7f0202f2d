"""The legal analysis on record pages: an act's crimes with their elements, assessments and
conclusions; a case's charges. Section loaders only (the records pages' `Section.load`), so that
the records' configuration can name them without importing the views.

Each loader reads in a fixed number of queries, whatever the number of assessments; what it
shows of sources and persons is `sprava.law.shown`'s, as the API's is.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from sprava.cases.models import Case
from sprava.law import access as law_access
from sprava.law import assessments, charges, conclusions
from sprava.law.errors import UnknownElement
from sprava.law.framework import Crime, Framework, current
from sprava.law.models import (
    Assessment,
    Category,
    Conclusion,
    Direction,
    State,
    Strength,
)
from sprava.law.shown import Shown, ShownSource, element_of, who
from sprava.law.sources import SourceType
from sprava.law.targets import candidate_crimes, charged
from sprava.records.models import Act, Reliability
from sprava.web.records.context import Ctx, Link, url_of

DIRECTIONS = dict(Direction.choices)
CATEGORIES = dict(Category.choices)
STRENGTHS = dict(Strength.choices)
STATES = dict(State.choices)
RELIABILITY = dict(Reliability.choices)
# Where each kind of source is shown (a record of a person's lives on the person's page).
SOURCE_PAGES = {SourceType.TESTIMONY: "records:testimony-detail",
                SourceType.CUSTODY: "records:custody-detail",
                SourceType.POSITION: "records:position-detail",
                SourceType.INVOLVEMENT: "records:involvement-detail"}


def source_link(source: ShownSource) -> Link:
    if source.withheld or source.id is None:
        return Link(source.label)
    if source.type == SourceType.ITEM:
        return Link(source.label, reverse("evidence-detail", args=[source.id]))
    return Link(source.label, url_of(SOURCE_PAGES[SourceType(source.type)], source.id))


def _assessment_row(ctx: Ctx, row: Assessment, shown: Shown,
                    framework: Framework) -> dict[str, Any]:
    source = shown.source(row)
    changeable = row.live and law_access.may_change(ctx, row)
    return {
        "row": row, "live": row.live, "source": source_link(source),
        "direction": DIRECTIONS.get(row.direction, row.direction),
        "supports": row.direction == Direction.SUPPORTS,
        "category": CATEGORIES.get(row.category, row.category),
        "strength": STRENGTHS.get(row.strength, row.strength),
        "reliability": RELIABILITY.get(row.reliability, row.reliability),
        "reasoning": row.reasoning, "by": who(row.created_by), "at": row.created_at,
        "older_framework": row.framework_version != framework.version,
        "framework_version": row.framework_version,
        "withdrawn_by": who(row.withdrawn_by) if row.withdrawn_by_id else "",
        "withdrawn_at": row.withdrawn_at, "withdrawn_reason": row.withdrawn_reason,
        "edit_url": reverse("law:assessment-edit", args=[row.pk]) if changeable else "",
        "withdraw_url": reverse("law:assessment-withdraw", args=[row.pk]) if changeable else "",
    }


def _conclusion_row(row: Conclusion, framework: Framework) -> dict[str, Any]:
    try:
        standard = framework.standard(row.standard).name.text()
    except UnknownElement:  # a standard only an older framework had
        standard = row.standard
    return {"row": row, "state": STATES.get(row.state, row.state), "met": row.state == State.MET,
            "standard": standard, "reasoning": row.reasoning, "by": who(row.created_by),
            "at": row.created_at, "older_framework": row.framework_version != framework.version,
            "framework_version": row.framework_version}


def _with_query(name: str, args: list[Any], **params: str) -> str:
    return reverse(name, args=args) + "?" + urlencode(params)


def act_analysis(ctx: Ctx, act: Act) -> dict[str, Any]:
    """Per crime the act may be assessed for (its candidates, the case's charges, and any
    crime it has been assessed or concluded on), each element with its assessments and
    current conclusions."""
    framework = current()
    case_id = act.incident.case_id
    may_assess = law_access.may_assess(ctx, case_id)
    may_conclude = law_access.may_conclude(ctx, case_id)
    rows = list(assessments.for_display(assessments.visible(ctx).filter(act=act))
                .order_by("id"))
    concluded = list(conclusions.current_of(conclusions.visible(ctx).filter(act=act))
                     .select_related("created_by").order_by("standard", "id"))
    shown = Shown.of(ctx, rows)
    by_element: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_element[(row.crime, row.element)].append(_assessment_row(ctx, row, shown, framework))
    conclusions_of: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for conclusion in concluded:
        conclusions_of[(conclusion.crime, conclusion.element)].append(
            _conclusion_row(conclusion, framework))
    candidates = {c.id for c in candidate_crimes(act, framework)}
    charged_ids = charged(case_id)
    named = {crime for crime, _ in by_element} | {crime for crime, _ in conclusions_of}
    crimes: list[dict[str, Any]] = []
    for crime in framework.crimes:
        if crime.id not in candidates | charged_ids | named:
            continue
        assessable = crime.id in candidates | charged_ids
        crimes.append(_crime(ctx, act, crime, framework, by_element, conclusions_of,
                             candidate=crime.id in candidates, charged=crime.id in charged_ids,
                             may_assess=may_assess and assessable,
                             may_conclude=may_conclude and assessable))
    known = {c.id for c in framework.crimes}
    # Rows under a crime this framework no longer defines stay visible, by their ids.
    orphans = [row for (crime, _), found in sorted(by_element.items()) if crime not in known
               for row in found]
    return {"crimes": crimes, "orphans": orphans, "framework": framework,
            "may_assess": may_assess, "may_conclude": may_conclude,
            "count": sum(1 for row in rows if row.live)}


def _crime(ctx: Ctx, act: Act, crime: Crime, framework: Framework,
           by_element: dict[tuple[str, str], list[dict[str, Any]]],
           conclusions_of: dict[tuple[str, str], list[dict[str, Any]]], *, candidate: bool,
           charged: bool, may_assess: bool, may_conclude: bool) -> dict[str, Any]:
    elements = []
    ids = [(element, element.ids()) for element in crime.elements]
    for element, names in ids:
        found = [row for name in names for row in by_element.get((crime.id, name), [])]
        concluded = [row for name in names for row in conclusions_of.get((crime.id, name), [])]
        shown = element_of(framework, crime=crime.id, element=element.id)
        elements.append({
            "element": shown, "assessments": found, "conclusions": concluded,
            "supporting": sum(1 for r in found if r["live"] and r["supports"]),
            "contradicting": sum(1 for r in found if r["live"] and not r["supports"]),
            "add_url": _with_query("law:assessment-create", [act.pk], crime=crime.id,
                                   element=element.id) if may_assess else "",
            "conclude_url": _with_query("law:conclusion-create", [act.pk], crime=crime.id,
                                        element=element.id) if may_conclude else "",
        })
    why = [gettext("candidate of the act's type")] if candidate else []
    if charged:
        why.append(gettext("charged in the case"))
    return {"crime": crime, "name": crime.name.text(), "article": crime.article,
            "why": ", ".join(why) or gettext("no longer a candidate nor charged"),
            "elements": elements}


def case_charges(ctx: Ctx, case: Case) -> dict[str, Any]:
    """The crimes the case charges, and for lawyers and leads a form to charge another."""
    framework = current()
    rows = charges.in_framework_order(list(charges.of_case(case)), framework)
    names = {c.id: c for c in framework.crimes}
    may = law_access.may_conclude(ctx, case)
    shown = [{"crime": row.crime, "article": names[row.crime].article if row.crime in names
              else "", "name": names[row.crime].name.text() if row.crime in names else row.crime,
              "by": who(row.created_by), "at": row.created_at,
              "remove_url": reverse("law:charge-remove", args=[case.reference, row.crime])
              if may else ""} for row in rows]
    taken = {row.crime for row in rows}
    choices = [(c.id, f"{c.article} {c.name.text()}") for c in framework.crimes
               if c.id not in taken]
    return {"rows": shown, "may_charge": may and bool(choices), "choices": choices,
            "action": reverse("law:case-charges", args=[case.reference])}
