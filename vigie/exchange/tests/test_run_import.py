"""The runner: all-or-nothing, keep-valid and its rejects file, dry run, duplicates, cancel, audit."""

import csv
import gc
import importlib
import threading
from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.exchange import importing
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import, summary
from vigie.exchange.models import DataSet, ImportRun, RejectedRow, SourceRowKey, VictimRecord

from .conftest import CTDC_10_HEADER, ctdc_10_rows, write_csv

pytestmark = pytest.mark.django_db
Status = ImportRun.Status


def with_bad_rows(tmp_path: Path) -> Path:
    rows = ctdc_10_rows(10)
    rows[3][3] = "Femme"  # not a gender of the layout
    rows[7][1] = "20X6"  # not a year
    return write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, rows)


def import_ctdc(path: Path, **options) -> ImportRun:
    return run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="Test", **options)


def test_a_rejected_row_refuses_the_whole_file_and_writes_nothing(tmp_path):
    run = import_ctdc(with_bad_rows(tmp_path), language="en")

    assert run.status == Status.REFUSED
    assert (run.rows_read, run.rows_rejected) == (10, 2)
    assert run.rows_read == run.rows_imported + run.rows_rejected + run.rows_skipped
    assert VictimRecord.objects.count() == 0
    assert SourceRowKey.objects.count() == 0
    assert not DataSet.objects.exists()  # created for this import, undone with it
    problems = list(RejectedRow.objects.filter(run=run).values_list("row_number", "column", "value"))
    assert problems == [(5, "gender", "Femme"), (9, "yearOfRegistration", "20X6")]
    assert "nothing was imported" in run.error_summary
    with translation.override("en"):
        assert "imported 0" in summary(run)


def test_row_messages_are_in_the_language_of_the_run(tmp_path):
    run = import_ctdc(with_bad_rows(tmp_path), language="fr")

    message = RejectedRow.objects.filter(run=run, column="yearOfRegistration").get().message
    assert message.startswith("Pas une année")


def test_keep_valid_imports_the_rest_and_the_rejects_file_fixed_imports_the_remainder(tmp_path):
    rejects = tmp_path / "rejects.csv"

    run = import_ctdc(with_bad_rows(tmp_path), keep_valid=True, rejects_to=rejects, language="en")

    assert (run.status, run.rows_imported, run.rows_rejected) == (Status.DONE, 8, 2)
    assert VictimRecord.objects.count() == 8
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        rejected = list(csv.reader(file))
    assert rejected[0] == [*CTDC_10_HEADER, "problem"]
    assert [row[3] for row in rejected[1:]] == ["Femme", "Male"]
    fixed = [row[:-1] for row in rejected[1:]]
    fixed[0][3], fixed[1][1] = "Female", "2016.0"
    again = import_ctdc(write_csv(tmp_path / "fixed.csv", rejected[0][:-1], fixed))

    assert (again.status, again.rows_imported, again.rows_skipped) == (Status.DONE, 2, 0)
    assert VictimRecord.objects.count() == 10


def test_dry_run_counts_everything_and_writes_nothing(ctdc_small):
    run = import_ctdc(ctdc_small, dry_run=True)

    assert (run.status, run.rows_read, run.rows_imported) == (Status.DONE, 25, 25)
    assert VictimRecord.objects.count() == 0
    assert SourceRowKey.objects.count() == 0
    assert AuditEvent.objects.get(target_id=str(run.pk)).action == AuditEvent.Action.IMPORT_CHECKED


def test_an_overlapping_file_adds_only_the_new_rows(tmp_path):
    import_ctdc(write_csv(tmp_path / "a.csv", CTDC_10_HEADER, ctdc_10_rows(20)))

    run = import_ctdc(write_csv(tmp_path / "b.csv", CTDC_10_HEADER, ctdc_10_rows(20, start=10)))

    assert (run.rows_read, run.rows_imported, run.rows_skipped) == (20, 10, 10)
    assert VictimRecord.objects.count() == 30


