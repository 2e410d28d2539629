"""Bad files are refused with a message the user understands, and nothing changes."""

import csv
import datetime

import pytest

from vigie.exchange import importing
from vigie.exchange.cells import parse_day
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import RowProblem, RowRejected, run_import
from vigie.exchange.models import ImportRun, OfficialStatistic, SourceRowKey, VictimRecord
from vigie.exchange.readers import csv_rows

from .conftest import CTDC_10_HEADER, GLOTIP_FILE, ctdc_10_rows, write_csv

pytestmark = pytest.mark.django_db
Status = ImportRun.Status


def nothing_written() -> bool:
    return not (VictimRecord.objects.exists() or OfficialStatistic.objects.exists() or SourceRowKey.objects.exists())


def test_a_truncated_excel_file_is_refused(tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(GLOTIP_FILE.read_bytes()[:300_000])

    run = run_import(importer=importer_for("glotip"), path=cut, actor=None, dataset="G", language="en")

    assert run.status == Status.REFUSED
    assert "damaged or cut short" in run.error_summary
    assert nothing_written()


@pytest.mark.parametrize("name", ["figures.zip", "figures"])
def test_a_workbook_under_another_name_is_refused_not_a_crash(tmp_path, name):
    # openpyxl goes by the name's ending: a .zip (an archive of the file) or none (a web upload named so).
    other = tmp_path / name
    other.write_bytes(GLOTIP_FILE.read_bytes())

    run = run_import(importer=importer_for("glotip"), path=other, actor=None, dataset="G", language="en")

    assert run.status == Status.REFUSED
    assert "This Excel file cannot be read" in run.error_summary
    assert nothing_written()


@pytest.mark.parametrize("kind", ["glotip", "htcds"])
def test_an_old_xls_workbook_is_named_as_such_not_as_damaged(tmp_path, kind, anltp, investigator):
    # What Excel 97-2003 (and any workbook with a password) writes: an OLE2 compound file.
    old = tmp_path / "cases.xls"
    old.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))

    run = run_import(
        importer=importer_for(kind), path=old, actor=investigator, agency=anltp if kind == "htcds" else None,
        dataset="G" if kind == "glotip" else None, language="en",
    )  # fmt: skip

    assert run.status == Status.REFUSED
    assert "Excel 97-2003 workbook (.xls), or one protected by a password" in run.error_summary


def test_a_file_that_is_not_text_is_refused_with_its_encoding_named(tmp_path):
    utf16_without_bom = tmp_path / "utf16.csv"
    utf16_without_bom.write_bytes(",".join(CTDC_10_HEADER).encode("utf-16-le"))

    run = run_import(importer=importer_for("ctdc"), path=utf16_without_bom, actor=None, dataset="C", language="fr")

    assert run.status == Status.REFUSED
    assert "CSV UTF-8" in run.error_summary
    assert nothing_written()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_the_encodings_people_save_is_read_right(tmp_path, encoding):
    path = write_csv(
        tmp_path / "f.csv", ["nom", "ville"], [["Aïssata", "Niamey"], ["Kouyaté", "Zinder"]], encoding=encoding
    )

    assert [cells["nom"] for _number, cells in csv_rows(path)] == ["Aïssata", "Kouyaté"]


def test_semicolons_as_separators_are_recognised(tmp_path):
    path = write_csv(tmp_path / "f.csv", ["a", "b"], [["1", "2"]], delimiter=";")

    assert list(csv_rows(path)) == [(2, {"a": "1", "b": "2"})]


def test_a_missing_column_is_named(tmp_path):
    header = [h for h in CTDC_10_HEADER if h != "gender"]
    rows = [row[:3] + row[4:] for row in ctdc_10_rows(3)]

    run = run_import(
        importer=importer_for("ctdc"),
        path=write_csv(tmp_path / "f.csv", header, rows),
        actor=None,
        dataset="C",
        language="en",
    )

    assert run.status == Status.REFUSED
    assert run.error_summary == "Columns missing from the file: gender."
    assert nothing_written()


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, settings):
    settings.VIGIE_IMPORT_MAX_BYTES = 1000
    path = write_csv(tmp_path / "big.csv", CTDC_10_HEADER, ctdc_10_rows(100))

    run = run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="C", language="en")

    assert run.status == Status.REFUSED
    assert "too big" in run.error_summary
    assert run.sha256 == ""
    assert nothing_written()


