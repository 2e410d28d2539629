"""Agency spreadsheets through the import runner, with counts computed here from the rows written."""

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Event, Participant, SuspectedOffence
from vigie.cases.services import delete_case
from vigie.exchange.importing import run_import
from vigie.exchange.models import ColumnMapping, ImportRun
from vigie.exchange.spreadsheet import SpreadsheetImporter, suggest_mapping
from vigie.exchange.spreadsheet.parsing import split_full_name
from vigie.people.models import Person

FRENCH_HEADERS = [
    "N° dossier", "Nom", "Prénom(s)", "Sexe", "Date de naissance", "Âge", "Nationalité", "Date d'ouverture",
    "Qualité", "Forme d'exploitation", "Lieu d'exploitation", "Observations",
]  # fmt: skip
FRENCH_ROWS = [
    ["D-2021-01", "KOUYATÉ", "Aïssata", "F", "mars 2009", "", "Mali", "12/03/2021", "VDT", "mendicité", "Niamey", ""],
    ["D-2021-01", "Moussa", "Ali", "Homme", "", "17", "NE", "12/03/2021", "Victime", "travail forcé; mendicité",
     "Niger", "Talibé"],
    ["D-2021-01", "Issa", "Garba", "M", "1980", "", "Niger", "12/03/2021", "auteur", "", "", ""],
    ["D-2021-02", "Bello", "Fati", "Femme", "2005-06-01", "", "Nigéria", "2021-04-02", "Victime",
     "exploitation sexuelle", "Zinder", ""],
    ["", "Sani", "Hadiza", "fille", "", "14", "", "03.05.2021", "", "", "", ""],
]  # fmt: skip


def french_mapping(agency, **overrides) -> ColumnMapping:
    columns = {
        "N° dossier": "case_key",
        "Nom": "family_name",
        "Prénom(s)": "given_names",
        "Sexe": "sex",
        "Date de naissance": "date_of_birth",
        "Âge": "age",
        "Nationalité": "nationality",
        "Date d'ouverture": "case_opened_on",
        "Qualité": "role",
        "Forme d'exploitation": "forms_of_exploitation",
        "Lieu d'exploitation": "exploitation_place",
        "Observations": "person_notes",
    }
    return ColumnMapping.objects.create(
        name="Registre", agency=agency, columns=columns, value_maps={"role": {"VDT": "victim"}}, **overrides
    )


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def expected_cases(rows: list[list[str]]) -> int:
    """One case per case number, and one per row without a number."""
    return len({r[0] for r in rows if r[0]}) + sum(1 for r in rows if not r[0])


def test_a_french_csv_is_imported_into_the_agency_register(tmp_path, anltp, investigator):
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, FRENCH_ROWS)

    run = run_import(importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp)

    assert (run.status, run.rows_read, run.rows_imported, run.rows_rejected) == ("done", 5, 5, 0)
    assert Case.objects.filter(agency=anltp).count() == expected_cases(FRENCH_ROWS) == 3
    assert Person.objects.count() == len(FRENCH_ROWS)
    aissata = Person.objects.get(given_names="Aïssata")
    assert (aissata.family_name, aissata.sex, aissata.date_of_birth) == ("KOUYATÉ", "female", "2009-03")
    assert list(aissata.nationalities.values_list("iso2", flat=True)) == ["ML"]
    ali = Person.objects.get(given_names="Ali")
    assert (ali.sex, ali.date_of_birth, ali.estimated_age) == ("male", "", 17)
    case = Case.objects.get(title="Source D-2021-01")
    assert str(case.opened_on) == "2021-03-12"
    roles = dict(case.participants.values_list("person__given_names", "role"))
    assert roles == {"Aïssata": "victim", "Ali": "victim", "Garba": "suspect"}
    ali_role = Participant.objects.get(person=ali)
    assert ali_role.forms_of_exploitation == ["forced_labour", "forced_begging"]
    assert ali_role.notes == "Talibé"
    # "Niger" is a country: the event is in Niger; "Niamey" is a town of the agency's country.
    assert set(Event.objects.filter(case=case).values_list("kind", "country_id", "locality")) == {
        ("exploitation", None, "Niamey"),
        ("exploitation", "NE", ""),
    }
    assert set(SuspectedOffence.objects.values_list("offence", flat=True)) == {"tip"}
    hadiza = Participant.objects.get(person__given_names="Hadiza")
    assert (hadiza.role, hadiza.person.sex, hadiza.case.title) == ("presumed_victim", "female", "")
    imported = AuditEvent.objects.filter(action=AuditEvent.Action.CASE_IMPORTED)
    assert imported.count() == 3 and all(e.changes["source"] == "spreadsheet" for e in imported)


