"""The filters of each list. Choices offer only what the reader may see."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from sprava import ids
from sprava.accounts.permissions import in_cases
from sprava.analysis import context as contextual
from sprava.analysis import periods, regions
from sprava.analysis.command import acts_under
from sprava.collation import sorted_by
from sprava.records import references, tally
from sprava.records.identity import Fact, revealable
from sprava.records.models import (
    ActType,
    Involvement,
    Organisation,
    OrganisationKind,
    PersonName,
    PersonRole,
    Place,
    PlaceKind,
    Precision,
    Reliability,
    Role,
    SourceKind,
    Testimony,
)
from sprava.records.names import search_key
from sprava.web.records.context import Ctx
from sprava.web.records.fields import (
    DateInput,
    FilterForm,
    Lookup,
    case_choice,
    optional_choice,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput())


MAX_REFERENCE = 40


class ReferenceFilter(forms.CharField):
    """A record typed into a list filter as forms and pages name it (`P-000078`), or by its
    bare number (`78`), as bookmarked filters did; the record's id, or nothing."""

    def __init__(self, label: StrOrPromise, model: str) -> None:
        self.model = model
        super().__init__(label=label, required=False,
                         widget=forms.TextInput(attrs={
                             "size": 10, "placeholder": references.reference(model, 42)}))

    def clean(self, value: Any) -> int | None:
        try:
            text = super().clean(value)  # a NUL character is refused here
            if not text:
                return None
            if len(text) > MAX_REFERENCE:
                raise references.InvalidReference(text[:MAX_REFERENCE])
            return references.parse(text, self.model).pk
        except (ValidationError, references.InvalidReference):
            raise ValidationError(
                gettext("Enter a reference such as %(example)s, or its number.")
                % {"example": references.reference(self.model, 42)}, code="invalid") from None


def _in_place(path: str) -> Lookup:
    """A place, or anything within it (a region holds cities, a city its prisons)."""

    def lookup(queryset: QuerySet[Any], place: Place, ctx: Ctx) -> QuerySet[Any]:
        return queryset.filter(Q(**{path: place}) | Q(**{f"{path}__parent": place})
                               | Q(**{f"{path}__parent__parent": place}))

    return lookup


def _in_case(queryset: QuerySet[Any], case: Any, ctx: Ctx) -> QuerySet[Any]:
    """Records of the chosen case, by the model's own path to it (`CASE_PATHS`)."""
    return queryset.filter(in_cases(queryset.model, case))


def _labelled(queryset: QuerySet[Any], text: str, ctx: Ctx) -> QuerySet[Any]:
    return queryset.filter(Q(label_en__icontains=text) | Q(label_be__icontains=text)
                           | Q(label_ru__icontains=text))


def _places() -> QuerySet[Place]:
    return Place.objects.exclude(kind=PlaceKind.DETENTION).order_by("label_en")


class CaseFilter(FilterForm):
    q = forms.CharField(label=gettext_lazy("Reference or title"), required=False)
    lookups = {"q": lambda qs, text, ctx: qs.filter(Q(reference__icontains=text)
                                                    | Q(title__icontains=text))}


class IncidentFilter(FilterForm):
    q = forms.CharField(label=gettext_lazy("Title"), required=False)
    case = forms.ModelChoiceField(ActType.objects.none(), required=False)
    place = forms.ModelChoiceField(Place.objects.none(), required=False,
                                   label=gettext_lazy("Place"),
                                   empty_label=gettext_lazy("Anywhere"))
    start = _date(pgettext_lazy("date", "From"))
    end = _date(gettext_lazy("Until"))
    lookups = {"q": "title__icontains", "case": _in_case, "place": _in_place("place"),
               "start": "start_date__gte", "end": "start_date__lte"}

    def setup(self, ctx: Ctx) -> None:
        self.fields["case"] = case_choice(ctx.visible_cases())
        self.fields["place"].queryset = _places()  # type: ignore[attr-defined]
        self.order_fields(["q", "case", "place", "start", "end"])


