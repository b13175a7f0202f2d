"""/cases/<reference>/context/ (beside the case page and its dashboard)."""

from __future__ import annotations

from django.urls import path

from sprava.web.analysis import views

app_name = "analysis"
urlpatterns = [
    path("cases/<slug:reference>/context/", views.case_context, name="case-context"),
]
