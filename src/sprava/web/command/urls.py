"""/cases/<reference>/superiors/ (beside the records pages' /cases/<reference>/)."""

from __future__ import annotations

from django.urls import path

from sprava.web.command import views

app_name = "command"
urlpatterns = [
    path("cases/<slug:reference>/superiors/", views.superiors, name="case-superiors"),
]