class OrNone(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A record, or "none": the rows that have none (acts with no unit, no place)."""

    NONE = "none"

    def to_python(self, value: Any) -> Any:
        if value == self.NONE:
            return self.NONE
        return super().to_python(value)


class MonthFilter(forms.CharField):
    """A month as YYYY-MM (`<input type="month">`), read as its first day."""

    def __init__(self, label: StrOrPromise) -> None:
        super().__init__(label=label, required=False, max_length=7,
                         widget=forms.TextInput(attrs={"type": "month", "placeholder": "2020-08",
                                                       "size": 8}))

    def clean(self, value: Any) -> datetime.date | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
                raise ValueError(text)
            return datetime.date(int(text[:4]), int(text[5:]), 1)
        except ValueError:
            raise ValidationError(gettext("Enter a month such as 2020-08."),
                                  code="invalid") from None


class ActFilter(FilterForm):
    case = forms.ModelChoiceField(ActType.objects.none(), required=False)
    act_type = forms.ModelChoiceField(ActType.objects.all(), required=False,
                                      label=gettext_lazy("Type"), to_field_name="code",
                                      empty_label=gettext_lazy("Any type"))
    place = forms.ModelChoiceField(Place.objects.none(), required=False,
                                   label=gettext_lazy("Place"),
                                   empty_label=gettext_lazy("Anywhere"))
    start = _date(pgettext_lazy("date", "From"))
    end = _date(gettext_lazy("Until"))
    incident = ReferenceFilter(gettext_lazy("Incident"), "records.incident")
    victim = ReferenceFilter(gettext_lazy("Victim"), "records.person")
    perpetrator = ReferenceFilter(gettext_lazy("Perpetrator"), "records.person")
    organisation = OrNone(Organisation.objects.all(), required=False,
                          label=gettext_lazy("Unit involved"),
                          empty_label=gettext_lazy("Any unit"))
    unit = forms.ModelChoiceField(Organisation.objects.all(), required=False,
                                  label=gettext_lazy("Unit or a unit under it"),
                                  empty_label=gettext_lazy("Any unit"))
    # The contextual figures' own buckets (`sprava.analysis`), so that each of their numbers
    # lists exactly the acts it counts.
    month = MonthFilter(gettext_lazy("Month (dated at least to the month)"))
    precision = optional_choice(Precision.choices, gettext_lazy("Date precision"))
    region = optional_choice([], gettext_lazy("Region"), empty=gettext_lazy("Any region"))
    at = OrNone(Place.objects.all(), required=False, to_field_name="code",
                label=gettext_lazy("Counted at (the act's place, else its incident's)"),
                empty_label=gettext_lazy("Any place"))
    lookups = {
        "case": _in_case, "act_type": "act_type", "place": _in_place("place"),
        "start": "start_date__gte", "end": "start_date__lte", "incident": "incident_id",
        # A list of what one hidden person suffered is what the identity rule withholds.
        "victim": lambda qs, pk, ctx: qs.filter(ctx.disclosure.shown(Fact.ACTS_SUFFERED,
                                                                     "victim"), victim_id=pk),
        # Through involvements (several per act): a subquery, so no act is listed twice.
        "perpetrator": lambda qs, pk, ctx: tally.acts_involving(pk, qs),
        "organisation": lambda qs, unit, ctx: qs.filter(
            contextual.no_unit() if unit == OrNone.NONE
            else Q(pk__in=Involvement.objects.filter(organisation=unit).values("act_id"))),
        # The unit or any unit under it: what a post's count on a person's page counts.
        "unit": lambda qs, unit, ctx: acts_under(qs, unit.pk),
        "month": lambda qs, month, ctx: qs.filter(periods.in_month(month)),
        "precision": lambda qs, precision, ctx: qs.filter(periods.of_precision(precision)),
        "region": lambda qs, code, ctx: qs.filter(regions.divisions().q(code)),
        "at": lambda qs, place, ctx: qs.filter(regions.counted_at_place(
            None if place == OrNone.NONE else place)),
    }

    def __init__(self, data: Any, *, ctx: Ctx) -> None:
        super().__init__(data, ctx=ctx)
        for name, label in (("organisation", gettext("No unit recorded")),
                            ("at", gettext("No place recorded"))):
            widget = self.fields[name].widget
            widget.choices = [*widget.choices, (OrNone.NONE, label)]

    def setup(self, ctx: Ctx) -> None:
        self.fields["case"] = case_choice(ctx.visible_cases())
        self.fields["place"].queryset = _places()  # type: ignore[attr-defined]
        division = regions.divisions()
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Any region")),
            *sorted_by([(code, place.label) for code, place in division.places.items()],
                       lambda choice: choice[1]),
            (regions.ABROAD, gettext("Outside Belarus")),
            (regions.UNKNOWN, gettext("Region unknown"))]
        self.order_fields(["case", "act_type", "place", "start", "end"])


def _named(queryset: QuerySet[Any], text: str, ctx: Ctx) -> QuerySet[Any]:
    """Persons with a name (in any script) or pseudonym like `text`.

    A protected person is found by name only by those who may see the name: otherwise a
    search for a name that answers with a pseudonym would reveal who hides behind it.
    """
    text = " ".join(text.split())
    key = search_key(text)
    named = Q(text__icontains=text)
    if key:
        named |= Q(search_key__contains=key)
    by_name = Q(pk__in=PersonName.objects.filter(named).values("person_id")) & revealable(
        ctx.disclosure.identity_case_ids)
    by_reference = Q(pseudonym__iexact=text)
    number = ids.id_or_none(text.upper().removeprefix("P-"))
    if number is not None:
        by_reference |= Q(pk=number)
    return queryset.filter(by_name | by_reference)


class PersonFilter(FilterForm):
    q = forms.CharField(label=gettext_lazy("Name, pseudonym or reference"), required=False)
    case = forms.ModelChoiceField(ActType.objects.none(), required=False)
    role = optional_choice(Role.choices, gettext_lazy("Role"))
    # The victims and perpetrators the case page and the dashboard count (`records.tally`).
    party = optional_choice([("victim", gettext_lazy("Victims (of an act, or by role)")),
                             ("perpetrator",
                              gettext_lazy("Perpetrators (in an act, or by role)"))],
                            gettext_lazy("Victim or perpetrator"),
                            empty=gettext_lazy("Either or neither"))
    protected = optional_choice([("yes", gettext_lazy("Protected")),
                                 ("no", gettext_lazy("Not protected"))],
                                gettext_lazy("Identity"), empty=gettext_lazy("Protected or not"))
    lookups = {"q": _named, "protected": lambda qs, v, ctx: qs.filter(protected=v == "yes")}

    def setup(self, ctx: Ctx) -> None:
        self.fields["case"] = case_choice(ctx.visible_cases())
        self.order_fields(["q", "case", "role", "party", "protected"])

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().apply(queryset)
        data = getattr(self, "cleaned_data", {})
        # Case and role must hold for the same role row, hence one subquery for both; and only
        # roles in the reader's cases count, or filtering by "source" would tell which of the
        # persons they see is a source in another team's case.
        roles = PersonRole.objects.filter(case__in=self.ctx.visible_cases())
        if data.get("case"):
            roles = roles.filter(case=data["case"])
        if data.get("role"):
            roles = roles.filter(role=data["role"])
        if data.get("case") or data.get("role"):
            queryset = queryset.filter(pk__in=roles.values("person_id"))
        if data.get("party"):
            cases = [data["case"].pk] if data.get("case") else self.ctx.visible_cases()
            party = tally.victims if data["party"] == "victim" else tally.perpetrators
            queryset = queryset.filter(pk__in=party(cases).values("pk"))
        return queryset


class TestimonyFilter(FilterForm):
    case = forms.ModelChoiceField(ActType.objects.none(), required=False)
    kind = optional_choice(SourceKind.choices, gettext_lazy("How given"))
    reliability = optional_choice(Reliability.choices, gettext_lazy("Reliability"))
    start = _date(gettext_lazy("Given from"))
    end = _date(gettext_lazy("Given until"))
    given_by = ReferenceFilter(gettext_lazy("Given by"), "records.person")
    incident = ReferenceFilter(gettext_lazy("Incident"), "records.incident")
    lookups = {"case": _in_case, "kind": "kind", "reliability": "reliability",
               "start": "given_on__gte", "end": "given_on__lte", "given_by": "given_by_id",
               "incident": lambda qs, pk, ctx: qs.filter(
                   pk__in=Testimony.incidents.through.objects.filter(
                       incident_id=pk).values("testimony_id"))}

    def setup(self, ctx: Ctx) -> None:
        self.fields["case"] = case_choice(ctx.visible_cases())
        self.order_fields(["case", "kind", "reliability", "start", "end"])


class PlaceFilter(FilterForm):
    q = forms.CharField(label=pgettext_lazy("thing", "Name"), required=False)
    kind = optional_choice(PlaceKind.choices, gettext_lazy("Kind"))
    within = forms.ModelChoiceField(Place.objects.none(), required=False,
                                    label=gettext_lazy("Within"),
                                    empty_label=gettext_lazy("Anywhere"))
    lookups = {"q": lambda qs, text, ctx: _labelled(qs, text, ctx) | qs.filter(
        code__icontains=text), "kind": "kind", "within": _in_place("parent")}

    def setup(self, ctx: Ctx) -> None:
        self.fields["within"].queryset = _places()  # type: ignore[attr-defined]


class OrganisationFilter(FilterForm):
    q = forms.CharField(label=gettext_lazy("Name or abbreviation"), required=False)
    kind = optional_choice(OrganisationKind.choices, gettext_lazy("Kind"))
    lookups = {"q": lambda qs, text, ctx: _labelled(qs, text, ctx) | qs.filter(
        abbreviation__icontains=text), "kind": "kind"}


class ActTypeFilter(FilterForm):
    q = forms.CharField(label=pgettext_lazy("thing", "Name"), required=False)
    lookups = {"q": _labelled}


__all__ = ["ActFilter", "ActTypeFilter", "CaseFilter", "IncidentFilter", "OrganisationFilter",
           "PersonFilter", "PlaceFilter", "TestimonyFilter"]
