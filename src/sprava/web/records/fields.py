"""Form building blocks of the records pages: base forms, record references, date spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from sprava import ids
from sprava.accounts import permissions
from sprava.collation import sorted_by
from sprava.records import dates, services
from sprava.records.models import Person
from sprava.records.models.vocabulary import Labelled
from sprava.search.suggest import LIMIT, suggest_persons
from sprava.web.records.context import Ctx
from sprava.web.records.picker import PersonPicker, PersonsPicker

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REASON_MAX = 500
DATE_HELP = gettext_lazy("As precise as known: for a month or a year, enter its first day and "
                         "choose the precision below.")

# Labels of model fields, in the pages' words: a form's Meta takes them (`labels =
# {**FIELD_LABELS, ...}`), so that Django's labels made from field names are translated too.
FIELD_LABELS = {
    "reference": gettext_lazy("Reference"), "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"), "case": gettext_lazy("Case"),
    "start_date": gettext_lazy("Start date"), "end_date": gettext_lazy("End date"),
    "date_precision": gettext_lazy("Date precision"), "place": gettext_lazy("Place"),
    "place_detail": gettext_lazy("Place detail"), "narrative": gettext_lazy("Narrative"),
    "act_type": gettext_lazy("Act type"), "description": gettext_lazy("Description"),
    "basis": gettext_lazy("Basis"), "kind": gettext_lazy("Kind"),
    "given_on": gettext_lazy("Given on"), "language": gettext_lazy("Language"),
    "taken_by": gettext_lazy("Taken by"), "reliability": gettext_lazy("Reliability"),
    "transcript": gettext_lazy("Transcript"), "translation": gettext_lazy("Translation"),
    "translation_language": gettext_lazy("Translation language"),
    "notes": gettext_lazy("Notes"), "code": gettext_lazy("Code"),
    "order": gettext_lazy("Order"), "active": gettext_lazy("Active"),
    "latitude": gettext_lazy("Latitude"), "longitude": gettext_lazy("Longitude"),
    "address": gettext_lazy("Address"), "abbreviation": gettext_lazy("Abbreviation"),
    "country": gettext_lazy("Country"),
    "gender": gettext_lazy("Gender"), "birth_date": gettext_lazy("Birth date"),
    "script": gettext_lazy("Script"), "role": gettext_lazy("Role"),
    "rank": gettext_lazy("Rank"),
    "superior_responsibility": gettext_lazy("Superior responsibility"),
    "scope": gettext_lazy("Scope"), "withdrawn_on": gettext_lazy("Withdrawn on"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A drop-down written out in Python. Django renders every <option> through a template of
    its own, and the place and unit filters have hundreds: that took longer than the list's
    query. The HTML is the same (grouped choices fall back to Django's rendering)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        options = [
            format_html('<option value="{}"{}>{}</option>', key,
                        mark_safe(" selected") if key in chosen else "", label)
            for key, label in ((("" if v is None else str(v)), label) for v, label in choices)]
        final = self.build_attrs(self.attrs, attrs or {})
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(final),
                           mark_safe("\n".join(options)))  # noqa: S308 - each option escaped


def labelled_choices(field: forms.ModelChoiceField) -> list[tuple[Any, Any]]:  # type: ignore[type-arg]
    """A drop-down's choices of places, units or act types, read as plain values.

    What the field would offer, in the reader's language, without making a model instance of
    each of hundreds of rows on every list page. Validation still goes through the field's
    queryset, so only what it admits can be chosen.

    A list ordered by its name (places, units) is ordered by the name the reader reads, in the
    alphabet of their language (`sprava.collation`), not by the English name; a list with an
    order of its own (act types) keeps it.
    """
    local = Labelled.label_field()
    key = field.to_field_name or "pk"
    queryset = field.queryset
    assert queryset is not None
    rows = [(value, label or english)
            for value, english, label in queryset.values_list(key, "label_en", local)]
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    if ordering and ordering[0] == "label_en":
        rows = sorted_by(rows, lambda row: row[1])
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    return empty + rows


def date_field(label: StrOrPromise, *, required: bool = False,
               help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           help_text=help_text)


class IdField(forms.Field):
    """A record's number typed into a filter: ASCII digits, 1 to the database's largest id.

    Django's IntegerField passes a number too large for the database to the query (a 500) and
    reads Arabic-Indic digits as ASCII ones; `sprava.ids` is the one rule for every front end.
    """

    widget = forms.NumberInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.NumberInput(attrs={"size": 8, "min": 1}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        text = "" if value is None else str(value)
        if not text:
            return None
        try:
            return ids.parse_id(text)
        except ids.InvalidNumber:
            raise ValidationError(
                gettext("Enter a record number: digits 0–9, from 1 to %(max)s.")
                % {"max": ids.MAX_ID}, code="invalid") from None


class RefField(forms.Field):
    """A record chosen by its number or reference (`P-000042`, `42`), among those allowed.

    Lists of persons or incidents are too long for a drop-down; a documenter copies the
    reference from the record's page. A record that does not exist and one the reader may not
    use get the same answer, so the field tells nobody what exists in other cases.
    """

    widget = forms.TextInput

    def __init__(self, queryset: QuerySet[Any], *, noun: StrOrPromise, prefix: str = "",
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
        match = re.fullmatch(r"(?:[A-Za-z]+-?|#)?([0-9]+)", text)
        pk = ids.id_or_none(match.group(1)) if match else None
        found = self.queryset.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise ValidationError(
                gettext("No %(noun)s “%(text)s” among those you may use here. Copy the reference "
                        "from the %(noun)s's page.") % {"noun": self.noun, "text": text},
                code="invalid_choice")
        assert isinstance(found, Model)
        return found


PERSON_HELP = gettext_lazy("Type part of a name (any spelling, Cyrillic or Latin), a pseudonym "
                           "or a reference such as P-000042, and choose.")
_PERSON_NUMBER = re.compile(r"(?:[Pp]-?|#)?[0-9]+")
_PSEUDONYM = re.compile(r"[A-Za-z]{1,3}-[0-9]{1,8}")


class PersonReferenceField(RefField):
    """A person, chosen by reference (P-000042, 42), pseudonym (W-0001) or name, among those
    allowed; the person picker is its widget.

    A name is matched as the picker matches it (`sprava.search.suggest`), among the persons the
    field allows: one match is that person; several are listed in the error with their
    references, so the reader picks one without JavaScript. Protected persons are matched by
    pseudonym and reference only and listed by pseudonym, whoever reads, so the answer shows
    nothing the person list would not. A form binds the field to its reader (`bind`); unbound,
    the field takes references and pseudonyms only.
    """

    def __init__(self, queryset: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonPicker())
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(Person.objects.none() if queryset is None else queryset,
                         noun=gettext_lazy("person"), prefix="P-", **kwargs)
        self.reader: Any = None

    def bind(self, ctx: Ctx, *, case: int | None = None, case_field: str = "") -> None:
        """Let the field match names for this reader; `case` and `case_field` (the form's case
        field) tell the picker whose persons to list first."""
        self.reader = ctx.user
        if isinstance(self.widget, PersonPicker):
            self.widget.case, self.widget.case_field = case, case_field

    def to_python(self, value: Any) -> Model | None:
        text = " ".join(str(value or "").split())
        if not text or _PERSON_NUMBER.fullmatch(text):
            return super().to_python(text)
        if _PSEUDONYM.fullmatch(text):
            person = self.queryset.filter(pseudonym=text.upper()).first()
            if person is not None:
                assert isinstance(person, Model)
                return person
        found = (suggest_persons(self.reader, text, among=self.queryset, limit=LIMIT + 1)
                 if self.reader is not None else [])
        if len(found) == 1:  # among the field's persons already (`among`)
            return self.queryset.get(pk=found[0].pk)  # type: ignore[no-any-return]
        if not found:
            raise ValidationError(
                gettext("No person “%(text)s” among those you may use here. Type part of a "
                        "name, a pseudonym or a reference such as P-000042; a protected person "
                        "is found by pseudonym or reference only.") % {"text": text},
                code="invalid_choice")
        if len(found) > LIMIT:
            raise ValidationError(
                gettext("More than %(count)s persons match “%(text)s”. Type more of the name, "
                        "or the reference.") % {"count": LIMIT, "text": text},
                code="ambiguous")
        raise ValidationError(
            gettext("Several persons match “%(text)s”: %(candidates)s. Enter the reference of "
                    "the one you mean.") % {
                "text": text,
                "candidates": "; ".join(f"{s.label} ({s.reference})" for s in found)},
            code="ambiguous")

class PersonRefsField(forms.Field):
    """Several persons, one per line or separated by commas or semicolons: each a reference
    (P-000042), a pseudonym or a name, read as `PersonReferenceField` reads one (the same
    answers, the same rule for what the reader may use). References may also be separated by
    spaces. The picker lists persons for the line being typed; without JavaScript the field is
    a text area that takes the same."""

    MAX = 500

    def __init__(self, queryset: QuerySet[Any], *, noun: StrOrPromise, prefix: str = "P-",
                 **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonsPicker())
        super().__init__(**kwargs)
        self.queryset = queryset
        self.noun = noun
        self.prefix = prefix
        self.reader: Any = None

    def bind(self, ctx: Ctx, *, case: int | None = None, case_field: str = "") -> None:
        self.reader = ctx.user
        if isinstance(self.widget, PersonsPicker):
            self.widget.case, self.widget.case_field = case, case_field

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(f"{self.prefix}{v.pk:06d}" if isinstance(v, Model) else str(v)
                             for v in value)
        return value

    @staticmethod
    def entries(value: Any) -> list[str]:
        """What the reader typed, one person an entry."""
        found: list[str] = []
        for piece in re.split(r"[\n,;]+", str(value or "")):
            words = piece.split()
            if len(words) > 1 and all(_PERSON_NUMBER.fullmatch(w) or _PSEUDONYM.fullmatch(w)
                                      for w in words):
                found.extend(words)  # "P-000042 P-000043": references, not a name
            elif words:
                found.append(" ".join(words))
        return found

    def to_python(self, value: Any) -> list[Model]:
        texts = self.entries(value)
        if len(texts) > self.MAX:
            raise ValidationError(gettext("At most %(max)d references at once.")
                                  % {"max": self.MAX}, code="too_many")
        # References and pseudonyms in two queries for all the lines; names one by one, and
        # anything not found by the one-person field, whose answer it then is.
        numbers = {t: ids.id_or_none(t.lstrip("Pp-#"))
                   for t in texts if _PERSON_NUMBER.fullmatch(t)}
        pseudonyms = [t.upper() for t in texts if _PSEUDONYM.fullmatch(t)]
        by_pk = self.queryset.in_bulk([n for n in numbers.values() if n is not None])
        by_pseudonym = ({p.pseudonym: p for p in self.queryset.filter(pseudonym__in=pseudonyms)}
                        if pseudonyms else {})
        one = PersonReferenceField(self.queryset)
        one.reader = self.reader
        chosen: list[Model] = []
        errors: list[ValidationError] = []
        for text in texts:
            number = numbers.get(text)
            person = (by_pk.get(number) if number is not None
                      else by_pseudonym.get(text.upper()))
            if person is None:
                try:
                    person = one.to_python(text)
                except ValidationError as error:
                    errors.append(error)
                    continue
            if person is None:
                continue
            if person in chosen:
                errors.append(ValidationError(gettext("“%(text)s” is given twice.")
                                              % {"text": text}, code="duplicate"))
            else:
                chosen.append(person)
        if errors:
            raise ValidationError(errors)
        return chosen


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A record's form: validated by Django, saved through the domain functions only."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"), required=False, max_length=REASON_MAX,
        help_text=gettext_lazy("Written to the custody ledger with the change, e.g. “corrected "
                               "from the interview recording”."))

    def __init__(self, *args: Any, ctx: Ctx, parent: Model | None = None,
                 preset: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self.parent = parent
        self.creating = self.instance.pk is None
        self.setup(ctx)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and isinstance(
                    field.widget, forms.Select) and issubclass(
                    field.queryset.model, Labelled):  # type: ignore[union-attr]
                field.widget.choices = labelled_choices(field)  # in the reader's order
        for name, value in (preset or {}).items():
            if name in self.fields and value is not None:
                self.initial[name] = value
        self._bind_persons(ctx)

    # After a create that made several records: where to go, and what to say.
    after_save_url = ""
    saved_message = ""

    def setup(self, ctx: Ctx) -> None:
        """Narrow choices to what this reader may use; called once the form exists."""

    def _bind_persons(self, ctx: Ctx) -> None:
        """Give person fields their reader, and the picker the case to list first: the form's
        case field as the reader sets it, or the one case of the record (its parent given), or
        of a record the page was opened with (an act's incident)."""
        persons = [f for f in self.fields.values()
                   if isinstance(f, PersonReferenceField | PersonRefsField)]
        if not persons:
            return
        case_field = self.add_prefix("case") if "case" in self.fields else ""
        case = None
        for record in [self.instance, *(v for v in self.initial.values() if isinstance(v, Model))]:
            try:
                case_ids = permissions.case_ids_of(record)
            except ValueError:  # a model that belongs to no case
                continue
            if len(case_ids) == 1:
                case = next(iter(case_ids))
                break
        for field in persons:
            field.bind(ctx, case=case, case_field=case_field)

    @property
    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields shown in fieldsets of their own after the record's (rows of perpetrators)."""
        return []

    @property
    def grouped_names(self) -> set[str]:
        return {field.name for _, fields in self.field_groups for field in fields}

    def _post_clean(self) -> None:
        # The rule of every record's dates (sprava.records.dates), beside the fields it
        # concerns; save_record applies the same rule again.
        super()._post_clean()  # type: ignore[misc]
        for name, message in dates.problems(self.instance).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
            elif name not in self.fields:
                self.add_error(None, message)

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
        """Save through `save_record`, which writes the ledger event; raises RecordError, or
        PermissionDenied for a protected person taken into another case (permissions rule 4)."""
        permissions.require_links(self.ctx.user, self.instance)
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
            self.add_error("end_date", gettext("The end cannot come before the start."))
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
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.__class__ = FastSelect  # same state, quicker rendering
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                    field.queryset.model, Labelled):  # type: ignore[union-attr]
                field.widget.choices = labelled_choices(field)

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


CASE = gettext_lazy("Case")
ANY = gettext_lazy("Any")


def case_choice(queryset: QuerySet[Any], *, required: bool = False,
                label: StrOrPromise = CASE) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(queryset, required=required, label=label,
                                  to_field_name="reference",
                                  empty_label=gettext("Any case") if not required
                                  else gettext("Choose a case"))


def optional_choice(choices: Any, label: StrOrPromise,
                    empty: StrOrPromise = ANY) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", empty), *choices], required=False, label=label)