def test_identical_rows_without_an_identifier_are_each_kept_once(tmp_path):
    header = [h for h in CTDC_10_HEADER if h]
    same = ctdc_10_rows(1)[0][1:]
    path = write_csv(tmp_path / "same.csv", header, [same, same, same])

    first = import_ctdc(path)
    again = import_ctdc(path)

    assert (first.rows_imported, again.rows_skipped) == (3, 3)
    assert VictimRecord.objects.count() == 3


def test_every_run_is_audited_with_its_file_hash_and_counts(ctdc_small, agency_admin):
    run = run_import(importer=importer_for("ctdc"), path=ctdc_small, actor=agency_admin, dataset="Test")

    event = AuditEvent.objects.get(target_id=str(run.pk), target_type="exchange.importrun")
    assert event.action == AuditEvent.Action.DATA_IMPORTED
    assert event.actor == agency_admin
    assert event.changes["sha256"] == run.sha256 == importing.file_digest(ctdc_small)
    assert event.changes["rows_imported"] == 25
    assert event.changes["file_name"] == "ctdc.csv"


def test_cancelling_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, ctdc_10_rows(100))

    def cancel_midway(done, total):  # what the page's cancel button does, from another request
        if done == 30:
            ImportRun.objects.update(cancel_requested=True)

    run = import_ctdc(path, progress=cancel_midway)

    assert run.status == Status.CANCELLED
    assert run.rows_read == 30
    assert VictimRecord.objects.count() == 0
    assert SourceRowKey.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_CANCELLED).count() == 1


def test_a_cancel_asked_after_the_last_check_still_stops_the_import_before_its_commit(tmp_path):
    path = write_csv(tmp_path / "short.csv", CTDC_10_HEADER, ctdc_10_rows(30))  # fewer rows than a check's

    def cancel_at_the_end(done, total):  # as the worker does when the user pressed "Cancel"
        if done == total:
            ImportRun.objects.filter(status=Status.RUNNING).update(cancel_requested=True)

    run = import_ctdc(path, progress=cancel_at_the_end)

    assert (run.status, run.rows_read) == (Status.CANCELLED, 30)
    assert VictimRecord.objects.count() == 0 and SourceRowKey.objects.count() == 0


def test_ctrl_c_leaves_nothing_behind_and_the_run_says_cancelled(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, ctdc_10_rows(100))

    def interrupt_midway(done, total):  # Ctrl-C while the command line shows its progress
        if done == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_ctdc(path, progress=interrupt_midway)

    run = ImportRun.objects.get()
    assert (run.status, run.rows_read) == (Status.CANCELLED, 30)
    assert VictimRecord.objects.count() == 0 and SourceRowKey.objects.count() == 0
    assert not DataSet.objects.exists()  # created by the import, undone with it
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_CANCELLED).count() == 1


def test_the_garbage_collector_is_set_for_the_import_and_as_before_after_it_whatever_its_end(tmp_path, monkeypatch):
    # The import tunes the collector of its process (a worker, a command): a worker's next job, or a failed
    # import's caller, finds it as it was.
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, ctdc_10_rows(40))
    before = gc.get_threshold()
    during = []

    def look(done, total):
        during.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
        if done == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_ctdc(path, progress=look)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    assert import_ctdc(path).status == Status.DONE
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    assert during[0] == (importing.IMPORT_GC_THRESHOLD, True)


def test_imports_in_two_threads_put_the_collector_back_as_it_was_before_the_first(tmp_path, monkeypatch):
    # A web server's threads can check two spreadsheets at once: the one that ends first leaves the setting
    # to the other, which puts back what was there before both.
    path = write_csv(tmp_path / "c.csv", CTDC_10_HEADER, ctdc_10_rows(5))
    before = gc.get_threshold()
    inside, release = threading.Event(), threading.Event()
    tuned = importing._collector_for_bulk

    def first_import() -> None:
        with tuned():
            inside.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=first_import)
    thread.start()
    assert inside.wait(timeout=30)
    assert import_ctdc(path).status == Status.DONE  # begins and ends while the other runs
    assert gc.get_threshold()[0] == importing.IMPORT_GC_THRESHOLD and gc.get_freeze_count() > 0
    release.set()
    thread.join(timeout=30)

    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def test_ctrl_c_with_keep_valid_leaves_no_partial_file_of_rejected_rows(tmp_path, monkeypatch):
    # The rows rejected before the interrupt are not the file's rejects: a partial list of them (names, dates
    # of birth in an HTCDS file) left beside the source would be taken for the whole list.
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    rows = ctdc_10_rows(100)
    rows[3][3] = "Femme"
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, rows)
    rejects = tmp_path / "long-rejected.csv"

    def interrupt_midway(done, total):
        if done == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_ctdc(path, progress=interrupt_midway, keep_valid=True, rejects_to=rejects)

    assert ImportRun.objects.get().status == Status.CANCELLED
    assert not rejects.exists()
    # Read to the end, the same import writes the file.
    import_ctdc(path, keep_valid=True, rejects_to=rejects)
    assert rejects.is_file()


