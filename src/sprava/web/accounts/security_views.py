"""Pages that change an account's security: one's own password; administrators' enrolment codes.

Thin, as the other account pages: the rules live in `passwords` and `enrolment`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from sprava.accounts import enrolment, lockout, passwords, permissions, sessions
from sprava.accounts.errors import PasswordError, TwoFactorError
from sprava.accounts.models import TwoFactor
from sprava.accounts.permissions import Permission
from sprava.web.accounts.forms import IssueCodeForm, PasswordChangeForm
from sprava.web.accounts.views import _locked_message, _user


@login_required
@never_cache
@sensitive_post_parameters("current", "new", "again")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password; the account's other sessions end and its tokens stop."""
    user = _user(request)
    assert isinstance(user, User)  # the one user model of Sprava
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revoked = passwords.change_password(
                user, data["current"], data["new"], data["again"], actor=user
            )
        except PasswordError as exc:
            if exc.field == "current":
                # A stolen session must not become a password-guessing machine.
                until = lockout.record_failure(
                    user.get_username(), lockout.client_address(request), stage="password"
                )
                if until is not None:
                    auth_logout(request)
                    messages.error(request, _locked_message(until))
                    return redirect("login")
            form.add_error(exc.field, str(exc))
        else:
            update_session_auth_hash(request, user)
            sessions.keep(request, user)
            messages.info(request, ngettext(
                "Your password is changed. Your other sessions have ended, and %(count)d API "
                "token was revoked.",
                "Your password is changed. Your other sessions have ended, and %(count)d API "
                "tokens were revoked.",
                len(revoked),
            ) % {"count": len(revoked)})
            return redirect("password-change")
    status = 400 if form.errors else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enrolment_codes(request: HttpRequest) -> HttpResponse:
    """Administrators: issue a one-time enrolment code; list accounts without two-factor."""
    admin = _user(request)
    if not permissions.can(admin, Permission.ADMINISTER):
        raise HttpForbidden(gettext("organisation administrators only"))
    form = IssueCodeForm(request.POST if request.method == "POST" else None)
    issued: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        account = get_user_model()._default_manager.filter(username=username).first()
        if account is None:
            form.add_error("username", gettext("There is no account of that name."))
        else:
            try:
                code = enrolment.issue(account, actor=admin)
            except TwoFactorError as exc:
                form.add_error("username", str(exc))
            else:
                issued = {"username": username, "code": code}
                form = IssueCodeForm()
    waiting = (
        get_user_model()._default_manager.filter(is_active=True)
        .exclude(pk__in=TwoFactor.objects.enabled_user_ids())
        .order_by("username")
    )
    expiring = enrolment.outstanding()
    rows = [{"username": u.get_username(), "expires": expiring.get(u.pk)} for u in waiting]
    return render(
        request,
        "accounts/enrolment_codes.html",
        {"form": form, "issued": issued, "waiting": rows},
        status=400 if form.errors else 200,
    )
