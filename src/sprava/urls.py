from django.urls import include, path

urlpatterns = [
    path("", include("sprava.web.urls")),
]
