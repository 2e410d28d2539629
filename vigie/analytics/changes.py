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

from django.apps import apps
from django.db import connections
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


def install_after_migrate(using: str = "default", **_kwargs: object) -> None:
    connection = connections[using]
    if TOKENS_TABLE in connection.introspection.table_names():
        install_triggers(connection)
