import shutil
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from vigie.exchange.htcds.generate import (
    ALL_COLUMNS,
    TEMPLATE_COLUMNS,
    generate_htcds_rows,
    write_csv,
    write_template_xlsx,
)
from vigie.exchange.htcds.readers import SUBMISSION_ID, HtcdsFileError, HtcdsReader
from vigie.exchange.htcds.tests.conftest import DATA

TEMPLATE = DATA / "HTCDS Excel Spreadsheet v2.0.xlsx"


def test_the_template_itself_holds_no_data_rows():
    # Counted from the raw file: below the two header rows, no cell other than column A's row number.
    sheet = load_workbook(TEMPLATE, read_only=True).worksheets[0]
    raw_rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(raw_rows) == 1000
    assert sum(1 for row in raw_rows if any(v is not None for v in row[1:])) == 0
    assert list(HtcdsReader(TEMPLATE).rows()) == []


def test_every_template_column_is_read_even_the_nameless_one():
    reader = HtcdsReader(TEMPLATE)
    list(reader.rows())
    # Column A holds the row numbers; column AJ is the template's "Reason for Outgoing Referral" without a name,
    # read by its place between the referred case worker and the outgoing referral date.
    assert reader.ignored_columns == []


def test_a_nameless_column_elsewhere_is_listed_as_not_read(tmp_path):
    path = tmp_path / "cases.csv"
    # A CSV's first column is not the template's row numbers: nameless, it is listed too.
    path.write_text(",prs_FirstName,,prs_SecondName\n1,Awa,x,Sow\n", encoding="utf-8")
    reader = HtcdsReader(path)
    list(reader.rows())
    assert reader.ignored_columns == ["colonne A (sans nom)", "colonne C (sans nom)"]


def test_nameless_columns_left_empty_are_not_listed_but_one_a_row_fills_is(tmp_path):
    # Excel keeps empty formatted columns before a stray header: they are no columns of the file. A nameless
    # column with a value in any row, even the last, is one whose values are not imported.
    path = tmp_path / "cases.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append([None, "prs_FirstName", "prs_SecondName", None, None, None, "Remarques"])
    sheet.append([1, "Awa", "Sow", None, None, None, None])
    sheet.append([2, "Kofi", "Mensah", None, " ", "pris à Kano", "vu deux fois"])
    book.save(path)

    reader = HtcdsReader(path)
    list(reader.rows())

    assert reader.ignored_columns == ["Remarques", "colonne F (sans nom)"]


def test_the_problem_column_of_a_fixed_file_of_rejects_is_not_listed(tmp_path):
    for problem in ("problem", "problème"):  # written in the language of the run that rejected the rows
        path = tmp_path / "rejects.csv"
        path.write_text(f"prs_FirstName,prs_SecondName,{problem}\nAwa,Sow,prs_Birthdate: date\n", encoding="utf-8")
        reader = HtcdsReader(path)
        [(_number, cells)] = list(reader.rows())
        assert (reader.ignored_columns, cells) == ([], {"prs_FirstName": "Awa", "prs_SecondName": "Sow"})


def test_a_filled_template_reads_by_field_name_despite_its_shifted_labels(tmp_path):
    path = tmp_path / "filled.xlsx"
    shutil.copy(TEMPLATE, path)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.cell(3, header.index("prs_FirstName") + 1, "Aïcha")
    sheet.cell(3, header.index("prs_MailingCity") + 1, "Zinder")  # labelled "Mailing Street" in row 2
    sheet.cell(3, header.index("vic_TraffickinStatusDecisionMakingOrg") + 1, "NGO")
    sheet.cell(3, 36, "Needs a safe shelter")  # column AJ, labelled "Reason for Outgoing Referral" in row 2
    workbook.save(path)

    rows = list(HtcdsReader(path).rows())

    assert len(rows) == 1
    number, cells = rows[0]
    assert number == 3
    assert cells["prs_FirstName"] == "Aïcha"
    assert cells["prs_MailingCity"] == "Zinder"
    assert cells["vic_TraffickingStatusDecisionMakingOrg"] == "NGO"
    assert cells["cas_ReasonForOutgoingReferral"] == "Needs a safe shelter"


def test_csv_and_template_layout_give_the_same_cells(tmp_path):
    from vigie.exchange.htcds.generate import write_template_xlsx

    rows = list(generate_htcds_rows(40, seed=3))
    write_csv(tmp_path / "a.csv", rows, ALL_COLUMNS)
    write_template_xlsx(tmp_path / "a.xlsx", rows, ALL_COLUMNS)

    from_csv = list(HtcdsReader(tmp_path / "a.csv").rows())
    from_xlsx = list(HtcdsReader(tmp_path / "a.xlsx").rows())

    assert [c for _, c in from_csv] == [c for _, c in from_xlsx]
    assert [n for n, _ in from_csv] == list(range(2, 42))  # header in row 1
    assert [n for n, _ in from_xlsx] == list(range(3, 43))  # field names and labels in rows 1 and 2


