"""Each protected person's identity is held by one case: the case of their earliest role, the
team that first recorded them (the best guess the existing rows allow)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def holders(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("records", "Person")
    role_model = apps.get_model("records", "PersonRole")
    for person in person_model.objects.filter(protected=True, protecting_case=None):
        first = role_model.objects.filter(person_id=person.pk).order_by("id").first()
        if first is not None:
            person.protecting_case_id = first.case_id
            person.save(update_fields=["protecting_case"])


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0004_alter_custodyperiod_acknowledged"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="protecting_case",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="protected_persons", to="records.case"),
        ),
        migrations.RunPython(holders, migrations.RunPython.noop),
    ]
