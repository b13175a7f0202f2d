from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sprava.cases"
    label = "cases"
    verbose_name = "Cases and their members"
    default_auto_field = "django.db.models.BigAutoField"
