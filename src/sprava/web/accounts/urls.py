"""Sign-in and account pages. Everything under /login/ is reachable before signing in."""

from django.urls import path

from sprava.web.accounts import security_views, views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/two-factor/", views.two_factor, name="two-factor"),
    path("logout/", views.logout, name="logout"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/tokens/", views.api_tokens, name="api-tokens"),
    path("account/password/", security_views.password_change, name="password-change"),
    path("account/enrolment-codes/", security_views.enrolment_codes, name="enrolment-codes"),
    path("account/security/", views.security_policy, name="security-policy"),
]
