"""A big HTCDS file is parsed in a child process while the runner writes: the outcome is the same as parsed here."""

import csv
import multiprocessing
import os
import threading

import pytest
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Event, Participant
from vigie.exchange import importing
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv
from vigie.exchange.importing import run_import, summary
from vigie.exchange.models import ImportRun
from vigie.exchange.tests.parsing_support import parse_every_file_aside
from vigie.exchange.worker import PreviewingImporter
from vigie.people.models import Person

# Under pytest-xdist the worker runs a thread of its own (see parse_every_file_aside).
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


@pytest.fixture
def aside(monkeypatch):
    parse_every_file_aside(monkeypatch)


def register_of(agency):
    return {
        "cases": sorted(Case.objects.filter(agency=agency).values_list("title", "status", "opened_on", "closed_on")),
        "persons": sorted(
            Person.objects.filter(recorded_by_agency=agency).values_list("given_names", "family_name", "search_text")
        ),
        "roles": sorted(Participant.objects.filter(case__agency=agency).values_list("role", "forms_of_exploitation")),
        "events": sorted(Event.objects.filter(case__agency=agency).values_list("kind", "date", "country_id")),
    }


def test_a_file_parsed_aside_gives_the_register_parsed_here(tmp_path, monkeypatch, anltp, naptip, investigator):
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(60, seed=31)), ALL_COLUMNS)
    here = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=naptip)
    parse_every_file_aside(monkeypatch)

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)
    again = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)

    assert (
        (run.status, run.rows_read, run.rows_imported)
        == (ImportRun.Status.DONE, 60, 60)
        == (
            here.status,
            here.rows_read,
            here.rows_imported,
        )
    )
    assert register_of(anltp) == register_of(naptip)
    assert (again.rows_imported, again.rows_skipped) == (0, 60)  # the same keys as parsed here
    assert multiprocessing.active_children() == []


def test_a_row_rejected_aside_is_reported_with_its_number_and_nothing_is_written(tmp_path, aside, anltp, investigator):
    rows = list(generate_htcds_rows(30, seed=32))
    rows[20]["prs_Birthdate"] = "31/02/2021"
    write_csv(tmp_path / "bad.csv", rows, ALL_COLUMNS)

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "bad.csv", actor=investigator, agency=anltp)

    assert run.status == ImportRun.Status.REFUSED
    [problem] = run.rejected_rows.all()
    assert (problem.row_number, problem.column, problem.value) == (22, "prs_Birthdate", "31/02/2021")
    assert Case.objects.count() == 0


def test_with_keep_valid_the_rejected_row_comes_back_in_the_file_of_rejects(tmp_path, aside, anltp, investigator):
    rows = list(generate_htcds_rows(30, seed=33))
    rows[9]["prs_Gender"] = "Dragon"
    rows[9]["prs_Gendre"] = "F"
    write_csv(tmp_path / "cases.csv", rows, [*ALL_COLUMNS, "prs_Gendre"])

    run = run_import(
        importer=HtcdsImporter(),
        path=tmp_path / "cases.csv",
        actor=investigator,
        agency=anltp,
        keep_valid=True,
        rejects_to=tmp_path / "rejects.csv",
    )

    assert (run.status, run.rows_imported, run.rows_rejected) == (ImportRun.Status.DONE, 29, 1)
    with (tmp_path / "rejects.csv").open(encoding="utf-8-sig") as file:
        header, rejected = list(csv.reader(file))
    assert rejected[header.index("prs_Gender")] == "Dragon"
    assert rejected[-1].startswith("prs_Gender: ")  # the column of the problem, in the user's language
    assert rejected[header.index("prs_Gendre")] == "F"  # a column not imported, read in the child too


def test_a_file_refused_by_the_child_is_refused_with_its_message(tmp_path, aside, anltp, investigator):
    (tmp_path / "other.csv").write_text("name,age\nAwa,12\n", encoding="utf-8")

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "other.csv", actor=investigator, agency=anltp)

    assert run.status == ImportRun.Status.REFUSED
    assert run.error_summary.startswith("Aucune colonne HTCDS")  # in the language of the run, as parsed here
    assert multiprocessing.active_children() == []


