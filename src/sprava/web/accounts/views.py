"""Sign-in in two steps, second-factor enrolment, recovery codes, API tokens, security policy.

Views parse the request and call the domain modules (`lockout`, `signin`, `totp`, `tokens`,
`policy`); the rules live there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from sprava import ids
from sprava.accounts import enrolment, lockout, permissions, policy, sessions, signin, tokens, totp
from sprava.accounts.errors import AccountsError, LockedOut, TwoFactorError
from sprava.accounts.permissions import Permission
from sprava.web.accounts.forms import CodeForm, LoginForm, PolicyForm, TokenForm

# The authenticator this session made by presenting an enrolment code: the only one it may
# see and confirm while two-factor is required.
ENROLMENT_DEVICE = "accounts:enrolment-device"

WRONG_CREDENTIALS = gettext_lazy(
    "That user name and password do not match an active account. "
    "Both are case-sensitive; try again."
)
WRONG_CODE = gettext_lazy(
    "That code is not right. Use the current code from your app, or a recovery code."
)


def _locked_message(until: Any) -> str:
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-in attempts. Sign-in is paused until %(time)s UTC (about "
        "%(minutes)d minute). If this was not you, tell your administrator.",
        "Too many failed sign-in attempts. Sign-in is paused until %(time)s UTC (about "
        "%(minutes)d minutes). If this was not you, tell your administrator.",
        minutes,
    ) % {"time": f"{until:%H:%M}", "minutes": minutes}


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser)  # login_required let no anonymous visitor in
    return user


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Step one: user name and password. Users with a second factor go on to step two."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated:
        return redirect(signin.safe_next(request, next_url))
    form = LoginForm(request.POST if request.method == "POST" else None)
    error = ""
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            error = str(WRONG_CREDENTIALS)
        else:
            username = form.cleaned_data["username"]
            address = lockout.client_address(request)
            try:
                lockout.check(username, address)
            except LockedOut as exc:
                return _render_login(request, form, next_url, _locked_message(exc.until), 429)
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                until = lockout.record_failure(username, address, stage="password")
                error = _locked_message(until) if until else str(WRONG_CREDENTIALS)
                status = 429 if until else 200
            elif totp.is_enabled(user):
                signin.start_pending(request, user, next_url)
                return redirect("two-factor")
            else:
                signin.complete(request, user, backend=None, verified=False)
                if policy.two_factor_required():
                    return _to_enrolment(next_url)
                return redirect(signin.safe_next(request, next_url))
    return _render_login(request, form, next_url, error, status)


def _render_login(
    request: HttpRequest, form: LoginForm, next_url: str, error: str, status: int
) -> HttpResponse:
    context = {"form": form, "next": next_url, "error": error}
    return render(request, "accounts/login.html", context, status=status)


def _to_enrolment(next_url: str) -> HttpResponse:
    target = reverse("two-factor-setup")
    if next_url:
        target += "?" + urlencode({"next": next_url})
    return redirect(target)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the authenticator app, or a recovery code."""
    pending = signin.pending(request)
    if pending is None:
        messages.info(
            request, gettext("Your sign-in expired before it was finished; please start again.")
        )
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = pending.user.get_username()
        address = lockout.client_address(request)
        try:
            lockout.check(username, address)
        except LockedOut as exc:
            signin.abandon(request)
            return _render_code(request, form, _locked_message(exc.until), 429)
        method = totp.verify_second_factor(pending.user, form.cleaned_data["code"])
        if method is None:
            until = lockout.record_failure(username, address, stage="code")
            if until is not None:
                signin.abandon(request)
                return _render_code(request, form, _locked_message(until), 429)
            error = str(WRONG_CODE)
        else:
            signin.complete(request, pending.user, backend=pending.backend, verified=True)
            if method == "recovery":
                left = totp.remaining_recovery_codes(pending.user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(left)d is left. If your phone "
                        "is lost, turn two-factor sign-in off and on again with a new one.",
                        "You signed in with a recovery code; %(left)d are left. If your phone "
                        "is lost, turn two-factor sign-in off and on again with a new one.",
                        left,
                    ) % {"left": left},
                )
            return redirect(signin.safe_next(request, pending.next_url))
    elif request.method == "POST":
        error = str(WRONG_CODE)
    return _render_code(request, form, error, 200)


