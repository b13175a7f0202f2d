from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "sprava.law"
    label = "law"
    verbose_name = "Law"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The legal layer sits above accounts, whose permission check scopes every read: its
        # rows are declared there from here (`permissions.declare_case_path`).
        from sprava.accounts.permissions import CasePath, declare_case_path
        from sprava.law.models import Assessment, Charge, Conclusion, DerivedDecision

        for model in (Assessment, Conclusion, Charge, DerivedDecision):
            declare_case_path(model, CasePath("case"))
