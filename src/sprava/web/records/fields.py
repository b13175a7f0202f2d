"""Form building blocks of the records pages: base forms, record references, date spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from sprava.records import services
from sprava.web.records.context import Ctx

REASON_MAX = 500
DATE_HELP = ("As precise as known: for a month or a year, enter its first day and choose the "
             "precision below.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           help_text=help_text)


class RefField(forms.Field):
    """A record chosen by its number or reference (`P-000042`, `42`), among those allowed.

    Lists of persons or incidents are too long for a drop-down; a documenter copies the
    reference from the record's page. A record that does not exist and one the reader may not
    use get the same answer, so the field tells nobody what exists in other cases.
    """

    widget = forms.TextInput

    def __init__(self, queryset: QuerySet[Any], *, noun: str, prefix: str = "",
                 **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 12, "inputmode": "text"}))
        super().__init__(**kwargs)
        self.queryset = queryset
        self.noun = noun
        self.prefix = prefix

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Model):
            value = value.pk
        if isinstance(value, int):
            return f"{self.prefix}{value:06d}" if self.prefix else str(value)
        return value

    def to_python(self, value: Any) -> Model | None:
        text = str(value or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"(?:[A-Za-z]+-?|#)?0*(\d{1,18})", text)
        found = self.queryset.filter(pk=int(match.group(1))).first() if match else None
        if found is None:
            raise ValidationError(
                f"No {self.noun} “{text}” among those you may use here. Copy the reference "
                f"from the {self.noun}'s page.", code="invalid_choice")
        assert isinstance(found, Model)
        return found


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A record's form: validated by Django, saved through the domain functions only."""

    reason = forms.CharField(
        label="Reason for the change", required=False, max_length=REASON_MAX,
        help_text="Written to the custody ledger with the change, e.g. “corrected from the "
                  "interview recording”.")

    def __init__(self, *args: Any, ctx: Ctx, parent: Model | None = None,
                 preset: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self.parent = parent
        self.creating = self.instance.pk is None
        self.setup(ctx)
        for name, value in (preset or {}).items():
            if name in self.fields and value is not None:
                self.initial[name] = value

    def setup(self, ctx: Ctx) -> None:
        """Narrow choices to what this reader may use; called once the form exists."""

    def attach(self, field_name: str) -> None:
        """Give a new child record its parent before validation (the field is not on the form)."""
        if self.creating and self.parent is not None:
            setattr(self.instance, field_name, self.parent)

    def target_case_ids(self) -> set[int] | None:
        """The cases a new record will belong to, when its kind cannot tell from the record."""
        return None

    @property
    def change_reason(self) -> str:
        return str(self.cleaned_data.get("reason") or "")

    def commit(self) -> Model:
        """Save through `save_record`, which writes the ledger event; raises RecordError."""
        saved: Model = services.save_record(self.instance, actor=self.ctx.actor,
                                            reason=self.change_reason)
        return saved


class SpanForm(RecordForm):
    """A record with a partial date span: the end may not come before the start."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end cannot come before the start.")
        return data


SPAN_WIDGETS = {"start_date": DateInput(), "end_date": DateInput()}
SPAN_HELP = {"start_date": DATE_HELP}

Lookup = str | Callable[[QuerySet[Any], Any, Ctx], QuerySet[Any]]


class FilterForm(forms.Form):
    """The filters of a list, from the query string. A wrong value is shown, never obeyed."""

    lookups: ClassVar[dict[str, Lookup]] = {}

    def __init__(self, data: Any, *, ctx: Ctx) -> None:
        super().__init__(data)
        self.ctx = ctx
        self.setup(ctx)

    def setup(self, ctx: Ctx) -> None:
        """Narrow the choices (cases, places) to what this reader may see."""

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name, lookup in self.lookups.items():
            value = data.get(name)
            if value in (None, "", [], ()):
                continue
            if callable(lookup):
                queryset = lookup(queryset, value, self.ctx)
            else:
                queryset = queryset.filter(**{lookup: value})
        return queryset

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    """A form's record drop-down, to narrow its choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def case_choice(queryset: QuerySet[Any], *, required: bool = False,
                label: str = "Case") -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(queryset, required=required, label=label,
                                  to_field_name="reference",
                                  empty_label="Any case" if not required else "Choose a case")


def optional_choice(choices: Any, label: str, empty: str = "Any") -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", empty), *choices], required=False, label=label)
