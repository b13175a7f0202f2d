"""The person picker: a text field for a person's reference that suggests persons as one types.

Without JavaScript it is a plain text field, and the form takes a reference, a pseudonym or a
name (`fields.PersonReferenceField`). `sprava/picker.js` turns it into an ARIA combobox: it
asks `records:person-suggest` (`suggest.person_suggest`) as the reader types, lists the persons
found, and fills the field with the chosen one's reference, showing their name (or pseudonym)
beside it. Everything the script needs, its translated words included, travels in data
attributes: the site's Content-Security-Policy allows no inline script.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

# What the script says, in the reader's language. "%(count)s" and "%(label)s" are filled in by
# the script.
MESSAGES = {
    "list": gettext_lazy("Matching persons"),
    "none": gettext_lazy("No person found. Type more of the name, a pseudonym or a reference."),
    "count": gettext_lazy("Persons found: %(count)s. Choose with the up and down arrows and "
                          "Enter."),
    "chosen": gettext_lazy("Chosen: %(label)s"),
    "protected": gettext_lazy("protected"),
    "failed": gettext_lazy("Suggestions are not available; type the person's reference."),
}


def _picker_data(case: int | None, case_field: str, multiple: bool) -> dict[str, str]:
    data = {"data-picker": "person", "data-suggest-url": reverse("records:person-suggest")}
    if multiple:
        data["data-picker-multiple"] = "true"
    if case is not None:
        data["data-case"] = str(case)
    if case_field:
        data["data-case-field"] = case_field
    for key, message in MESSAGES.items():
        data[f"data-msg-{key}"] = str(message)
    return data


class _Picking:
    """What both pickers carry: the script, and the case whose persons come first."""

    multiple = False
    case: int | None = None
    case_field = ""

    class Media:
        js = (forms.Script("sprava/picker.js", defer=True),)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        context["widget"]["attrs"].update(_picker_data(self.case, self.case_field, self.multiple))
        return context


class PersonPicker(_Picking, forms.TextInput):
    """A text input the picker script enhances. `case` (a case id) and `case_field` (the name
    of the form's case field) tell the suggestions which case's persons to list first."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"size": 24, "autocomplete": "off", "spellcheck": "false",
                                **(attrs or {})})


class PersonsPicker(_Picking, forms.Textarea):
    """A text area for several persons, one a line; the script suggests persons for the line
    being typed and puts the chosen one's reference on it."""

    multiple = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 3, "cols": 24, "autocomplete": "off",
                                "spellcheck": "false", **(attrs or {})})