def test_an_english_xlsx_is_imported_with_excel_dates_and_its_own_words(tmp_path, anltp, investigator):
    import datetime

    # What openpyxl gives for a date cell with a time part: a naive datetime (Excel has no time zone).
    born = datetime.datetime.combine(datetime.date(2001, 5, 4), datetime.time())
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Case ID", "Surname", "First name", "Gender", "DOB", "Nationality", "Date opened", "Status",
                  "Offence", "Person type"])  # fmt: skip
    rows: list[list[Any]] = [
        ["C-1", "Okafor", "Grace", "female", born, "NGA", datetime.date(2022, 1, 10),
         "Open", "Trafficking", "victim"],
        ["C-1", "Eze", "John", "male", 1979, "Nigeria", datetime.date(2022, 1, 10), "Open", "Trafficking",
         "perpetrator"],
        ["C-2", "Bamba", "Awa", "W", "Mar 2010", "Côte d'Ivoire", "44767", "Closed", "smuggling", "migrant"],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    workbook.save(tmp_path / "cases.xlsx")
    headers = ["Case ID", "Surname", "First name", "Gender", "DOB", "Nationality", "Date opened", "Status", "Offence"]
    targets = ["case_key", "family_name", "given_names", "sex", "date_of_birth", "nationality", "case_opened_on"]
    mapping = ColumnMapping.objects.create(
        name="English",
        agency=anltp,
        columns=dict(zip(headers, [*targets, "case_status", "case_offences"], strict=True)) | {"Person type": "role"},
    )

    run = run_import(
        importer=SpreadsheetImporter(mapping), path=tmp_path / "cases.xlsx", actor=investigator, agency=anltp
    )

    assert (run.status, run.rows_imported) == ("done", len(rows))
    assert Case.objects.count() == len({r[0] for r in rows})
    assert dict(Person.objects.values_list("given_names", "date_of_birth")) == {
        "Grace": "2001-05-04",
        "John": "1979",
        "Awa": "2010-03",
    }
    closed = Case.objects.get(title="Source C-2")
    assert (closed.status, closed.closure_reason, str(closed.opened_on)) == ("closed", "other", "2022-07-25")
    assert list(SuspectedOffence.objects.filter(case=closed).values_list("offence", flat=True)) == ["som"]
    assert Participant.objects.get(person__given_names="Awa").role == "smuggled_migrant"


def test_an_excel_date_shown_to_the_month_or_the_year_stays_a_month_or_a_year(tmp_path, anltp, investigator):
    import datetime

    # Typed "mars 2009" or "2011", Excel keeps 1 March 2009 or 1 January 2011 and shows "mars-09" or "2011".
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["N° dossier", "Nom", "Prénom(s)", "Date de naissance", "Date d'ouverture"])
    # A day typed in full (17 March 2010) stays a day, whatever the cell shows.
    for name, born, shown in (
        ("Awa", datetime.date(2009, 3, 1), "mmm-yy"),
        ("Fati", datetime.date(2011, 1, 1), "yyyy"),
        ("Ali", datetime.date(2012, 1, 1), "dd/mm/yyyy"),
        ("Moussa", datetime.date(2010, 3, 17), "mmm-yy"),
    ):
        sheet.append(["D-1", "Sow", name, born, datetime.date(2021, 3, 12)])
        sheet.cell(sheet.max_row, 4).number_format = shown
        sheet.cell(sheet.max_row, 5).number_format = "d-mmm-yy"
    workbook.save(tmp_path / "cases.xlsx")
    columns = ["case_key", "family_name", "given_names", "date_of_birth", "case_opened_on"]
    headers = ["N° dossier", "Nom", "Prénom(s)", "Date de naissance", "Date d'ouverture"]
    mapping = ColumnMapping.objects.create(name="x", agency=anltp, columns=dict(zip(headers, columns, strict=True)))

    run = run_import(
        importer=SpreadsheetImporter(mapping), path=tmp_path / "cases.xlsx", actor=investigator, agency=anltp
    )

    assert (run.status, run.rows_imported) == ("done", 4)
    assert dict(Person.objects.values_list("given_names", "date_of_birth")) == {
        "Awa": "2009-03",
        "Fati": "2011",
        "Ali": "2012-01-01",
        "Moussa": "2010-03-17",
    }
    assert str(Case.objects.get().opened_on) == "2021-03-12"


