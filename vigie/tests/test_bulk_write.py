"""vigie.bulk_write: many rows at once, every row written, the database's constraints still checking them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from vigie.bulk_write import ROWS_PER_INSERT, write_rows
from vigie.exchange.models import ImportRun, SourceRowKey

pytestmark = pytest.mark.django_db

COLUMNS = ["target", "key", "run_id"]


@pytest.fixture
def run() -> ImportRun:
    return ImportRun.objects.create(kind="ctdc", file_name="ctdc.csv", sha256="0" * 64, size=1)


def keys_of(run: ImportRun, count: int) -> list[tuple[str, str, int]]:
    return [("test", f"row:{n}", run.pk) for n in range(count)]


def test_every_row_is_written_with_its_values_over_several_statements(run):
    # Two full statements and a shorter last one on SQLite; one COPY on PostgreSQL.
    rows = keys_of(run, 2 * ROWS_PER_INSERT + 34)
    write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, iter(rows))  # any iterable, read once
    written = SourceRowKey.objects.filter(run=run).values_list("target", "key", "run_id")
    assert sorted(written) == sorted(rows)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit on a statement's parameters")
def test_a_statement_holds_no_more_parameters_than_sqlite_allows(run, monkeypatch):
    monkeypatch.setattr(type(connection.features), "max_query_params", property(lambda _features: 10))
    statements: list[str] = []
    connection.ensure_connection()
    connection.connection.set_trace_callback(statements.append)
    try:
        write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 7))
    finally:
        connection.connection.set_trace_callback(None)
    inserts = [s for s in statements if s.startswith("INSERT INTO")]
    # 10 parameters: 3 rows of 3 columns a statement, the last with the seventh row alone (the trace shows
    # statements with their values).
    assert [s.count("('test', 'row:") for s in inserts] == [3, 3, 1]
    assert SourceRowKey.objects.filter(run=run).count() == 7


def test_a_row_that_breaks_a_constraint_raises_djangos_error_and_writes_nothing(run):
    rows = [*keys_of(run, 3), ("test", "row:1", run.pk)]  # the unique (target, key) twice
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, rows)
    assert not SourceRowKey.objects.filter(run=run).exists()


def test_the_rows_values_are_not_kept_by_djangos_query_log(run):
    # With DEBUG on, Django's cursor keeps every statement with its values: a batch's would stay in memory.
    with CaptureQueriesContext(connection) as queries:
        write_rows(connection, SourceRowKey._meta.db_table, COLUMNS, keys_of(run, 50))
    assert not any("row:49" in query["sql"] for query in queries.captured_queries)
    assert SourceRowKey.objects.filter(run=run).count() == 50
