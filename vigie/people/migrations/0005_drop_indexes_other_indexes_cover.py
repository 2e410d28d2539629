"""Indexes that another index already serves, dropped: each one cost every write (a tenth of an import's).

A foreign key's own index, where an index or unique constraint of the table starts with the same column;
and the B-tree on people_person.search_text, which is searched with "contains" only (PostgreSQL's trigram
index, migration people 0003, serves that; a B-tree cannot). Only the indexes are dropped: altering the
fields the usual way would make SQLite rebuild each table, losing its triggers (the audit trail's, the
statistics'), and PostgreSQL re-check each foreign key over every row.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def drop_search_text_like_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "people_person_search_text_a0e78c2e_like"')


def create_search_text_like_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX "people_person_search_text_a0e78c2e_like" ON "people_person" ("search_text" text_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_lawful_permanent_resident"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "people_identitydocument_person_id_c5aab57e"',
                    reverse_sql='CREATE INDEX "people_identitydocument_person_id_c5aab57e" ON "people_identitydocument" ("person_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "people_person_search_text_a0e78c2e"',
                    reverse_sql='CREATE INDEX "people_person_search_text_a0e78c2e" ON "people_person" ("search_text")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "people_phonenumber_person_id_bfbedbd5"',
                    reverse_sql='CREATE INDEX "people_phonenumber_person_id_bfbedbd5" ON "people_phonenumber" ("person_id")',
                ),
                # Django's second index of a text column on PostgreSQL, for LIKE 'x%' (never asked of it).
                migrations.RunPython(drop_search_text_like_index, create_search_text_like_index, elidable=False),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="identitydocument",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="search_text",
                    field=models.TextField(default="", editable=False),
                ),
                migrations.AlterField(
                    model_name="phonenumber",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="phones",
                        to="people.person",
                    ),
                ),
            ],
        )
    ]
