from django.urls import include, path
from django.views.generic import RedirectView

from sprava.web import views

app_name = ""
urlpatterns = [
    # Log-in, two-factor and log-out pages live in sprava.web.accounts.urls.
    # The address the README gives: a documenter's cases, as after signing in.
    path("", RedirectView.as_view(pattern_name="records:case-list"), name="home"),
    path("", include("sprava.web.evidence.urls")),
    path("", include("sprava.web.ledger.urls")),
    # Browsers and other tools ask for it whatever the pages link; signed in or not.
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("sprava.web.records.urls")),
    path("", include("sprava.web.insight.urls")),
    path("", include("sprava.web.law.urls")),
    path("", include("sprava.web.command.urls")),
    path("", include("sprava.web.analysis.urls")),
]
