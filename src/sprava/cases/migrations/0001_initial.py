# Issue 8: Case and Membership move to the cases app, at the foot of the domain.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_issue7_accounts_sessions_enrolment'),
        ('records', '0005_issue7_identity_protecting_case'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # State only: the tables exist already, with these names; no row moves.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.SlugField(max_length=60, unique=True)),
                        ('title', models.CharField(max_length=300)),
                        ('summary', models.TextField(blank=True)),
                        ('venues', models.JSONField(blank=True, default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'records_case',
                        'ordering': ['reference'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('lead', 'Lead'), ('lawyer', 'Lawyer'), ('investigator', 'Investigator'), ('analyst', 'Analyst'), ('viewer', 'Viewer')], max_length=16)),
                        ('identity_access', models.BooleanField(default=False)),
                        ('granted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='cases.case')),
                        ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_membership',
                        'ordering': ['case_id', 'role', 'user_id'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'case'), name='membership_once_per_case')],
                    },
                ),
            ],
        ),
    ]