def test_an_xlsform_export_is_read_by_its_group_paths_with_semicolons(tmp_path):
    # KoBoToolbox: groups in the column names, ";" between columns, its own metadata columns.
    path = tmp_path / "kobo.csv"
    path.write_text(
        "start;end;person/prs_First_Name;person/prs_Second_Name;victim/vic_Methods_of_Control;meta/instanceID;"
        "_uuid;_submission_time;_id\n"
        "2024-01-01T10:00;2024-01-01T10:05;Awa;Sow;DebtBondage FalsePromises;uuid:1a;1a;2024-01-01;7\n",
        encoding="utf-8",
    )
    reader = HtcdsReader(path)

    [(number, cells)] = list(reader.rows())

    assert number == 2
    assert cells == {
        "prs_FirstName": "Awa",
        "prs_SecondName": "Sow",
        "vic_MethodsOfControl": "DebtBondage FalsePromises",
        SUBMISSION_ID: "uuid:1a",
    }
    assert reader.ignored_columns == []  # form metadata is not case data, so not listed


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_cell_with_quotes_and_the_delimiter_stays_one_cell(tmp_path, delimiter):
    # As Excel and Python write them: the cell quoted, its quotes doubled. The delimiter is sniffed from the
    # header, which has no quotes: the rest of the dialect is CSV's own (the sniffer guessed quotes undoubled).
    path = tmp_path / "cases.csv"
    header = delimiter.join(["prs_FirstName", "prs_SecondName", "prs_MobilePhone"])
    path.write_text(
        f'{header}\n"Awa ""Mama""{delimiter} Bintou"{delimiter}Sow{delimiter}+22790000000\n', encoding="utf-8"
    )

    [(_number, cells)] = list(HtcdsReader(path).rows())

    assert (cells["prs_FirstName"], cells["prs_SecondName"]) == (f'Awa "Mama"{delimiter} Bintou', "Sow")
    assert cells["prs_MobilePhone"] == "+22790000000"


def test_the_xlsform_field_names_are_all_known():
    survey = load_workbook(DATA / "htcds_xlsform.xlsx", read_only=True)["survey"]
    names = [row[1] for row in survey.iter_rows(min_row=2, values_only=True) if row[0] not in ("start", "end")]
    header = ",".join(names)
    from vigie.exchange.htcds.readers import Layout

    layout = Layout.from_header(names)
    assert layout.ignored_columns == [], header
    assert len(layout.positions) == len(names) - 1  # all but __version__, the form's metadata


def test_a_template_column_list_without_data_is_not_an_error(tmp_path):
    path = tmp_path / "empty.csv"
    write_csv(path, [], [c or "x" for c in TEMPLATE_COLUMNS])
    assert list(HtcdsReader(path).rows()) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_csv_is_read_in_the_encodings_excel_saves(tmp_path, encoding):
    # Excel in French saves "CSV (séparateur : point-virgule)" in Windows-1252, "CSV UTF-8" with its mark.
    path = tmp_path / "cases.csv"
    path.write_bytes("prs_FirstName;prs_SecondName\nAïcha;Kouyaté\n".encode(encoding))

    [(_number, cells)] = list(HtcdsReader(path).rows())

    assert (cells["prs_FirstName"], cells["prs_SecondName"]) == ("Aïcha", "Kouyaté")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.xlsx", None, "Excel"),
        ("utf16.csv", "prs_FirstName\nA\xefcha\n".encode("utf-16-le"), "CSV UTF-8"),
        ("nothing.csv", b"name,age\nA,3\n", "Aucune colonne HTCDS"),
        ("blank.csv", b"", "vide"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        path.write_bytes(TEMPLATE.read_bytes()[:5000])
    else:
        path.write_bytes(content)
    with pytest.raises(HtcdsFileError, match=message):
        list(HtcdsReader(path).rows())


@pytest.mark.parametrize("damage", ["sheet cut short", "bytes damaged"])
def test_a_workbook_damaged_inside_a_sheet_is_refused_as_unreadable(tmp_path, damage):
    # Its zip opens; the damage shows only when the sheet's rows are read (a ParseError or a zlib error from
    # deep in openpyxl, which used to end the import as an "unexpected error" in English).
    whole = tmp_path / "whole.xlsx"
    write_template_xlsx(whole, generate_htcds_rows(300, seed=2), ALL_COLUMNS)
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as damaged:
        for member in source.namelist():
            content = source.read(member)
            if member.startswith("xl/worksheets/"):
                if damage == "sheet cut short":
                    content = content[: len(content) * 2 // 3]
                else:
                    middle = len(content) // 2
                    garbled = bytes(b ^ 0x5A for b in content[middle : middle + 64])
                    content = content[:middle] + garbled + content[middle + 64 :]
            damaged.writestr(member, content)

    with pytest.raises(HtcdsFileError, match="Ce fichier Excel est illisible"):
        list(HtcdsReader(path).rows())
