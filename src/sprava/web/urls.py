from django.contrib.auth import views as auth_views
from django.urls import path

from sprava.web import views

app_name = ""
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Django's LogoutView accepts only POST, so a link or an image cannot sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.item_list, name="home"),
    path("evidence/", views.item_list, name="evidence-list"),
    path("evidence/upload/", views.upload, name="evidence-upload"),
    path("evidence/upload/result/", views.upload_result, name="evidence-upload-result"),
    path("evidence/<int:item_id>/", views.item_detail, name="evidence-detail"),
    path("evidence/<int:item_id>/download/", views.download, name="evidence-download"),
    path("ledger/", views.ledger, name="ledger"),
]
