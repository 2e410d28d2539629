"""Many rows of one table written at once, for imports and the demo generator, with the database's own
constraints (foreign keys, unique indexes, checks) checking every row as for any other write.

PostgreSQL takes them through COPY, its bulk load. SQLite (the only other database vigie runs on) takes
them as INSERTs of up to 500 rows each: each statement run has a cost of its own (its program is reset
and started again, its cursors on the table, its indexes and the parent tables of its foreign keys are
opened again), which executemany pays for every row. Measured on 100,000 HTCDS rows parsed and written
in one process, two runs each: inserting took 97 and 106 µs per source row this way, 114 and 128 µs
with executemany (and on 30,000 rows, 96 and 108 against 133 and 142).

The statements go to the driver, past Django's cursor: with DEBUG on, Django's cursor keeps the text of
every statement it runs, and here that is every value of the batch.
"""

from collections.abc import Iterable, Sequence
from itertools import batched, chain
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# Past a few hundred rows a statement is no faster, and its text (and SQLite's program for it) grows.
ROWS_PER_INSERT = 500


def write_rows(
    connection: BaseDatabaseWrapper, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (values in the order of `columns`, ready for the database) into `table`."""
    quote = connection.ops.quote_name
    into = f"{quote(table)} ({', '.join(quote(column) for column in columns)})"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Straight to the driver's connection: Django's cursor would also rewrite its placeholders (%s into
        # ?) with a regular expression, over a statement of thousands of them each time.
        sqlite = connection.connection
        one_row = "(" + ", ".join(["?"] * len(columns)) + ")"
        most_parameters = connection.features.max_query_params or 999  # SQLite's limit before 3.32
        per_statement = max(1, min(ROWS_PER_INSERT, most_parameters // len(columns)))
        statements: dict[int, str] = {}  # by number of rows: the last batch is shorter
        for batch in batched(rows, per_statement):
            sql = statements.get(len(batch))
            if sql is None:
                values = ", ".join([one_row] * len(batch))
                # Names come from the models' metadata; the values go as parameters.
                sql = statements[len(batch)] = f"INSERT INTO {into} VALUES {values}"  # noqa: S608
            sqlite.execute(sql, list(chain.from_iterable(batch)))
