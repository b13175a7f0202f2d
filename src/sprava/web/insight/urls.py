"""/search/ and /cases/<reference>/dashboard/ (beside the records pages' /cases/<reference>/)."""

from __future__ import annotations

from django.urls import path

from sprava.web.insight import views

app_name = "insight"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("cases/<slug:reference>/dashboard/", views.dashboard, name="case-dashboard"),
]
