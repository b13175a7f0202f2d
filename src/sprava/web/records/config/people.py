"""Persons, and what lives on a person's page: names, roles, custody, posts, consents."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.records import identity, services, tally
from sprava.records.identity import Fact
from sprava.records.models import (
    Act,
    Consent,
    CustodyPeriod,
    Involvement,
    Person,
    PersonName,
    PersonRole,
    Position,
    Testimony,
)
from sprava.records.models.dates import display_partial
from sprava.rows.history import subject
from sprava.web.command.person import ANCHOR as COMMAND_ANCHOR
from sprava.web.command.person import command_section
from sprava.web.records import filters, forms_people
from sprava.web.records.access import may_edit
from sprava.web.records.choices import choice_label
from sprava.web.records.config import common
from sprava.web.records.config.cases import act_rows, acts_with_people, testimony_rows
from sprava.web.records.context import Cell, Ctx, Link, case_link, person_url, record_link
from sprava.web.records.kinds import Column, Kind, Parent, Scope, Section

PROTECTED = gettext_lazy("protected")


def _roles(ctx: Ctx, person: Person) -> list[Link]:
    """The person's roles in the cases the reader sees; other teams' cases stay unnamed."""
    return [Link(f"{choice_label(role, 'role')} · {role.case.reference}",
                 common.list_url("person", case=role.case.reference, role=role.role))
            for role in person.roles.all() if ctx.can(Permission.VIEW, role.case_id)]


def _born(ctx: Ctx, person: Person) -> str:
    if person.protected and not ctx.may_see_identity(person):
        return str(PROTECTED)
    if person.birth_date is None:
        return "—"
    return display_partial(person.birth_date, person.birth_precision)


def _gender(ctx: Ctx, person: Person) -> str:
    return choice_label(person, "gender") if ctx.shows(person, Fact.GENDER) else str(PROTECTED)


def _identity(ctx: Ctx, person: Person) -> str:
    if not person.protected:
        return gettext("Not protected")
    if ctx.may_see_identity(person):
        return gettext("Protected as %(pseudonym)s: you see the name because you hold identity "
                       "access; this view is written to the custody ledger.") % {
            "pseudonym": person.pseudonym}
    return gettext("Protected as %(pseudonym)s: the name is shown only to those with identity "
                   "access in the case that protects the person.") % {
        "pseudonym": person.pseudonym}


def _protection(ctx: Ctx, person: Person) -> list[tuple[str, Cell]]:
    """For the protecting team only: the case that holds the identity, and every other case
    that refers to the person, members or not, so that nobody takes them elsewhere unseen."""
    if not person.protected or not ctx.may_see_identity(person):
        return []
    others = [Link(case.reference, note=case.title) for case in identity.other_cases(person)]
    return [(gettext("Protected in"), case_link(person.protecting_case)),
            (gettext("Also referred to in"), others or gettext("no other case"))]


def _person_facts(ctx: Ctx, person: Person) -> list[tuple[str, Cell]]:
    return [
        (gettext("Reference"), person.reference),
        (gettext("Identity"), _identity(ctx, person)),
        *_protection(ctx, person),
        (gettext("Roles"), _roles(ctx, person) or "—"),
        (gettext("Gender"), _gender(ctx, person)),
        (gettext("Born"), _born(ctx, person)),
    ]


def _child_links(ctx: Ctx, kind: str, obj: Any, editable: bool) -> dict[str, str]:
    if not editable:
        return {}
    return {"edit_url": common.edit_url(kind, obj), "delete_url": common.delete_url(kind, obj)}


def _names(ctx: Ctx, person: Person) -> dict[str, Any]:
    if person.protected and not ctx.may_see_identity(person):
        return {"hidden": True}
    editable = may_edit(ctx, NAME, PersonName(person=person))
    rows = [{"text": name.text, "script": name.get_script_display(),
             "kind": name.get_kind_display(), **_child_links(ctx, "name", name, editable)}
            for name in person.names.all()]
    ctx.disclosure.names(person)  # the names are on the page: a reveal when protected
    return {"rows": rows, "add_url": common.create_url("name", person=person.pk)
            if editable else ""}


def _role_rows(ctx: Ctx, person: Person) -> dict[str, Any]:
    rows = [{"case": case_link(role.case), "role": role.get_role_display(),
             **_child_links(ctx, "role", role, ctx.can(Permission.EDIT, role.case_id))}
            for role in person.roles.all() if ctx.can(Permission.VIEW, role.case_id)]
    add = may_edit(ctx, PERSON, person) or ctx.may_edit_somewhere()
    return {"rows": rows, "add_url": common.create_url("role", person=person.pk) if add else ""}


def _custody(ctx: Ctx, person: Person) -> dict[str, Any]:
    editable = may_edit(ctx, PERSON, person)
    if not ctx.shows(person, Fact.CUSTODY):
        return {"rows": [], "hidden": True,
                "add_url": common.create_url("custody", person=person.pk) if editable else ""}
    periods = person.custody.all().order_by("start_date", "id")
    acknowledged = {True: gettext("yes"), False: gettext("no"), None: gettext("unknown")}
    rows = [{"when": p.display_when, "place": common.place_chain(ctx, p.place_id),
             "detail": p.place_detail, "acknowledged": acknowledged[p.acknowledged],
             "unacknowledged": p.acknowledged is False, "notes": p.notes,
             "charges": p.charge_articles,
             **_child_links(ctx, "custody", p, editable)} for p in periods]
    return {"rows": rows,
            "add_url": common.create_url("custody", person=person.pk) if editable else ""}


def _positions(ctx: Ctx, person: Person) -> dict[str, Any]:
    editable = may_edit(ctx, PERSON, person)
    posts = person.positions.select_related("organisation").order_by("start_date", "id")
    rows = [{"organisation": record_link("organisation", p.organisation), "title": p.title,
             "rank": p.rank, "when": p.display_when, "superior": p.superior_responsibility,
             **_child_links(ctx, "position", p, editable)} for p in posts]
    return {"rows": rows,
            "add_url": common.create_url("position", person=person.pk) if editable else ""}


def _visible_acts(ctx: Ctx) -> QuerySet[Act]:
    return permissions.filter_visible(ctx.user, Act.objects.all())


def _acts_suffered(ctx: Ctx, person: Person) -> dict[str, Any]:
    if not ctx.shows(person, Fact.ACTS_SUFFERED):
        return {"rows": [], "hidden": True}
    acts = acts_with_people(_visible_acts(ctx).filter(victim=person).order_by("start_date", "id"))
    shown, pager = common.paged(ctx, acts, "acts-suffered", "act", victim=person.pk)
    return {"rows": act_rows(ctx, shown), "show_incident": True, "hide_victim": True, **pager}


def _acts_involved(ctx: Ctx, person: Person) -> dict[str, Any]:
    involvements = (permissions.filter_visible(ctx.user, Involvement.objects.filter(
                        perpetrator=person))
                    .select_related("act__act_type", permissions.case_field(Involvement),
                                    "act__victim", "organisation")
                    .prefetch_related("act__victim__names", "act__victim__roles")
                    .order_by("act__start_date", "act_id"))
    # The section lists involvements; its count is of acts, as the act list filtered by the
    # person counts them (`tally`): one act they ordered and committed is one act.
    acts = tally.acts_involving(person, _visible_acts(ctx)).count()
    shown, pager = common.paged(ctx, involvements, "acts-involved", "act", list_count=acts,
                                perpetrator=person.pk)
    several = pager["count"] != acts
    rows = [{"act": record_link("act", i.act, f"#{i.act_id}"), "type": i.act.act_type.label,
             "when": i.act.display_when, "victim": ctx.victim_link(i.act.victim),
             "mode": i.get_mode_display(), "organisation": record_link("organisation",
                                                                        i.organisation),
             "incident": record_link("incident", i.act.incident)}
            for i in shown]
    ways = ngettext("%(count)d involvement", "%(count)d involvements", pager["count"]) % {
        "count": pager["count"]}
    return {"rows": rows, **pager, "count": acts,
            "note": ngettext("%(involvements)s in %(count)d act: a person may take part in one "
                             "act in more than one way (ordered it and committed it, say).",
                             "%(involvements)s in %(count)d acts: a person may take part in one "
                             "act in more than one way (ordered it and committed it, say).",
                             acts) % {"involvements": ways, "count": acts} if several else ""}


def _testimonies(ctx: Ctx, person: Person) -> dict[str, Any]:
    testimonies = permissions.filter_visible(
        ctx.user, Testimony.objects.filter(given_by=person)
    ).select_related("given_by").prefetch_related("given_by__names", "given_by__roles")
    return {"rows": testimony_rows(ctx, testimonies.order_by("-given_on", "-id")),
            "hide_given_by": True}


def _consents(ctx: Ctx, person: Person) -> dict[str, Any]:
    editable = may_edit(ctx, PERSON, person)
    # The consents the reader sees (`permissions.CASE_PATHS`: one given for another team's case
    # is theirs), each with the reader's right to change it.
    consents = permissions.filter_visible(ctx.user, person.consents.select_related("case")
                                          .order_by("use", "-given_on"))
    rows = [{"use": c.get_use_display(), "granted": c.granted, "in_force": c.in_force,
             "given_on": c.given_on, "withdrawn_on": c.withdrawn_on, "scope": c.scope,
             "case": case_link(c.case),
             **_child_links(ctx, "consent", c, may_edit(ctx, CONSENT, c))}
            for c in consents]
    return {"rows": rows,
            "add_url": common.create_url("consent", person=person.pk) if editable else ""}


def _notes(ctx: Ctx, person: Person) -> dict[str, Any]:
    if person.protected and not ctx.may_see_identity(person):
        return {"text": "", "hidden": True}
    return {"text": person.notes}


def _person_history(ctx: Ctx, person: Person) -> list[str]:
    custody = (person.custody.all() if ctx.shows(person, Fact.CUSTODY)
               else CustodyPeriod.objects.none())
    return common.subjects(person, person.names.all(), person.roles.all(), custody,
                           person.positions.all(), person.consents.all())


def _person_masked(ctx: Ctx, person: Person) -> set[str]:
    """A hidden person's own entries hold their gender and protection in clear."""
    return set() if ctx.may_see_identity(person) else {subject(person)}


