"""The import worker: runs the imports queued from the web, one at a time per worker process.

Several workers may run side by side: each claims a run before it starts it, with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL and, on SQLite (which has no SKIP LOCKED), a conditional UPDATE that only one
of them can win.
"""

import datetime
import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.cases.models import Participant
from vigie.exchange import services
from vigie.exchange.importers import DEFAULT_DATASETS, importer_for
from vigie.exchange.importing import Importer, run_import
from vigie.exchange.middleware import is_database_busy
from vigie.exchange.models import ImportRun
from vigie.reference.codelists import Sex

logger = logging.getLogger(__name__)
Status = ImportRun.Status
PREVIEW_ROWS = 10
# A check nobody confirmed keeps its file a day; a file of rejected rows is kept a week.
UNCONFIRMED_CHECK_KEPT = datetime.timedelta(days=1)
REJECTS_KEPT = datetime.timedelta(days=7)


def claim_next_run() -> ImportRun | None:
    now = timezone.now()
    queued = ImportRun.objects.filter(status=Status.QUEUED).order_by("created_at", "id")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            run = queued.select_for_update(skip_locked=True).first()
            if run is None:
                return None
            ImportRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, started_at=now)
    else:
        run = None
        for candidate in queued[:10]:
            if ImportRun.objects.filter(pk=candidate.pk, status=Status.QUEUED).update(
                status=Status.RUNNING, started_at=now
            ):
                run = candidate
                break
        if run is None:
            return None
    run.status, run.started_at = Status.RUNNING, now
    return run


class PreviewingImporter:
    """Wraps an importer to keep the first valid rows of a check, for the preview page."""

    # The preview is kept while parsing: in this process, never in a child parsing aside (see the runner).
    parse_aside = False

    def __init__(self, inner: Importer) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.shown: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        # The optional hooks (dataset_kind, target, estimated_rows) are the wrapped importer's.
        return getattr(self.inner, name)

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        return self.inner.rows(path)

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        return self.inner.key(row_number, cells)

    def parse(self, row_number: int, cells: dict[str, str]) -> Any:
        record = self.inner.parse(row_number, cells)
        if len(self.shown) < PREVIEW_ROWS:
            self.shown.append({"row": row_number, "cells": preview_cells(self.kind, cells, record)})
        return record

    def write(self, records: list[Any], *, run: ImportRun) -> int:
        return self.inner.write(records, run=run)


def preview_cells(kind: str, cells: dict[str, str], record: Any) -> list[tuple[str, str]]:
    """What the preview shows of a valid row, labelled in the run's language. A register row shows what
    the case and person pages show a register role; an anonymous row its first cells."""
    if kind == "htcds":
        return [
            (_("Case number"), record.case_number),
            (_("Role"), _label(Participant.Role, record.role)),
            (_("Given names"), record.given_names),
            (_("Family name"), record.family_name),
            (_("Sex"), _label(Sex, record.sex)),
            (_("Date of birth"), record.date_of_birth),
        ]
    if kind == "case-json":  # not its cells: one of them is the whole document
        return [
            (_("Case number"), record["case"].get("reference", "")),
            (_("Title"), record["case"].get("title", "")),
            (_("People"), str(len(record["persons"]))),
        ]
    return [(column, value) for column, value in cells.items() if isinstance(value, str)][:8]


def _label(choices: type[TextChoices], code: str) -> str:
    """A code's label in the active language, as the register's pages show it."""
    return str(choices(code).label) if code in choices.values else code