@pytest.mark.parametrize(
    ("name", "family_first", "given", "family"),
    [
        ("KONÉ Awa Mariam", True, "Awa Mariam", "KONÉ"),
        ("Awa Mariam KONÉ", True, "Awa Mariam", "KONÉ"),  # the capitals say which is the family name
        ("DIALLO BAH Fatou", True, "Fatou", "DIALLO BAH"),
        ("Koné Awa Mariam", True, "Awa Mariam", "Koné"),  # no capitals: the order the column says
        ("Grace Ngozi Okafor", False, "Grace Ngozi", "Okafor"),
        ("Grace OKAFOR", False, "Grace", "OKAFOR"),
        ("ISSA GARBA", True, "GARBA", "ISSA"),
        ("Moussa", True, "", "Moussa"),
        ("Awa M. KONÉ", True, "Awa M.", "KONÉ"),  # an initial is not a family name
        ("Mariam A. Diallo", False, "Mariam A.", "Diallo"),
        ("OKAFOR, Grace", False, "Grace", "OKAFOR"),  # before a comma, the family name
        ("Okafor, Grace Ngozi", False, "Grace Ngozi", "Okafor"),
    ],
)
def test_a_name_in_one_column_is_split_into_given_and_family_names(name, family_first, given, family):
    assert split_full_name(name, family_first=family_first) == (given, family)


def test_a_register_with_nom_et_prenoms_in_one_column_is_imported(tmp_path, anltp, investigator):
    headers = ["N° dossier", "Nom et prénoms", "Date de naissance"]
    assert suggest_mapping(headers)["Nom et prénoms"] == "full_name"
    mapping = ColumnMapping.objects.create(
        name="Une colonne", agency=anltp, columns={h: t for h, t in suggest_mapping(headers).items() if t}
    )
    path = write_csv(tmp_path / "r.csv", headers, [["D-1", "KOUYATÉ Aïssata", "2009"], ["D-1", "", "2010"]])

    run = run_import(
        importer=SpreadsheetImporter(mapping), path=path, actor=investigator, agency=anltp, keep_valid=True,
        language="fr",
    )  # fmt: skip

    assert (run.rows_imported, run.rows_rejected) == (1, 1)
    person = Person.objects.get()
    assert (person.given_names, person.family_name) == ("Aïssata", "KOUYATÉ")
    assert run.rejected_rows.get().column == "Nom et prénoms"


