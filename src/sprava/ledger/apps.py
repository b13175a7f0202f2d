from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "sprava.ledger"
    label = "ledger"
    verbose_name = "Custody ledger"
    default_auto_field = "django.db.models.BigAutoField"
