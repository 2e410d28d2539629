"""Database triggers that tell the statistics engine its snapshot of the victims is out of date.

Every table the engine reads has triggers that write a new token into analytics_registerchange on any
insert, update, delete (or truncate) of the table, in the writing transaction: a reader that sees the
write sees the new token too. The tokens never repeat, not even after a rolled back transaction
(PostgreSQL: a sequence, which a rollback does not rewind; SQLite: a 64-bit random number), so a snapshot
read inside a transaction that is later rolled back is never taken for the state after it.

The triggers are (re)installed after every `migrate`: SQLite loses a table's triggers when Django rebuilds
the table to alter it. `register_token` returns None when a trigger is missing: the engine then reads the
victims afresh on every request, slower but never stale.

The change log (second part of this module, separate triggers) says *what* changed: the person, case or
data set each write touched, in analytics_registerchangelog. A snapshot that knows where in the log it is
up to date (its `LogPosition`) then re-reads only the victims of the persons and cases logged since. Only a
snapshot of committed rows gets a position (read outside any transaction, or on PostgreSQL in one that has
not written yet), so a rollback cannot leave in it a change that the log no longer shows (one read inside a
transaction is kept by its tokens only, as above). On PostgreSQL the position is a database snapshot
(`pg_current_snapshot()`): the log rows to apply are those of the transactions it did not see, whatever
order they commit in. On SQLite, which commits one writer at a time, it is the last log id. The log is
emptied (and its epoch counted) when it grows long; a position of an older epoch can only be followed by a
full read.
"""

from dataclasses import dataclass

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


# The change log ------------------------------------------------------------------------------------------

LOG_TABLE = "analytics_registerchangelog"
EPOCH_TABLE = "analytics_registerlogepoch"
# Kinds of log rows: what the object id is.
PERSON, CASE, DATA_SET, EVERYTHING = "p", "c", "d", "a"
LOGGED_KINDS = (PERSON, CASE, DATA_SET, EVERYTHING)
# Past this many log rows (at a full read), the log is emptied.
LOG_PRUNE_ROWS = 200_000


@dataclass(frozen=True)
class LogPosition:
    epoch: int
    mark: str  # SQLite: the last log id seen; PostgreSQL: a pg_snapshot as text


def _logged_tables() -> dict[str, tuple[str, str, str | None]]:
    """Per watched table: the kind logged, the column of the written row it is read from, and (when the row
    does not hold it) the query from that column to the logged id, with `{keys}` for the keys."""
    case, participant = apps.get_model("cases", "Case"), apps.get_model("cases", "Participant")
    event, person = apps.get_model("cases", "Event"), apps.get_model("people", "Person")
    links = event.participants.through._meta.db_table
    participants = participant._meta.db_table
    return {
        case._meta.db_table: (CASE, "id", None),
        participants: (PERSON, "person_id", None),
        # An event's date and kind make its participants' age group: the persons linked to it.
        event._meta.db_table: (
            PERSON,
            "id",
            f"SELECT pa.person_id FROM {links} ep JOIN {participants} pa ON pa.id = ep.participant_id "  # noqa: S608
            "WHERE ep.event_id IN ({keys})",
        ),
        links: (PERSON, "participant_id", f"SELECT person_id FROM {participants} WHERE id IN ({{keys}})"),  # noqa: S608
        person._meta.db_table: (PERSON, "id", None),
        person.nationalities.through._meta.db_table: (PERSON, "person_id", None),
        apps.get_model("exchange", "DataSet")._meta.db_table: (DATA_SET, "id", None),
        apps.get_model("exchange", "VictimRecord")._meta.db_table: (DATA_SET, "dataset_id", None),
    }


def log_trigger_name(table: str, event: str) -> str:
    return f"analytics_logged_{table}_{event}"


def _log_select(kind: str, keys: str, lookup: str | None) -> str:
    if lookup is None:
        return f"SELECT DISTINCT '{kind}', k FROM ({keys}) AS logged"  # noqa: S608
    return f"SELECT DISTINCT '{kind}', l.person_id FROM ({lookup.format(keys=keys)}) AS l"  # noqa: S608


def install_log_triggers(connection: BaseDatabaseWrapper) -> None:
    """Triggers that log which person, case or data set each write touched (names of this module and of
    the models in the SQL, no input)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION analytics_log_everything() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {LOG_TABLE} (kind, object_id, transaction)
                    VALUES ('{EVERYTHING}', 0, pg_current_xact_id()::text::bigint);
                    RETURN NULL;
                END $$"""  # noqa: S608
            )
            for table, (kind, column, lookup) in _logged_tables().items():
                written = {
                    "INSERT": f"SELECT {column} AS k FROM new_rows",  # noqa: S608
                    "UPDATE": f"SELECT {column} AS k FROM new_rows UNION SELECT {column} FROM old_rows",  # noqa: S608
                    "DELETE": f"SELECT {column} AS k FROM old_rows",  # noqa: S608
                }
                branches = " ".join(
                    f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op}' THEN "  # noqa: S608
                    f"INSERT INTO {LOG_TABLE} (kind, object_id, transaction) "
                    f"SELECT logged.*, pg_current_xact_id()::text::bigint FROM ({_log_select(kind, keys, lookup)}) "
                    "AS logged;"
                    for n, (op, keys) in enumerate(written.items())
                )
                function = f"analytics_log_{table}"
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN {branches} END IF; RETURN NULL; END $$"
                )
                referencing = {
                    "insert": "NEW TABLE AS new_rows",
                    "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
                    "delete": "OLD TABLE AS old_rows",
                }
                for event, tables in referencing.items():
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {log_trigger_name(table, event)} AFTER {event.upper()} ON {table} "
                        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                    )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {log_trigger_name(table, 'truncate')} AFTER TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_everything()"
                )
        elif connection.vendor == "sqlite":
            for table, (kind, column, lookup) in _logged_tables().items():
                written = {
                    "insert": f"SELECT NEW.{column} AS k",
                    "update": f"SELECT NEW.{column} AS k UNION SELECT OLD.{column}",
                    "delete": f"SELECT OLD.{column} AS k",
                }
                for event, keys in written.items():
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {log_trigger_name(table, event)} AFTER {event.upper()} "
                        f"ON {table} BEGIN INSERT INTO {LOG_TABLE} (kind, object_id) "
                        f"{_log_select(kind, keys, lookup)}; END"
                    )


