from collections.abc import Collection, Sequence
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


def values_present(model: type[models.Model], field: str, values: Collection[Any], **equal: Any) -> set[Any]:
    """Which of `values` the model's table holds in `field`, among its rows with the `equal` column values:
    one query through the table's unique index. The ORM's `__in` prepares each of a thousand values
    through its lookup machinery, which cost a tenth of an import's batch."""
    if not values:
        return set()
    connection = connections[router.db_for_write(model)]  # inside the import's transaction
    meta, quote = model._meta, connection.ops.quote_name
    column = quote(str(meta.get_field(field).column))  # type: ignore[union-attr]
    conditions = [f"{quote(str(meta.get_field(name).column))} = %s" for name in equal]  # type: ignore[union-attr]
    conditions.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
    sql = f"SELECT {column} FROM {quote(meta.db_table)} WHERE {' AND '.join(conditions)}"  # noqa: S608 - model names
    with connection.cursor() as cursor:
        cursor.execute(sql, [*equal.values(), *values])
        return {value for (value,) in cursor.fetchall()}
