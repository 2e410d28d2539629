"""The import runner: every kind of file (GLOTIP, CTDC, HTCDS, agency spreadsheets) goes through it.

An importer says how to read its files and what a valid row is:

    class Importer(Protocol):
        kind: str
        def rows(self, path) -> Iterator[tuple[int, dict[str, str]]]   # streamed; ImportRefused if unreadable
        def key(self, row_number, cells) -> str                         # stable key of the source row
        def parse(self, row_number, cells) -> Any                       # a record, or raise RowRejected
        def write(self, records, *, run) -> int                         # writes one batch; how many it wrote

Optional hooks: `prepare()` (reads from the database what `parse` needs, before any row is read),
`parse_aside: bool` (see below), `dataset_kind(path) -> str` (the DataSet.Kind a file needs, read from
its header; needed to import into a data set given by name), `target(run) -> str` (where its keys are
unique; default: the data set, else the agency, else the kind), `estimated_rows(path) -> int | None` (for
progress), `batch_size: int` (rows written at once; default BATCH_SIZE), `whole_row(cells) -> dict` (a rejected
row's cells with those of the columns it does not read, for the file of rejected rows).

run_import() does the rest, the same way for all of them:
- the file's SHA-256 and size are recorded, and a file over settings.VIGIE_IMPORT_MAX_BYTES is refused;
- rows are read, validated and written in batches inside ONE transaction; a row whose key is already
  in the target (an earlier import, or earlier in this file) is skipped and counted as a duplicate; a
  valid record the importer's write() leaves out (a row of a case deleted in vigie since an earlier
  import, see ImportedCase) is counted apart;
- all-or-nothing by default: if any row is rejected the transaction is rolled back and the run is
  "refused"; with keep_valid the valid rows are kept and the rejected ones are written to `rejects_to`
  (the source's columns plus "problem") for the user to fix and import again;
- dry_run does everything and then rolls back: the counts are exact, nothing stays;
- the run's cancel flag is read every CHECK_EVERY rows; a cancelled import is rolled back whole, and so
  is one interrupted by Ctrl-C (KeyboardInterrupt, recorded as cancelled and raised again);
- the run, its counts and its audit event are written with the data (or, when nothing is kept, in a
  transaction of their own after the rollback).

Additions to the API agreed for issue 5 (keyword-only, optional): `rejects_to` (path of the CSV of
rejected rows), `run` (an ImportRun queued earlier, e.g. by the web page, for a worker to execute),
`file_name` (the name the user gave the file, when `path` is a temporary copy), `max_bytes` and
`operator` (who imports, when no user of vigie does: the system account on the command line).
`dataset` may be a DataSet or the name of one (created with the kind the file needs).

Parsing aside: an importer with `parse_aside = True` has a big file (PARSE_ASIDE_MIN_BYTES or more) read,
keyed and parsed in a child process (forked: it inherits the importer and the active language) while this
process writes the batches, each on its own core. Its rows, keys and parse must then not use the database
(`prepare` reads what they need first). The child is at most one chunk ahead (the pipe blocks it), so
memory stays flat; it ignores Ctrl-C and is stopped by this process, whatever ends the import.
settings.VIGIE_IMPORT_PARSE_ASIDE = False turns it off (a host whose cores are all busy).

Progress: `progress(rows_done, rows_total_or_None)` is called every CHECK_EVERY rows, and the same is
noted in the cache with the time (heartbeat.py): the page's progress bar, and the sign that the process
is alive. The run's row is NOT updated during the import: inside the transaction that would lock it, and
the page asking to cancel would wait for the import to end.
"""

import contextlib
import csv
import fcntl
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.exchange.bulk import insert_rows, values_present
from vigie.exchange.heartbeat import note_progress
from vigie.exchange.models import DataSet, ImportRun, RejectedRow, SourceRowKey
from vigie.exchange.readers import (
    EXTRA_CELLS,
    MISSING_CELLS,
    STILL_CUT,
    ImportRefused,
    csv_delimiter,
    cut_row_message,
    is_rejects_problem_column,
    rejects_problem_column,
)

if TYPE_CHECKING:
    from vigie.accounts.models import Agency, User