def _render_code(request: HttpRequest, form: CodeForm, error: str, status: int) -> HttpResponse:
    return render(
        request, "accounts/two_factor.html", {"form": form, "error": error}, status=status
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only: a link or an image on some page must not sign anyone out)."""
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL or "login")


def _confirm_code(request: HttpRequest, form: CodeForm) -> HttpResponse | bool:
    """Check a signed-in user's code before a sensitive change.

    True if right; False if wrong (the form says so); a redirect to the login page if the
    misses now lock the account: a stolen session must not become a code-guessing machine.
    """
    user = _user(request)
    if form.is_valid() and totp.verify_second_factor(user, form.cleaned_data["code"]):
        return True
    until = lockout.record_failure(
        user.get_username(), lockout.client_address(request), stage="confirm"
    )
    if until is not None:
        auth_logout(request)
        messages.error(request, _locked_message(until))
        return redirect("login")
    form.add_error("code", str(WRONG_CODE))
    return False


@login_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (secret, QR code, first code) or off (with a current code).

    While it is required, an enrolment code comes first (see `enrolment`): only then is a
    secret made, and only this session is shown it.
    """
    user = _user(request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    action = request.POST.get("action", "")
    if totp.is_enabled(user):
        return _two_factor_on(request, user, action)
    required = policy.two_factor_required()
    granted = request.session.get(ENROLMENT_DEVICE)
    device = totp.device(user)
    if required and action == "enrolment-code":
        return _present_enrolment_code(request, user, next_url)
    if required and (device is None or device.pk != granted):
        # No secret is shown or confirmed in a session that did not present the code.
        form = CodeForm()
        if request.method == "POST":
            form = CodeForm({"code": ""})
            form.errors.clear()
            form.add_error("code", gettext("Enter the enrolment code first."))
        return _render_enrolment_code(request, form, next_url, 400 if form.errors else 200)
    if not required:
        device = totp.begin(user, restart=action == "restart")
    assert device is not None
    form = CodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        try:
            codes = totp.confirm(user, form.cleaned_data["code"], actor=user,
                                 enrolment_device=granted if required else None)
        except TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            request.session.pop(ENROLMENT_DEVICE, None)
            request.session[signin.VERIFIED] = True
            sessions.keep(request, user)  # the others ended; this one proved the code
            return render(
                request,
                "accounts/recovery_codes.html",
                {
                    "codes": codes,
                    "fresh": True,
                    "next": signin.safe_next(request, next_url),
                },
            )
    secret = device.secret
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "enabled": False,
            "form": form,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            # segno draws the SVG from the URI alone; nothing in it comes from the request.
            "qr": mark_safe(totp.qr_svg(totp.provisioning_uri(device, user))),  # noqa: S308
            "required": required,
            "next": next_url,
        },
        status=400 if form.errors else 200,
    )


def _two_factor_on(request: HttpRequest, user: AbstractBaseUser, action: str) -> HttpResponse:
    form = CodeForm(request.POST if action == "disable" else None)
    if action == "disable":
        outcome = _confirm_code(request, form)
        if isinstance(outcome, HttpResponse):
            return outcome
        if outcome:
            totp.disable(user, actor=user)
            request.session.pop(signin.VERIFIED, None)
            sessions.keep(request, user)
            messages.info(request, gettext("Two-factor sign-in is off."))
            return redirect("two-factor-setup")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "enabled": True,
            "form": form,
            "remaining": totp.remaining_recovery_codes(user),
            "required": policy.two_factor_required(),
        },
        status=400 if form.errors else 200,
    )


