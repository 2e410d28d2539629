"""Many rows of one table written at once, for imports and the demo generator, with the database's own
constraints (foreign keys, unique indexes, checks) checking every row as for any other write.

PostgreSQL takes them through COPY, its bulk load. SQLite (the only other database vigie runs on) takes
them as INSERTs of ROWS_PER_INSERT rows each: each statement run has a cost of its own (its program is
reset and started again, its cursors on the table, its indexes and the parent tables of its foreign keys
are opened again), which executemany pays for every row. Measured on 100,000 HTCDS rows parsed and
written in one process, two runs each: inserting took 103 and 128 µs per source row this way, 144 and
152 µs with executemany; on 30,000 rows, 88 and 112 against 131 and 147, and statements of 500 rows were
no faster (87 and 124).

The rows left after the last full statement go with executemany, of the one-row INSERT: the driver keeps
the last 128 statements compiled, for the connection's life, and a statement of many rows is big (some
0.15 MB compiled for 128 rows of 15 columns, 0.64 MB for 500). One statement of every length a table's
rows end with would fill that cache with about a hundred megabytes; this way each table and list of
columns has two.

The statements go to the driver, past Django's cursor: with DEBUG on, Django's cursor keeps the text of
every statement it runs, and here that is every value of the batch. Its execute wrappers
(connection.execute_wrapper) do not see them either.
"""

from collections.abc import Iterable, Sequence
from itertools import batched, chain
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# Rows a statement amortises its own cost over; more makes it no faster, only bigger (see above).
ROWS_PER_INSERT = 128


def write_rows(
    connection: BaseDatabaseWrapper, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (values in the order of `columns`, ready for the database) into `table`."""
    quote = connection.ops.quote_name
    into = f"{quote(table)} ({', '.join(quote(column) for column in columns)})"
    # What Django's cursor checks first: no write into a transaction already marked for rollback.
    connection.validate_no_broken_transaction()
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
        # Names come from the models' metadata; the values go as parameters.
        many = f"INSERT INTO {into} VALUES {', '.join([one_row] * per_statement)}"  # noqa: S608
        for batch in batched(rows, per_statement):
            if len(batch) == per_statement:
                sqlite.execute(many, list(chain.from_iterable(batch)))
            else:  # the last rows
                sqlite.executemany(f"INSERT INTO {into} VALUES {one_row}", batch)  # noqa: S608
