"""Database triggers that tell the statistics engine its snapshot of the victims is out of date.

Every table the engine reads has triggers that write a new token into analytics_registerchange on any
insert, update, delete (or truncate) of the table, in the writing transaction: a reader that sees the
write sees the new token too. The tokens never repeat, not even after a rolled back transaction
(PostgreSQL: a sequence, which a rollback does not rewind; SQLite: a 64-bit random number), so a snapshot
read inside a transaction that is later rolled back is never taken for the state after it.

The triggers are (re)installed after every `migrate`: SQLite loses a table's triggers when Django rebuilds
the table to alter it. `register_token` returns None when a trigger is missing: the engine then reads the
victims afresh on every request, slower but never stale.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

SHARDS = 16
# The tables whose rows the victims' statistics are made of, by app label and model name.
WATCHED_MODELS = [
    ("cases", "Case"),
    ("cases", "Participant"),
    ("cases", "Event"),
    ("cases", "Event_participants"),
    ("people", "Person"),
    ("people", "Person_nationalities"),
    ("exchange", "DataSet"),
    ("exchange", "VictimRecord"),
]
TOKENS_TABLE = "analytics_registerchange"
SEQUENCE = "analytics_registerchange_token_seq"
FUNCTION = "analytics_register_changed"
# PostgreSQL: set (locally to a transaction) by bulk_register_write, read by the trigger function.
BULK_WRITE_SETTING = "vigie.bulk_write"


def watched_tables() -> list[str]:
    return [apps.get_model(app, model)._meta.db_table for app, model in WATCHED_MODELS]


def trigger_name(table: str, event: str = "") -> str:
    return f"analytics_changed_{table}{'_' + event if event else ''}"


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
            # The shard of this backend: concurrent writers update different rows, so do not wait for each other.
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('{BULK_WRITE_SETTING}', true) = 'on' THEN
                        RETURN NULL;  -- bulk_register_write marks the change once, at its end
                    END IF;
                    INSERT INTO {TOKENS_TABLE} (shard, token)
                    VALUES (pg_backend_pid() % {SHARDS}, nextval('{SEQUENCE}'))
                    ON CONFLICT (shard) DO UPDATE SET token = EXCLUDED.token;
                    RETURN NULL;
                END $$"""  # noqa: S608 (names of this module, no input)
            )
            for table in watched_tables():
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {trigger_name(table)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
                )
        elif connection.vendor == "sqlite":
            for table in watched_tables():
                for event in ("insert", "update", "delete"):
                    # Names of this module and of the models, no input.
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {trigger_name(table, event)} AFTER {event.upper()} ON {table} "  # noqa: S608
                        f"BEGIN INSERT INTO {TOKENS_TABLE} (shard, token) VALUES (0, random()) "
                        "ON CONFLICT (shard) DO UPDATE SET token = excluded.token; END"
                    )


def triggers_installed(connection: BaseDatabaseWrapper) -> bool:
    tables = watched_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)",
                [[trigger_name(table) for table in tables]],
            )
            return bool(cursor.fetchone()[0] == len(tables))
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analytics_changed_%'"
            )
            return bool(cursor.fetchone()[0] == 3 * len(tables))
    return False


def register_token(using: str = "default") -> tuple[tuple[int, int], ...] | None:
    """The current tokens: equal tokens, same register. None when the triggers are not all there."""
    connection = connections[using]
    if not triggers_installed(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT shard, token FROM {TOKENS_TABLE} ORDER BY shard")  # noqa: S608
        return tuple((shard, token) for shard, token in cursor.fetchall())


@contextmanager
def bulk_register_write(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """For bulk writers (imports): inside, the triggers do not fire for this connection; at exit the
    register is marked changed as the triggers would have, in the same transaction. If the block raises,
    its savepoint is rolled back and the triggers are as before.

    On SQLite a trigger runs for every row, a quarter of an HTCDS import's time: the triggers are dropped
    and created again at exit, inside the block's savepoint. No other connection can see it (SQLite lets
    one writer in at a time and readers see the last commit). On PostgreSQL the triggers run once a
    statement; the trigger function skips its work while the transaction-local setting is on (dropping a
    trigger there would lock its table against readers).
    """
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analytics_changed_%'"
            )
            dropped = cursor.fetchall()  # none if an enclosing block dropped them already
            for name, _sql in dropped:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            yield
            for _name, sql in dropped:
                cursor.execute(sql)
            _mark_register_changed(cursor, connection.vendor)
        elif connection.vendor == "postgresql":
            # The value before, and not "off": inside an enclosing block the triggers stay off.
            cursor.execute(
                "SELECT coalesce(current_setting(%s, true), ''), set_config(%s, 'on', true)",
                [BULK_WRITE_SETTING, BULK_WRITE_SETTING],
            )
            before = cursor.fetchone()[0]
            yield
            cursor.execute("SELECT set_config(%s, %s, true)", [BULK_WRITE_SETTING, before])
            _mark_register_changed(cursor, connection.vendor)
        else:
            yield


def _mark_register_changed(cursor: Any, vendor: str) -> None:
    """What one firing of the triggers installed above writes."""
    if vendor == "postgresql":
        cursor.execute(
            f"INSERT INTO {TOKENS_TABLE} (shard, token) VALUES (pg_backend_pid() % {SHARDS}, nextval('{SEQUENCE}')) "  # noqa: S608
            "ON CONFLICT (shard) DO UPDATE SET token = EXCLUDED.token"
        )
    else:
        cursor.execute(
            f"INSERT INTO {TOKENS_TABLE} (shard, token) VALUES (0, random()) "  # noqa: S608
            "ON CONFLICT (shard) DO UPDATE SET token = excluded.token"
        )


def install_after_migrate(using: str = "default", **_kwargs: object) -> None:
    connection = connections[using]
    if TOKENS_TABLE in connection.introspection.table_names():
        install_triggers(connection)
