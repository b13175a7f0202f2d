"""URLs of the evidence pages."""

from django.urls import path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.evidence import views

urlpatterns = [
    path("evidence/", views.item_list, name="evidence-list"),
    path("evidence/upload/", views.upload, name="evidence-upload"),
    path("evidence/upload/result/", views.upload_result, name="evidence-upload-result"),
    path("evidence/<id:item_id>/", views.item_detail, name="evidence-detail"),
    path("evidence/<id:item_id>/download/", views.download, name="evidence-download"),
    path("evidence/<id:item_id>/link/", views.item_link, name="evidence-link"),
]
