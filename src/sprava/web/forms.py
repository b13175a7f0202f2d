"""Forms of the evidence pages: what a documenter types, checked before any domain call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from sprava.accounts.permissions import Permission, cases_where
from sprava.cases.models import Case
from sprava.evidence.intake import Collection

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

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only cases where this user may add material.
        field = self.fields["case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            cases_where(user, Permission.EDIT) if user is not None else Case.objects.none()
        )

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
