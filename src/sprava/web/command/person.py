"""The "Positions and command" section of a person's page: their posts over time, the chart of
command at a date (`?at=YYYY-MM-DD`), the acts of their units during their tenure, and the
modes of liability claimed against them.

A thin reader of `sprava.analysis.command`; the drawings' geometry is `charts`.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from sprava.analysis import command
from sprava.analysis.command import Hierarchy, ModeClaim, Post, PostActs
from sprava.analysis.units import UnitTree
from sprava.law import access as law_access
from sprava.law.perpetrator import ElementState, mode_states
from sprava.records.models import Person
from sprava.web.command import charts
from sprava.web.records.config import common
from sprava.web.records.context import Ctx, Link, record_link, url_of

ANCHOR = "command"
ANCHOR_AT = "command-chart"


def day_label(day: datetime.date) -> str:
    return str(date_format(day, "DATE_FORMAT"))


def _chosen(ctx: Ctx, default: datetime.date | None) -> tuple[datetime.date | None, str, str]:
    """The chart's date: `?at=` if it is a date, else the default; what was typed; an error."""
    typed = ctx.request.GET.get("at", "").strip()
    if not typed:
        return default, "", ""
    try:
        return datetime.date.fromisoformat(typed[:10]), typed[:10], ""
    except ValueError:
        return default, typed[:10], gettext("Enter a date as YYYY-MM-DD.")


def _post_label(post: Post) -> str:
    position = post.position
    return f"{position.title} · {position.organisation.label}"


def _at_url(ctx: Ctx, person: Person, day: datetime.date) -> str:
    return f"{url_of('records:person-detail', person.pk)}?at={day.isoformat()}#{ANCHOR_AT}"


def _post_rows(ctx: Ctx, person: Person, posts: tuple[Post, ...]) -> list[dict[str, Any]]:
    return [{"title": post.position.title, "rank": post.position.rank,
             "unit": record_link("organisation", post.position.organisation,
                                 post.position.organisation.label),
             "when": post.position.display_when, "superior": post.superior,
             "covers": _covers(post),
             "at_url": _at_url(ctx, person, post.tenure.first) if post.tenure.first else ""}
            for post in posts]


def _covers(post: Post) -> str:
    """The days the post is read as covering, in the reader's language."""
    tenure = post.tenure
    if tenure.first is None:
        return gettext("dates unknown: not counted")
    if tenure.last is None:
        return gettext("%(first)s to this day") % {"first": day_label(tenure.first)}
    return gettext("%(first)s to %(last)s") % {"first": day_label(tenure.first),
                                               "last": day_label(tenure.last)}


def _holders(ctx: Ctx, hierarchy: Hierarchy) -> dict[int, tuple[list[Link], str]]:
    shown: dict[int, tuple[list[Link], str]] = {}
    for node in hierarchy.nodes:
        links = [link for holder in node.holders
                 if (link := ctx.person_link(holder.person)) is not None]
        more = (gettext("and %(count)s more") % {"count": node.more}) if node.more else ""
        shown[node.unit.pk] = (links, more)
    return shown


def _chart(ctx: Ctx, hierarchy: Hierarchy) -> dict[str, Any]:
    holders = _holders(ctx, hierarchy)

    def text(unit_id: int) -> str:
        links, more = holders[unit_id]
        names = ", ".join(link.text for link in links) or gettext("no post holder recorded")
        return f"{names}, {more}" if more else names

    drawing = charts.command_chart(
        hierarchy, text, lambda unit_id: url_of("records:organisation-detail", unit_id))
    standing = {"above": gettext("above"), "own": gettext("their unit"),
                "below": gettext("under it")}
    rows = [{"unit": record_link("organisation", node.unit, node.unit.label),
             "depth": node.depth, "indent": "\u2003" * node.depth,
             "standing": standing[str(node.standing)], "own": str(node.standing) == "own",
             "holders": holders[node.unit.pk][0], "more": holders[node.unit.pk][1]}
            for node in hierarchy.nodes]
    return {"drawing": drawing, "rows": rows, "at": hierarchy.at,
            "at_label": day_label(hierarchy.at), "in_post": hierarchy.in_post}


