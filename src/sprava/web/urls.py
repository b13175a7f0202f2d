from django.urls import include, path
from django.views.generic import RedirectView

from sprava.web import converters, views  # noqa: F401 - registers <id:...>

app_name = ""
urlpatterns = [
    # Log-in, two-factor and log-out pages live in sprava.accounts.urls.
    # The address the README gives: a documenter's cases, as after signing in.
    path("", RedirectView.as_view(pattern_name="records:case-list"), name="home"),
    path("evidence/", views.item_list, name="evidence-list"),
    path("evidence/upload/", views.upload, name="evidence-upload"),
    path("evidence/upload/result/", views.upload_result, name="evidence-upload-result"),
    path("evidence/<id:item_id>/", views.item_detail, name="evidence-detail"),
    path("evidence/<id:item_id>/download/", views.download, name="evidence-download"),
    path("evidence/<id:item_id>/link/", views.item_link, name="evidence-link"),
    path("ledger/", views.ledger, name="ledger"),
    # Browsers and other tools ask for it whatever the pages link; signed in or not.
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("sprava.web.records.urls")),
    path("", include("sprava.web.insight.urls")),
]