def test_importing_the_same_file_or_an_overlapping_one_creates_no_duplicates(tmp_path, anltp, investigator):
    mapping = french_mapping(anltp)
    first = write_csv(tmp_path / "first.csv", FRENCH_HEADERS, FRENCH_ROWS[:3])
    overlapping = write_csv(tmp_path / "second.csv", FRENCH_HEADERS, FRENCH_ROWS[1:])

    run_import(importer=SpreadsheetImporter(mapping), path=first, actor=investigator, agency=anltp)
    again = run_import(importer=SpreadsheetImporter(mapping), path=first, actor=investigator, agency=anltp)
    more = run_import(importer=SpreadsheetImporter(mapping), path=overlapping, actor=investigator, agency=anltp)

    assert (again.rows_read, again.rows_imported, again.rows_skipped) == (3, 0, 3)
    assert (more.rows_read, more.rows_imported, more.rows_skipped) == (4, 2, 2)
    assert Case.objects.count() == expected_cases(FRENCH_ROWS)
    assert Person.objects.count() == len(FRENCH_ROWS)
    # The overlapping file's new row of case D-2021-02 went into the case the first import did not have;
    # its rows of D-2021-01 were known: that case has still three people.
    assert Case.objects.get(title="Source D-2021-01").participants.count() == 3


def test_a_case_closed_in_the_sheet_since_its_import_is_closed_by_a_confirmed_decision(tmp_path, anltp, investigator):
    headers = ["N° dossier", "Nom", "Prénom(s)", "Date d'ouverture", "Statut"]
    columns = ["case_key", "family_name", "given_names", "case_opened_on", "case_status"]
    mapping = ColumnMapping.objects.create(name="Suivi", agency=anltp, columns=dict(zip(headers, columns, strict=True)))
    row = ["D-7", "Bello", "Fati", "02/04/2021", "En cours"]
    write_csv(tmp_path / "a.csv", headers, [row])
    write_csv(tmp_path / "b.csv", headers, [[*row[:4], "Clôturé"]])
    run_import(importer=SpreadsheetImporter(mapping), path=tmp_path / "a.csv", actor=investigator, agency=anltp)

    again = run_import(importer=SpreadsheetImporter(mapping), path=tmp_path / "b.csv", actor=investigator, agency=anltp)

    assert (again.status, again.rows_imported) == ("done", 1)
    case = Case.objects.get()  # found again by its number, closed as the sheet says
    assert (case.status, case.participants.count()) == ("closed", 1)
    closure = case.decisions.get()
    assert (closure.kind, closure.status, closure.answered_by) == ("case_closure", "confirmed", investigator)
    assert "spreadsheet" in closure.grounds or "tableur" in closure.grounds


def test_a_case_deleted_in_vigie_does_not_come_back_with_the_sheet_edited_since(tmp_path, anltp, investigator):
    headers = ["N° dossier", "Nom", "Prénom(s)", "Date d'ouverture", "Statut"]
    columns = ["case_key", "family_name", "given_names", "case_opened_on", "case_status"]
    mapping = ColumnMapping.objects.create(name="Suivi", agency=anltp, columns=dict(zip(headers, columns, strict=True)))
    rows = [["D-7", "Bello", "Fati", "02/04/2021", "En cours"], ["D-8", "Sani", "Hadiza", "03/05/2021", "En cours"]]
    write_csv(tmp_path / "a.csv", headers, rows)
    write_csv(tmp_path / "b.csv", headers, [[*row[:4], "Clôturé"] for row in rows])
    run_import(importer=SpreadsheetImporter(mapping), path=tmp_path / "a.csv", actor=investigator, agency=anltp)
    delete_case(actor=investigator, case=Case.objects.get(title="Source D-7"))

    again = run_import(importer=SpreadsheetImporter(mapping), path=tmp_path / "b.csv", actor=investigator, agency=anltp)

    assert (again.status, again.rows_imported, again.rows_skipped, again.rows_of_deleted_cases) == ("done", 1, 0, 1)
    assert list(Case.objects.values_list("title", "status")) == [("Source D-8", "closed")]