def execute_run(run: ImportRun) -> ImportRun:
    path = services.stored_file(run.stored_path)
    # The rejected rows of every run go to a file, a check's and a refused import's too: the page lists the
    # first problems, the file has them all, to correct before importing rather than after.
    rejects = Path(settings.IMPORT_UPLOAD_DIR) / "rejected" / f"{uuid.uuid4().hex}.csv"
    rejects.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    importer: Any = importer_for(run.kind, **({"mapping": run.mapping} if run.mapping_id else {}))
    if run.dry_run:
        importer = PreviewingImporter(importer)

    def progress(done: int, total: int | None) -> None:
        # The runner has noted the progress (and the heartbeat) in the cache.
        asked_by = services.cancel_asked_by(run)
        if asked_by is not None:
            # Written in the import's own transaction (the runner reads the flag right after this call):
            # from another connection the write would wait for the import's lock, on SQLite for its end.
            ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True, cancelled_by_id=asked_by)

    try:
        run_import(
            importer=importer,
            path=path,
            actor=run.started_by,
            agency=run.agency,
            dataset=run.dataset or run.dataset_name or DEFAULT_DATASETS.get(run.kind),
            run=run,
            progress=progress,
            rejects_to=rejects,
            file_name=run.file_name,
        )
    finally:
        _after_run(run, importer, rejects)
    return run


def _after_run(run: ImportRun, importer: Any, rejects: Path) -> None:
    run.refresh_from_db()
    fields = []
    if isinstance(importer, PreviewingImporter) and services.can_be_confirmed(run):
        run.preview, fields = importer.shown, ["preview"]
    else:
        services.delete_stored(run.stored_path)
        run.stored_path, fields = "", ["stored_path"]
    if rejects.is_file():
        if run.rows_rejected and run.status in (Status.DONE, Status.REFUSED):
            run.rejects_path = str(rejects.relative_to(settings.IMPORT_UPLOAD_DIR))
            fields.append("rejects_path")
        else:
            rejects.unlink()
    run.save(update_fields=fields)


def run_queued_imports(*, once: bool, sleep: float = 2.0) -> int:
    """Runs queued imports; with `once`, until none is left. Returns how many were run."""
    count = 0
    _record_interrupted_runs()
    while True:
        try:
            run = claim_next_run()
        except OperationalError as error:
            if not is_database_busy(error):
                raise
            # SQLite: another process's import holds the write lock past the busy timeout; its run is not
            # this worker's to wait for in one go.
            logger.info("the database is busy with another import; looking at the queue again later")
            if once:
                return count
            time.sleep(sleep)
            continue
        if run is None:
            _record_interrupted_runs()
            clean_up_old_files()
            if once:
                return count
            time.sleep(sleep)
            continue
        try:
            execute_run(run)
        except Exception:
            # The runner has marked the run failed and audited it; the worker goes on with the next one.
            logger.exception("import %s failed", run.pk)
        count += 1


def _record_interrupted_runs() -> None:
    """At start and whenever the queue is empty: the imports of a worker that was killed."""
    try:
        services.fail_interrupted_runs()
    except OperationalError as error:
        if not is_database_busy(error):
            raise
        # SQLite: another worker's import holds the write lock past the busy timeout. Next time.
        logger.info("could not record the interrupted imports yet: the database is busy")


def clean_up_old_files() -> None:
    now = timezone.now()
    stale_checks = ImportRun.objects.filter(dry_run=True, finished_at__lt=now - UNCONFIRMED_CHECK_KEPT).exclude(
        stored_path=""
    )
    for run in stale_checks:
        services.delete_stored(run.stored_path)
        if run.rejects_path:  # a check nobody confirmed: its rejected rows go with its file
            services.stored_file(run.rejects_path).unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(stored_path="", preview=[], rejects_path="")
    # A spreadsheet uploaded to the mapping pages and only checked, never imported, goes after a day too.
    kept = services.mapping_upload_dir()
    if kept.is_dir():
        for upload in kept.iterdir():
            if upload.is_file() and upload.stat().st_mtime < (now - UNCONFIRMED_CHECK_KEPT).timestamp():
                upload.unlink(missing_ok=True)
    old_rejects = ImportRun.objects.filter(finished_at__lt=now - REJECTS_KEPT).exclude(rejects_path="")
    for run in old_rejects:
        services.stored_file(run.rejects_path).unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(rejects_path="")
