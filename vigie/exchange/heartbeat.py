"""Where a running import is: its progress, which is also its heartbeat (the time its process was last
heard of). Kept in the "imports" cache (files under VAR_DIR), never in the run's row: that row is written in
the import's transaction, whose changes nobody else sees before its end, and on SQLite any other write
waits for that end. The web page reads the progress; the worker reads the heartbeat to tell an import that
is running from one whose process was killed (worker.py, services.fail_interrupted_runs).
"""

import datetime
import time

from django.core.cache import caches

from vigie.exchange.models import ImportRun


def cache_key(run: ImportRun, what: str) -> str:
    # The queue time makes the key unique even across databases that reuse ids (tests, a restored copy).
    return f"import:{run.pk}:{run.created_at.timestamp():.6f}:{what}"


def note_progress(run: ImportRun, done: int, total: int | None) -> None:
    caches["imports"].set(cache_key(run, "progress"), (done, total, time.time()))


def last_heard_of(run: ImportRun) -> datetime.datetime | None:
    """When the process running `run` last said it was alive: its last progress, else the run's start."""
    _done, _total, *heartbeat = caches["imports"].get(cache_key(run, "progress"), (0, None))
    if heartbeat:
        return datetime.datetime.fromtimestamp(heartbeat[0], tz=datetime.UTC)
    return run.started_at
