"""The HTCDS importer through the import runner, as `vigie import htcds FILE --agency CODE` uses it."""

from vigie.cases.models import Case
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportRun
from vigie.people.models import Person


def test_the_runner_imports_then_skips_every_row_of_the_same_file(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(80, seed=21))
    write_csv(tmp_path / "cases.csv", rows, ALL_COLUMNS)

    first = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)
    again = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)

    assert (first.status, first.rows_read, first.rows_imported) == (ImportRun.Status.DONE, 80, 80)
    assert (again.rows_read, again.rows_imported, again.rows_skipped) == (80, 0, 80)
    assert Case.objects.count() == len({r["cas_CaseNumber"] for r in rows})
    assert Person.objects.count() == len(
        {(r["cas_CaseNumber"], r["prs_FirstName"], r["prs_SecondName"], r.get("prs_Birthdate")) for r in rows}
    )


def test_the_runner_refuses_the_file_with_31_february_and_writes_nothing(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(10, seed=22))
    rows[3]["prs_Birthdate"] = "31/02/2021"
    write_csv(tmp_path / "bad.csv", rows, ALL_COLUMNS)

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "bad.csv", actor=investigator, agency=anltp)

    assert run.status == ImportRun.Status.REFUSED
    [problem] = run.rejected_rows.all()
    assert (problem.row_number, problem.column, problem.value) == (5, "prs_Birthdate", "31/02/2021")
    assert Case.objects.count() == 0


def test_the_same_rows_go_into_a_second_agency_as_its_own_records(tmp_path, anltp, naptip, investigator, outsider):
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(15, seed=23)), ALL_COLUMNS)

    run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)
    other = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=outsider, agency=naptip)

    assert other.rows_imported == 15  # keys are unique per agency
    assert Case.objects.filter(agency=anltp).count() == Case.objects.filter(agency=naptip).count()
