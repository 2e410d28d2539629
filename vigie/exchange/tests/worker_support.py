"""A real import worker (`vigie run-imports`) in a process of its own, on the test database: for what
only processes show, a worker killed mid-import, or another user's write waiting for an import's lock."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import connection

from vigie.exchange.heartbeat import cache_key
from vigie.exchange.importing import queue_import
from vigie.exchange.models import ImportRun

from .conftest import CTDC_10_HEADER, ctdc_10_rows, write_csv

Sql = Callable[..., list[tuple[Any, ...]]]


def share_var_dir_with_subprocesses(settings: Any, var_dir: Path) -> None:
    """Uploads and the imports' cache where a process started with VIGIE_VAR_DIR=var_dir has them."""
    settings.IMPORT_UPLOAD_DIR = var_dir / "imports"
    settings.CACHES = {
        **settings.CACHES,
        "imports": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache" / "imports"),
        },
    }


def queued_ctdc_run(uploads: Path, rows: int) -> ImportRun:
    """A CTDC file queued for import as the web queues it: the file under the uploads' directory."""
    folder = uploads / "a-run"
    folder.mkdir(parents=True)
    path = write_csv(folder / "upload.csv", CTDC_10_HEADER, ctdc_10_rows(rows))
    run = queue_import(kind="ctdc", path=path, actor=None, file_name="ctdc.csv", language="en")
    run.stored_path, run.dataset_name = "a-run/upload.csv", "CTDC test"
    run.save(update_fields=["stored_path", "dataset_name"])
    return run


def database_for_a_subprocess(tmp_path: Path) -> tuple[str, Sql]:
    """DATABASE_URL of the test database as another process reaches it, and a function running SQL on it."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database is in this process's memory: copied to a file the worker opens.
        file = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(file) as copy:
            connection.connection.backup(copy)

        def sql_sqlite(query: str, *params: Any) -> list[tuple[Any, ...]]:
            with sqlite3.connect(file) as db:
                return db.execute(query, params).fetchall()

        return f"sqlite:///{file}", sql_sqlite

    def sql_postgres(query: str, *params: Any) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(query.replace("?", "%s"), params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
            return rows

    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    credentials = f"{user}:{password}" if password else user
    url = f"postgres://{credentials}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    return url, sql_postgres


def vigie_process(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).parent / "vigie"), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603


@contextmanager
def worker_in_an_import(run: ImportRun, env: dict[str, str], *, rows_written: int = 5000) -> Iterator[list[int]]:
    """A worker running `run`, once it has written `rows_written` rows in the import's transaction (its
    progress is noted every 1,000 rows); killed with SIGKILL on leaving the block. Gives the list that then
    holds the processes it had started (the file's parse child), which must not outlive it: they hold a
    copy of its database connection, and the server would keep its transaction open."""
    worker = vigie_process(["run-imports", "--sleep", "0.2"], env)
    children: list[int] = []
    try:
        done = 0
        while done < rows_written:
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            time.sleep(0.05)
            done = (caches["imports"].get(cache_key(run, "progress")) or (0,))[0]
        yield children
    finally:
        children.extend(children_of(worker.pid))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        deadline = time.monotonic() + 60
        while (alive := [pid for pid in children if is_running(pid)]) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in alive:
            os.kill(pid, signal.SIGKILL)  # not to hang the tests that follow
        _end_orphaned_server_work()
        assert not alive, f"the worker's processes {alive} outlived it"


def _end_orphaned_server_work() -> None:
    """PostgreSQL goes on with a killed client's statement (a COPY checking its foreign keys) until it next
    talks to it: the test's teardown, emptying the tables, then deadlocked with it. Ended and waited for."""
    if connection.vendor != "postgresql":
        return
    others = "datname = current_database() AND pid <> pg_backend_pid()"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}")  # noqa: S608
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(*) FROM pg_stat_activity WHERE {others}")  # noqa: S608
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    """Linux: the processes `pid` started."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def is_running(pid: int) -> bool:
    """Neither ended nor a zombie (an orphan's parent may be slow to collect it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
