"""/cases/<reference>/jurisdiction/ (beside the records pages' /cases/<reference>/)."""

from __future__ import annotations

from django.urls import path

from sprava.web.law import views

app_name = "law"
urlpatterns = [
    path("cases/<slug:reference>/jurisdiction/", views.case_jurisdiction,
         name="case-jurisdiction"),
]