def _acts_rows(ctx: Ctx, acts: tuple[PostActs, ...]) -> list[dict[str, Any]]:
    rows = []
    for entry in acts:
        dates = {"start": entry.first.isoformat(),
                 "end": entry.last.isoformat() if entry.last else ""}
        unit = entry.post.position.organisation
        rows.append({
            "post": _post_label(entry.post), "covers": _covers(entry.post),
            "unit": record_link("organisation", unit, unit.label),
            "acts": entry.tally.acts, "victims": entry.tally.victims,
            "url": common.list_url("act", unit=unit.pk, **dates) if entry.tally.acts else "",
            "by_unit": [Link(gettext("%(unit)s: %(count)d") % {"unit": row.unit.label,
                                                               "count": row.acts},
                             common.list_url("act", organisation=row.unit.pk, **dates))
                        for row in entry.by_unit],
        })
    return rows


def mode_elements(ctx: Ctx, person: Person, claim: ModeClaim,
                  states: dict[str, tuple[ElementState, ...]]) -> list[dict[str, Any]]:
    """For a mode claimed, the state of each of its elements with its evidence, from the legal
    layer (`sprava.law.perpetrator`): rows of `element`, `state`, `evidence` (Links to the
    case's matrix by perpetrator, where the assessments are read) and `actions` (to assess or
    conclude on it, in each case where the mode is claimed and the reader may)."""
    rows = []
    for found in states.get(claim.mode, ()):
        element = found.element
        several = len(found.cases) > 1
        actions = []
        for case in found.cases:
            query = "?" + urlencode({"mode": claim.mode, "element": element.id})
            named = {"case": case.reference}
            for may, name, text in (
                    (law_access.may_assess, "law:perpetrator-assessment-create",
                     gettext("Assess in %(case)s") % named if several else gettext("Assess")),
                    (law_access.may_conclude, "law:perpetrator-conclusion-create",
                     gettext("Conclude in %(case)s") % named if several
                     else gettext("Conclude"))):
                if may(ctx, case):
                    label = text
                    actions.append(Link(label, reverse(name, args=[case.reference, person.pk])
                                        + query))
        rows.append({"actions": actions,
            "element": f"{element.number}. {element.label.text()}",
            "state": found.state.label,
            "evidence": [Link((gettext("%(source)s (supports)") if cited.supports
                               else gettext("%(source)s (contradicts)"))
                              % {"source": cited.source},
                              url_of("law:case-matrix", cited.case) + "?by=perpetrator")
                         for cited in found.evidence]})
    return rows


def _modes(ctx: Ctx, person: Person) -> list[dict[str, Any]]:
    claims = command.modes_claimed(ctx, person)
    states = mode_states(ctx, person) if claims else {}
    rows: list[dict[str, Any]] = [{"label": claim.label, "acts": claim.acts, "mode": claim.mode,
             "elements": mode_elements(ctx, person, claim, states)}
            for claim in claims]
    for row in rows:
        row["actions"] = any(element["actions"] for element in row["elements"])
    return rows


def command_section(ctx: Ctx, person: Person) -> dict[str, Any]:
    tree = UnitTree.load()
    posts = command.posts_of(ctx, person, tree)
    modes = _modes(ctx, person)
    if not posts:
        return {"posts": [], "modes": modes}
    today = timezone.localdate()
    at, typed, error = _chosen(ctx, command.default_date(posts))
    timeline = charts.post_timeline(posts, at, today, lambda p: _at_url(
        ctx, person, p.tenure.first) if p.tenure.first else "", _post_label)
    hierarchy = (command.hierarchy_at(ctx, person, at, posts=posts, tree=tree)
                 if at is not None else None)
    acts = command.acts_during_tenure(ctx, person, posts=posts, tree=tree, today=today)
    return {
        "posts": _post_rows(ctx, person, posts), "timeline": timeline,
        "chart": _chart(ctx, hierarchy) if hierarchy is not None else None,
        "at_value": typed or (at.isoformat() if at else ""), "at_error": error,
        "form_url": url_of("records:person-detail", person.pk),
        "acts": _acts_rows(ctx, acts.posts), "total": acts.tally,
        "several": len(acts.posts) > 1,
        "undated": len(acts.undated), "modes": modes,
    }
