"""An import whose worker is killed (SIGKILL, the machine stopping) mid-import: its transaction dies with
it, so nothing of the file stays; the run, left "running", is shown as interrupted once its heartbeat (the
progress noted every 1,000 rows) is older than VIGIE_IMPORT_STALE_AFTER, and the next worker to look at the
queue records it as failed, in the audit trail."""

import datetime
import os
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from vigie.audit.models import AuditEvent
from vigie.exchange import services
from vigie.exchange.heartbeat import cache_key, note_progress
from vigie.exchange.models import ImportRun, VictimRecord
from vigie.exchange.worker import run_queued_imports

from .worker_support import (
    database_for_a_subprocess,
    queued_ctdc_run,
    share_var_dir_with_subprocesses,
    vigie_process,
    worker_in_an_import,
)

Status = ImportRun.Status


def running(run: ImportRun, *, heard_minutes_ago: float) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, started_at=timezone.now())
    run.refresh_from_db()
    heard = time.time() - heard_minutes_ago * 60
    caches["imports"].set(cache_key(run, "progress"), (3000, None, heard))
    return run


@pytest.mark.django_db
def test_a_run_whose_worker_reports_progress_is_not_interrupted(web_imports):
    run = running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=0)
    note_progress(run, 4000, None)

    assert not services.is_interrupted(run)


@pytest.mark.django_db
def test_a_run_not_heard_of_for_longer_than_the_threshold_is_interrupted(web_imports, settings):
    settings.VIGIE_IMPORT_STALE_AFTER = 600
    run = running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=11)

    assert services.is_interrupted(run)


@pytest.mark.django_db
def test_without_any_heartbeat_the_start_counts(web_imports, settings):
    settings.VIGIE_IMPORT_STALE_AFTER = 600
    run = queued_ctdc_run(web_imports, 5)
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    run.refresh_from_db()

    assert services.is_interrupted(run)


@pytest.mark.django_db
def test_the_pages_show_it_interrupted_and_stop_following_it(client, analyst, web_imports):
    client.force_login(analyst)
    run = running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=60)
    ImportRun.objects.filter(pk=run.pk).update(started_by=analyst)

    listing = client.get(reverse("exchange:imports"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = client.get(reverse("exchange:import-run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    progress = client.get(reverse("exchange:import-progress", args=[run.pk]))

    assert "Interrupted" in listing
    assert "has not been heard of since" in page and "nothing of this file was imported" in page
    assert 'id="import-progress"' not in page  # no more polling
    assert progress["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_the_next_worker_records_it_failed_and_audited(web_imports):
    interrupted = running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=60)

    run_queued_imports(once=True)

    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.stored_path) == (Status.FAILED, "")
    assert interrupted.error_summary.startswith("Interrupted")
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT_FAILED)
    assert event.target_id == str(interrupted.pk) and event.changes["interrupted"] is True
    assert not (web_imports / "a-run").exists()


@pytest.mark.django_db
def test_a_run_still_heard_of_is_left_alone(web_imports):
    alive = running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=1)

    run_queued_imports(once=True)

    alive.refresh_from_db()
    assert alive.status == Status.RUNNING
    assert not AuditEvent.objects.exists()


# A real worker, killed ---------------------------------------------------------------------------------


# Committed for real (another process reads it); serialized_rollback puts the database back as it was,
# the content types with their ids, for the transactional tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_import_leaves_no_row_and_the_next_one_records_it(tmp_path, settings):
    share_var_dir_with_subprocesses(settings, tmp_path)
    run = queued_ctdc_run(tmp_path / "imports", rows=100_000)
    url, sql = database_for_a_subprocess(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "VIGIE_VAR_DIR": str(tmp_path)}

    with worker_in_an_import(run, env) as started:
        # Killed (on leaving the block) once it has written batches in the import's transaction.
        assert sql("SELECT status FROM exchange_importrun WHERE id = ?", run.pk) == [("running",)]
    assert started  # the file was parsed by a child of the worker, which died with it (worker_in_an_import)

    assert sql("SELECT count(*) FROM exchange_victimrecord") == [(0,)]
    assert sql("SELECT count(*) FROM exchange_sourcerowkey") == [(0,)]
    assert sql("SELECT count(*) FROM exchange_dataset") == [(0,)]  # created in the import's transaction
    assert sql("SELECT status FROM exchange_importrun WHERE id = ?", run.pk) == [("running",)]

    # The next worker to start, with its heartbeat threshold passed at once.
    next_worker = vigie_process(["run-imports", "--once"], {**env, "VIGIE_IMPORT_STALE_AFTER": "0"})
    _out, err = next_worker.communicate(timeout=300)
    assert next_worker.returncode == 0, err.decode()

    [(status, summary)] = sql("SELECT status, error_summary FROM exchange_importrun WHERE id = ?", run.pk)
    assert status == "failed" and summary.startswith("Interrupted")
    events = sql("SELECT action FROM audit_auditevent WHERE target_id = ?", str(run.pk))
    assert ("data.import_failed",) in events
    assert sql("SELECT count(*) FROM exchange_victimrecord") == [(0,)]
    assert not (tmp_path / "imports" / "a-run").exists()
    if connection.vendor != "sqlite":
        assert not VictimRecord.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_recorded_interrupted_while_it_still_runs_stops_keeps_nothing_and_that_record(
    tmp_path, monkeypatch, settings
):
    """PostgreSQL lets another worker record a run that was silent too long while it still runs (in its own
    connection, committed): the run stops at its next check, and the record stands with its one audit event.
    SQLite cannot get there: the other worker's write waits for the import's lock."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite: no other connection writes while an import holds the write lock")
    from vigie.exchange import importing
    from vigie.exchange.ctdc import CtdcImporter

    from .conftest import CTDC_10_HEADER, ctdc_10_rows, write_csv

    share_var_dir_with_subprocesses(settings, tmp_path)
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    path = write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(60))

    def another_worker_records_it_interrupted():
        try:
            services._fail_interrupted(ImportRun.objects.get(status=Status.RUNNING))
        finally:
            connections.close_all()  # this thread's own connection

    def taken_for_dead(done, total):
        if done == 20:
            other = threading.Thread(target=another_worker_records_it_interrupted)
            other.start()
            other.join()

    run = importing.run_import(
        importer=CtdcImporter(), path=path, actor=None, dataset="CTDC test", progress=taken_for_dead, language="en"
    )

    assert (run.status, run.rows_read) == (Status.FAILED, 0)
    assert run.error_summary.startswith("Interrupted")
    assert not VictimRecord.objects.exists() and run.dataset is None
    actions = AuditEvent.objects.filter(target_id=str(run.pk)).values_list("action", flat=True)
    assert list(actions) == ["data.import_failed"]


@pytest.mark.django_db
def test_the_command_line_list_shows_it_interrupted(web_imports, capsys):
    from django.core.management import call_command

    running(queued_ctdc_run(web_imports, 5), heard_minutes_ago=60)

    call_command("import", "--list", "--lang", "en")

    assert "Interrupted" in capsys.readouterr().out