# Committed for real; serialized_rollback puts the database back as it was for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ctrl_c_as_the_import_commits_leaves_it_done(tmp_path, monkeypatch):
    # Python sees a signal once the commit has returned: the rows are in, and the run must not say otherwise.
    from django.db import connection

    path = write_csv(tmp_path / "a.csv", CTDC_10_HEADER, ctdc_10_rows(12))
    commit, finish, finished = connection.commit, importing._finish, []

    def finish_and_note(run, tally, status, error=""):
        finish(run, tally, status, error)
        finished.append(status)

    def commit_then_interrupt():
        commit()
        if finished == [Status.DONE]:  # the commit of the import's data (no query here: none comes between)
            finished.append("interrupted")
            raise KeyboardInterrupt

    monkeypatch.setattr(importing, "_finish", finish_and_note)
    monkeypatch.setattr(connection, "commit", commit_then_interrupt)
    try:
        run = import_ctdc(path)
    except KeyboardInterrupt:  # else pytest would take it for the user's and stop the whole run
        pytest.fail("the interrupt that came with the commit was taken for a cancel")

    assert (run.status, run.rows_imported) == (Status.DONE, 12)
    assert VictimRecord.objects.count() == 12
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_CANCELLED).exists()


def test_one_rejected_row_is_said_in_the_singular(tmp_path):
    rows = ctdc_10_rows(5)
    rows[2][3] = "Femme"
    run = import_ctdc(write_csv(tmp_path / "one.csv", CTDC_10_HEADER, rows), language="en")

    assert run.error_summary.startswith("1 row was rejected, so nothing was imported. Correct it,")


def test_the_command_says_an_interrupted_import_left_nothing(tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    command = importlib.import_module("vigie.exchange.management.commands.import").Command

    def interrupt(self, done, total):
        raise KeyboardInterrupt

    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(command, "_progress", interrupt)
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, ctdc_10_rows(100))

    with pytest.raises(CommandError, match=r"Cancelled: nothing was imported\."):
        call_command("import", "ctdc", str(path), "--dataset", "Test", "--lang", "en")
    assert ImportRun.objects.get().status == Status.CANCELLED


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_the_command_killed_or_its_terminal_closed_cancels_the_import(tmp_path, monkeypatch, stop):
    import os
    import signal

    from django.core.management import CommandError, call_command

    command = importlib.import_module("vigie.exchange.management.commands.import").Command

    def stopped(self, done, total):  # `kill` (or the terminal closed) while the import is at row 30
        if done == 30:
            os.kill(os.getpid(), getattr(signal, stop))

    def unhandled(signum, frame):  # what the test process would do without the command's handler: die
        raise RuntimeError("the signal reached the process")

    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(command, "_progress", stopped)
    path = write_csv(tmp_path / "long.csv", CTDC_10_HEADER, ctdc_10_rows(100))
    previous = signal.signal(getattr(signal, stop), unhandled)
    try:
        with pytest.raises(CommandError, match=r"Cancelled: nothing was imported\."):
            call_command("import", "ctdc", str(path), "--dataset", "Test", "--lang", "en")
    finally:
        signal.signal(getattr(signal, stop), previous)
    run = ImportRun.objects.get()
    assert (run.status, run.rows_read) == (Status.CANCELLED, 30)  # not left "running"
    assert not VictimRecord.objects.exists()


