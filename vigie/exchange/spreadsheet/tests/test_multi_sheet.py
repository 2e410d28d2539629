"""A workbook with several sheets: the user chooses the sheet whose table is imported, and the mapping
keeps that choice for the next file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from vigie.cases.models import Case
from vigie.exchange.importing import run_import
from vigie.exchange.models import ColumnMapping
from vigie.exchange.spreadsheet import MappingSpec, SpreadsheetImporter, read_sample

pytestmark = pytest.mark.django_db

# A register as agencies keep them: a sheet of instructions first, the table on the second sheet, a
# summary table with other columns on the third.
INSTRUCTIONS = [["Registre des victimes", "mis à jour le 1er mars"], ["Une ligne par personne", ""]]
CASES = [
    ["N° dossier", "Nom", "Prénom(s)", "Sexe"],
    ["D-1", "Kouyaté", "Aïssata", "F"],
    ["D-1", "Issa", "Ali", "M"],
    ["D-2", "Sow", "Mariam", "F"],
]
SUMMARY = [["Région", "Total"], ["Zinder", "3"]]


def workbook_bytes() -> bytes:
    book = Workbook()
    first = book.active
    first.title = "Lisez-moi"
    for sheet, rows in (
        (first, INSTRUCTIONS),
        (book.create_sheet("Victimes"), CASES),
        (book.create_sheet("Bilan"), SUMMARY),
    ):
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "registre.xlsx"
    path.write_bytes(workbook_bytes())
    return path


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


COLUMNS = {"N° dossier": "case_key", "Nom": "family_name", "Prénom(s)": "given_names", "Sexe": "sex"}


def test_the_chosen_sheet_is_read_with_its_own_columns(workbook):
    headers, sample = read_sample(workbook, sheet="Victimes")

    assert headers == CASES[0]
    assert [row["Nom"] for row in sample] == ["Kouyaté", "Issa", "Sow"]
    assert read_sample(workbook)[0] == INSTRUCTIONS[0]  # without a choice: the first sheet, as before


def test_the_import_reads_the_sheet_of_the_mapping(workbook, anltp, investigator):
    importer = SpreadsheetImporter(MappingSpec(columns=COLUMNS, sheet="Victimes"))

    run = run_import(importer=importer, path=workbook, actor=investigator, agency=anltp, language="en")

    assert (run.status, run.rows_read, run.rows_imported, run.rows_rejected) == ("done", 3, 3, 0)
    assert Case.objects.filter(agency=anltp).count() == 2  # D-1 and D-2


def test_a_sheet_that_is_not_in_the_workbook_is_refused_with_the_sheets_it_has(workbook, anltp, investigator):
    importer = SpreadsheetImporter(MappingSpec(columns=COLUMNS, sheet="Feuil1"))

    run = run_import(importer=importer, path=workbook, actor=investigator, agency=anltp, language="en")

    assert run.status == "refused"
    assert run.error_summary == "The workbook has no sheet named “Feuil1”. Its sheets: Lisez-moi, Victimes, Bilan."
    assert not Case.objects.exists()


def test_a_mapping_of_one_sheet_reads_a_workbook_that_has_only_one(tmp_path, anltp, investigator):
    book = Workbook()
    for row in CASES:
        book.active.append(row)
    path = tmp_path / "simple.xlsx"
    book.save(path)
    importer = SpreadsheetImporter(MappingSpec(columns=COLUMNS, sheet="Victimes"))

    run = run_import(importer=importer, path=path, actor=investigator, agency=anltp, language="en")

    assert (run.status, run.rows_imported) == ("done", 3)


def test_on_the_mapping_page_the_user_picks_the_sheet_and_the_mapping_keeps_it(client, anltp, investigator):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(investigator)
    file = SimpleUploadedFile("registre.xlsx", workbook_bytes())
    client.post(reverse("exchange:mappings"), {"file": file, "agency": anltp.pk})

    first = client.get(reverse("exchange:mapping-new"))
    page = client.get(reverse("exchange:mapping-new"), {"sheet": "Victimes"})

    assert first.context["sheets"] == ["Lisez-moi", "Victimes", "Bilan"]
    assert [f.label for f in first.context["form"].column_fields()] == INSTRUCTIONS[0]
    assert [f.label for f in page.context["form"].column_fields()] == CASES[0]
    assert page.context["sample"][0] == ["D-1", "Kouyaté", "Aïssata", "F"]
    data = {"name": "Registre", "date_order": "dmy", "sheet": "Victimes"}
    data |= {f"column_{i}": target for i, target in enumerate(COLUMNS.values())}
    checked = client.post(reverse("exchange:mapping-new") + "?sheet=Victimes", data | {"check": "1"})
    assert (checked.context["check"].rows_read, checked.context["check"].rows_rejected) == (3, 0)
    mapping = ColumnMapping.objects.get()
    assert (mapping.sheet, mapping.columns) == ("Victimes", COLUMNS)


def test_the_command_imports_the_sheet_of_the_saved_mapping(workbook, anltp, investigator, capsys):
    ColumnMapping.objects.create(agency=anltp, name="Registre", columns=COLUMNS, sheet="Victimes")

    call_command(
        "import",
        "spreadsheet",
        str(workbook),
        "--agency",
        "ANLTP",
        "--mapping",
        "Registre",
        "--as",
        investigator.username,
        "--lang",
        "en",
    )

    assert "Read 3, imported 3, rejected 0" in capsys.readouterr().out
