"""vigie.bulk_write: many rows at once, every row written, the database's constraints still checking them."""

from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from vigie.bulk_write import ROWS_PER_INSERT, write_rows
from vigie.exchange.models import ImportRun, SourceRowKey

pytestmark = pytest.mark.django_db

COLUMNS = ["target", "key", "run_id"]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="how SQLite is sent the rows")


@pytest.fixture
def run() -> ImportRun:
    return ImportRun.objects.create(kind="ctdc", file_name="ctdc.csv", sha256="0" * 64, size=1)


def keys_of(run: ImportRun, count: int) -> list[tuple[str, str, int]]:
    return [("test", f"row:{n}", run.pk) for n in range(count)]


def test_every_row_is_written_with_its_values_over_several_statements(run):
    # Two full statements and the rest row by row on SQLite; one COPY on PostgreSQL.
    rows = keys_of(run, 2 * ROWS_PER_INSERT + 77)
    write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, iter(rows))  # any iterable, read once
    written = SourceRowKey.objects.filter(run=run).values_list("target", "key", "run_id")
    assert sorted(written) == sorted(rows)


def inserts_traced(write: Callable[[], None]) -> list[int]:
    """The number of rows of each INSERT that `write` makes SQLite run (its trace shows them with their
    values)."""
    statements: list[str] = []
    connection.ensure_connection()
    connection.connection.set_trace_callback(statements.append)
    try:
        write()
    finally:
        connection.connection.set_trace_callback(None)
    return [s.count("('test', 'row:") for s in statements if s.startswith("INSERT INTO")]


@sqlite_only
def test_full_statements_then_the_last_rows_one_by_one(run):
    # Statements of one length, and the one-row INSERT: SQLite keeps two compiled statements for the table,
    # not one for every length a batch ends with.
    sizes = inserts_traced(
        lambda: write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 2 * ROWS_PER_INSERT + 3))
    )
    assert sizes == [ROWS_PER_INSERT, ROWS_PER_INSERT, 1, 1, 1]


@sqlite_only
def test_a_statement_holds_no_more_parameters_than_sqlite_allows(run, monkeypatch):
    monkeypatch.setattr(type(connection.features), "max_query_params", property(lambda _features: 10))
    sizes = inserts_traced(lambda: write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 7)))
    # 10 parameters: 3 rows of 3 columns a statement, then the seventh row alone.
    assert sizes == [3, 3, 1]
    assert SourceRowKey.objects.filter(run=run).count() == 7


def test_a_row_that_breaks_a_constraint_raises_djangos_error_and_the_transaction_goes_on(run):
    rows = [*keys_of(run, 3), ("test", "row:1", run.pk)]  # the unique (target, key) twice
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, rows)
        # Rolled back to its savepoint, as any write that Django's cursor makes: the transaction goes on.
        write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 2))
        assert SourceRowKey.objects.filter(run=run).count() == 2


def test_no_row_goes_into_a_transaction_marked_for_rollback(run):
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 2))


def test_the_rows_values_are_not_kept_by_djangos_query_log(run):
    # With DEBUG on, Django's cursor keeps every statement with its values: a batch's would stay in memory.
    with CaptureQueriesContext(connection) as queries:
        write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 50))
    assert not any("row:49" in query["sql"] for query in queries.captured_queries)
    assert SourceRowKey.objects.filter(run=run).count() == 50