def test_progress_is_reported_with_the_total(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    seen = []

    import_ctdc(
        write_csv(tmp_path / "p.csv", CTDC_10_HEADER, ctdc_10_rows(35)), progress=lambda d, t: seen.append((d, t))
    )

    assert seen == [(10, 35), (20, 35), (30, 35), (35, 35)]


def test_a_data_set_keeps_one_layout(tmp_path, ctdc_small):
    import_ctdc(ctdc_small)
    vp = write_csv(
        tmp_path / "vp.csv",
        [
            "yearRegister",
            "gender",
            "majorityStatus",
            "isForcedLabour",
            "isSexualExploit",
            "UN_COO_Region",
            "UN_COE_Region",
            "IP_Exploiter",
            "IP_Gender",
            "IP_ageBroad",
            "IP_citizen_UNRegion",
            "IP_Relation",
            "IP_PayMoney",
            "IP_RecruiterBroker",
            "IP_TransactionProcess",
            "IP_ControlAbuseKidnap",
        ],
        [[""] * 16],
    )

    run = import_ctdc(vp, language="en")

    assert run.status == Status.REFUSED
    assert "another layout" in run.error_summary


class ClashingImporter:
    """Reads three valid rows and writes them under a data set name already taken: the database refuses."""

    kind = "clashing"

    def rows(self, path: Path):
        return iter((n, {"name": f"row {n}"}) for n in (2, 3, 4))

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        return cells["name"]

    def parse(self, row_number: int, cells: dict[str, str]) -> str:
        return cells["name"]

    def write(self, records: list[str], *, run: ImportRun) -> int:
        DataSet.objects.create(name="Taken", kind=DataSet.Kind.CTDC_DERIVED_10)
        return len(records)


def test_a_write_the_database_refuses_fails_the_run_with_its_own_error_and_counts_that_add_up(tmp_path, agency_admin):
    DataSet.objects.create(name="Taken", kind=DataSet.Kind.CTDC_DERIVED_10)
    path = write_csv(tmp_path / "any.csv", ["name"], [["row"]])

    with pytest.raises(IntegrityError) as raised:  # the first error, not the run's constraint
        run_import(importer=ClashingImporter(), path=path, actor=agency_admin, language="en")

    run = ImportRun.objects.get(kind="clashing")
    assert run.status == Status.FAILED
    assert (run.rows_read, run.rows_imported, run.rows_rejected, run.rows_skipped) == (3, 3, 0, 0)
    assert "counts_add_up" not in str(raised.value)
    assert run.error_summary == f"Unexpected error: {raised.value}"
    assert DataSet.objects.count() == 1
    assert SourceRowKey.objects.count() == 0
    event = AuditEvent.objects.get(target_id=str(run.pk), target_type="exchange.importrun")
    assert (event.action, event.changes["status"], event.changes["rows_read"]) == (
        AuditEvent.Action.IMPORT_FAILED,
        Status.FAILED,
        3,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
@pytest.mark.parametrize("outcome", ["done", "refused", "failed"])
def test_an_import_has_a_bigger_page_cache_on_sqlite_and_gives_it_back(tmp_path, monkeypatch, outcome):
    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return int(cursor.fetchone()[0])

    before = cache_size()
    during: list[int] = []
    write_batch = importing._write_batch

    def noting_the_cache(*args: object) -> None:
        during.append(cache_size())
        if outcome == "failed":  # an error while writing, which goes through the import
            raise RuntimeError("disk I/O error")
        write_batch(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_write_batch", noting_the_cache)
    if outcome == "refused":
        path = with_bad_rows(tmp_path)
    else:
        path = write_csv(tmp_path / "ok.csv", CTDC_10_HEADER, ctdc_10_rows(10))
    if outcome == "failed":
        with pytest.raises(RuntimeError, match="disk I/O error"):
            import_ctdc(path, language="en")
        assert ImportRun.objects.get().status == Status.FAILED
    else:
        assert import_ctdc(path, language="en").status == outcome

    assert during and set(during) == {-importing.IMPORT_PAGE_CACHE_KIB}  # negative: KiB
    assert before != -importing.IMPORT_PAGE_CACHE_KIB
    assert cache_size() == before
