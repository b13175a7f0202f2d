# Issue 8: Case and Membership move to the cases app, at the foot of the domain.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_membership_moves_to_cases'),
        ('cases', '0001_initial'),
        ('evidence', '0003_receipt_case_in_cases'),
        ('records', '0005_issue7_identity_protecting_case'),
    ]

    # State only: the tables exist already, with these names; no row moves.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='personrole',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='person_roles', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='testimony',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='testimonies', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='consent',
                    name='case',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='protecting_case',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='protected_persons', to='cases.case'),
                ),
                migrations.DeleteModel(
                    name='Case',
                ),
            ],
        ),
    ]
