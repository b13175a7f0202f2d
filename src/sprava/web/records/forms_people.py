"""Forms of persons and what belongs to them: names, roles, custody, positions, consents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext, gettext_lazy

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.records import charges, people, services
from sprava.records.models import (
    Consent,
    CustodyPeriod,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Position,
    Role,
    Script,
)
from sprava.web.records.context import Ctx
from sprava.web.records.fields import (
    FIELD_LABELS,
    SPAN_HELP,
    SPAN_WIDGETS,
    DateInput,
    RecordForm,
    SpanForm,
    model_choices,
)

PROTECT_HELP = gettext_lazy("Pages, lists and exports then show a pseudonym (W-0001, …) instead "
                            "of the name to everyone without identity access in this case, "
                            "which then holds their identity. Every reveal is written to the "
                            "custody ledger.")


class PersonForm(RecordForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300,
                           help_text=gettext_lazy("As the person writes it; add other spellings "
                                                  "later."))
    script = forms.ChoiceField(choices=Script.choices, initial=Script.OTHER,
                               label=gettext_lazy("Script of the name"))
    case = forms.ModelChoiceField(Case.objects.none(), label=gettext_lazy("Case"),
                                  help_text=gettext_lazy("A person is seen through their roles "
                                                         "in cases."))
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role in the case"))
    protected = forms.BooleanField(label=gettext_lazy("Protect this person's identity"),
                                   required=False, help_text=PROTECT_HELP)

    class Meta:
        model = Person
        fields = ["gender", "birth_date", "birth_precision", "notes"]
        widgets = {"birth_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {**FIELD_LABELS, "birth_precision": gettext_lazy("Birth date known to")}

    field_order = ["name", "script", "case", "role", "protected"]

    def setup(self, ctx: Ctx) -> None:
        if self.creating:
            case = model_choices(self, "case")
            case.queryset = ctx.editable_cases()
        else:
            for name in ("name", "script", "case", "role"):
                del self.fields[name]
            self.initial["protected"] = self.instance.protected

    def target_case_ids(self) -> set[int] | None:
        case = self.cleaned_data.get("case") if self.creating else None
        return {case.pk} if case is not None else None

    def commit(self) -> Model:
        data = self.cleaned_data
        actor, reason = self.ctx.actor, self.change_reason
        person: Person = self.instance
        if self.creating:
            return people.create_person(
                case=data["case"], role=data["role"], actor=actor, reason=reason,
                names=[people.NewName(data["name"], script=data["script"])],
                facts=people.PersonFacts(gender=person.gender, birth_date=person.birth_date,
                                         birth_precision=person.birth_precision,
                                         notes=person.notes),
                protected=data["protected"])
        protect_in = (permissions.case_to_protect_in(self.ctx.user, person)
                      if data["protected"] and not person.protected else None)
        return people.change_person(person, protected=data["protected"], protect_in=protect_in,
                                    actor=actor, reason=reason)


class PersonNameForm(RecordForm):
    class Meta:
        model = PersonName
        fields = ["text", "script", "kind"]
        labels = {**FIELD_LABELS, "text": gettext_lazy("Name")}
        help_texts = {"text": gettext_lazy("One spelling: Cyrillic, a transliteration, an "
                                           "alias.")}

    def setup(self, ctx: Ctx) -> None:
        self.attach("person")

    def clean_text(self) -> str:
        text = " ".join(str(self.cleaned_data.get("text") or "").split())
        if not text:
            raise forms.ValidationError(gettext("A name cannot be empty."))
        return text

    def commit(self) -> Model:
        if not self.creating:
            return super().commit()
        name: PersonName = self.instance  # a new spelling: as the API adds one
        permissions.require_links(self.ctx.user, name)
        return services.add_name(name.person, name.text, script=name.script, kind=name.kind,
                                 actor=self.ctx.actor, reason=self.change_reason)


class PersonRoleForm(RecordForm):
    class Meta:
        model = PersonRole
        fields = ["case", "role"]
        labels = FIELD_LABELS

    def setup(self, ctx: Ctx) -> None:
        self.attach("person")
        case = model_choices(self, "case")
        case.queryset = ctx.editable_cases()
        case.help_text = gettext("Only the cases in which you may add records are offered.")


class ChargesField(forms.CharField):
    """A custody period's charges as typed: "CC 342, CAO 24.23", "none", or nothing (unknown)."""

    def prepare_value(self, value: Any) -> Any:
        return charges.show(value) if value is None or isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str] | None:  # type: ignore[override]
        return charges.parse(str(super().to_python(value) or ""))

    def validate(self, value: Any) -> None:
        charges.validate(value)


class CustodyForm(SpanForm):
    charge_articles = ChargesField(
        label=gettext_lazy("Charges"), required=False, max_length=400,
        help_text=charges.FORMAT_HELP)
    acknowledged = forms.NullBooleanField(
        label=gettext_lazy("Acknowledged by the authorities"), required=False,
        widget=forms.Select(choices=[("unknown", gettext_lazy("Unknown")),
                                     ("true", gettext_lazy("Yes")),
                                     ("false", gettext_lazy("No"))]),
        help_text=gettext_lazy("Did the authorities acknowledge the detention and the person's "
                               "whereabouts?"))

    class Meta:
        model = CustodyPeriod
        fields = ["place", "place_detail", "start_date", "end_date", "date_precision",
                  "acknowledged", "charge_articles", "notes"]
        widgets = {**SPAN_WIDGETS, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {**SPAN_HELP,
                      "end_date": gettext_lazy("Empty while the person is still held there.")}
        labels = {**FIELD_LABELS, "place": gettext_lazy("Place of detention"),
                  "place_detail": gettext_lazy("Cell, block or other detail")}

    def setup(self, ctx: Ctx) -> None:
        self.attach("person")

    def commit(self) -> Model:
        permissions.require_links(self.ctx.user, self.instance)
        return people.save_custody(self.instance, actor=self.ctx.actor,
                                   reason=self.change_reason)


class PositionForm(SpanForm):
    class Meta:
        model = Position
        fields = ["organisation", "title", "rank", "start_date", "end_date", "date_precision",
                  "superior_responsibility"]
        widgets = SPAN_WIDGETS
        help_texts = SPAN_HELP
        labels = {**FIELD_LABELS, "organisation": gettext_lazy("Unit"),
                  "title": gettext_lazy("Post")}

    def setup(self, ctx: Ctx) -> None:
        self.attach("person")
        unit = model_choices(self, "organisation")
        unit.queryset = Organisation.objects.all()


class ConsentForm(RecordForm):
    class Meta:
        model = Consent
        fields = ["use", "granted", "case", "given_on", "scope", "withdrawn_on", "notes"]
        widgets = {"given_on": DateInput(), "withdrawn_on": DateInput(),
                   "scope": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {**FIELD_LABELS, "use": gettext_lazy("Use"),
                  "granted": gettext_lazy("Consent given (untick for a refusal)"),
                  "case": gettext_lazy("Only for case")}
        help_texts = {"case": gettext_lazy("Leave empty when the consent covers every case.")}

    def setup(self, ctx: Ctx) -> None:
        self.attach("person")
        case = model_choices(self, "case")
        case.queryset = ctx.editable_cases()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        given, withdrawn = data.get("given_on"), data.get("withdrawn_on")
        if given and withdrawn and withdrawn < given:
            self.add_error("withdrawn_on", gettext("Consent cannot be withdrawn before it was "
                                                   "given."))
        return data
