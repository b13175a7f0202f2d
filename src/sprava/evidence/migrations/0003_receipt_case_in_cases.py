# Issue 8: Case and Membership move to the cases app, at the foot of the domain.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('evidence', '0002_receipt_case'),
    ]

    # State only: the tables exist already, with these names; no row moves.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='receipt',
                    name='case',
                    field=models.ForeignKey(blank=True, help_text='The case the material arrived for; its members may see the item.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='cases.case'),
                ),
            ],
        ),
    ]
