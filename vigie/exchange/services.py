"""Imports from the web: the upload is checked first (a dry run), the user confirms, a worker imports.

The worker (`vigie run-imports`, vigie/exchange/worker.py) runs each queued ImportRun outside the request.
Uploaded files wait under settings.IMPORT_UPLOAD_DIR (in VAR_DIR, never served) and are deleted when their
import ends, when the user gives up at the preview, or a day after a check nobody confirmed.
"""

import datetime
import shutil
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.exchange.archives import extract_export_archive, is_export_archive
from vigie.exchange.heartbeat import cache_key, last_heard_of
from vigie.exchange.importers import DEFAULT_DATASETS, IMPORTERS
from vigie.exchange.importing import max_import_bytes, queue_import
from vigie.exchange.models import ColumnMapping, DataSet, ImportRun
from vigie.exchange.readers import ImportRefused

Action = AuditEvent.Action
Status = ImportRun.Status
# Kinds whose records go into an agency's register; the others fill anonymous data sets.
REGISTER_KINDS = frozenset({"htcds", "spreadsheet", "case-json"})
ALLOWED_SUFFIXES = frozenset({".csv", ".xlsx", ".xls", ".txt", ".json"})


def import_kinds_for(user: User) -> list[str]:
    into_register = bool(permissions.register_prepare_agencies(user))
    into_datasets = permissions.can_import_datasets(user)
    # A spreadsheet goes through its column mapping first (the mapping pages), not through this form.
    kinds = sorted(set(IMPORTERS) - {"spreadsheet"})
    return [kind for kind in kinds if (into_register if kind in REGISTER_KINDS else into_datasets)]


def stored_file(relative: str) -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR) / relative


def delete_stored(relative: str) -> None:
    """Removes an upload's directory (the file and its rejected rows)."""
    if relative:
        shutil.rmtree(stored_file(relative).parent, ignore_errors=True)


