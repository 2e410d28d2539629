"""Indexes that another index already serves, dropped: each one cost every write (a tenth of an import's).

A foreign key's own index, where an index or unique constraint of the table starts with the same column;
and the B-tree on people_person.search_text, which is searched with "contains" only (PostgreSQL's trigram
index, migration people 0003, serves that; a B-tree cannot). Only the indexes are dropped: altering the
fields the usual way would make SQLite rebuild each table, losing its triggers (the audit trail's, the
statistics'), and PostgreSQL re-check each foreign key over every row.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_password_change_and_versions"),
        ("cases", "0006_facts_known_to_be_none"),
        ("people", "0005_drop_indexes_other_indexes_cover"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "cases_case_agency_id_062136fa"',
                    reverse_sql='CREATE INDEX "cases_case_agency_id_062136fa" ON "cases_case" ("agency_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "cases_participant_case_id_85d6d352"',
                    reverse_sql='CREATE INDEX "cases_participant_case_id_85d6d352" ON "cases_participant" ("case_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "cases_participant_person_id_34c30885"',
                    reverse_sql='CREATE INDEX "cases_participant_person_id_34c30885" ON "cases_participant" ("person_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "cases_suspectedoffence_case_id_8bd2b412"',
                    reverse_sql='CREATE INDEX "cases_suspectedoffence_case_id_8bd2b412" ON "cases_suspectedoffence" ("case_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="accounts.agency",
                        verbose_name="lead agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="participant",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participants",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="participant",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="suspectedoffence",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offences",
                        to="cases.case",
                    ),
                ),
            ],
        )
    ]