def test_a_file_without_a_column_the_mapping_reads_is_refused_and_nothing_is_written(tmp_path, anltp, investigator):
    # The next month's file lost two columns: its rows would go in without dates of birth, all "presumed".
    kept = [i for i, h in enumerate(FRENCH_HEADERS) if h not in ("Date de naissance", "Qualité")]
    path = write_csv(tmp_path / "m.csv", [FRENCH_HEADERS[i] for i in kept], [[r[i] for i in kept] for r in FRENCH_ROWS])

    run = run_import(
        importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp, language="fr"
    )

    assert run.status == "refused"
    assert (
        run.error_summary
        == "Des colonnes que la correspondance lit manquent dans le fichier : Date de naissance, Qualité."
    )
    assert Case.objects.count() == Person.objects.count() == 0


def test_a_header_written_with_other_capitals_or_accents_is_the_same_column(tmp_path, anltp, investigator):
    headers = [h.upper() if h == "Date de naissance" else h.replace("é", "e") for h in FRENCH_HEADERS]
    path = write_csv(tmp_path / "m.csv", headers, FRENCH_ROWS)

    run = run_import(importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp)

    assert (run.status, run.rows_imported) == ("done", len(FRENCH_ROWS))
    assert Person.objects.get(given_names="Aïssata").date_of_birth == "2009-03"
    assert Participant.objects.get(person__given_names="Aïssata").role == "victim"  # "Qualite": VDT


def test_a_row_with_more_cells_than_the_header_is_rejected_not_cut(tmp_path, anltp, investigator):
    # An unquoted separator in the notes: "à revoir en 2022" would be lost, or worse land in another column.
    rows = [[*FRENCH_ROWS[0][:-1], "suivi par l'ONG; à revoir en 2022"], FRENCH_ROWS[3]]
    path = tmp_path / "m.csv"
    path.write_text(";".join(FRENCH_HEADERS) + "\n" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")

    run = run_import(
        importer=SpreadsheetImporter(french_mapping(anltp)),
        path=path,
        actor=investigator,
        agency=anltp,
        keep_valid=True,
        language="fr",
    )

    assert (run.status, run.rows_imported, run.rows_rejected) == ("done", 1, 1)
    problem = run.rejected_rows.get()
    assert (problem.row_number, problem.value) == (2, " à revoir en 2022")
    assert problem.message == "Cette ligne a plus de cellules que l'en-tête."


def test_a_sheet_whose_other_columns_changed_since_is_all_duplicates(tmp_path, anltp, investigator):
    # A column the mapping does not read ("Mis à jour le") changes each month: the rows are the same rows.
    mapping = french_mapping(anltp)
    first = write_csv(tmp_path / "a.csv", [*FRENCH_HEADERS, "Mis à jour le"], [[*r, "01/05/2021"] for r in FRENCH_ROWS])
    later = write_csv(tmp_path / "b.csv", [*FRENCH_HEADERS, "Mis à jour le"], [[*r, "01/06/2021"] for r in FRENCH_ROWS])
    run_import(importer=SpreadsheetImporter(mapping), path=first, actor=investigator, agency=anltp)
    events = AuditEvent.objects.count()

    again = run_import(importer=SpreadsheetImporter(mapping), path=later, actor=investigator, agency=anltp)

    assert (again.rows_read, again.rows_imported, again.rows_skipped) == (5, 0, 5)
    assert AuditEvent.objects.count() == events + 1  # the run's own event, nothing in the cases


def test_the_same_rows_go_into_another_agency_as_its_own_records(tmp_path, anltp, naptip, investigator, outsider):
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, FRENCH_ROWS)

    run_import(importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp)
    other = run_import(importer=SpreadsheetImporter(french_mapping(naptip)), path=path, actor=outsider, agency=naptip)

    assert other.rows_imported == len(FRENCH_ROWS)