__all__ = ["ImportRefused", "Importer", "RowProblem", "RowRejected", "queue_import", "run_import"]

Action = AuditEvent.Action
Status = ImportRun.Status
BATCH_SIZE = 1000
CHECK_EVERY = 1000
# The first problems are kept with the run (and shown); the rejects file has every rejected row.
KEPT_PROBLEMS = 1000
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Below this a child process costs more than it saves (a fork, a pipe): some 4,000 HTCDS rows.
PARSE_ASIDE_MIN_BYTES = 1024 * 1024
# Parsed rows go to the writing process in chunks: one message per row would cost more than the row.
PARSED_CHUNK = 500
PIPE_BYTES = 1024 * 1024
IMPORT_GC_THRESHOLD = 10_000
# SQLite's page cache during an import, in KiB (see _page_cache_for_bulk).
IMPORT_PAGE_CACHE_KIB = 32 * 1024
# Blocked from the fork of the parsing child until it has set its own handlers.
CHILD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    message: str  # already in the user's language


def row_shape_problems(row: int, cells: dict[str, str]) -> list[RowProblem]:
    """A CSV row with cells beyond its header (a cell with the separator in it, unquoted, shifted it: its values
    would go to other columns), or cut by a line break (MISSING_CELLS gives its cells and the header's): every
    importer refuses it rather than read it into the wrong columns."""
    problems = []
    if extra := cells.get(EXTRA_CELLS):
        problems.append(RowProblem(row, "", extra, _("This row has more cells than the header.")))
    if counts := cells.get(MISSING_CELLS):
        cut, header = counts.removesuffix(STILL_CUT).split("/")
        message = cut_row_message(cut, header, still=counts.endswith(STILL_CUT))
        problems.append(RowProblem(row, "", f"{cut}/{header}", message))
    return problems


class RowRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class Importer(Protocol):
    kind: str

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]: ...

    def key(self, row_number: int, cells: dict[str, str]) -> str: ...

    def parse(self, row_number: int, cells: dict[str, str]) -> Any: ...

    def write(self, records: list[Any], *, run: ImportRun) -> int: ...


class _Cancelled(Exception):
    pass


class WorkerStopped(KeyboardInterrupt):
    """SIGTERM to `vigie run-imports` (its service stopped or restarted): no person cancelled the import."""


class _RecordedElsewhere(Exception):
    """The run's outcome and audit event were written by another process (services.fail_interrupted_runs)."""


class _RollBack(Exception):
    """Leaves the data transaction without keeping anything: a refused file, or a dry run."""


@dataclass
class _Tally:
    read: int = 0
    imported: int = 0
    rejected: int = 0
    skipped: int = 0
    of_deleted_cases: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    dataset_created: bool = False


def max_import_bytes() -> int:
    return int(getattr(settings, "VIGIE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def queue_import(
    *,
    kind: str,
    path: Path,
    actor: "User | None",
    file_name: str = "",
    agency: "Agency | None" = None,
    dataset: DataSet | None = None,
    dry_run: bool = False,
    keep_valid: bool = False,
    language: str = "",
    max_bytes: int | None = None,
    operator: str = "",
    first_rows: int | None = None,
) -> ImportRun:
    """Records a file to import; a worker (or run_import at once) executes it. Too big a file is not even
    read: its hash stays empty. `operator` names who imports when no user of vigie does (the system account
    running `vigie import`): the run and its audit event say who, always."""
    size = path.stat().st_size
    limit = max_import_bytes() if max_bytes is None else max_bytes
    return ImportRun.objects.create(
        kind=kind,
        file_name=(file_name or path.name)[:255],
        sha256=file_digest(path) if size <= limit else "",
        size=size,
        agency=agency,
        dataset=dataset,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        started_by_name=(actor.get_username() if actor is not None else operator)[:150],
        dry_run=dry_run,
        keep_valid=keep_valid,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        first_rows=first_rows,
    )


class _FirstRows:
    """An importer that reads no further than the first rows of its file (ImportRun.first_rows): a check
    made while someone waits. Everything else is the importer's own."""

    def __init__(self, importer: Importer, limit: int) -> None:
        self._importer, self._limit = importer, limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._importer, name)

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        return itertools.islice(self._importer.rows(path), self._limit)


