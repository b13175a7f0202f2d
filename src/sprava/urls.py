from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("sprava.api.urls")),
    path("", include("sprava.accounts.urls")),
    path("", include("sprava.web.urls")),
]
