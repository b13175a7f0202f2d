"""The legal layer's pages: for now the decision behind an act's "Proposed by rules" block."""

from __future__ import annotations

from django.urls import path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.law import derived

app_name = "law"
urlpatterns = [
    path("acts/<id:act>/derived/decide/", derived.decide, name="act-derived-decide"),
]
