from django.urls import include, path, re_path

from sprava.api.urls import not_found

urlpatterns = [
    path("api/v1/", include("sprava.api.urls")),
    re_path(r"^api/(?P<rest>.*)$", not_found),  # JSON, not the pages' 404
    path("i18n/", include("django.conf.urls.i18n")),  # the language switcher
    path("", include("sprava.web.accounts.urls")),
    path("", include("sprava.web.urls")),
]