def run_import(
    *,
    importer: Importer,
    path: Path,
    actor: "User | None",
    agency: "Agency | None" = None,
    dataset: DataSet | str | None = None,
    dry_run: bool = False,
    keep_valid: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    language: str | None = None,
    rejects_to: Path | None = None,
    run: ImportRun | None = None,
    file_name: str = "",
    max_bytes: int | None = None,
    operator: str = "",
    first_rows: int | None = None,
) -> ImportRun:
    language = language or (run.language if run else "") or translation.get_language() or settings.LANGUAGE_CODE
    limit = max_import_bytes() if max_bytes is None else max_bytes
    with translation.override(language):
        if run is None:
            run = queue_import(
                kind=importer.kind,
                path=path,
                actor=actor,
                file_name=file_name,
                agency=agency,
                dataset=dataset if isinstance(dataset, DataSet) else None,
                dry_run=dry_run,
                keep_valid=keep_valid,
                language=language,
                max_bytes=limit,
                operator=operator,
                first_rows=first_rows,
            )
        if run.first_rows:
            importer = _FirstRows(importer, run.first_rows)
        ImportRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, started_at=timezone.now())
        run.status, run.started_at = Status.RUNNING, timezone.now()
        note_progress(run, 0, None)
        tally = _Tally()
        try:
            if run.size > limit:
                raise ImportRefused(
                    _("The file is too big (%(size)s MB); the limit is %(limit)s MB. Split it and import each part.")
                    % {"size": round(run.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
                )
            with transaction.atomic():
                with _page_cache_for_bulk():
                    _import_rows(importer, path, run, dataset, tally, progress, rejects_to)
                if tally.rejected and not run.keep_valid:
                    raise _RollBack
                if run.dry_run:
                    raise _RollBack
                _finish(run, tally, Status.DONE)
        except _RollBack:
            if tally.rejected and not run.keep_valid:
                message = ngettext(
                    "%(count)s row was rejected, so nothing was imported. Correct it, or import only the "
                    "valid rows and get the rejected one back in a file.",
                    "%(count)s rows were rejected, so nothing was imported. Correct them, or import only the "
                    "valid rows and get the rejected ones back in a file.",
                    tally.rejected,
                ) % {"count": tally.rejected}
                _finish_after_rollback(run, tally, Status.REFUSED, message)
            else:
                _finish_after_rollback(run, tally, Status.DONE)
        except ImportRefused as refusal:
            _finish_after_rollback(run, tally, Status.REFUSED, refusal.message)
        except _RecordedElsewhere:
            # The data's transaction is undone; the run stays as the other process recorded it, with its one
            # audit event (recording it again would say it was both interrupted and cancelled).
            run.refresh_from_db()
        except _Cancelled:
            _finish_after_rollback(run, tally, Status.CANCELLED, _("Cancelled: nothing was imported."))
        except KeyboardInterrupt as interrupt:
            if ImportRun.objects.filter(pk=run.pk, status=Status.DONE).exists():
                # The interrupt came as the transaction committed (Python sees a signal once the commit has
                # returned): the rows are in, and the run, done in the same transaction, stays done.
                run.refresh_from_db()
                return run
            # Ctrl-C on the command line, or the worker's service stopped: the data's transaction is undone as
            # for a cancel, and the run says so (else it would stay "running" for ever), then the interrupt
            # goes on to the command.
            if isinstance(interrupt, WorkerStopped):
                message = _(
                    "Stopped with the import worker (its service was stopped or restarted): nothing was "
                    "imported. Import the file again."
                )
            else:
                message = _("Cancelled: nothing was imported.")
            _finish_after_rollback(run, tally, Status.CANCELLED, message)
            raise
        except Exception as error:
            _finish_after_rollback(run, tally, Status.FAILED, _("Unexpected error: %(error)s") % {"error": error})
            raise
        return run


def _resolve_dataset(importer: Importer, path: Path, run: ImportRun, dataset: DataSet | str | None) -> bool:
    """Sets the run's data set; True if it was created here (and so disappears if the import is undone)."""
    wanted_kind = getattr(importer, "dataset_kind", None)
    if dataset is None and wanted_kind is not None:
        raise ImportRefused(_("Give the name of the data set to import this file into."))
    if dataset is None or isinstance(dataset, DataSet):
        if isinstance(dataset, DataSet) and wanted_kind is not None and dataset.kind != wanted_kind(path):
            raise _layout_mismatch(dataset, wanted_kind(path))
        return False
    kind = importer.dataset_kind(path)  # type: ignore[attr-defined]
    existing = DataSet.objects.filter(name=dataset).first()
    if existing is not None:
        if existing.kind != kind:
            raise _layout_mismatch(existing, kind)
        run.dataset = existing
        return False
    run.dataset = DataSet.objects.create(name=dataset, kind=kind, source=getattr(importer, "source", ""))
    return True


def dataset_of(run: ImportRun) -> DataSet:
    if run.dataset is None:
        raise ImportRefused(_("Give the name of the data set to import this file into."))
    return run.dataset


def _layout_mismatch(dataset: DataSet, kind: str) -> ImportRefused:
    return ImportRefused(
        _("The data set '%(name)s' holds files of another layout (%(held)s); this file is: %(file)s.")
        % {"name": dataset.name, "held": dataset.get_kind_display(), "file": DataSet.Kind(kind).label}
    )


def _target(importer: Importer, run: ImportRun) -> str:
    custom = getattr(importer, "target", None)
    if custom is not None:
        return str(custom(run))
    if run.dataset_id is not None:
        return f"dataset:{run.dataset_id}"
    if run.agency_id is not None:
        return f"{importer.kind}:agency:{run.agency_id}"
    return importer.kind


def _import_rows(
    importer: Importer,
    path: Path,
    run: ImportRun,
    dataset: DataSet | str | None,
    tally: _Tally,
    progress: Callable[[int, int | None], None] | None,
    rejects_to: Path | None,
) -> None:
    tally.dataset_created = _resolve_dataset(importer, path, run, dataset)
    target = _target(importer, run)
    estimate = getattr(importer, "estimated_rows", None)
    total = estimate(path) if estimate is not None else None
    batch: list[tuple[str, Any]] = []
    batch_size = getattr(importer, "batch_size", BATCH_SIZE)
    rejects = _RejectsFile(rejects_to, delimiter=csv_delimiter(path))
    prepare = getattr(importer, "prepare", None)
    if prepare is not None:
        prepare()
    aside = getattr(importer, "parse_aside", False) and run.size >= PARSE_ASIDE_MIN_BYTES and _can_fork()
    end = _End([])
    parsing = _parsed_aside(importer, path, end) if aside else contextlib.nullcontext(_parsed(importer, path, end))
    try:
        with _collector_for_bulk(), parsing as parsed:
            for row in parsed:
                tally.read += 1
                if isinstance(row, _Rejected):
                    tally.rejected += 1
                    room = KEPT_PROBLEMS - len(tally.problems)
                    tally.problems.extend(row.problems[: max(room, 0)])
                    rejects.add(row.cells, row.problems)
                else:
                    batch.append(row)
                if len(batch) >= batch_size:
                    _write_batch(importer, run, target, batch, tally)
                    batch = []
                if tally.read % CHECK_EVERY == 0:
                    note_progress(run, tally.read, total)
                    if progress is not None:
                        progress(tally.read, total)
                    _stop_if_asked(run)
        _write_batch(importer, run, target, batch, tally)
        tally.ignored_columns = end.ignored_columns
        # The estimate was only that (blank or template rows, line breaks in cells): the bar ends full.
        note_progress(run, tally.read, tally.read)
        if progress is not None:
            progress(tally.read, tally.read)
        # A cancel asked during the last rows (after the last check) stops the import before its commit.
        _stop_if_asked(run)
    except BaseException:
        # Cancelled, interrupted or failed half-way: the rows rejected so far are not the file's rejects, and
        # a partial file of names and dates of birth left beside the source would be taken for the list.
        rejects.discard()
        raise
    rejects.close()


@contextlib.contextmanager
def _collector_for_bulk() -> Iterator[None]:
    """The garbage collector set for an import, which makes millions of short-lived objects (rows, records,
    their lists): the objects alive before it (Django's, the modules', the run's) are left out of its rounds,
    which went through them all again and again, and it runs every IMPORT_GC_THRESHOLD new objects rather
    than 700, when fewer of them are still alive. Measured on 20,000 HTCDS rows: the writing process's time
    in the collector fell from 0.55 s to 0.08 s, and on alternating runs its CPU time by about a fifth, the
    parsing process's by about a quarter (it inherits this state, and no longer copies the memory it shares
    with its parent to go through it); on 100,000 rows, on a machine shared with other work, less clearly.
    Objects kept alive only by a cycle wait longer to be freed: at most that many new objects.

    The setting is the process's: imports running at once in threads of a web server (the mapping page's
    check) share it, and the last to end puts back what was there before the first."""
    global _bulk_imports, _collector_before
    with _collector_lock:
        if _bulk_imports == 0:
            _collector_before = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(IMPORT_GC_THRESHOLD, *_collector_before[1:])
        _bulk_imports += 1
    try:
        yield
    finally:
        with _collector_lock:
            _bulk_imports -= 1
            if _bulk_imports == 0:
                gc.set_threshold(*_collector_before)
                gc.unfreeze()


@contextlib.contextmanager
def _page_cache_for_bulk() -> Iterator[None]:
    """On SQLite, a bigger page cache for the import's connection; the one it had is put back at the end.
    An import adds rows to every index of a dozen tables, at places all over each (names, hashed row keys):
    within SQLite's default 2 MB, the same pages were read again and again. Measured on 100,000 HTCDS rows:
    inserting took 141 µs a row with 2 MB, 124 with 32 MB and 120 with 128 MB. The cache grows only as
    pages are read, up to IMPORT_PAGE_CACHE_KIB: memory stays flat however big the file."""
    if connection.vendor != "sqlite":
        yield
        return
    # On the driver's connection: put back even when the import failed in a way that leaves Django's
    # transaction marked for rollback (Django's cursor would refuse any statement then).
    connection.ensure_connection()
    sqlite = connection.connection
    before = sqlite.execute("PRAGMA cache_size").fetchone()[0]
    sqlite.execute(f"PRAGMA cache_size = {-IMPORT_PAGE_CACHE_KIB}")  # negative: in KiB, not pages
    try:
        yield
    finally:
        # A connection closed or replaced meanwhile has no cache to give back: the import's own error, if
        # any, is the one to see.
        if connection.connection is sqlite:
            with contextlib.suppress(sqlite3.Error):
                sqlite.execute(f"PRAGMA cache_size = {int(before)}")


_collector_lock = threading.Lock()
_bulk_imports = 0
_collector_before: tuple[int, ...] = gc.get_threshold()


def _stop_if_asked(run: ImportRun) -> None:
    """Cancelled by its user; or (PostgreSQL) recorded as interrupted by a worker that took it for dead after
    too long a silence. Either way it stops here and keeps nothing."""
    asked, asked_by, status = (
        ImportRun.objects.filter(pk=run.pk).values_list("cancel_requested", "cancelled_by", "status").get()
    )
    if status != Status.RUNNING:
        raise _RecordedElsewhere
    if asked:
        # Kept on the run in memory: the flag goes with the transaction about to be undone.
        run.cancelled_by_id = asked_by
        raise _Cancelled


@dataclass
class _Rejected:
    cells: dict[str, str]
    problems: list[RowProblem]


# A source row once parsed: (its key, its record) if valid.
Parsed = tuple[str, Any] | _Rejected


@dataclass
class _End:
    """What is known once the whole file is read: the columns the importer did not read (its optional
    `ignored_columns`, filled as it reads)."""

    ignored_columns: list[str]


def _parsed(importer: Importer, path: Path, end: _End) -> Iterator[Parsed]:
    # An importer that reads only some columns gives a rejected row back whole (its optional `whole_row`).
    whole_row: Callable[[dict[str, str]], dict[str, str]] = getattr(importer, "whole_row", lambda cells: cells)
    for row_number, cells in importer.rows(path):
        try:
            yield importer.key(row_number, cells), importer.parse(row_number, cells)
        except RowRejected as rejection:
            yield _Rejected(whole_row(cells), rejection.problems)
    end.ignored_columns = list(getattr(importer, "ignored_columns", []))


def _can_fork() -> bool:
    """Not with one core (the two processes would take turns), nor from a process running other Python threads
    (a web server's): the child would get a copy of the locks they hold, never to be released. The threads
    of numpy's linear algebra library (every vigie process has them, idle) are not Python's and take no lock
    the child needs: the library prepares for fork."""
    return (
        getattr(settings, "VIGIE_IMPORT_PARSE_ASIDE", True)
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


@contextlib.contextmanager
def _parsed_aside(importer: Importer, path: Path, end: _End) -> Iterator[Iterator[Parsed]]:
    """The rows parsed by a child process, received in chunks, then `end`; the child is stopped on leaving."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or a lower limit: the pipe as it is
        # A pipe holds 64 KB, some 150 parsed rows: the child would wait while each batch is written, then
        # the writer for the next batch to be parsed. 1 MB (the limit for any user) holds more than a batch.
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = context.Process(target=_parse_aside, args=(importer, path, sender, receiver), daemon=True)
    # The signals that stop an import are the parent's to handle: the child starts with them blocked, and sets
    # its own handlers (see _parse_aside) before unblocking them. Otherwise it ran, for a moment, the handlers
    # it inherited: Python's for Ctrl-C, and the command's that turns SIGTERM into an interrupt. The parent
    # stops it with SIGTERM (terminate below), which then printed the child's traceback.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, CHILD_SIGNALS)
    try:
        child.start()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # no child (out of processes, of memory)
        raise
    finally:
        sender.close()
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C that came meanwhile is raised here
        yield _received(receiver, end)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()  # an import cancelled or failed before the end of the file
        child.join()


def _received(receiver: Connection, end: _End) -> Iterator[Parsed]:
    while True:
        try:
            message = receiver.recv()
        except EOFError:
            raise RuntimeError(
                _("the process reading the file stopped before its end (stopped by the system, out of memory?)")
            ) from None
        if isinstance(message, _End):
            end.ignored_columns = message.ignored_columns
            return
        if isinstance(message, Exception):
            raise message  # the file's problem (ImportRefused), found in the child, is the import's
        yield from message


def _parse_aside(importer: Importer, path: Path, sender: Connection, parents_end: Connection) -> None:
    """In the child: never touches the database (the parent's connection is not its own).

    It must not outlive the parent: it holds a copy of the parent's database socket, so the server would keep
    the import's transaction, and its locks, open while it lives. Its copy of the pipe's reading end is
    closed first: with the parent gone (killed, out of memory) the pipe has no reader, and the next chunk
    sent, at most PARSED_CHUNK rows later, ends this process."""
    parents_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # how the parent stops it: at once, and silently
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # the terminal closed
    signal.pthread_sigmask(signal.SIG_UNBLOCK, CHILD_SIGNALS)  # blocked by the parent until now
    chunk: list[Parsed] = []
    end = _End([])
    try:
        for parsed in _parsed(importer, path, end):
            chunk.append(parsed)
            if len(chunk) >= PARSED_CHUNK:
                sender.send(chunk)
                chunk = []
        sender.send(chunk)
        sender.send(end)
    except BrokenPipeError:
        os._exit(0)  # the parent is gone: nobody to tell, nothing to clean (and no exit handlers of its)
    except ImportRefused as refusal:
        sender.send(refusal)
    except Exception as error:  # given to the parent, which fails the import with it
        sender.send(RuntimeError(f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def _write_batch(importer: Importer, run: ImportRun, target: str, batch: list[tuple[str, Any]], tally: _Tally) -> None:
    if not batch:
        return
    # Earlier batches of this file are already written in this transaction: one query finds duplicates
    # both of earlier imports and of rows further up the same file.
    seen = values_present(SourceRowKey, "key", {key for key, _ in batch}, target=target)
    fresh: list[tuple[str, Any]] = []
    for key, record in batch:
        if key in seen:
            tally.skipped += 1
            continue
        seen.add(key)
        fresh.append((key, record))
    if not fresh:
        return
    written = importer.write([record for _, record in fresh], run=run)
    # Every key, also those of the rows left out: the same row in a later file is then a duplicate, as
    # the unchanged rows of a deleted case are.
    insert_rows(SourceRowKey, ["target", "key", "run"], [(target, key, run.pk) for key, _ in fresh])
    tally.imported += written
    tally.of_deleted_cases += len(fresh) - written


class _RejectsFile:
    """The rejected rows with the source's columns and a "problem" column, to fix and import again.

    Rows may differ in their columns: an HTCDS export's perpetrators, events and support plans come from
    sheets (or files) of their own, read after the main one. Each row is kept aside as it comes (a temporary
    file: memory stays flat), and the file is written at the end with every column that any row has, so that
    no value is lost."""

    def __init__(self, path: Path | None, *, delimiter: str = ",") -> None:
        self.path = path
        self.delimiter = delimiter  # the source's, when it is a CSV file
        self.spool: IO[str] | None = None
        self.columns: dict[str, None] = {}  # in the order first seen
        self.not_data: dict[str, bool] = {}  # by column name (see _not_data)

    def add(self, cells: dict[str, str], problems: list[RowProblem]) -> None:
        if self.path is None:
            return
        if self.spool is None:
            self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by close()
        # A file of rejected rows imported again gives its rows back with their old problem: not data, and the
        # new one is added below (two columns of the same name would make the next file unreadable).
        values = {name: value for name, value in cells.items() if not self._not_data(name)}
        self.columns.update(dict.fromkeys(values))
        problem = "; ".join(_problem_text(p) for p in problems)
        self.spool.write(json.dumps([values, problem], ensure_ascii=False) + "\n")

    def _not_data(self, name: str) -> bool:
        known = self.not_data.get(name)
        if known is None:
            known = self.not_data[name] = name in (EXTRA_CELLS, MISSING_CELLS) or is_rejects_problem_column(name)
        return known

    def discard(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def close(self) -> None:
        if self.spool is None or self.path is None:
            return
        spool, self.spool = self.spool, None
        with spool:
            spool.seek(0)
            # utf-8-sig: Excel opens it with the accents right.
            with self.path.open("w", encoding="utf-8-sig", newline="") as file:
                writer = csv.writer(file, delimiter=self.delimiter)
                writer.writerow([*self.columns, rejects_problem_column()])
                for line in spool:
                    values, problem = json.loads(line)
                    writer.writerow([*(values.get(name, "") for name in self.columns), problem])


def _problem_text(problem: RowProblem) -> str:
    if problem.column:
        return f"{problem.column}: {problem.message}"  # the value is in its column
    # A problem of the whole row: its value is in no column (the cells beyond the header), so it is here.
    return f"{problem.message} [{problem.value}]" if problem.value else problem.message


def _counts(run: ImportRun, tally: _Tally) -> None:
    run.rows_read, run.rows_imported = tally.read, tally.imported
    run.rows_rejected, run.rows_skipped = tally.rejected, tally.skipped
    run.rows_of_deleted_cases = tally.of_deleted_cases
    run.ignored_columns = tally.ignored_columns
    run.rows_done = tally.read


def _finish(run: ImportRun, tally: _Tally, status: str, error: str = "") -> None:
    """Inside the data's transaction: the run's outcome, its first problems and its audit event."""
    _counts(run, tally)
    run.status, run.finished_at = status, timezone.now()
    if tally.rejected > len(tally.problems):
        more = _("%(count)s rejected rows in all; the first %(kept)s are listed.") % {
            "count": tally.rejected,
            "kept": len(tally.problems),
        }
        error = f"{error} {more}".strip()
    run.error_summary = error
    run.save()
    RejectedRow.objects.bulk_create(
        RejectedRow(run=run, row_number=p.row, column=p.column[:200], value=p.value, message=p.message)
        for p in tally.problems
    )
    # A cancel is the act of whoever pressed "Cancel"; everything else is the act of who started the run.
    cancelled_by = run.cancelled_by if run.status == Status.CANCELLED and run.cancelled_by_id else None
    record_event(
        actor=cancelled_by or run.started_by,
        actor_username=run.started_by_name,
        action=_audit_action(run),
        target=run,
        target_label=run.file_name,
        agency_id=run.agency_id,
        changes={
            "kind": run.kind,
            "file_name": run.file_name,
            "sha256": run.sha256,
            "size": run.size,
            **({"started_by": run.started_by_name} if cancelled_by else {}),
            "dataset": run.dataset.name if run.dataset else None,
            "dry_run": run.dry_run,
            "first_rows": run.first_rows,
            "keep_valid": run.keep_valid,
            "status": run.status,
            "rows_read": run.rows_read,
            # The valid rows; what the run left in the database is rows_written (0 for a check, a refused,
            # cancelled or failed run).
            "rows_imported": run.rows_imported,
            "rows_written": rows_written(run),
            "rows_rejected": run.rows_rejected,
            "rows_skipped": run.rows_skipped,
            "rows_of_deleted_cases": run.rows_of_deleted_cases,
            "ignored_columns": run.ignored_columns,
            **({"error": run.error_summary} if run.error_summary else {}),
        },
    )


def _finish_after_rollback(run: ImportRun, tally: _Tally, status: str, error: str = "") -> None:
    if tally.dataset_created:
        run.dataset = None  # it was created in the transaction just undone
    # The rows of a batch that was never written (a write that failed, a cancel between two batches) were
    # read and found valid but not yet counted: count them as valid rows not imported, or the run's counts
    # would not add up and saving it would raise a second error hiding the first.
    tally.imported = tally.read - tally.rejected - tally.skipped - tally.of_deleted_cases
    with transaction.atomic():
        _finish(run, tally, status, error)


def _audit_action(run: ImportRun) -> str:
    if run.status == Status.DONE:
        return Action.IMPORT_CHECKED if run.dry_run else Action.DATA_IMPORTED
    return {
        Status.REFUSED: Action.IMPORT_REFUSED,
        Status.CANCELLED: Action.IMPORT_CANCELLED,
    }.get(Status(run.status), Action.IMPORT_FAILED)


def rows_written(run: ImportRun) -> int:
    """What the run left in the database: its valid rows only if it finished and was not a check."""
    return run.rows_imported if run.status == Status.DONE and not run.dry_run else 0


def summary(run: ImportRun) -> str:
    """One line for the user, in the active language."""
    counts = {
        "read": run.rows_read,
        "imported": rows_written(run),
        "valid": run.rows_imported,
        "rejected": run.rows_rejected,
        "skipped": run.rows_skipped,
    }
    if run.dry_run and run.status == Status.DONE:
        line = _(
            "Check only: read %(read)s, would import %(valid)s, rejected %(rejected)s, "
            "skipped %(skipped)s as duplicates."
        )
    elif run.dry_run and run.status == Status.REFUSED and run.rows_read:
        # A check with rejected rows: nothing would be imported as it is (without keeping the valid rows).
        line = _(
            "Check only: read %(read)s, valid %(valid)s, rejected %(rejected)s, skipped %(skipped)s as duplicates."
        )
    elif run.status == Status.DONE:
        line = _("Read %(read)s, imported %(imported)s, rejected %(rejected)s, skipped %(skipped)s as duplicates.")
    else:
        line = _(
            "Read %(read)s, imported %(imported)s (%(valid)s valid rows not imported), rejected %(rejected)s, "
            "skipped %(skipped)s as duplicates."
        )
    line = line % counts
    if run.rows_of_deleted_cases:
        line = ngettext(
            "%(line)s %(count)s row belongs to a case deleted in vigie, or to a person removed from a case in "
            "vigie: it is not imported again.",
            "%(line)s %(count)s rows belong to cases deleted in vigie, or to persons removed from a case in "
            "vigie: they are not imported again.",
            run.rows_of_deleted_cases,
        ) % {"line": line, "count": run.rows_of_deleted_cases}
    if run.ignored_columns:
        line = _("%(line)s Columns not imported: %(columns)s.") % {
            "line": line,
            "columns": ", ".join(run.ignored_columns),
        }
    if run.first_rows and run.rows_read >= run.first_rows:  # the file may have more
        line = _("%(line)s Only the first %(first)s rows of the file were read.") % {
            "line": line,
            "first": run.first_rows,
        }
    return line