def test_bad_rows_are_reported_with_row_column_value_and_message_and_nothing_is_written(tmp_path, anltp, investigator):
    rows = [list(r) for r in FRENCH_ROWS]
    rows[1][4] = "31/02/2021"
    rows[3][3] = "X"
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, rows)

    run = run_import(importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp)

    assert (run.status, run.rows_read, run.rows_rejected, run.rows_imported) == ("refused", 5, 2, 3)
    problems = list(run.rejected_rows.values_list("row_number", "column", "value", "message"))
    assert problems == [
        (3, "Date de naissance", "31/02/2021", "This day does not exist in the calendar."),
        (5, "Sexe", "X", "Value not known: X. Say what it means in the mapping's values."),
    ]
    assert Case.objects.count() == Person.objects.count() == 0


def test_with_keep_valid_the_valid_rows_go_in_and_the_rejected_ones_come_back_in_a_file(tmp_path, anltp, investigator):
    rows = [list(r) for r in FRENCH_ROWS]
    rows[4][7] = "31/02/2021"
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, rows)

    run = run_import(
        importer=SpreadsheetImporter(french_mapping(anltp)),
        path=path,
        actor=investigator,
        agency=anltp,
        keep_valid=True,
        rejects_to=tmp_path / "rejected.csv",
    )

    assert (run.status, run.rows_imported, run.rows_rejected) == ("done", 4, 1)
    assert Person.objects.count() == 4
    # With the file's semicolons: Excel in French saves "CSV" so, and opens a comma file as one column.
    rejected = list(csv.reader((tmp_path / "rejected.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert rejected[0][:3] == ["N° dossier", "Nom", "Prénom(s)"]
    assert rejected[1][0:3] == ["", "Sani", "Hadiza"]


def test_a_row_without_any_name_is_rejected(tmp_path, anltp, investigator):
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, [["D-9", "", "", "F", "", "", "", "", "", "", "", ""]])

    run = run_import(importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp)

    assert list(run.rejected_rows.values_list("column", "message")) == [
        ("Prénom(s)", "Enter at least a given name or a family name.")
    ]


def test_month_first_mappings_read_american_dates(tmp_path, anltp, investigator):
    path = write_csv(tmp_path / "us.csv", ["Last name", "DOB"], [["Smith", "03/12/2001"]])
    mapping = ColumnMapping.objects.create(
        name="US", agency=anltp, columns={"Last name": "family_name", "DOB": "date_of_birth"}, date_order="mdy"
    )

    run_import(importer=SpreadsheetImporter(mapping), path=path, actor=investigator, agency=anltp)

    assert Person.objects.get().date_of_birth == "2001-03-12"


def test_the_command_line_imports_with_a_saved_mapping(tmp_path, anltp, investigator, capsys):
    french_mapping(anltp)
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, FRENCH_ROWS)

    options = ["--agency", "ANLTP", "--mapping", "Registre", "--as", "investigator-anltp", "--lang", "en"]
    call_command("import", "spreadsheet", str(path), *options)

    assert "Read 5, imported 5, rejected 0, skipped 0 as duplicates." in capsys.readouterr().out
    assert ImportRun.objects.get().kind == "spreadsheet"


def test_the_command_line_names_the_mappings_of_the_agency_when_the_name_is_wrong(tmp_path, anltp, investigator):
    french_mapping(anltp)
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, FRENCH_ROWS)

    with pytest.raises(CommandError, match=r"no mapping named Autre\. Its mappings: Registre"):
        call_command(
            "import", "spreadsheet", str(path), "--agency", "ANLTP", "--mapping", "Autre",
            "--as", investigator.username, "--lang", "en",
        )  # fmt: skip


def test_problems_are_written_in_the_language_of_the_run(tmp_path, anltp, investigator):
    rows = [list(r) for r in FRENCH_ROWS]
    rows[0][4] = "31/02/2021"
    path = write_csv(tmp_path / "registre.csv", FRENCH_HEADERS, rows)

    run = run_import(
        importer=SpreadsheetImporter(french_mapping(anltp)), path=path, actor=investigator, agency=anltp, language="fr"
    )

    assert run.rejected_rows.get().message == "Ce jour n'existe pas dans le calendrier."
