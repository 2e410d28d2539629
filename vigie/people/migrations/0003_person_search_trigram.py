"""A trigram index for name searches on PostgreSQL.

A search for "traore" is `search_text LIKE '%traore%'`, which no B-tree index can serve: without this index
PostgreSQL reads every person. pg_trgm's GIN index serves LIKE '%…%' directly. SQLite has no such index;
there the search goes through the participants of the cases the user may see (see cases/selectors.py).
"""

from typing import Any

from django.db import migrations


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS people_person_search_trgm ON people_person USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_alter_identitydocument_issuing_country")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