def _store(upload: "UploadedFile[bytes]") -> str:
    # The user's file name is kept on the run only: on disk the name is ours, so it cannot climb out.
    suffix = Path(upload.name or "").suffix.lower()
    folder = Path(settings.IMPORT_UPLOAD_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    target = folder / f"upload{suffix if suffix in ALLOWED_SUFFIXES else ''}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(target.relative_to(settings.IMPORT_UPLOAD_DIR))


def _store_export_archive(kind: str, upload: "UploadedFile[bytes]", password: str) -> tuple[str, str]:
    """Decrypts an export's archive (a case, an HTCDS export) into the upload's private directory; returns
    the stored main file and its name in the archive. The password opens the archive here, in the request,
    and goes no further: the worker reads the decrypted copy, which is kept as every upload is (a directory
    only the server reads, never served, deleted with its import or a day after an unconfirmed check)."""
    if Path(upload.name or "").suffix.lower() == ".zip" and not zipfile.is_zipfile(upload):
        raise ValidationError(
            _("This file is not a ZIP archive: give the archive vigie exported, or the file taken out of it.")
        )
    folder = Path(settings.IMPORT_UPLOAD_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    try:
        upload.seek(0)
        target, member = extract_export_archive(
            upload, kind=kind, password=password, to=folder, max_bytes=max_import_bytes()
        )
    except ImportRefused as refusal:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError(refusal.message) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return str(target.relative_to(settings.IMPORT_UPLOAD_DIR)), member


def mapping_upload_dir() -> Path:
    """Where the mapping pages keep a spreadsheet between its upload and its import (never served)."""
    return Path(settings.VAR_DIR) / "mapping-uploads"


def _store_kept(path: Path) -> str:
    """Moves a file kept by another page (the mapping pages) into the imports' own directory."""
    folder = Path(settings.IMPORT_UPLOAD_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    suffix = path.suffix.lower()
    target = folder / f"upload{suffix if suffix in ALLOWED_SUFFIXES else ''}"
    shutil.move(path, target)
    return str(target.relative_to(settings.IMPORT_UPLOAD_DIR))


def start_spreadsheet_import(*, actor: User, mapping: ColumnMapping, path: Path, file_name: str) -> ImportRun:
    """Queues the check of a spreadsheet read through its mapping; then it goes as any web import."""
    check_import_allowed(actor=actor, kind="spreadsheet", agency=mapping.agency)
    check_upload_size(path.stat().st_size)
    relative = _store_kept(path)
    try:
        run = queue_import(
            kind="spreadsheet",
            path=stored_file(relative),
            actor=actor,
            file_name=file_name,
            agency=mapping.agency,
            dry_run=True,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except BaseException:
        delete_stored(relative)
        raise
    run.stored_path, run.mapping = relative, mapping
    run.save(update_fields=["stored_path", "mapping"])
    return run


def check_import_allowed(*, actor: User, kind: str, agency: Agency | None) -> None:
    """May the actor upload and check such a file (confirming its import is can_confirm_import)."""
    if kind not in IMPORTERS:
        raise ValidationError(_("Unknown kind of file."))
    if kind in REGISTER_KINDS:
        if agency is None or agency.pk not in permissions.register_prepare_agencies(actor):
            raise PermissionDenied
    elif not permissions.can_import_datasets(actor):
        raise PermissionDenied


def check_upload_size(size: int) -> None:
    limit = max_import_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too big (%(size)s MB); the limit is %(limit)s MB. Split it and import each part.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )


@transaction.atomic
def start_web_import(
    *,
    actor: User,
    kind: str,
    upload: "UploadedFile[bytes]",
    agency: Agency | None = None,
    dataset_name: str = "",
    keep_valid: bool = False,
    language: str = "",
    password: str = "",
) -> ImportRun:
    """Stores the upload and queues its check (a dry run); the user confirms after seeing the preview.
    `password` opens an export's archive (see _store_export_archive); it is neither stored nor logged."""
    check_import_allowed(actor=actor, kind=kind, agency=agency)
    check_upload_size(upload.size or 0)
    if kind in REGISTER_KINDS:
        dataset_name = ""
    else:
        agency = None
        dataset_name = dataset_name.strip() or DEFAULT_DATASETS.get(kind, "")
        if not dataset_name:
            raise ValidationError(_("Give the name of the data set to import this file into."))
    file_name = upload.name or ""
    if is_export_archive(kind, upload.name or "", upload):
        relative, member = _store_export_archive(kind, upload, password)
        # The hash recorded is the decrypted file's, so the name says which file that is.
        file_name = f"{file_name}: {member}"
    else:
        relative = _store(upload)
    try:
        run = queue_import(
            kind=kind,
            path=stored_file(relative),
            actor=actor,
            file_name=file_name,
            agency=agency,
            dataset=DataSet.objects.filter(name=dataset_name).first() if dataset_name else None,
            dry_run=True,
            keep_valid=keep_valid,
            language=language,
        )
    except BaseException:
        delete_stored(relative)
        raise
    run.stored_path, run.dataset_name = relative, dataset_name
    run.save(update_fields=["stored_path", "dataset_name"])
    return run


def can_be_confirmed(check: ImportRun) -> bool:
    """A finished check whose file is still there and that would import something."""
    return (
        check.dry_run
        and bool(check.stored_path)
        and check.status in {Status.DONE, Status.REFUSED}
        and check.rows_imported > 0
        and (check.status == Status.DONE or check.rows_rejected > 0)
    )


@transaction.atomic
def confirm_import(*, actor: User, check: ImportRun, keep_valid: bool) -> ImportRun:
    """Queues the real import of a checked file; the file passes from the check to the import."""
    if not permissions.can_confirm_import(actor, check.agency_id):
        raise PermissionDenied
    if not can_be_confirmed(check):
        raise ValidationError(
            _("This file cannot be imported: it was already imported, given up, or nothing in it is valid.")
        )
    if check.rows_rejected and not keep_valid:
        raise ValidationError(_("Some rows were rejected: import only the valid rows, or correct the file."))
    # Only one confirmation takes the file, even if the button is pressed twice.
    taken = ImportRun.objects.filter(pk=check.pk).exclude(stored_path="").update(stored_path="", preview=[])
    if not taken:
        raise ValidationError(_("This file was already imported or given up."))
    run = queue_import(
        kind=check.kind,
        path=stored_file(check.stored_path),
        actor=actor,
        file_name=check.file_name,
        agency=check.agency,
        dataset=check.dataset or DataSet.objects.filter(name=check.dataset_name).first(),
        keep_valid=keep_valid,
        language=check.language,
    )
    run.stored_path, run.dataset_name, run.checked_by = check.stored_path, check.dataset_name, check
    run.mapping_id = check.mapping_id
    run.save(update_fields=["stored_path", "dataset_name", "checked_by", "mapping"])
    return run


def progress_of(run: ImportRun) -> tuple[int, int | None]:
    if run.status not in {Status.QUEUED, Status.RUNNING}:
        return run.rows_read, run.rows_read
    done, total, *_heartbeat = caches["imports"].get(cache_key(run, "progress"), (0, run.rows_total))
    return int(done), total


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.VIGIE_IMPORT_STALE_AFTER)


def is_interrupted(run: ImportRun) -> bool:
    """A running import whose worker has not been heard of for stale_after(): killed (SIGKILL, out of
    memory) or its machine stopped. Its transaction died with it, so it wrote nothing."""
    if run.status != Status.RUNNING:
        return False
    heard = last_heard_of(run)
    return heard is None or heard < timezone.now() - stale_after()


def fail_interrupted_runs() -> int:
    """Records the interrupted imports as failed (audited), deletes their files; returns how many."""
    count = 0
    for run in ImportRun.objects.filter(status=Status.RUNNING):
        if is_interrupted(run):
            count += _fail_interrupted(run)
    return count


@transaction.atomic
def _fail_interrupted(run: ImportRun) -> int:
    with translation.override(run.language or settings.LANGUAGE_CODE):
        message = _(
            "Interrupted: the import worker stopped during the import (killed, or its machine restarted). "
            "Nothing was imported; import the file again."
        )
    # Conditional, as a claim is: of two workers looking, only one records it.
    if not ImportRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
        status=Status.FAILED, finished_at=timezone.now(), error_summary=message, preview=[], stored_path=""
    ):
        return 0
    heard = last_heard_of(run)
    record_event(
        actor=run.started_by,
        actor_username=run.started_by_name,
        action=Action.IMPORT_FAILED,
        target=run,
        target_label=run.file_name,
        agency_id=run.agency_id,
        changes={
            "kind": run.kind,
            "file_name": run.file_name,
            "sha256": run.sha256,
            "status": Status.FAILED,
            "interrupted": True,
            "last_heard_of": heard.isoformat() if heard else None,
        },
    )
    delete_stored(run.stored_path)  # last: a failure above keeps the run and its file as they were
    return 1


def cancel_asked_by(run: ImportRun) -> int | None:
    """The id of the user who asked to cancel the running import, if anyone has."""
    asked_by = caches["imports"].get(cache_key(run, "cancel"))
    return int(asked_by) if asked_by else None


def cancel_import(*, actor: User, run: ImportRun) -> None:
    """Stops an import: a queued one at once; a running one at the worker's next check (every 1,000
    rows), which rolls it back whole. A finished check is given up and its file deleted."""
    if not permissions.can_see_import_rows(actor, run.agency_id):
        raise PermissionDenied
    # A running import is asked through the cache, which the worker reads between batches (worker.py),
    # and without opening a transaction here: on SQLite that would wait for the import's write lock.
    status = ImportRun.objects.filter(pk=run.pk).values_list("status", flat=True).first()
    if status == Status.RUNNING or not _cancel_queued_or_give_up(actor=actor, run=run):
        caches["imports"].set(cache_key(run, "cancel"), actor.pk)


@transaction.atomic
def _cancel_queued_or_give_up(*, actor: User, run: ImportRun) -> bool:
    """False if the run was claimed by a worker meanwhile."""
    if run.dry_run and run.status not in {Status.QUEUED, Status.RUNNING}:
        if ImportRun.objects.filter(pk=run.pk).exclude(stored_path="").update(stored_path="", preview=[]):
            delete_stored(run.stored_path)
        # Given up: the rejected rows (names, dates of birth…) go with the file and the rows shown.
        if ImportRun.objects.filter(pk=run.pk).exclude(rejects_path="").update(rejects_path=""):
            stored_file(run.rejects_path).unlink(missing_ok=True)
        return True
    if not ImportRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
        status=Status.CANCELLED,
        cancelled_by=actor,
        finished_at=timezone.now(),
        error_summary=_("Cancelled: nothing was imported."),
        preview=[],
        stored_path="",
    ):
        return run.status not in {Status.QUEUED, Status.RUNNING}
    delete_stored(run.stored_path)
    record_event(
        actor=actor,
        action=Action.IMPORT_CANCELLED,
        target=run,
        target_label=run.file_name,
        agency_id=run.agency_id,
        changes={"kind": run.kind, "file_name": run.file_name, "sha256": run.sha256, "status": Status.CANCELLED},
    )
    return True


@transaction.atomic
def record_import_rows_view(*, actor: User, run: ImportRun, ip_address: str | None) -> None:
    """Seeing the rows of a register's file (preview, rejected values) is seeing people's details."""
    record_event(
        actor=actor,
        action=Action.IMPORT_PREVIEW_VIEWED,
        target=run,
        target_label=run.file_name,
        agency_id=run.agency_id,
        ip_address=ip_address,
    )


@transaction.atomic
def record_rejects_download(*, actor: User, run: ImportRun, ip_address: str | None) -> Path:
    if not permissions.can_see_import_rows(actor, run.agency_id):
        raise PermissionDenied
    path = stored_file(run.rejects_path) if run.rejects_path else None
    if path is None or not path.is_file():
        raise ValidationError(_("The file of rejected rows is no longer available."))
    record_event(
        actor=actor,
        action=Action.IMPORT_REJECTS_DOWNLOADED,
        target=run,
        target_label=run.file_name,
        agency_id=run.agency_id,
        ip_address=ip_address,
        changes={"rows_rejected": run.rows_rejected},
    )
    return path
