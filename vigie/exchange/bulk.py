from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router


def insert_rows(model: type[models.Model], fields: list[str], rows: Sequence[Sequence[Any]]) -> int:
    """Many rows at once: COPY on PostgreSQL, one executemany elsewhere. bulk_create compiles every value
    of every object through the ORM, which made it 80% of an import's time; here values are already of
    the column's type (JSON fields are prepared below) and the database's constraints still apply."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    json_positions = [i for i, field in enumerate(model_fields) if isinstance(field, models.JSONField)]
    if json_positions:
        prepared = []
        for row in rows:
            values = list(row)
            for i in json_positions:
                values[i] = model_fields[i].get_db_prep_save(values[i], connection)  # type: ignore[union-attr]
            prepared.append(values)
        rows = prepared
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in model_fields)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk load, several times faster than INSERT statements (which psycopg
            # would also have to parse for their placeholders), in the same transaction.
            table = quote(meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - model names
            cursor.executemany(sql, rows)
    return len(rows)
