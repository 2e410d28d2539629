"""A long read (an export) in a transaction of its own that keeps no one from writing."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from vigie.concurrency import read_only_snapshot
from vigie.reference.models import Country

# The snapshot's own transaction, not a test's; serialized_rollback puts the database back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_on_sqlite_it_begins_without_taking_the_write_lock():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's transaction modes")
    seen: list[str] = []

    def spy(execute, sql, params, many, context):  # opens no connection, unlike CaptureQueriesContext
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy), read_only_snapshot():
        assert connection.in_atomic_block
        Country.objects.count()
    assert seen[0] == "BEGIN DEFERRED"
    # The writes after it take the write lock as before (settings: transaction_mode).
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Country.objects.count()
    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


def test_on_postgresql_it_is_one_snapshot_that_refuses_writes():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's isolation levels")
    with read_only_snapshot(), connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        assert cursor.fetchone()[0] == "repeatable read"
        with pytest.raises(DatabaseError, match="read-only transaction"):
            cursor.execute("UPDATE reference_country SET iso2 = iso2 WHERE false")


def test_inside_a_transaction_it_keeps_that_transaction():
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, read_only_snapshot():
        Country.objects.count()
    assert not any("BEGIN" in q["sql"] or "SET TRANSACTION" in q["sql"] for q in queries.captured_queries)
