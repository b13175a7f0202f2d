from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "sprava.law"
    label = "law"
    verbose_name = "Law"
    default_auto_field = "django.db.models.BigAutoField"
