"""URLs of the ledger page."""

from django.urls import path

from sprava.web.ledger import views

urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
]
