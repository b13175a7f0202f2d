"""Forms of the evidence pages: what a documenter types, checked before any domain call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils.translation import gettext, gettext_lazy

from sprava.accounts.permissions import Permission, cases_where
from sprava.cases.models import Case
from sprava.evidence.intake import Collection
from sprava.web.evidence import linking
from sprava.web.records.context import Ctx

REASON_MAX = 500


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """One or many files. Each file is judged by the intake, so an empty one gets its reason."""

    widget = MultipleFileInput
    default_error_messages = {"required": gettext_lazy("Choose at least one file to upload.")}

    def to_python(self, data: Any) -> list[UploadedFile[Any]]:
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class UploadForm(forms.Form):
    """Files, and the collection metadata shared by every file of one upload."""

    # The form metaclass moves declared fields off the class, so this does not replace
    # `BaseForm.files`; the name stays "files", as scripts that post uploads already use it.
    files = MultipleFileField(  # type: ignore[assignment]
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            "One or many files. Hold Ctrl (⌘ on a Mac) or Shift to choose several."
        ),
    )
    case = forms.ModelChoiceField(
        label=gettext_lazy("For case"),
        queryset=Case.objects.none(),
        required=False,
        to_field_name="reference",
        empty_label=gettext_lazy(
            "No case yet (only you and the administrators will see the files)"
        ),
        help_text=gettext_lazy(
            "Members of the case will see the files; you can link them to records later."
        ),
    )
    collected_by = forms.CharField(
        label=gettext_lazy("Collected by"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Who collected the material: a person, an organisation or a pseudonym."
        ),
    )
    collected_at = forms.CharField(
        label=gettext_lazy("Collected when"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("As precise as known: 2020-08-11 14:30, 2020-08-11 or 2020-08."),
    )
    collected_from = forms.CharField(
        label=gettext_lazy("Collected from"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Where from: a place, a device, a channel or a web address."),
    )
    method = forms.CharField(
        label=gettext_lazy("How it was collected"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Handed over by a witness, downloaded, photographed, copied from a phone …"
        ),
    )
    tool = forms.CharField(
        label=gettext_lazy("Tool"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Software or device used, e.g. yt-dlp, a phone camera, a forensic imager."
        ),
    )
    tool_version = forms.CharField(
        label=gettext_lazy("Tool version"), required=False, max_length=100
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Anything a court may ask about later: context, condition, earlier custody."
        ),
    )

    link_kind = forms.ChoiceField(
        label=gettext_lazy("Link to a record"), required=False,
        choices=lambda: [("", gettext_lazy("No record")), *linking.kind_choices()],
        help_text=gettext_lazy("Each file is linked to it as it is stored."))
    link_reference = forms.CharField(
        label=gettext_lazy("Record reference"), required=False,
        max_length=linking.REFERENCE_MAX,
        widget=forms.TextInput(attrs={"size": 12, "placeholder": "I-000012"}),
        help_text=gettext_lazy("As on the record's page, e.g. I-000012 or P-000042; you "
                               "must be allowed to edit it."))

    def __init__(self, *args: Any, user: Any = None, ctx: Ctx | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        # Only cases where this user may add material.
        field = self.fields["case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            cases_where(user, Permission.EDIT) if user is not None else Case.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, reference = data.get("link_kind"), (data.get("link_reference") or "").strip()
        if reference and not kind:
            self.add_error("link_kind", gettext("Choose the kind of record to link to."))
        elif kind and not reference:
            self.add_error("link_reference", gettext("Give the record's reference."))
        elif kind and reference:
            if self.ctx is None:
                raise ValidationError(gettext("Linking is not possible here."))
            try:
                data["link_record"] = linking.find_record(self.ctx, kind, reference,
                                                          to_link=True)
            except ValidationError as exc:
                self.add_error("link_reference", exc)
        return data

    def link_record(self) -> tuple[str, Model] | None:
        """The kind and record every stored file is to be linked to, if one was asked for."""
        record = self.cleaned_data.get("link_record")
        return (self.cleaned_data["link_kind"], record) if record is not None else None

    def case_reference(self) -> str | None:
        case = self.cleaned_data.get("case")
        return case.reference if case is not None else None

    def collection(self) -> Collection:
        data = self.cleaned_data
        return Collection(
            collected_by=data["collected_by"],
            collected_at=data["collected_at"],
            collected_from=data["collected_from"],
            method=data["method"],
            tool=data["tool"],
            tool_version=data["tool_version"],
            notes=data["notes"],
        )

    def uploaded_files(self) -> list[UploadedFile[Any]]:
        files: list[UploadedFile[Any]] = self.cleaned_data["files"]
        return files


class DownloadForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for access"),
        required=False,
        max_length=REASON_MAX,
        help_text=gettext_lazy(
            "Recorded in the custody ledger with your name, e.g. “preparing exhibit 12”."
        ),
    )


class ItemFilterForm(forms.Form):
    """The evidence list's filters, from the query string: a case of the reader's, a record they
    may see. A wrong value is shown, never obeyed (as the records lists do)."""

    case = forms.ModelChoiceField(
        label=gettext_lazy("Case"), queryset=Case.objects.none(), required=False,
        to_field_name="reference", empty_label=gettext_lazy("Any case"))
    record = forms.CharField(
        label=gettext_lazy("Linked to"), required=False, max_length=linking.REFERENCE_MAX,
        widget=forms.TextInput(attrs={"size": 12, "placeholder": "I-000012"}),
        help_text=gettext_lazy("A record's reference, e.g. I-000012 or P-000042."))

    def __init__(self, data: Any, *, ctx: Ctx) -> None:
        super().__init__(data)
        self.ctx = ctx
        field = self.fields["case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ctx.visible_cases()

    def clean_record(self) -> Model | None:
        text = self.cleaned_data.get("record", "").strip()
        return linking.record_by_reference(self.ctx, text) if text else None

    def wanted(self) -> tuple[Case | None, Model | None]:
        """The case and record asked for; None for each that is not given or not valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("case"), data.get("record")
