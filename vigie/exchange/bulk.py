from collections.abc import Collection, Sequence
from typing import Any

from django.db import connections, models, router

from vigie.bulk_write import write_rows


def insert_rows(model: type[models.Model], fields: list[str], rows: Sequence[Sequence[Any]]) -> int:
    """Many rows at once (vigie.bulk_write). bulk_create compiles every value of every object through the
    ORM, which made it 80% of an import's time; here values are already of the column's type (JSON fields
    are prepared below) and the database's constraints still apply."""
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
    columns = [str(field.column) for field in model_fields]  # type: ignore[union-attr]
    write_rows(connection, meta.db_table, columns, rows)
    return len(rows)


def values_present(model: type[models.Model], field: str, values: Collection[Any], **equal: Any) -> set[Any]:
    """Which of `values` the model's table holds in `field`, among its rows with the `equal` column values
    (the columns of a unique index, `field` last)."""
    return {value for (value,) in rows_matching(model, field, values, [field], **equal)}


def rows_matching(
    model: type[models.Model], field: str, values: Collection[Any], columns: list[str], **equal: Any
) -> list[tuple[Any, ...]]:
    """The `columns` of the rows whose `field` is one of `values`, among those with the `equal` column values:
    one query, each value looked up through the table's unique index on (*equal, field). The ORM's `__in`
    prepares each of a thousand values through its lookup machinery, which cost a tenth of an import's batch."""
    if not values:
        return []
    connection = connections[router.db_for_write(model)]  # inside the import's transaction
    meta, quote = model._meta, connection.ops.quote_name

    def column_of(name: str) -> str:
        return quote(str(meta.get_field(name).column))  # type: ignore[union-attr]

    table, column = quote(meta.db_table), column_of(field)
    selected = ", ".join(column_of(name) for name in columns)
    conditions = [f"{column_of(name)} = %s" for name in equal]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Value by value (LATERAL … LIMIT 1 leaves the planner no other way). The rows an import wrote in
            # its transaction have no statistics yet: asked `target = … AND key IN (…)`, PostgreSQL took the
            # target for selective, read every key of it and filtered them, each batch slower than the last
            # (quadratic: a sixth of a 100,000-row CTDC import's time, growing with the square of the rows).
            where = " AND ".join([*conditions, f"{column} = probe.value"])
            array_type = f"{meta.get_field(field).cast_db_type(connection)}[]"  # type: ignore[union-attr]
            cursor.execute(
                f"SELECT found.* FROM unnest(%s::{array_type}) AS probe(value) "  # noqa: S608 - model names
                f"CROSS JOIN LATERAL (SELECT {selected} FROM {table} WHERE {where} LIMIT 1) AS found",
                [list(values), *equal.values()],
            )
        else:
            conditions.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
            sql = f"SELECT {selected} FROM {table} WHERE {' AND '.join(conditions)}"  # noqa: S608 - model names
            cursor.execute(sql, [*equal.values(), *values])
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows
