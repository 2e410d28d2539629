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
        ("exchange", "0006_mapping_reads_a_chosen_sheet"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "exchange_importedcase_agency_id_81b6193f"',
                    reverse_sql='CREATE INDEX "exchange_importedcase_agency_id_81b6193f" ON "exchange_importedcase" ("agency_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="importedcase",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
        )
    ]