def _delete_person(person: Person, *, actor: str, reason: str) -> None:
    if Act.objects.filter(victim=person).exists() or person.involvements.exists() \
            or person.testimonies.exists():
        raise services.RecordError(gettext(
            "cannot delete: acts or testimonies name this person; change them first"))
    services.delete_record(person, actor=actor, reason=reason)


PERSON = Kind(
    name="person", model=Person, title=gettext_lazy("Person"), plural=gettext_lazy("Persons"),
    path="persons",
    scope=Scope.PERSON, form=forms_people.PersonForm, evidence=True,
    identity_of=lambda person: person,
    label=lambda ctx, person: ctx.person_label(person),
    intro=gettext_lazy("Victims, witnesses, perpetrators and sources: roles, not kinds. "
                       "Protected persons appear by pseudonym unless you hold identity access "
                       "in the case that protects them."),
    columns=(
        Column(gettext_lazy("Reference"), lambda ctx, p: Link(p.reference, person_url(p)),
               sort="reference"),
        Column(gettext_lazy("Name"), lambda ctx, p: ctx.person_link(p)),
        Column(gettext_lazy("Roles"), _roles),
        Column(gettext_lazy("Gender"), lambda ctx, p: _gender(ctx, p)),
        Column(gettext_lazy("Born"), _born),
    ),
    sorts={"reference": ("id",)},
    default_sort="reference",
    filters=filters.PersonFilter,
    for_list=lambda qs: qs.prefetch_related("names", permissions.case_field(Person)),
    for_detail=lambda qs: qs.prefetch_related("names", permissions.case_field(Person)),
    facts=_person_facts,
    sections=(
        Section(gettext_lazy("Names"), "records/sections/names.html", _names, "names"),
        Section(gettext_lazy("Roles in cases"), "records/sections/roles.html", _role_rows,
                "roles"),
        Section(gettext_lazy("Custody timeline"), "records/sections/custody.html", _custody,
                "custody"),
        Section(gettext_lazy("Acts suffered"), "records/sections/acts.html", _acts_suffered,
                "acts-suffered"),
        Section(gettext_lazy("Acts involved in"), "records/sections/acts_involved.html",
                _acts_involved, "acts-involved"),
        Section(gettext_lazy("Posts held"), "records/sections/positions.html", _positions,
                "positions"),
        Section(gettext_lazy("Positions and command"), "command/person_section.html",
                command_section, COMMAND_ANCHOR),
        Section(gettext_lazy("Testimonies given"), "records/sections/testimonies.html",
                _testimonies, "testimonies"),
        Section(gettext_lazy("Consent"), "records/sections/consents.html", _consents,
                "consents"),
        Section(gettext_lazy("Notes"), "records/sections/text.html", _notes, "notes"),
    ),
    history_of=_person_history, masked_history=_person_masked,
    delete=_delete_person,
)


