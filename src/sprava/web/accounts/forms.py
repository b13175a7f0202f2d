"""Forms of the sign-in and account pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from sprava.accounts.tokens import NAME_MAX
from sprava.cases.models import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or (where allowed) a recovery code."""

    code = forms.CharField(
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    """The current password and the new one twice; `passwords.change_password` judges them."""

    current = forms.CharField(
        strip=False,
        max_length=4096,
        label=gettext_lazy("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new = forms.CharField(
        strip=False,
        max_length=4096,
        label=gettext_lazy("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        strip=False,
        max_length=4096,
        label=gettext_lazy("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class IssueCodeForm(forms.Form):
    username = forms.CharField(max_length=150, label=gettext_lazy("User name"))


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX,
        help_text=gettext_lazy("What the token is for, e.g. “import script on the field laptop”."),
    )


class PolicyForm(forms.Form):
    require_two_factor = forms.BooleanField(
        required=False, label=gettext_lazy("Require two-factor sign-in for every user")
    )


class MemberForm(forms.Form):
    """Grant or change a membership (for the case's members page)."""

    username = forms.CharField(max_length=150, label=gettext_lazy("User name"))
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role"))
    identity_access = forms.BooleanField(
        required=False,
        label=gettext_lazy("Identity access"),
        help_text=gettext_lazy("May see the real names of protected persons in this case."),
    )
