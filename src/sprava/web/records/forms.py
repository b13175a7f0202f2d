"""Forms of cases, incidents, acts, perpetrators and testimonies."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from sprava.accounts import permissions
from sprava.cases.models import Case, Venue
from sprava.records import acts, testimonies
from sprava.records.incidents import save_incident
from sprava.records.models import (
    Act,
    ActType,
    Incident,
    Involvement,
    LiabilityMode,
    Organisation,
    Person,
    Place,
    Role,
    Testimony,
)
from sprava.web.records import actions
from sprava.web.records.context import Ctx
from sprava.web.records.fields import (
    FIELD_LABELS,
    SPAN_HELP,
    SPAN_WIDGETS,
    DateInput,
    PersonReferenceField,
    PersonRefsField,
    RecordForm,
    RefField,
    SpanForm,
    model_choices,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def visible_persons(ctx: Ctx) -> QuerySet[Person]:
    return permissions.filter_visible(ctx.user, Person.objects.all())


def editable_incidents(ctx: Ctx) -> QuerySet[Incident]:
    return Incident.objects.filter(case__in=ctx.editable_cases()).select_related("case")


def person_ref(label: StrOrPromise, **kwargs: Any) -> PersonReferenceField:
    return PersonReferenceField(label=label, required=False, **kwargs)


class NewPersonMixin(forms.Form):
    """A person field that also takes the name of someone not yet recorded.

    The person is no model field of the form: it is chosen (or created) on commit, with the
    role in the case that lets the case's members see them.
    """

    person_field = ""
    new_name = forms.CharField(
        label=gettext_lazy("…or the name of a new person"), required=False, max_length=300,
        help_text=gettext_lazy("A new person is recorded with this name and a role in the case."))
    new_protected = forms.BooleanField(
        label=gettext_lazy("Protect the new person's identity (pseudonym shown instead of the "
                           "name)"),
        required=False)

    def setup_person(self, ctx: Ctx, new_label: str) -> None:
        field = self.fields[self.person_field]
        field.queryset = visible_persons(ctx)  # type: ignore[attr-defined]
        self.fields["new_name"].label = new_label
        instance = self.instance  # type: ignore[attr-defined]
        if instance.pk is not None:
            self.initial[self.person_field] = getattr(instance, f"{self.person_field}_id")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data: dict[str, Any] = self.cleaned_data
        if data.get(self.person_field) and data.get("new_name", "").strip():
            self.add_error("new_name", gettext("Give either an existing person or a new name, "
                                               "not both."))
        return data

    def person_for(self, case: Case, role: str, *, any_role: bool = False) -> Person | None:
        """The chosen person (given the role in the case), or a new one, or nobody.

        With `any_role`, a person who already has some role in the case keeps just that one
        (a witness who gives a testimony does not also become a "source")."""
        ctx: Ctx = self.ctx  # type: ignore[attr-defined]
        name = str(self.cleaned_data.get("new_name") or "").strip()
        if name:
            return actions.new_person(name, case=case, role=role, actor=ctx.actor,
                                      protected=bool(self.cleaned_data.get("new_protected")))
        person: Person | None = self.cleaned_data.get(self.person_field)
        if person is not None:
            ensure = actions.ensure_any_role if any_role else actions.ensure_role
            ensure(person, case, role, actor=ctx.actor)
        return person


class CaseForm(RecordForm):
    venues = forms.MultipleChoiceField(choices=Venue.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       label=gettext_lazy("Venues prepared for"))

    class Meta:
        model = Case
        fields = ["reference", "title", "summary", "venues"]
        labels = FIELD_LABELS
        help_texts = {"reference": gettext_lazy("A short name used in addresses and exports, "
                                                "e.g. akrestsina-2020. It cannot be changed "
                                                "later.")}

    def setup(self, ctx: Ctx) -> None:
        if not self.creating:
            self.fields["reference"].disabled = True

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data.get("reference") or "")
        if reference == "new":
            raise ValidationError(gettext("“new” is used by the pages (/cases/new/); choose "
                                          "another."))
        return reference


class IncidentForm(SpanForm):
    class Meta:
        model = Incident
        fields = ["case", "title", "start_date", "end_date", "date_precision", "place",
                  "place_detail", "narrative"]
        widgets = {**SPAN_WIDGETS, "narrative": forms.Textarea(attrs={"rows": 6})}
        labels = FIELD_LABELS
        help_texts = {**SPAN_HELP, "place_detail": gettext_lazy("A street, a building, a room: "
                                                                "what the place list does not "
                                                                "hold.")}

    def setup(self, ctx: Ctx) -> None:
        case = model_choices(self, "case")
        case.queryset = ctx.editable_cases()
        case.help_text = gettext("Only the cases in which you may add records are offered.")

    def _post_clean(self) -> None:
        # A start that a testimony of the case would predate, beside the field it concerns;
        # `save_incident` applies the rule again.
        super()._post_clean()
        if self.instance.case_id is None:
            return
        for name, message in testimonies.incident_problems(self.instance).items():
            if name not in self.errors:
                self.add_error(name, message)

    def commit(self) -> Model:
        permissions.require_links(self.ctx.user, self.instance)
        return save_incident(self.instance, actor=self.ctx.actor, reason=self.change_reason)


# Rows of perpetrators on a new act's form: enough for the usual incident without JavaScript;
# more are added on the act's page ("Add a perpetrator").
PERPETRATOR_ROWS = 3


def _row(number: int, part: str = "") -> str:
    return f"perpetrator_{number}{'_' + part if part else ''}"


class ActForm(NewPersonMixin, SpanForm):
    """An act; when new, the same act for several victims, with its perpetrators.

    The rules (a victim's role, the incident's dates and place, a perpetrator named once per
    mode) are `sprava.records.acts.create_acts`'s, which the API calls too.
    """

    person_field = "victim"
    incident = RefField(Incident.objects.none(), noun=gettext_lazy("incident"),
                        label=gettext_lazy("Incident"),
                        help_text=gettext_lazy("The incident's number, shown on its page."))
    victim = person_ref(gettext_lazy("Victim"))

    class Meta:
        model = Act
        fields = ["incident", "act_type", "start_date", "end_date", "date_precision", "place",
                  "description"]
        widgets = {**SPAN_WIDGETS, "description": forms.Textarea(attrs={"rows": 5})}
        labels = FIELD_LABELS
        help_texts = {**SPAN_HELP,
                      "start_date": gettext_lazy("Leave empty to use the incident's dates."),
                      "place": gettext_lazy("Leave empty to use the incident's place.")}

    field_order = ["incident", "act_type", "victim", "new_name", "new_protected"]

    def setup(self, ctx: Ctx) -> None:
        self.fields["incident"].queryset = editable_incidents(ctx)  # type: ignore[attr-defined]
        if self.creating:
            # The same act (type, dates, place) for everyone named here: one act each.
            self.fields["victim"] = PersonRefsField(
                Person.objects.none(), noun=gettext_lazy("person"), required=False,
                label=gettext_lazy("Victims"),
                help_text=gettext_lazy("One person a line: type part of a name, a pseudonym or "
                                       "a reference such as P-000042, and choose. One act is "
                                       "recorded for each victim."))
            self._add_perpetrator_rows(ctx)
        self.setup_person(ctx, gettext("…or the name of a new victim"))
        act_type = model_choices(self, "act_type")
        act_type.queryset = ActType.objects.filter(active=True)

    def _add_perpetrator_rows(self, ctx: Ctx) -> None:
        persons = visible_persons(ctx)
        for number in range(1, PERPETRATOR_ROWS + 1):
            reference = person_ref(gettext_lazy("Perpetrator"))
            reference.queryset = persons
            self.fields[_row(number)] = reference
            self.fields[_row(number, "mode")] = forms.ChoiceField(
                choices=[("", "—"), *LiabilityMode.choices], required=False,
                label=gettext_lazy("Mode of liability claimed"),
                help_text=gettext_lazy("Needed when a perpetrator is named."))
            self.fields[_row(number, "organisation")] = forms.ModelChoiceField(
                Organisation.objects.all(), required=False,
                label=gettext_lazy("Acting for (unit)"))

    @property
    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        if not self.creating:
            return []
        return [(gettext("Perpetrator %(number)d") % {"number": number},
                 [self[_row(number, part)] for part in ("", "mode", "organisation")])
                for number in range(1, PERPETRATOR_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.creating:
            self.cleaned_data["perpetrators"] = self._perpetrators()
        return self.cleaned_data

    def _perpetrators(self) -> list[acts.Perpetrator]:
        """The filled rows; a half-filled one is marked, once, where it lacks something."""
        found = []
        for number in range(1, PERPETRATOR_ROWS + 1):
            name, mode_name = _row(number), _row(number, "mode")
            person = self.cleaned_data.get(name)
            mode = self.cleaned_data.get(mode_name) or ""
            unit = self.cleaned_data.get(_row(number, "organisation"))
            if name in self.errors:  # a bad reference: its own error says it, nothing more
                continue
            if person is None:
                if mode or unit:
                    self.add_error(name, gettext("Give the perpetrator's reference, or leave "
                                                 "the row empty."))
                continue
            if not mode:
                self.add_error(mode_name, gettext("Choose the mode of liability claimed."))
                continue
            found.append(acts.Perpetrator(person=person, mode=mode, organisation=unit))
        return found

    def commit(self) -> Model:
        if self.creating:
            return self._create()
        act: Act = self.instance
        with transaction.atomic():
            act.victim = self.person_for(act.incident.case, Role.VICTIM)
            if act.start_date is None and act.end_date is None:
                incident = act.incident
                act.start_date, act.end_date = incident.start_date, incident.end_date
                act.date_precision = incident.date_precision
            if act.place_id is None:  # as a new act does (the help text says so)
                act.place = act.incident.place
            return super().commit()

    def _create(self) -> Model:
        act: Act = self.instance
        data = self.cleaned_data
        with transaction.atomic():
            victims: list[Person] = list(data.get("victim") or [])
            name = str(data.get("new_name") or "").strip()
            if name:
                victims.append(actions.new_person(
                    name, case=act.incident.case, role=Role.VICTIM, actor=self.ctx.actor,
                    protected=bool(data.get("new_protected"))))
            made = acts.create_acts(acts.NewActs(
                incident=act.incident, act_type=act.act_type, victims=victims,
                start_date=act.start_date, end_date=act.end_date,
                date_precision=act.date_precision, place=act.place,
                description=act.description, perpetrators=data.get("perpetrators") or []),
                user=self.ctx.user, actor=self.ctx.actor, reason=self.change_reason)
        if len(made) > 1:
            self.after_save_url = reverse("records:incident-detail",
                                          kwargs={"key": act.incident_id}) + "#acts"
            self.saved_message = ngettext("%(count)d act recorded, one for each victim.",
                                          "%(count)d acts recorded, one for each victim.",
                                          len(made)) % {"count": len(made)}
        return made[0]


class InvolvementForm(NewPersonMixin, RecordForm):
    person_field = "perpetrator"
    perpetrator = person_ref(gettext_lazy("Perpetrator"))

    class Meta:
        model = Involvement
        fields = ["organisation", "mode", "basis"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 4})}
        labels = {**FIELD_LABELS, "organisation": gettext_lazy("Acting for (unit)"),
                  "mode": gettext_lazy("Mode of liability claimed")}

    field_order = ["perpetrator", "new_name", "new_protected", "organisation", "mode", "basis"]

    def setup(self, ctx: Ctx) -> None:
        self.attach("act")
        self.setup_person(ctx, gettext("…or the name of a new perpetrator"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A reference that names nobody already says so; a second error ("give a reference")
        # would contradict it.
        if ("perpetrator" not in self.errors and not data.get("perpetrator")
                and not str(data.get("new_name") or "").strip()):
            self.add_error("perpetrator", gettext("Give the perpetrator's reference, or a new "
                                                  "name."))
        return data

    def commit(self) -> Model:
        involvement: Involvement = self.instance
        with transaction.atomic():
            perpetrator = self.person_for(involvement.act.incident.case, Role.PERPETRATOR)
            assert perpetrator is not None  # clean() asked for one
            involvement.perpetrator = perpetrator
            return super().commit()


class RefListField(forms.CharField):
    """Several records by number, separated by commas or spaces."""

    def __init__(self, queryset: QuerySet[Any], *, noun: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset
        self.noun = noun

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple | QuerySet):
            return ", ".join(str(getattr(v, "pk", v)) for v in value)
        return value

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value) or ""
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if re.sub(r"[\d,;\s#]", "", text):
            raise ValidationError(gettext("Give %(noun)s numbers separated by commas.")
                                  % {"noun": self.noun})
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=numbers)}
        missing = [str(n) for n in numbers if n not in found]
        if missing:
            raise ValidationError(gettext("No %(noun)s %(numbers)s among those you may use here "
                                          "(they must belong to the testimony's case).")
                                  % {"noun": self.noun, "numbers": ", ".join(missing)})
        return list(found.values())


class TestimonyForm(NewPersonMixin, RecordForm):
    person_field = "given_by"
    given_by = person_ref(gettext_lazy("Given by"))
    incidents = RefListField(Incident.objects.none(), noun=gettext_lazy("incident"),
                             required=False, label=gettext_lazy("Incidents it speaks of"),
                             help_text=gettext_lazy("Incident numbers, separated by commas."))

    class Meta:
        model = Testimony
        fields = ["case", "kind", "given_on", "language", "taken_by", "reliability",
                  "transcript", "translation", "translation_language", "notes"]
        widgets = {"given_on": DateInput(), "transcript": forms.Textarea(attrs={"rows": 10}),
                   "translation": forms.Textarea(attrs={"rows": 10}),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        labels = FIELD_LABELS

    field_order = ["case", "given_by", "new_name", "new_protected", "incidents"]

    def setup(self, ctx: Ctx) -> None:
        case = model_choices(self, "case")
        case.queryset = ctx.editable_cases()
        self.setup_person(ctx, gettext("…or the name of a new source"))
        self.fields["incidents"].queryset = editable_incidents(ctx)  # type: ignore[attr-defined]
        if not self.creating:
            self.initial["incidents"] = list(self.instance.incidents.order_by("pk"))

    def _post_clean(self) -> None:
        # The testimony's own rules (its incidents' case, its date against theirs), beside the
        # fields they concern; `save_testimony` applies them again.
        super()._post_clean()
        if "incidents" in self.errors or self.instance.case_id is None:
            return
        found = testimonies.problems(self.instance, self.cleaned_data.get("incidents") or [])
        for name, message in found.items():
            if name not in self.errors:
                self.add_error(name, message)

    def commit(self) -> Model:
        testimony: Testimony = self.instance
        with transaction.atomic():
            testimony.given_by = self.person_for(testimony.case, Role.SOURCE, any_role=True)
            permissions.require_links(self.ctx.user, testimony)
            return testimonies.save_testimony(
                testimony, incidents=self.cleaned_data.get("incidents") or [],
                actor=self.ctx.actor, reason=self.change_reason)


class ActTypeForm(RecordForm):
    legal_refs = forms.CharField(
        required=False, label=gettext_lazy("Rome Statute provisions"),
        help_text=gettext_lazy("Separated by commas, e.g. 7(1)(e), 7(1)(f)."))

    class Meta:
        model = ActType
        fields = ["code", "label_en", "label_be", "label_ru", "description", "legal_refs",
                  "order", "active"]
        labels = {**FIELD_LABELS, "label_en": gettext_lazy("Label (English)"),
                  "label_be": gettext_lazy("Label (Belarusian)"),
                  "label_ru": gettext_lazy("Label (Russian)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def setup(self, ctx: Ctx) -> None:
        if not self.creating:
            self.initial["legal_refs"] = ", ".join(self.instance.legal_refs or [])

    def clean_legal_refs(self) -> list[str]:
        from sprava.law.framework import current

        text = str(self.cleaned_data.get("legal_refs") or "")
        refs = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
        # The legal layer reads an act's candidate crimes from these: a provision the framework
        # does not define would drop the act from every proof matrix without a word.
        known = {crime.article for crime in current().crimes}
        unknown = [ref for ref in refs if ref not in known]
        if unknown:
            raise forms.ValidationError(
                gettext_lazy("Not a crime of the legal framework: %(refs)s. Use the articles "
                             "of art. 7(1), e.g. 7(1)(e), 7(1)(f) or 7(1)(g)-1."),
                params={"refs": ", ".join(unknown)})
        return refs


LABELS = {**FIELD_LABELS, "label_en": gettext_lazy("Name (English)"),
          "label_be": gettext_lazy("Name (Belarusian)"),
          "label_ru": gettext_lazy("Name (Russian)")}


class PlaceForm(RecordForm):
    class Meta:
        model = Place
        fields = ["code", "label_en", "label_be", "label_ru", "kind", "parent", "country",
                  "latitude", "longitude", "address", "notes"]
        labels = {**LABELS, "parent": gettext_lazy("Within")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def setup(self, ctx: Ctx) -> None:
        parent = model_choices(self, "parent")
        parent.queryset = Place.objects.exclude(pk=self.instance.pk).exclude(kind="detention")


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = ["label_en", "label_be", "label_ru", "abbreviation", "kind", "parent", "place",
                  "notes"]
        labels = {**LABELS, "parent": gettext_lazy("Part of (superior body)")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def setup(self, ctx: Ctx) -> None:
        parent = model_choices(self, "parent")
        parent.queryset = Organisation.objects.exclude(pk=self.instance.pk)

    def clean_parent(self) -> Organisation | None:
        parent: Organisation | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk is not None and any(
                unit.pk == self.instance.pk for unit in parent.chain()):
            raise ValidationError(gettext("A unit cannot be part of itself or of its own "
                                          "units."))
        return parent


__all__ = ["ActForm", "ActTypeForm", "CaseForm", "IncidentForm", "InvolvementForm",
           "OrganisationForm", "PlaceForm", "TestimonyForm"]