def _log_trigger_names(connection: BaseDatabaseWrapper) -> list[str]:
    events = (
        ("insert", "update", "delete", "truncate")
        if connection.vendor == "postgresql"
        else ("insert", "update", "delete")
    )
    return [log_trigger_name(table, event) for table in _logged_tables() for event in events]


def log_triggers_installed(connection: BaseDatabaseWrapper) -> bool:
    names = _log_trigger_names(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)", [names])
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analytics_logged_%'"
            )
        else:
            return False
        return bool(cursor.fetchone()[0] == len(names))


def log_position(using: str = "default") -> LogPosition | None:
    """Where the change log stands now, for a snapshot about to be read; None when a snapshot read now could
    not be followed from the log: inside a transaction that may have written (see the module docstring), or
    log triggers missing."""
    connection = connections[using]
    if not log_triggers_installed(connection):
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A transaction that has not written yet (no transaction id) reads committed rows only.
            cursor.execute(
                "SELECT pg_current_snapshot()::text, "  # noqa: S608
                f"(SELECT epoch FROM {EPOCH_TABLE} WHERE id = 1), pg_current_xact_id_if_assigned() IS NULL"
            )
            mark, epoch, clean = cursor.fetchone()
        elif connection.in_atomic_block:
            return None  # SQLite does not say whether this transaction has written
        else:
            cursor.execute(f"SELECT (SELECT max(id) FROM {LOG_TABLE}), (SELECT epoch FROM {EPOCH_TABLE} WHERE id = 1)")  # noqa: S608
            (mark, epoch), clean = cursor.fetchone(), True
    return LogPosition(epoch=int(epoch or 0), mark=str(mark or 0)) if clean else None


def logged_since(position: LogPosition, limit: int, using: str = "default") -> list[tuple[str, int]] | None:
    """The (kind, object id) logged since the position, up to `limit` rows; None when they cannot be known
    from the log (emptied since, or triggers missing) or are more than the limit: the caller reads afresh."""
    connection = connections[using]
    if not log_triggers_installed(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT epoch FROM {EPOCH_TABLE} WHERE id = 1")  # noqa: S608
        found = cursor.fetchone()
        if int(found[0] if found else 0) != position.epoch:
            return None
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT DISTINCT kind, object_id FROM {LOG_TABLE} "  # noqa: S608
                "WHERE transaction >= pg_snapshot_xmin(%s::pg_snapshot)::text::bigint "
                "AND NOT pg_visible_in_snapshot(transaction::text::xid8, %s::pg_snapshot) LIMIT %s",
                [position.mark, position.mark, limit + 1],
            )
        else:
            cursor.execute(
                f"SELECT DISTINCT kind, object_id FROM {LOG_TABLE} WHERE id > %s LIMIT %s",  # noqa: S608
                [int(position.mark), limit + 1],
            )
        rows = [(kind, int(object_id)) for kind, object_id in cursor.fetchall()]
    return None if len(rows) > limit else rows


def log_everything_changed(using: str = "default") -> None:
    """For a write the log triggers did not see (triggers turned off for a bulk load): every snapshot that
    follows the log reads the register afresh."""
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {LOG_TABLE} (kind, object_id, transaction) "  # noqa: S608
                "VALUES (%s, 0, pg_current_xact_id()::text::bigint)",
                [EVERYTHING],
            )
        else:
            cursor.execute(f"INSERT INTO {LOG_TABLE} (kind, object_id) VALUES (%s, 0)", [EVERYTHING])  # noqa: S608


def prune_log_if_long(using: str = "default") -> None:
    """Empty a long log, in one transaction with the new epoch; snapshots of the old epoch read afresh."""
    from django.db import transaction

    connection = connections[using]
    if connection.in_atomic_block:
        return  # not inside the caller's transaction: the next full read outside one will
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {LOG_TABLE} LIMIT %s) AS head", [LOG_PRUNE_ROWS + 1])  # noqa: S608
        if cursor.fetchone()[0] <= LOG_PRUNE_ROWS:
            return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EPOCH_TABLE} (id, epoch) VALUES (1, 1) "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET epoch = {EPOCH_TABLE}.epoch + 1"
        )
        cursor.execute(f"DELETE FROM {LOG_TABLE}")  # noqa: S608


def install_log_after_migrate(using: str = "default", **_kwargs: object) -> None:
    connection = connections[using]
    if LOG_TABLE in connection.introspection.table_names():
        install_log_triggers(connection)