def test_a_cancelled_import_stops_the_child_and_keeps_nothing(tmp_path, aside, monkeypatch, anltp, investigator):
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(200, seed=34)), ALL_COLUMNS)
    run = importing.queue_import(kind="htcds", path=tmp_path / "cases.csv", actor=investigator, agency=anltp)

    def cancel_on_first_progress(done, total):
        ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    run_import(
        importer=HtcdsImporter(),
        path=tmp_path / "cases.csv",
        actor=investigator,
        run=run,
        progress=cancel_on_first_progress,
    )

    run.refresh_from_db()
    assert run.status == ImportRun.Status.CANCELLED
    assert Case.objects.count() == 0
    assert multiprocessing.active_children() == []


def test_a_child_that_dies_fails_the_import_in_the_users_language_and_keeps_nothing(
    tmp_path, aside, monkeypatch, anltp, investigator
):
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(40, seed=37)), ALL_COLUMNS)
    parse = HtcdsImporter.parse

    def killed_at_row_30(importer, row_number, cells):
        if row_number == 30:
            os._exit(9)  # in the child: as the system's out-of-memory killer would stop it
        return parse(importer, row_number, cells)

    monkeypatch.setattr(HtcdsImporter, "parse", killed_at_row_30)

    with pytest.raises(RuntimeError):
        run_import(
            importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp, language="fr"
        )

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    apostrophe = "\N{RIGHT SINGLE QUOTATION MARK}"
    assert run.error_summary.startswith(f"Erreur inattendue : le processus qui lisait le fichier s{apostrophe}est arr")
    assert Case.objects.count() == 0
    assert multiprocessing.active_children() == []


def test_ctrl_c_during_an_import_parsed_aside_leaves_nothing_and_no_child(
    tmp_path, aside, monkeypatch, anltp, investigator
):
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(200, seed=35)), ALL_COLUMNS)

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(
            importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp, progress=interrupt
        )

    assert ImportRun.objects.get().status == ImportRun.Status.CANCELLED
    assert Case.objects.count() == 0
    assert multiprocessing.active_children() == []


def test_the_setting_keeps_all_the_parsing_in_the_importing_process(settings, monkeypatch):
    # As in an import worker with two cores (a pytest-xdist worker runs a thread of its own).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    settings.VIGIE_IMPORT_PARSE_ASIDE = True
    assert importing._can_fork()

    settings.VIGIE_IMPORT_PARSE_ASIDE = False
    assert not importing._can_fork()


def test_no_child_is_forked_from_a_process_running_other_threads(settings):
    settings.VIGIE_IMPORT_PARSE_ASIDE = True
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not importing._can_fork()
    finally:
        stop.set()
        other.join()


def test_a_check_keeps_its_preview_of_a_big_file(tmp_path, aside, anltp, investigator):
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(30, seed=36)), ALL_COLUMNS)
    importer = PreviewingImporter(HtcdsImporter())

    run = run_import(importer=importer, path=tmp_path / "cases.csv", actor=investigator, agency=anltp, dry_run=True)

    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 30)
    assert [shown["row"] for shown in importer.shown[:3]] == [2, 3, 4]  # parsed here, not in a child


def test_the_columns_not_read_are_said_whether_the_file_is_parsed_here_or_aside(
    tmp_path, monkeypatch, anltp, naptip, investigator
):
    # A misspelt field name and an NGO's own column: their values are not imported, and the import says so.
    path = tmp_path / "cases.csv"
    path.write_text(
        "cas_CaseNumber,prs_FirstName,prs_SecondName,prs_DateOfBirth,Notes\n"
        "X-9,Kadi,Traore,2004-01-02,Found at the bus station\n",
        encoding="utf-8",
    )
    here = run_import(importer=HtcdsImporter(), path=path, actor=investigator, agency=naptip, language="en")
    parsed_aside = parse_every_file_aside(monkeypatch)
    aside = run_import(importer=HtcdsImporter(), path=path, actor=investigator, agency=anltp, language="en")
    assert parsed_aside == ["htcds"]

    for run in (here, aside):
        assert (run.status, run.rows_imported, run.ignored_columns) == (
            ImportRun.Status.DONE, 1, ["prs_DateOfBirth", "Notes"],
        )  # fmt: skip
    with translation.override("fr"):
        assert "Colonnes non importées : prs_DateOfBirth, Notes." in summary(aside)
    audited = AuditEvent.objects.get(target_id=aside.pk, action=AuditEvent.Action.DATA_IMPORTED)
    assert audited.changes["ignored_columns"] == ["prs_DateOfBirth", "Notes"]
