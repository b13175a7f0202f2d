"""The project's URLs with this app's pages first, as `sprava.urls` will have them."""

from django.urls import include, path

urlpatterns = [
    path("", include("sprava.accounts.urls")),
    path("", include("sprava.web.urls")),
]