def _present_enrolment_code(
    request: HttpRequest, user: AbstractBaseUser, next_url: str
) -> HttpResponse:
    """Check an administrator's enrolment code; a fresh secret for this session if right."""
    form = CodeForm(request.POST)
    address = lockout.client_address(request)
    try:
        lockout.check(user.get_username(), address)
        if not form.is_valid():
            raise TwoFactorError(gettext("Enter the enrolment code."))
        device = enrolment.start(user, form.cleaned_data["code"])
    except LockedOut as exc:
        auth_logout(request)
        messages.error(request, _locked_message(exc.until))
        return redirect("login")
    except TwoFactorError as exc:
        # Guessing codes with a stolen password counts as failed sign-ins.
        until = lockout.record_failure(user.get_username(), address, stage="enrol")
        if until is not None:
            auth_logout(request)
            messages.error(request, _locked_message(until))
            return redirect("login")
        form.add_error("code", str(exc))
        return _render_enrolment_code(request, form, next_url, 400)
    request.session[ENROLMENT_DEVICE] = device.pk
    target = reverse("two-factor-setup")
    return redirect(target + ("?" + urlencode({"next": next_url}) if next_url else ""))


def _render_enrolment_code(
    request: HttpRequest, form: CodeForm, next_url: str, status: int
) -> HttpResponse:
    return render(
        request,
        "accounts/enrolment_code.html",
        {"form": form, "next": next_url},
        status=status,
    )


@login_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a new set (after a current code), shown once."""
    user = _user(request)
    if not totp.is_enabled(user):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        outcome = _confirm_code(request, form)
        if isinstance(outcome, HttpResponse):
            return outcome
        if outcome:
            codes = totp.regenerate_recovery_codes(user, actor=user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {
                    "codes": codes,
                    "fresh": True,
                    "next": reverse("two-factor-setup"),
                },
            )
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "form": form,
            "remaining": totp.remaining_recovery_codes(user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (its secret shown once), revoke one."""
    user = _user(request)
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    created = ""
    if request.POST.get("action") == "create" and form.is_valid():
        try:
            created = tokens.create_token(
                user,
                form.cleaned_data["name"],
                actor=user,
                second_factor=request.session.get(signin.VERIFIED) is True,
            )
        except AccountsError as exc:
            form.add_error("name", str(exc))
        else:
            form = TokenForm()
    elif request.POST.get("action") == "revoke":
        try:
            token = tokens.revoke_token(ids.parse_id(request.POST.get("token", "")),
                                        actor=user)
        except (AccountsError, ids.InvalidNumber):
            messages.error(request, gettext("No such token of yours."))
        else:
            messages.info(request, gettext("Token %(prefix)s (%(name)s) no longer works.")
                          % {"prefix": token.prefix, "name": token.name})
        return redirect("api-tokens")
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens.list_tokens(user),
            "required": policy.two_factor_required(),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def security_policy(request: HttpRequest) -> HttpResponse:
    """Organisation administrators: whether every user must use two-factor sign-in."""
    user = _user(request)
    if not permissions.can(user, Permission.ADMINISTER):
        raise HttpForbidden(gettext("organisation administrators only"))
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            required = form.cleaned_data["require_two_factor"]
            try:
                policy.set_two_factor_required(required, actor=user)
            except TwoFactorError as exc:
                form.add_error("require_two_factor", str(exc))
            else:
                messages.info(
                    request,
                    gettext("Two-factor sign-in is now required for everyone.") if required
                    else gettext("Two-factor sign-in is now optional."),
                )
                return redirect("security-policy")
    else:
        form = PolicyForm(initial={"require_two_factor": policy.two_factor_required()})
    return render(request, "accounts/security_policy.html", {"form": form},
                  status=400 if form.errors else 200)