def test_the_default_limit_for_uploads_is_50_megabytes():
    assert importing.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_a_row_with_more_cells_than_the_header_is_rejected(tmp_path):
    rows = ctdc_10_rows(2)
    rows[1].append("surplus")

    run = run_import(
        importer=importer_for("ctdc"),
        path=write_csv(tmp_path / "f.csv", CTDC_10_HEADER, rows),
        actor=None,
        dataset="C",
        language="en",
    )

    assert (run.status, run.rows_rejected) == (Status.REFUSED, 1)
    assert run.rejected_rows.get().value == "surplus"


def test_a_csv_row_cut_by_a_line_break_is_rejected_not_half_imported(tmp_path):
    # A line break inside a cell not quoted: the row's first part ends early, its second part starts a row.
    path = tmp_path / "f.csv"
    [first, second] = ctdc_10_rows(2)
    lines = [",".join(CTDC_10_HEADER), ",".join(first), ",".join(second[:4]), ",".join(second[4:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    run = run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="C", language="en")

    assert (run.status, run.rows_read, run.rows_rejected) == (Status.REFUSED, 3, 2)
    messages = [problem.message for problem in run.rejected_rows.order_by("row_number")]
    assert messages[0].startswith("This row has fewer cells than the header (4 of 11): a line break")
    assert nothing_written()


def test_a_cut_csv_row_sent_back_in_the_rejects_file_is_refused_again_until_fixed(tmp_path):
    path = tmp_path / "f.csv"
    [first, second] = ctdc_10_rows(2)
    lines = [",".join(CTDC_10_HEADER), ",".join(first), ",".join(second[:4]), ",".join(second[4:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="C", keep_valid=True, rejects_to=rejects)
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        header, cut, fragment = list(csv.reader(file))

    # As it is: the cut row would go in with its last seven cells empty.
    again = run_import(importer=importer_for("ctdc"), path=rejects, actor=None, dataset="C", language="en")
    assert (again.status, again.rows_rejected) == (ImportRun.Status.REFUSED, 2)
    problem = again.rejected_rows.order_by("row_number")[0]
    assert (problem.row_number, problem.value) == (2, "4/11")
    assert problem.message.startswith("This row was cut in two by a line break (4 cells of 11)")

    # Sent back again, in a second file of rejected rows: one problem column, the new problem in it.
    twice = tmp_path / "rejects-2.csv"
    run_import(importer=importer_for("ctdc"), path=rejects, actor=None, dataset="C", rejects_to=twice, language="en")
    with twice.open(encoding="utf-8-sig", newline="") as file:
        second_header, second_cut, _fragment = list(csv.reader(file))
    assert second_header == [*header[:-1], "problem"]  # the first was written in French: "problème"
    assert second_cut[-1].startswith("This row was cut in two by a line break (4 cells of 11)")
    third = run_import(importer=importer_for("ctdc"), path=twice, actor=None, dataset="C", language="en")
    assert third.rejected_rows.order_by("row_number")[0].value == "4/11"

    # Joined with its other part and its problem emptied, it goes in.
    fixed = write_csv(tmp_path / "fixed.csv", header, [[*cut[:4], *fragment[:7], ""]])
    done = run_import(importer=importer_for("ctdc"), path=fixed, actor=None, dataset="C")
    assert (done.status, done.rows_imported) == (ImportRun.Status.DONE, 1)
    assert VictimRecord.objects.count() == 2  # the first, valid row, and this one


def test_a_file_of_rejected_rows_saved_again_with_empty_columns_after_its_problem_is_still_read_as_one(tmp_path):
    [first, second] = ctdc_10_rows(2)
    header = [*CTDC_10_HEADER, "problem", "", ""]  # a spreadsheet that wrote the cells of its used range
    cut_mark = "This row has fewer cells than the header (4 of 11): a line break inside a cell may have cut it in two."
    cut_mark += " Put the cell between quotes, or remove the line break. [4/11]"
    still_cut = [*second[:4], *[""] * 7, cut_mark, "", ""]
    # A fixed row whose emptied problem cell was deleted with its separator is not short for it.
    fixed_without_problem_cell = first

    run = run_import(
        importer=importer_for("ctdc"),
        path=write_csv(tmp_path / "r.csv", header, [still_cut, fixed_without_problem_cell]),
        actor=None,
        dataset="C",
        keep_valid=True,
        language="en",
    )

    assert (run.rows_imported, run.rows_rejected) == (1, 1)
    assert run.rejected_rows.get().row_number == 2


def test_a_glotip_csv_row_cut_or_with_cells_beyond_the_header_is_rejected(tmp_path):
    header = ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age"]
    header += ["Year", "Unit of measurement", "txtVALUE", "Source"]
    row = ["NER", "Niger", "Africa", "Sub-Saharan Africa", "Detected trafficking victims", "Total", "Total"]
    row += ["Female", "Adult", "2019", "Counts", "12", "GLOTIP"]
    path = tmp_path / "g.csv"
    lines = [",".join(header), ",".join(row), ",".join(row[:11]), ",".join([*row, "surplus"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    run = run_import(importer=importer_for("glotip"), path=path, actor=None, dataset="G", language="en")

    assert (run.status, run.rows_read, run.rows_rejected) == (ImportRun.Status.REFUSED, 3, 2)
    messages = [p.message for p in run.rejected_rows.order_by("row_number")]
    assert messages[0].startswith("This row has fewer cells than the header (11 of 13)")
    assert messages[1] == "This row has more cells than the header."
    assert nothing_written()


def test_a_day_that_does_not_exist_is_a_row_error_not_a_crash(tmp_path):
    class DatedRows:
        kind = "dated"

        def rows(self, path):
            return csv_rows(path)

        def key(self, number, cells):
            return str(number)

        def parse(self, number, cells):
            try:
                return parse_day(cells["date"])
            except ValueError as error:
                raise RowRejected([RowProblem(number, "date", cells["date"], str(error))]) from None

        def write(self, records, *, run):
            return len(records)

    path = write_csv(tmp_path / "d.csv", ["date"], [["12/03/2021"], ["31/02/2021"], ["2021-03-12"]])

    run = run_import(importer=DatedRows(), path=path, actor=None, language="en")

    assert (run.status, run.rows_rejected) == (Status.REFUSED, 1)
    problem = run.rejected_rows.get()
    assert (problem.row_number, problem.value, problem.message) == (
        3,
        "31/02/2021",
        "This day does not exist in the calendar.",
    )
    assert parse_day("12/03/2021") == parse_day("2021-03-12") == datetime.date(2021, 3, 12)


def small_glotip_file(path):
    """The real file's first 10 rows (7 of the table), its row 5 with a value that is not a count (12.5)."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(GLOTIP_FILE, read_only=True).worksheets[0]
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for number, row in enumerate(source.iter_rows(values_only=True), start=1):
        sheet.append(row if number != 5 else (*row[:11], "12.5", row[12]))
        if number == 10:
            break
    book.save(path)
    return path


def test_glotip_values_that_are_not_counts_are_rejected_with_the_row(tmp_path):
    small = small_glotip_file(tmp_path / "small.xlsx")

    run = run_import(importer=importer_for("glotip"), path=small, actor=None, dataset="G", language="en")

    assert (run.status, run.rows_read, run.rows_rejected) == (Status.REFUSED, 7, 1)
    problem = run.rejected_rows.get()
    assert (problem.row_number, problem.column, problem.value) == (5, "txtVALUE", "12.5")


def test_a_glotip_file_of_rejected_rows_imports_once_corrected(tmp_path):
    # The rejects come back as CSV; the GLOTIP importer read only workbooks, and refused it as a damaged one.
    small, rejects = small_glotip_file(tmp_path / "small.xlsx"), tmp_path / "small-rejected.csv"

    first = run_import(
        importer=importer_for("glotip"), path=small, actor=None, dataset="G", language="en",
        keep_valid=True, rejects_to=rejects,
    )  # fmt: skip
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        (rejected,) = list(csv.DictReader(file))
    assert (first.rows_imported, first.rows_rejected, rejected["txtVALUE"]) == (6, 1, "12.5")
    rejected["txtVALUE"] = "12"
    with rejects.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rejected))
        writer.writeheader()
        writer.writerow(rejected)
    again = run_import(importer=importer_for("glotip"), path=rejects, actor=None, dataset="G", language="en")

    assert (again.status, again.rows_read, again.rows_imported) == (Status.DONE, 1, 1)
    assert OfficialStatistic.objects.filter(dataset__name="G").count() == 7
