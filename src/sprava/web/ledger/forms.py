"""The ledger page's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from sprava.evidence.entries import EntryFilter
from sprava.ledger import tags
from sprava.records import references
from sprava.web.evidence import linking
from sprava.web.records.fields import DateInput, IdField


class LedgerFilterForm(forms.Form):
    """The ledger page's filters, from the query string; no query of their own. A wrong value
    is shown, never obeyed."""

    action = forms.CharField(
        label=gettext_lazy("Action"), required=False, max_length=80,
        widget=forms.TextInput(attrs={"size": 18, "placeholder": tags.ITEM_VIEWED}),
        help_text=gettext_lazy("A whole action or its start, e.g. records:incident."))
    actor = forms.CharField(
        label=gettext_lazy("By"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"size": 12}),
        help_text=gettext_lazy("A user name, or as the ledger writes it, e.g. user:dana."))
    item = IdField(label=gettext_lazy("Item"), required=False)
    record = forms.CharField(
        label=gettext_lazy("Record"), required=False, max_length=linking.REFERENCE_MAX + 80,
        widget=forms.TextInput(attrs={"size": 12, "placeholder": "I-000012"}),
        help_text=gettext_lazy("A reference, e.g. I-000012, P-000042, C-000027."))
    case = forms.SlugField(
        label=gettext_lazy("Case"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"size": 14}))
    since = forms.DateField(label=pgettext_lazy("date", "From"), required=False,
                            widget=DateInput())
    until = forms.DateField(label=pgettext_lazy("date", "To"), required=False, widget=DateInput(),
                            help_text=gettext_lazy("Days in UTC, both included."))

    def clean_record(self) -> str:
        text = self.cleaned_data.get("record", "").strip()
        if not text:
            return ""
        try:
            return references.parse(text).subject
        except references.InvalidReference:
            raise ValidationError(
                gettext("Give a record's reference with its letter, e.g. I-000012 or "
                        "P-000042."), code="invalid") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("The last day comes before the first."))
        return data

    def wanted(self) -> EntryFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EntryFilter(
            action=data.get("action") or "", actor=data.get("actor") or "",
            item=data.get("item"), subject=data.get("record") or "",
            case=data.get("case") or "", since=data.get("since"), until=data.get("until"))