def _child(name: str, model: type[Any], title: str | Promise, plural: str | Promise, path: str,
           form: type[Any], anchor: str, **extra: Any) -> Kind:
    return Kind(
        name=name, model=model, title=title, plural=plural, path=path,
        scope=Scope.PERSON, form=form,
        parent=Parent(kind="person", field="person", anchor=anchor),
        for_detail=lambda qs: qs.select_related("person").prefetch_related(
            "person__names", "person__roles"),
        label=lambda ctx, obj: gettext("%(kind)s of %(person)s") % {
            "kind": title, "person": ctx.person_label(obj.person)},
        **extra,
    )


NAME = _child("name", PersonName, gettext_lazy("Name"), gettext_lazy("Names"), "names",
              forms_people.PersonNameForm, "names", identity_of=lambda name: name.person)
# A role belongs to its own case (`permissions.CASE_PATHS`): read and changed there only; anyone
# who sees the person and may edit some case can give them a role there.
ROLE = _child("role", PersonRole, gettext_lazy("Role"), gettext_lazy("Roles"), "roles",
              forms_people.PersonRoleForm, "roles", delete=services.remove_role,
              open_parent=True)
CUSTODY = _child("custody", CustodyPeriod, gettext_lazy("Custody period"),
                 gettext_lazy("Custody periods"), "custody", forms_people.CustodyForm, "custody",
                 withheld=(Fact.CUSTODY, "person"))
POSITION = _child("position", Position, gettext_lazy("Post"), gettext_lazy("Posts"),
                  "positions", forms_people.PositionForm, "positions")
CONSENT = _child("consent", Consent, gettext_lazy("Consent"), gettext_lazy("Consents"),
                 "consents", forms_people.ConsentForm, "consents")
