from django import forms


class CollectionForm(forms.Form):
    """Collection metadata shared by every file of one upload."""

    collected_by = forms.CharField(
        required=False, max_length=300, help_text="Who collected the material."
    )
    collected_at = forms.CharField(
        required=False,
        max_length=64,
        help_text="When, as precise as known (e.g. 2020-08-11 or 2020-08).",
    )
    collected_from = forms.CharField(
        required=False, max_length=1000, help_text="Where from: a place, a device, a URL."
    )
    method = forms.CharField(
        required=False,
        max_length=300,
        help_text="How: handed over by the witness, downloaded, seized ...",
    )
    tool = forms.CharField(required=False, max_length=300)
    tool_version = forms.CharField(required=False, max_length=100)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
