import os
import pwd
import re

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


def test_it_imports_and_prints_the_summary(ctdc_small, capsys, analyst):
    call_command("import", "ctdc", str(ctdc_small), "--dataset", "Test", "--as", analyst.username, "--lang", "en")

    out, err = capsys.readouterr()
    assert "Read 25, imported 25, rejected 0, skipped 0 as duplicates." in out
    assert "25 / 25" in err  # the progress bar
    assert ImportRun.objects.get().started_by == analyst


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


def test_keep_valid_puts_the_rejects_beside_the_file_says_where_and_writes_over_nothing(tmp_path, capsys):
    rows = ctdc_10_rows(3)
    rows[1][4] = "adult"
    path = write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, rows)
    (tmp_path / "bad-rejected.csv").write_text("an earlier run's, corrected by hand", encoding="utf-8")

    call_command("import", "ctdc", str(path), "--dataset", "T", "--keep-valid", "--lang", "en")

    out = capsys.readouterr().out
    written = tmp_path / "bad-rejected-2.csv"
    assert f"The rejected rows are in {written}: correct them there and import that file again." in out
    assert written.read_text(encoding="utf-8-sig").count("\n") == 2
    assert (tmp_path / "bad-rejected.csv").read_text(encoding="utf-8") == "an earlier run's, corrected by hand"


def test_a_refused_file_says_how_to_import_its_valid_rows(tmp_path, capsys):
    rows = ctdc_10_rows(3)
    rows[1][4] = "adult"

    with pytest.raises(CommandError):
        call_command("import", "ctdc", str(write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, rows)), "--dataset", "T")

    assert "Pour importer les lignes valides et recevoir les autres dans un fichier : ajoutez --keep-valid." in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--as", "investigator-anltp"],
            "Cette importation (htcds) va dans le registre d'un organisme : donnez --agency",
        ),
        (["--agency", "ANLTP"], "Cette importation (htcds) va dans le registre au nom d'un utilisateur : donnez --as"),
    ],
)
def test_a_register_import_without_its_agency_or_user_is_refused_before_reading_the_file(
    tmp_path, investigator, options, message, monkeypatch
):
    monkeypatch.setattr(HtcdsImporter, "rows", lambda *_: pytest.fail("the file was read"))
    path = tmp_path / "cases.csv"
    path.write_text("prs_FirstName,prs_SecondName\nAwa,Sow\n", encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import", "htcds", str(path), *options)


def test_an_archive_is_not_decrypted_for_someone_who_may_not_import_it(tmp_path, analyst, monkeypatch):
    monkeypatch.setattr(
        "vigie.exchange.management.commands.import.extract_export_archive",
        lambda *args, **kwargs: pytest.fail("the archive was decrypted"),
    )
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"PK")  # never opened
    password = tmp_path / "password.txt"
    password.write_text("a password long enough\n")

    with pytest.raises(CommandError, match="may not check this file"):
        call_command(
            "import", "htcds", str(archive), "--agency", "ANLTP", "--as", analyst.username, "--dry-run",
            "--password-file", str(password), "--lang", "en",
        )  # fmt: skip


def test_a_rejects_folder_that_cannot_be_written_is_refused_before_reading(tmp_path):
    path = write_csv(tmp_path / "bad.csv", CTDC_10_HEADER, ctdc_10_rows(3))

    with pytest.raises(CommandError, match="The rejected rows cannot be written in /nonexistent"):
        call_command(
            "import", "ctdc", str(path), "--dataset", "T", "--keep-valid", "--rejects", "/nonexistent/r.csv",
            "--lang", "en",
        )  # fmt: skip
    assert not ImportRun.objects.exists()


def test_the_command_line_applies_the_roles_of_the_web(tmp_path, clerk, analyst, investigator):
    path = tmp_path / "cases.csv"
    path.write_text("prs_FirstName,prs_SecondName,vic_TraffickingStatus\nAwa,Sow,ActualVictimOfTrafficking\n")
    register = ["import", "htcds", str(path), "--agency", "ANLTP", "--lang", "en"]

    # A data clerk checks the file, and may not import it: that confirms its identified victims.
    call_command(*register, "--as", clerk.username, "--dry-run")
    with pytest.raises(CommandError, match=f"{clerk.username} may not import this file: their role does not allow it"):
        call_command(*register, "--as", clerk.username)
    # An analyst sees aggregates only: not even a check of a file of names.
    with pytest.raises(CommandError, match=f"{analyst.username} may not check this file"):
        call_command(*register, "--as", analyst.username, "--dry-run")
    call_command(*register, "--as", investigator.username)

    assert set(ImportRun.objects.values_list("started_by__username", "dry_run")) == {
        (clerk.username, True), (investigator.username, False),
    }  # fmt: skip


def test_dry_run_and_list(ctdc_small, capsys):
    call_command("import", "ctdc", str(ctdc_small), "--dataset", "Test", "--dry-run", "--lang", "en")
    call_command("import", "--list", "--lang", "en")

    out = capsys.readouterr().out
    assert "Check only: read 25, would import 25" in out
    assert "ctdc.csv" in out and "[check only]" in out
    assert "read 25, valid 25, rejected 0, duplicates 0  [check only]" in out  # not "imported 0"
    assert f"sha256 {file_digest(ctdc_small)[:12]}" in out  # which file, as the audit trail has it
    assert VictimRecord.objects.count() == 0


def test_a_check_with_rejected_rows_says_what_it_found_and_a_refused_file_only_why(tmp_path, capsys):
    rows = ctdc_10_rows(9)
    rows[2][1] = "20X6"  # not a year
    path = write_csv(tmp_path / "c.csv", CTDC_10_HEADER, rows)

    with pytest.raises(CommandError, match="1 row was rejected"):
        call_command("import", "ctdc", str(path), "--dataset", "Test", "--dry-run", "--lang", "en")
    assert "Check only: read 9, valid 8, rejected 1, skipped 0 as duplicates." in capsys.readouterr().out

    (tmp_path / "other.csv").write_text("name,age\nAwa,12\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "ctdc", str(tmp_path / "other.csv"), "--dataset", "Test", "--lang", "en")
    assert "Read 0" not in capsys.readouterr().out


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
