"""The forms of the legal analysis: an assessment (its element, its source among what its
subject reaches, what it says), a conclusion, a withdrawal, a charge. An assessment or
conclusion is for a subject (`subjects.Subject`): an act, a perpetrator in a case, or a case's
context.

A form only reads what is chosen into the domain's value types (`Target`, `Source`,
`Appraisal`, `Finding`); every rule is the domain's, so a value the rules refuse is refused here
exactly as the API refuses it (its message shown with the form).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from sprava.law.assessments import REASON_MAX, REASONING_MAX, Appraisal
from sprava.law.conclusions import Finding
from sprava.law.errors import LawError
from sprava.law.framework import Framework
from sprava.law.models import (
    PINPOINT_MAX,
    Assessment,
    Category,
    Direction,
    PinpointKind,
    State,
    Strength,
)
from sprava.law.shown import Shown
from sprava.law.sources import PARAGRAPH_MAX, Pinpoint, Source, SourceType
from sprava.law.targets import Target
from sprava.records.models import Reliability
from sprava.web.law.reach import source_key
from sprava.web.law.subjects import Subject
from sprava.web.records.context import Ctx


def _choose(field: forms.Field, choices: Any) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _radio(choices: Any, label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


class AssessmentForm(forms.Form):
    """An assessment of one of the subject's elements (`element` is left out when changing
    one)."""

    element = forms.ChoiceField(label=gettext_lazy("Element"))
    source = forms.ChoiceField(label=gettext_lazy("Source"))
    pinpoint_kind = forms.ChoiceField(
        label=gettext_lazy("Pinpoint in the item"), required=False,
        choices=[("", "—"), *PinpointKind.choices],
        help_text=gettext_lazy("For an evidence item: where in it."))
    pinpoint = forms.CharField(
        label=gettext_lazy("Pages, paragraphs, time code or region"), required=False,
        max_length=PINPOINT_MAX,
        help_text=gettext_lazy("12 or 12-14; 01:02:03-01:04:00; x,y,width,height."))
    paragraph = forms.IntegerField(label=gettext_lazy("Paragraph of the testimony"),
                                   required=False, min_value=1, max_value=PARAGRAPH_MAX)
    direction = _radio(Direction.choices, gettext_lazy("The source"))
    category = _radio(Category.choices, gettext_lazy("Category"))
    strength = _radio(Strength.choices, gettext_lazy("Strength"))
    reliability = forms.ChoiceField(label=gettext_lazy("Reliability of the source"),
                                    choices=Reliability.choices)
    reasoning = forms.CharField(label=gettext_lazy("Why"), max_length=REASONING_MAX,
                                widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(label=gettext_lazy("Reason for the ledger"), required=False,
                             max_length=REASON_MAX)

    def __init__(self, data: Any = None, *, ctx: Ctx, subject: Subject, framework: Framework,
                 row: Assessment | None = None, initial: dict[str, Any] | None = None) -> None:
        current = Source.of_row(row) if row is not None else None
        if row is not None:
            initial = {"source": source_key(ctx, current) if current else "",
                       "pinpoint_kind": row.pinpoint_kind, "pinpoint": row.pinpoint,
                       "paragraph": row.paragraph, "direction": row.direction,
                       "category": row.category, "strength": row.strength,
                       "reliability": row.reliability, "reasoning": row.reasoning}
        super().__init__(data, initial=initial)
        self.subject, self.ctx = subject, ctx
        label = Shown.of(ctx, [row]).source(row).label if row is not None else ""
        self.reachable = subject.reachable(ctx, current, label)
        _choose(self.fields["source"], [("", "—"), *self.reachable.groups])
        if row is None:
            _choose(self.fields["element"], [("", "—"), *subject.element_choices(framework)])
        else:
            del self.fields["element"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data: dict[str, Any] = self.cleaned_data
        kind = str(data.get("source") or "").partition(":")[0]
        if kind == SourceType.ITEM and not data.get("pinpoint_kind"):
            self.add_error("pinpoint_kind", gettext(
                "Say where in the item: a page, paragraph, time code or image region."))
        if kind == SourceType.TESTIMONY and not data.get("paragraph"):
            self.add_error("paragraph", gettext("Give the paragraph of the testimony."))
        return data

    def target(self) -> Target:
        return self.subject.target(self.cleaned_data["element"])

    def chosen_source(self) -> Source:
        kind, _, _ = self.cleaned_data["source"].partition(":")
        record: Any = self.reachable.options[self.cleaned_data["source"]]
        if kind == SourceType.ITEM:
            return Source(item=record, pinpoint=Pinpoint(self.cleaned_data["pinpoint_kind"],
                                                         self.cleaned_data["pinpoint"]))
        paragraph = self.cleaned_data["paragraph"] if kind == SourceType.TESTIMONY else None
        return Source(**{kind: record}, paragraph=paragraph)

    def appraisal(self) -> Appraisal:
        return Appraisal(**{name: self.cleaned_data[name] for name in (
            "direction", "category", "strength", "reliability", "reasoning")})

    def values(self) -> tuple[Target | None, Source, Appraisal] | None:
        """What the form says, as the domain's values; None (and a form error) when the value
        types refuse it."""
        try:
            return (self.target() if "element" in self.fields else None,
                    self.chosen_source(), self.appraisal())
        except LawError as exc:
            self.add_error(None, str(exc))
            return None


class ConclusionForm(forms.Form):
    element = forms.ChoiceField(label=gettext_lazy("Element"))
    state = _radio(State.choices, gettext_lazy("The element is"))
    standard = forms.ChoiceField(label=gettext_lazy("Standard of proof"))
    reasoning = forms.CharField(label=gettext_lazy("Why"), max_length=REASONING_MAX,
                                widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(label=gettext_lazy("Reason for the ledger"), required=False,
                             max_length=REASON_MAX)

    def __init__(self, data: Any = None, *, subject: Subject, framework: Framework,
                 initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        self.subject = subject
        _choose(self.fields["element"], [("", "—"), *subject.element_choices(framework)])
        _choose(self.fields["standard"], [(s.id, f"{s.name.text()} (" + gettext(
            "art. %(ref)s") % {"ref": ", ".join(s.articles)} + ")") for s in framework.standards])

    def values(self) -> tuple[Target, Finding] | None:
        try:
            return self.subject.target(self.cleaned_data["element"]), Finding(
                state=self.cleaned_data["state"], standard=self.cleaned_data["standard"],
                reasoning=self.cleaned_data["reasoning"])
        except LawError as exc:
            self.add_error(None, str(exc))
            return None


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why withdraw it?"), max_length=REASON_MAX,
        help_text=gettext_lazy("Required. Kept with the assessment and in the custody ledger; "
                               "the assessment stays, marked withdrawn."),
        widget=forms.TextInput(attrs={"autofocus": True}))


class ChargeForm(forms.Form):
    crime = forms.ChoiceField(label=gettext_lazy("Crime"))
    reason = forms.CharField(label=gettext_lazy("Reason for the ledger"), required=False,
                             max_length=REASON_MAX)

    def __init__(self, data: Any = None, *, choices: list[tuple[str, str]]) -> None:
        super().__init__(data)
        _choose(self.fields["crime"], choices)


class UnchargeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why withdraw the charge?"), max_length=REASON_MAX,
        help_text=gettext_lazy("Required. Written to the custody ledger. Assessments and "
                               "conclusions made under the charge stay."),
        widget=forms.TextInput(attrs={"autofocus": True}))
