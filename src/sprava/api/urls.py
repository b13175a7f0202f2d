"""Mounted by `sprava.urls` at /api/v1/."""

from django.urls import path

from sprava.api.v1 import api

urlpatterns = [path("", api.urls)]
