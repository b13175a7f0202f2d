from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("sprava.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # the language switcher
    path("", include("sprava.accounts.urls")),
    path("", include("sprava.web.urls")),
]
