# Issue 8: Case and Membership move to the cases app, at the foot of the domain.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('accounts', '0002_issue7_accounts_sessions_enrolment'),
    ]

    # State only: the tables exist already, with these names; no row moves.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='Membership',
                ),
            ],
        ),
    ]
