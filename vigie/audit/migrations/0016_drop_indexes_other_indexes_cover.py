"""Indexes that another index already serves, dropped: each one cost every write (a tenth of an import's).

A foreign key's own index, where an index or unique constraint of the table starts with the same column;
and the B-tree on people_person.search_text, which is searched with "contains" only (PostgreSQL's trigram
index, migration people 0003, serves that; a B-tree cannot). Only the indexes are dropped: altering the
fields the usual way would make SQLite rebuild each table, losing its triggers (the audit trail's, the
statistics'), and PostgreSQL re-check each foreign key over every row.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_password_change_and_versions"),
        ("audit", "0015_statistics_viewed_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_auditevent_actor_id_270bb4b7"',
                    reverse_sql='CREATE INDEX "audit_auditevent_actor_id_270bb4b7" ON "audit_auditevent" ("actor_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_auditevent_agency_id_219033f1"',
                    reverse_sql='CREATE INDEX "audit_auditevent_agency_id_219033f1" ON "audit_auditevent" ("agency_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="who",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
        )
    ]
