import os
import pwd

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from vigie.audit.models import AuditEvent
from vigie.exchange import importing
from vigie.exchange.exports.htcds import PERPETRATORS_SHEET
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.importing import file_digest
from vigie.exchange.models import ImportRun, VictimRecord

from .conftest import CTDC_10_HEADER, ctdc_10_rows, write_csv

pytestmark = pytest.mark.django_db


def test_it_imports_and_prints_the_summary(ctdc_small, capsys, agency_admin):
    call_command("import", "ctdc", str(ctdc_small), "--dataset", "Test", "--as", agency_admin.username, "--lang", "en")

    out, err = capsys.readouterr()
    assert "Read 25, imported 25, rejected 0, skipped 0 as duplicates." in out
    assert "25 / 25" in err  # the progress bar
    assert ImportRun.objects.get().started_by == agency_admin


def test_a_refused_file_exits_non_zero_with_each_row_error(tmp_path, capsys):
    rows = ctdc_10_rows(3)
    rows[1][4] = "adult"
    path = write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, rows)

    with pytest.raises(CommandError):
        call_command("import", "ctdc", str(path), "--dataset", "Test", "--lang", "en")

    err = capsys.readouterr().err
    assert "row 3, column ageBroad, value 'adult': Not an age band" in err
    assert VictimRecord.objects.count() == 0


def test_keep_valid_writes_the_rejects_file_given(tmp_path, capsys):
    rows = ctdc_10_rows(3)
    rows[1][4] = "adult"
    rejects = tmp_path / "out.csv"

    call_command(
        "import",
        "ctdc",
        str(write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, rows)),
        "--dataset",
        "T",
        "--keep-valid",
        "--rejects",
        str(rejects),
        "--lang",
        "en",
    )

    assert VictimRecord.objects.count() == 2
    assert rejects.read_text(encoding="utf-8-sig").count("\n") == 2


def test_dry_run_and_list(ctdc_small, capsys):
    call_command("import", "ctdc", str(ctdc_small), "--dataset", "Test", "--dry-run", "--lang", "en")
    call_command("import", "--list", "--lang", "en")

    out = capsys.readouterr().out
    assert "Check only: read 25, would import 25" in out
    assert "ctdc.csv" in out and "[check only]" in out
    assert f"sha256 {file_digest(ctdc_small)[:12]}" in out  # which file, as the audit trail has it
    assert VictimRecord.objects.count() == 0


def test_an_htcds_export_in_parts_has_its_rows_estimated_in_all_its_files(tmp_path):
    # For the progress bar: only CTDC and GLOTIP files had an estimate; the biggest imports, HTCDS ones,
    # showed a bare count of rows.
    main = ["cas_CaseNumber", "vigie_PersonKey", "prs_FirstName", "prs_SecondName", "vic_TraffickingStatus"]
    write_csv(tmp_path / "x.csv", main, [["C1", "P1", "Awa", "Sow", "ActualVictimOfTrafficking"]])
    write_csv(tmp_path / "x-events.csv", ["cas_CaseNumber", "hte_Type", "hte_Country"], [["C1", "Recruitment", "NE"]])
    write_csv(tmp_path / "x-perpetrators.csv", ["cas_CaseNumber", "prs_FirstName"], [["C1", "Kofi"], ["C1", "Ali"]])
    book = Workbook()
    book.active.append(main)
    book.active.append(["C1", "P1", "Awa", "Sow", "ActualVictimOfTrafficking"])
    book.create_sheet(PERPETRATORS_SHEET).append(["cas_CaseNumber", "prs_FirstName"])
    book[PERPETRATORS_SHEET].append(["C1", "Kofi"])
    book.create_sheet("Notes").append(["not read", "so not counted"])
    book.save(tmp_path / "x.xlsx")

    assert HtcdsImporter().estimated_rows(tmp_path / "x.csv") == 4
    assert HtcdsImporter().estimated_rows(tmp_path / "x.xlsx") == 2


def test_the_progress_bar_follows_the_estimate_and_ends_full(tmp_path, capsys, monkeypatch):
    # An estimate can be off (blank rows, the template's numbered empty rows): the bar ends at the rows read.
    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    path = write_csv(tmp_path / "c.csv", CTDC_10_HEADER, ctdc_10_rows(25))
    with path.open("a", encoding="utf-8") as file:
        file.write("\n" * 15)  # blank lines: counted by the estimate, not rows

    call_command("import", "ctdc", str(path), "--dataset", "Test", "--lang", "en")

    err = capsys.readouterr().err
    assert f"] 10 / 40\r[{'#' * 15}" in err
    assert err.endswith(f"\r[{'#' * 30}] 25 / 25\n")


def test_without_as_the_system_account_is_who_imported(ctdc_small):
    # The run and its audit event named nobody: an import by the server's operator must say who, too.
    call_command("import", "ctdc", str(ctdc_small), "--dataset", "Test")

    run = ImportRun.objects.get()
    account = pwd.getpwuid(os.getuid()).pw_name
    assert (run.started_by, run.started_by_name) == (None, f"{account} (ligne de commande)")
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_IMPORTED)
    assert event.actor_username == run.started_by_name
