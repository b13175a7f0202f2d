from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

INITIAL = ("search", "0001_index")


def repair_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After every `migrate`: put back what a table rebuild of another app took away.

    Runs once per `migrate` (for the records app's signal). Does nothing before this app's own
    migration has run, or after it was unapplied.
    """
    from django.db import connections, transaction
    from django.db.migrations.recorder import MigrationRecorder

    from sprava.search import index

    if sender.label != "records":
        return
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    if INITIAL not in MigrationRecorder(connection).applied_migrations():
        return
    with transaction.atomic(using=using):
        index.install(connection)


class SearchConfig(AppConfig):
    name = "sprava.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(repair_index, dispatch_uid="sprava.search.repair_index")
