"""The HTCDS importer through the import runner, as `vigie import htcds FILE --agency CODE` uses it."""

import csv
import datetime

import pytest
from django.utils import timezone, translation

from vigie.assistance.models import AssistancePlan
from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Decision, Event, Participant
from vigie.cases.services import (
    add_participant,
    change_case_status,
    delete_case,
    propose_case_closure,
    propose_victim_identification,
    reject_decision,
    remove_participant,
    update_participant,
)
from vigie.exchange.exports.htcds import EVENT_FIELDS, PERPETRATOR_FIELDS, PLAN_FIELDS
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv, write_template_xlsx
from vigie.exchange.importing import run_import, summary
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


def _write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_rejected_row_comes_back_with_the_columns_not_imported_and_imports_once_fixed(
    tmp_path, anltp, investigator, suffix
):
    # A misspelt column is not imported (the summary says so); the row it belongs to, rejected for another
    # reason, goes back whole: the value typed in it is there to be moved to the right column.
    rows = list(generate_htcds_rows(6, seed=24))
    rows[2]["prs_Birthdate"] = "31/02/2001"
    rows[2]["prs_Birthdat"] = "1999-04-02"
    rows[4]["N° dossier police"] = "PN-2021-77"
    columns = [*ALL_COLUMNS, "prs_Birthdat", "N° dossier police"]
    path = tmp_path / f"cases.{suffix}"
    if suffix == "csv":
        write_csv(path, rows, columns)
    else:
        write_template_xlsx(path, rows, columns)
    rejects = tmp_path / "rejects.csv"

    run = run_import(
        importer=HtcdsImporter(), path=path, actor=investigator, agency=anltp, keep_valid=True, rejects_to=rejects
    )

    assert (run.status, run.rows_imported, run.rows_rejected) == (ImportRun.Status.DONE, 5, 1)
    with rejects.open(encoding="utf-8-sig") as file:
        [rejected] = list(csv.DictReader(file))
    assert (rejected["prs_Birthdate"], rejected["prs_Birthdat"]) == ("31/02/2001", "1999-04-02")
    assert "N° dossier police" not in rejected  # filled in another row only
    assert rejected["prs_FirstName"] == rows[2]["prs_FirstName"]
    rejected["prs_Birthdate"], rejected["prs_Birthdat"] = rejected["prs_Birthdat"], ""
    with rejects.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rejected))
        writer.writeheader()
        writer.writerow(rejected)
    fixed = run_import(importer=HtcdsImporter(), path=rejects, actor=investigator, agency=anltp)
    assert (fixed.status, fixed.rows_imported) == (ImportRun.Status.DONE, 1)
    assert Person.objects.filter(date_of_birth="1999-04-02").count() == 1


def test_the_rejects_of_an_export_in_parts_keep_every_value_and_import_once_fixed(tmp_path, anltp, investigator):
    # An export's main file and its companions (vigie's HTCDS CSV export): a perpetrator's row with a date of
    # 31 February and an event with an unknown type are rejected; the file of rejects has their own columns
    # (the first rejected row's columns used to be the file's, and the others' values were lost).
    main = ["cas_CaseNumber", "vigie_PersonKey", "prs_FirstName", "prs_SecondName", "vic_TraffickingStatus"]
    _write(tmp_path / "x.csv", main, [["C1", "P1", "Awa", "Sow", "ActualVictimOfTrafficking"]])
    event = {"cas_CaseNumber": "C1", "hte_Type": "Bogus", "hte_Date": "2021-03", "hte_Country": "NE"}
    _write(tmp_path / "x-events.csv", EVENT_FIELDS, [[event.get(name, "") for name in EVENT_FIELDS]])
    suspect = {"cas_CaseNumber": "C1", "vigie_PersonKey": "P9", "prs_FirstName": "Kofi", "prs_SecondName": "Mensah"}
    suspect |= {"prs_Birthdate": "31/02/1980", "per_RoleInProcess": "Exploiter"}
    _write(tmp_path / "x-perpetrators.csv", PERPETRATOR_FIELDS, [[suspect.get(n, "") for n in PERPETRATOR_FIELDS]])
    rejects = tmp_path / "x-rejected.csv"

    run = run_import(
        importer=HtcdsImporter(), path=tmp_path / "x.csv", actor=investigator, agency=anltp,
        keep_valid=True, rejects_to=rejects,
    )  # fmt: skip

    assert (run.rows_read, run.rows_imported, run.rows_rejected) == (3, 1, 2)
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        rejected = list(csv.DictReader(file))
    by_part = {row["_part"]: row for row in rejected}
    assert set(by_part) == {"events", "perpetrators"}
    assert {name: by_part["perpetrators"][name] for name in suspect} == suspect
    assert {name: by_part["events"][name] for name in event} == event

    # Fixed and imported again: each row goes where its sheet said, in the case of the first import.
    fixes = {"perpetrators": {"prs_Birthdate": "1980-02-28"}, "events": {"hte_Type": "Recruitment"}}
    fixed = [row | fixes[row["_part"]] for row in rejected]
    _write(rejects, list(rejected[0]), [list(row.values()) for row in fixed])
    again = run_import(importer=HtcdsImporter(), path=rejects, actor=investigator, agency=anltp)

    assert (again.status, again.rows_imported) == (ImportRun.Status.DONE, 2)
    case = Case.objects.get()
    suspect_participant = case.participants.get(role=Participant.Role.SUSPECT)
    assert suspect_participant.person.date_of_birth == "1980-02-28"
    recruitment = case.events.get()  # of the case, naming nobody
    assert (recruitment.kind, recruitment.participants.exists()) == (Event.Kind.RECRUITMENT, False)


def test_a_row_edited_since_its_import_joins_its_case_and_person_without_writing_their_events_again(
    tmp_path, anltp, investigator
):
    header = ["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "prs_MobilePhone", "vic_TraffickingStatus"]
    header += ["vic_LocationOfRecruitment", "hte_Type", "hte_Date", "hte_Country", "spl_Type", "spl_Objectives"]
    row = ["C1", "Awa", "Sow", "", "PossibleVictimOfTrafficking", "Kano", "Transit", "2021-03", "NE"]
    row += ["Health", "Medical check-up"]
    _write(tmp_path / "a.csv", header, [row])
    edited = [*row[:3], "+22790000000", *row[4:]]  # a phone number added to the row since
    _write(tmp_path / "b.csv", header, [edited])

    first = run_import(importer=HtcdsImporter(), path=tmp_path / "a.csv", actor=investigator, agency=anltp)
    again = run_import(importer=HtcdsImporter(), path=tmp_path / "b.csv", actor=investigator, agency=anltp)

    assert (first.rows_imported, again.rows_imported) == (1, 1)  # another row: its content differs
    participant = Participant.objects.get()  # the same case, person and role
    assert sorted(participant.events.values_list("kind", flat=True)) == ["recruitment", "transport"]
    assert AssistancePlan.objects.filter(participant=participant).count() == 1
    assert list(participant.person.phones.values_list("number", flat=True)) == ["+22790000000"]


def test_a_template_row_edited_since_its_import_joins_the_case_it_made(tmp_path, anltp, investigator):
    # The template has no case number: the edited row (the case closed since) made a second case, with a
    # second person and a second identification. The person and the day of referral find the case again.
    header = ["prs_FirstName", "prs_SecondName", "prs_Birthdate", "vic_TraffickingStatus", "cas_Status"]
    header += ["cas_IncomingReferralDate", "vic_LocationOfRecruitment"]
    row = ["Awa", "Sow", "2001-04-02", "PossibleVictimOfTrafficking", "Active", "2024-05-06", "Kano"]
    # Less than names, a full birth date and a referral day could be two people: each row a case of its own.
    year_only = ["Fatou", "Diallo", "1995", "ActualVictimOfTrafficking", "Active", "2024-05-06", "Kano"]
    no_referral = ["Mariam", "Koné", "1999-01-01", "ActualVictimOfTrafficking", "Active", "", "Kano"]
    _write(tmp_path / "a.csv", header, [row, year_only, no_referral])
    # Edited since: Awa now an actual victim and her case closed, the others' cases closed too.
    edited = [[*r[:3], "ActualVictimOfTrafficking", "Closed", *r[5:]] for r in (row, year_only, no_referral)]
    _write(tmp_path / "b.csv", header, edited)

    first = run_import(importer=HtcdsImporter(), path=tmp_path / "a.csv", actor=investigator, agency=anltp)
    again = run_import(importer=HtcdsImporter(), path=tmp_path / "b.csv", actor=investigator, agency=anltp)

    assert (first.rows_imported, again.rows_imported, again.rows_skipped) == (3, 3, 0)
    awa = Person.objects.get(given_names="Awa")  # one person, in one case, as one participant, one event
    case = Case.objects.get(participants__person=awa)
    assert list(case.participants.values_list("role", flat=True)) == ["victim"]  # identified, once
    assert case.decisions.filter(kind="victim_identification").count() == 1
    assert case.status == Case.Status.CLOSED
    assert case.events.count() == 1
    assert (
        Person.objects.filter(given_names="Fatou").count() == Person.objects.filter(given_names="Mariam").count() == 2
    )
    assert Case.objects.count() == 5


def test_the_same_person_referred_on_another_day_is_another_case(tmp_path, anltp, investigator):
    header = ["prs_FirstName", "prs_SecondName", "prs_Birthdate", "vic_TraffickingStatus", "cas_IncomingReferralDate"]
    rows = [["Awa", "Sow", "2001-04-02", "ActualVictimOfTrafficking", day] for day in ("2019-01-10", "2024-05-06")]
    _write(tmp_path / "a.csv", header, rows)

    run_import(importer=HtcdsImporter(), path=tmp_path / "a.csv", actor=investigator, agency=anltp)

    assert Case.objects.count() == 2


def test_the_plans_of_an_export_sheet_are_each_written_even_alike(tmp_path, anltp, investigator):
    # The plans sheet's rows are records of their own: a completed plan and two open ones with the same goals.
    main = ["cas_CaseNumber", "vigie_PersonKey", "prs_FirstName", "prs_SecondName", "vic_TraffickingStatus"]
    _write(tmp_path / "x.csv", main, [["C1", "P1", "Awa", "Sow", "ActualVictimOfTrafficking"]])
    done = {"cas_CaseNumber": "C1", "vigie_PersonKey": "P1", "spl_Objectives": "Medical check-up"}
    done["spl_ActualEndDate"] = "2022-01-10"
    open_plan = {"cas_CaseNumber": "C1", "vigie_PersonKey": "P1", "spl_Objectives": "Medical check-up"}
    plans = [[plan.get(name, "") for name in PLAN_FIELDS] for plan in (done, open_plan, open_plan)]
    _write(tmp_path / "x-plans.csv", PLAN_FIELDS, plans)

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "x.csv", actor=investigator, agency=anltp)

    assert (run.rows_read, run.rows_imported) == (4, 4)
    assert AssistancePlan.objects.count() == 3


def test_a_file_of_rejects_with_a_main_row_still_wrong_rejects_it(tmp_path, anltp, investigator):
    # The main sheet's rows of a file of rejected rows have an empty sheet column: that failed the import.
    header = ["cas_CaseNumber", "vigie_PersonKey", "prs_FirstName", "prs_SecondName", "prs_Birthdate", "_part"]
    header += ["hte_Type", "hte_Country", "vic_LocationOfRecruitment", "problème"]
    rows = [["C1", "P1", "Awa", "Sow", "31/02/2001", "", "", "", "Kano", "x"]]
    rows += [["C1", "", "", "", "", "events", "Recruitment", "NE", "", "y"]]
    _write(tmp_path / "r.csv", header, rows)

    run = run_import(
        importer=HtcdsImporter(), path=tmp_path / "r.csv", actor=investigator, agency=anltp, keep_valid=True
    )

    assert (run.status, run.rows_imported, run.rows_rejected) == (ImportRun.Status.DONE, 1, 1)
    assert run.rejected_rows.get().column == "prs_Birthdate"

    # Corrected: its place of recruitment is the export's summary of its events sheet, not another event.
    rows[0][4] = "2001-02-28"
    _write(tmp_path / "r.csv", header, rows[:1])
    again = run_import(importer=HtcdsImporter(), path=tmp_path / "r.csv", actor=investigator, agency=anltp)
    assert (again.status, again.rows_imported) == (ImportRun.Status.DONE, 1)
    assert list(Event.objects.values_list("kind", "country_id")) == [("recruitment", "NE")]


EDITED_HEADER = ["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "vic_TraffickingStatus", "cas_Status"]
EDITED_HEADER += ["cas_IncomingReferralDate", "cas_OutgoingReferralDate", "vic_TraffickingStatusDecisionMakingOrg"]


def _import(path, actor, agency, **options):
    return run_import(importer=HtcdsImporter(), path=path, actor=actor, agency=agency, **options)


def test_a_row_edited_since_its_import_closes_its_case_and_identifies_its_victim_by_confirmed_decisions(
    tmp_path, anltp, investigator
):
    # The NGO's sheet, kept up to date: since the first import, Awa was identified and her case closed.
    row = ["C1", "Awa", "Sow", "PossibleVictimOfTrafficking", "Active", "2024-05-06", "", ""]
    _write(tmp_path / "a.csv", EDITED_HEADER, [row])
    # Closed by referral: HTCDS has no closing date, the referral's day is the case's.
    edited = ["C1", "Awa", "Sow", "ActualVictimOfTrafficking", "ClosedReferred", "2024-05-06", "2024-09-30", "NGO"]
    _write(tmp_path / "b.csv", EDITED_HEADER, [edited])
    _import(tmp_path / "a.csv", investigator, anltp)

    check = _import(tmp_path / "b.csv", investigator, anltp, dry_run=True)
    case = Case.objects.get()
    assert (check.rows_imported, case.status, case.decisions.count()) == (1, Case.Status.OPEN, 0)  # nothing stays

    again = _import(tmp_path / "b.csv", investigator, anltp)

    assert again.status == ImportRun.Status.DONE
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == (
        Case.Status.CLOSED, datetime.date(2024, 9, 30), Case.ClosureReason.TRANSFERRED,
    )  # fmt: skip
    participant = Participant.objects.get()
    assert participant.role == Participant.Role.VICTIM
    decisions = {d.kind: d for d in case.decisions.select_related("proposed_by", "answered_by")}
    assert set(decisions) == {Decision.Kind.VICTIM_IDENTIFICATION, Decision.Kind.CASE_CLOSURE}
    for decision in decisions.values():  # the file proposes, the person who imports confirms
        assert (decision.status, decision.proposed_by.username, decision.answered_by) == (
            Decision.Status.CONFIRMED, "htcds-import", investigator,
        )  # fmt: skip
    identification = decisions[Decision.Kind.VICTIM_IDENTIFICATION]
    assert "NGO" in identification.grounds and "2" in identification.grounds  # who identified, which row
    assert identification.participant == participant
    assert decisions[Decision.Kind.CASE_CLOSURE].effective_on == datetime.date(2024, 9, 30)
    of_decisions = AuditEvent.objects.filter(
        target_type="cases.decision", target_id__in=[d.pk for d in decisions.values()]
    )
    assert set(of_decisions.values_list("action", flat=True)) == {"decision.proposed", "decision.confirmed"}
    changed = AuditEvent.objects.filter(target_type="cases.case", target_id=case.pk, actor=investigator)
    assert changed.filter(action=AuditEvent.Action.CASE_STATUS_CHANGED).exists()


def test_a_decision_waiting_in_vigie_stands_against_the_file_edited_since(tmp_path, anltp, investigator, prosecutor):
    row = ["C1", "Awa", "Sow", "PossibleVictimOfTrafficking", "Active", "2024-05-06", "", ""]
    _write(tmp_path / "a.csv", EDITED_HEADER, [row])
    _write(tmp_path / "b.csv", EDITED_HEADER, [[*row[:4], "Closed", "2024-05-06", "2024-09-30", ""]])
    _import(tmp_path / "a.csv", investigator, anltp)
    case = Case.objects.get()
    waiting = propose_case_closure(
        actor=prosecutor,
        case=case,
        closure_reason=Case.ClosureReason.INSUFFICIENT_EVIDENCE,
        closed_on=None,
        grounds="Nothing.",
    )

    again = _import(tmp_path / "b.csv", investigator, anltp)

    assert again.status == ImportRun.Status.DONE
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN  # the people deciding it answer, not the import
    assert list(case.decisions.values_list("pk", "status")) == [(waiting.pk, Decision.Status.PROPOSED)]


def test_what_people_decided_in_vigie_stands_against_a_file_that_says_the_same_again(
    tmp_path, anltp, investigator, prosecutor
):
    # The file closed the case; vigie reopened it (new evidence). The file's row, edited since (a phone
    # added) but still "closed", says nothing new of the case: it stays open.
    closed = ["C1", "Awa", "Sow", "PossibleVictimOfTrafficking", "ClosedReferred", "2024-05-06", "2024-09-30", ""]
    _write(tmp_path / "a.csv", EDITED_HEADER, [closed])
    _import(tmp_path / "a.csv", investigator, anltp)
    case = Case.objects.get()
    change_case_status(
        actor=investigator, case=case, expected_version=case.version, status=Case.Status.UNDER_INVESTIGATION
    )
    # An identification proposed in vigie and rejected: the file saying "actual victim" does not answer it.
    identification = propose_victim_identification(
        actor=investigator, participant=Participant.objects.get(), grounds="Statement.", identified_on=case.opened_on
    )
    reject_decision(actor=prosecutor, decision=identification, reason="Not enough.")
    edited = [*closed[:3], "ActualVictimOfTrafficking", *closed[4:]]
    _write(tmp_path / "b.csv", EDITED_HEADER, [edited])

    again = _import(tmp_path / "b.csv", investigator, anltp)

    assert again.status == ImportRun.Status.DONE
    case.refresh_from_db()
    assert case.status == Case.Status.UNDER_INVESTIGATION
    assert Participant.objects.get().role == Participant.Role.PRESUMED_VICTIM
    assert case.decisions.count() == 2  # the first import's closure, and the rejected identification


def test_within_one_file_a_case_first_row_stands_whatever_batch_a_later_row_is_in(tmp_path, anltp, investigator):
    # Two rows of one case that disagree: a later row does not close the case its first row opened, nor
    # identify its victim, even written in another batch (the first one's case is then "found again").
    rows = [["C1", "Awa", "Sow", "PossibleVictimOfTrafficking", "Active", "2024-05-06", "", ""]]
    rows += [["C1", "Awa", "Sow", "ActualVictimOfTrafficking", "Closed", "2024-05-06", "2024-09-30", ""]]
    _write(tmp_path / "a.csv", EDITED_HEADER, rows)
    importer = HtcdsImporter()
    importer.batch_size = 1

    run = run_import(importer=importer, path=tmp_path / "a.csv", actor=investigator, agency=anltp)

    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 2)
    case = Case.objects.get()
    assert (case.status, case.decisions.count()) == (Case.Status.OPEN, 0)
    assert list(case.participants.values_list("role", flat=True)) == ["presumed_victim"]


def test_a_victim_is_not_made_presumed_again_by_a_file(tmp_path, anltp, investigator):
    row = ["C1", "Awa", "Sow", "ActualVictimOfTrafficking", "Active", "2024-05-06", "", ""]
    _write(tmp_path / "a.csv", EDITED_HEADER, [row])
    _write(tmp_path / "b.csv", EDITED_HEADER, [[*row[:3], "PossibleVictimOfTrafficking", *row[4:]]])
    _import(tmp_path / "a.csv", investigator, anltp)

    _import(tmp_path / "b.csv", investigator, anltp)

    assert list(Participant.objects.values_list("role", flat=True)) == ["victim"]
    assert Decision.objects.count() == 1  # the first import's identification


def test_an_htcds_csv_row_cut_by_a_line_break_is_rejected_not_half_imported(tmp_path, anltp, investigator):
    # "Kano\nNigeria" typed in a cell that the writing tool did not quote: Awa's row stops after the town,
    # and "Nigeria,1999-01-01" would be a row of its own naming "Nigeria".
    path = tmp_path / "a.csv"
    header = "prs_FirstName,prs_SecondName,vic_LocationOfRecruitment,prs_Birthdate"
    path.write_text(f"{header}\nAwa,Sow,Kano\nNigeria,1999-01-01\nFatou,Ba,Zinder,2000-02-02\n", encoding="utf-8")

    run = run_import(importer=HtcdsImporter(), path=path, actor=investigator, agency=anltp, language="en")

    assert (run.status, run.rows_read, run.rows_rejected) == (ImportRun.Status.REFUSED, 3, 2)
    first_problem = run.rejected_rows.order_by("row_number")[0]
    assert first_problem.message.startswith("This row has fewer cells than the header (3 of 4)")
    assert Case.objects.count() == 0


def test_a_cut_row_of_a_file_of_rejected_rows_is_refused_until_fixed_and_its_problem_emptied(
    tmp_path, anltp, investigator
):
    path = tmp_path / "a.csv"
    header = "prs_FirstName,prs_SecondName,vic_LocationOfRecruitment,prs_Birthdate"
    path.write_text(f"{header}\nAwa,Sow,Kano\nNigeria,1999-01-01\nFatou,Ba,Zinder,2000-02-02\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    _import(path, investigator, anltp, keep_valid=True, rejects_to=rejects)
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        header_row, cut, fragment = list(csv.reader(file))
    assert cut[:4] == ["Awa", "Sow", "Kano", ""]  # written whole: its birth date is in the row below
    assert fragment[:2] == ["Nigeria", "1999-01-01"]

    # Imported again as it is, Awa would go in without her date of birth.
    again = _import(rejects, investigator, anltp, language="en")
    assert (again.status, again.rows_rejected) == (ImportRun.Status.REFUSED, 2)
    first = again.rejected_rows.order_by("row_number")[0]
    assert (first.row_number, first.value) == (2, "3/4")
    assert first.message.startswith("This row was cut in two by a line break (3 cells of 4)")

    # Fixed, but its problem left in its cell: refused with the same reason (the file cannot tell).
    fixed = [header_row, ["Awa", "Sow", "Kano, Nigeria", "1999-01-01", cut[-1]]]
    _write(tmp_path / "fixed.csv", fixed[0], fixed[1:])
    assert _import(tmp_path / "fixed.csv", investigator, anltp).rows_rejected == 1

    fixed[1][-1] = ""
    _write(tmp_path / "fixed.csv", fixed[0], fixed[1:])
    done = _import(tmp_path / "fixed.csv", investigator, anltp)
    assert (done.status, done.rows_imported) == (ImportRun.Status.DONE, 1)
    assert Person.objects.get(given_names="Awa").date_of_birth == "1999-01-01"


def test_a_cut_row_mark_is_recognised_in_either_language(tmp_path, anltp, investigator):
    header = "prs_FirstName,prs_SecondName,vic_LocationOfRecruitment,prs_Birthdate"
    for language in ("fr", "en"):
        path = tmp_path / f"{language}.csv"
        path.write_text(f"{header}\nAwa,Sow,Kano\nNigeria,1999-01-01\n", encoding="utf-8")
        rejects = tmp_path / f"rejects-{language}.csv"
        _import(path, investigator, anltp, keep_valid=True, rejects_to=rejects, language=language)
        # Fixed by someone who works in the other language: the mark is read all the same.
        other = "en" if language == "fr" else "fr"
        again = _import(rejects, investigator, anltp, language=other)
        assert again.rejected_rows.order_by("row_number")[0].value == "3/4"
        assert again.rejected_rows.count() == 2


def test_an_htcds_row_with_more_cells_than_the_header_is_rejected(tmp_path, anltp, investigator):
    path = tmp_path / "a.csv"
    path.write_text("prs_FirstName,prs_SecondName,vic_LocationOfRecruitment\nAwa,Sow,Kano, Nigeria\n", encoding="utf-8")

    rejects = tmp_path / "a-rejected.csv"

    run = run_import(importer=HtcdsImporter(), path=path, actor=investigator, agency=anltp, rejects_to=rejects)

    assert (run.status, run.rows_rejected) == (ImportRun.Status.REFUSED, 1)
    assert run.rejected_rows.get().value == " Nigeria"
    assert Case.objects.count() == 0
    # The cut value is in the file of rejected rows too, where the user mends the row.
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        [rejected] = list(csv.DictReader(file))
    assert rejected["vic_LocationOfRecruitment"] == "Kano"
    assert rejected["problème"] == "Cette ligne a plus de cellules que l'en-tête. [ Nigeria]"


def test_a_case_deleted_in_vigie_does_not_come_back_with_a_later_file_edited_since(tmp_path, anltp, investigator):
    # The NGO's sheet holds Awa's case (by number) and Fatou's (template style: by person and referral day).
    # Both were recorded in error and deleted in vigie; next month's sheet still holds them, edited since.
    header = ["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "prs_Birthdate", "vic_TraffickingStatus"]
    header += ["cas_Status", "cas_IncomingReferralDate"]
    awa = ["C1", "Awa", "Sow", "2001-04-02", "PossibleVictimOfTrafficking", "Active", "2024-05-06"]
    fatou = ["", "Fatou", "Diallo", "1995-07-01", "PossibleVictimOfTrafficking", "Active", "2024-05-07"]
    kept = ["C2", "Mariam", "Koné", "1999-01-01", "PossibleVictimOfTrafficking", "Active", "2024-05-08"]
    _write(tmp_path / "a.csv", header, [awa, fatou, kept])
    _import(tmp_path / "a.csv", investigator, anltp)
    for given_names in ("Awa", "Fatou"):
        delete_case(actor=investigator, case=Case.objects.get(participants__person__given_names=given_names))
    closed = [[*row[:5], "Closed", row[6]] for row in (awa, fatou, kept)]
    new = ["C3", "Aïcha", "Ba", "2000-02-02", "PossibleVictimOfTrafficking", "Active", "2024-06-01"]
    _write(tmp_path / "b.csv", header, [*closed, new, awa])  # Awa's unchanged row: a duplicate, as before

    check = _import(tmp_path / "b.csv", investigator, anltp, dry_run=True)
    again = _import(tmp_path / "b.csv", investigator, anltp)

    for run in (check, again):
        assert (run.status, run.rows_read, run.rows_imported, run.rows_skipped, run.rows_of_deleted_cases) == (
            ImportRun.Status.DONE, 5, 2, 1, 2,
        )  # fmt: skip
    with translation.override("fr"):
        assert "2 lignes appartiennent à des dossiers supprimés dans vigie" in summary(check)
    with translation.override("en"):
        assert "2 rows belong to cases deleted in vigie, or to persons removed from a case" in summary(check)
    in_cases = Participant.objects.values_list("person__given_names", flat=True)
    assert sorted(in_cases) == ["Aïcha", "Mariam"]
    assert Person.objects.count() == 4  # a case's deletion keeps its persons; none is added again
    assert Case.objects.get(participants__person__given_names="Mariam").status == Case.Status.CLOSED
    audited = AuditEvent.objects.get(action=AuditEvent.Action.DATA_IMPORTED, target_id=again.pk)
    assert audited.changes["rows_of_deleted_cases"] == 2
    # A third time, the edited rows of the deleted cases are known: duplicates like any row seen before.
    third = _import(tmp_path / "b.csv", investigator, anltp)
    assert (third.rows_skipped, third.rows_of_deleted_cases, Case.objects.count()) == (5, 0, 2)


REMOVAL_HEADER = ["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_MobilePhone"]
REMOVAL_HEADER += ["vic_TraffickingStatus", "spl_Type", "spl_Objectives"]


def test_a_person_removed_from_a_case_in_vigie_does_not_come_back_with_a_later_file(tmp_path, anltp, investigator):
    # Awa's case held her sister Binta by mistake; she was removed in vigie. Next month's sheet still lists
    # Binta, with a phone number added since, as it adds one to Awa's row.
    awa = ["C1", "Awa", "Sow", "2001-04-02", "", "PossibleVictimOfTrafficking", "", ""]
    binta = ["C1", "Binta", "Sow", "2003-01-09", "", "PossibleVictimOfTrafficking", "", ""]
    _write(tmp_path / "a.csv", REMOVAL_HEADER, [awa, binta])
    _import(tmp_path / "a.csv", investigator, anltp)
    remove_participant(actor=investigator, participant=Participant.objects.get(person__given_names="Binta"))
    edited = [[*row[:4], phone, *row[5:]] for row, phone in ((awa, "+22790000001"), (binta, "+22790000002"))]
    _write(tmp_path / "b.csv", REMOVAL_HEADER, edited)

    again = _import(tmp_path / "b.csv", investigator, anltp)

    assert (again.status, again.rows_read, again.rows_imported, again.rows_of_deleted_cases) == ("done", 2, 1, 1)
    assert list(Participant.objects.values_list("person__given_names", flat=True)) == ["Awa"]
    assert Person.objects.count() == 2  # Binta's record is kept, as removing her from the case keeps it; no other
    assert not Person.objects.get(given_names="Binta").phones.exists()
    assert list(Person.objects.get(given_names="Awa").phones.values_list("number", flat=True)) == ["+22790000001"]
    with translation.override("en"):
        assert "1 row belongs to a case deleted in vigie, or to a person removed from a case" in summary(again)
    # Added to the case again in vigie, she is in it: her edited rows join her again.
    add_participant(
        actor=investigator, case=Case.objects.get(), person=Person.objects.get(given_names="Binta"),
        role=Participant.Role.WITNESS,
    )  # fmt: skip
    _write(tmp_path / "c.csv", REMOVAL_HEADER, [[*edited[1][:4], "+22790000003", *edited[1][5:]]])
    third = _import(tmp_path / "c.csv", investigator, anltp)
    assert (third.rows_imported, third.rows_of_deleted_cases) == (1, 0)
    binta_now = Participant.objects.get(person__given_names="Binta")
    assert binta_now.role == Participant.Role.WITNESS  # her role in vigie stands
    assert list(binta_now.person.phones.values_list("number", flat=True)) == ["+22790000003"]
    assert Person.objects.count() == 2


def test_a_role_changed_in_vigie_stands_against_a_file_edited_since(tmp_path, anltp, investigator):
    # Imported as a presumed victim, Kofi was found to be the recruiter: his role was changed in vigie. The
    # NGO's sheet, edited since, still has him as a possible victim, now with a plan of assistance.
    kofi = ["C1", "Kofi", "Mensah", "1990-06-01", "", "PossibleVictimOfTrafficking", "", ""]
    _write(tmp_path / "a.csv", REMOVAL_HEADER, [kofi])
    _import(tmp_path / "a.csv", investigator, anltp)
    participant = Participant.objects.get()
    update_participant(
        actor=investigator, participant=participant, expected_version=participant.version,
        role=Participant.Role.SUSPECT, suspect_role=Participant.SuspectRole.RECRUITER,
    )  # fmt: skip
    _write(tmp_path / "b.csv", REMOVAL_HEADER, [[*kofi[:4], "+22790000004", kofi[5], "Health", "Medical check-up"]])

    again = _import(tmp_path / "b.csv", investigator, anltp)

    assert (again.status, again.rows_imported) == ("done", 1)
    assert list(Participant.objects.values_list("role", flat=True)) == ["suspect"]  # no second, victim role
    assert Person.objects.count() == 1
    assert list(Person.objects.get().phones.values_list("number", flat=True)) == ["+22790000004"]
    assert not AssistancePlan.objects.exists()  # a plan of assistance is not a suspect's


def test_a_file_that_gives_a_victim_a_new_role_as_perpetrator_adds_it(tmp_path, anltp, investigator):
    # Not a role changed in vigie: the NGO learnt since that Awa, a victim, recruited others. The edited
    # export adds her to the perpetrators' sheet; she keeps her victim role and gets a suspect one.
    main = ["cas_CaseNumber", "vigie_PersonKey", "prs_FirstName", "prs_SecondName", "vic_TraffickingStatus"]
    awa = ["C1", "P1", "Awa", "Sow", "PossibleVictimOfTrafficking"]
    _write(tmp_path / "x.csv", main, [awa])
    _import(tmp_path / "x.csv", investigator, anltp)
    _write(tmp_path / "y.csv", main, [awa])
    suspect = {"cas_CaseNumber": "C1", "vigie_PersonKey": "P1", "prs_FirstName": "Awa", "prs_SecondName": "Sow"}
    suspect |= {"per_RoleInProcess": "RecruiterOrIntermediary"}
    _write(tmp_path / "y-perpetrators.csv", PERPETRATOR_FIELDS, [[suspect.get(n, "") for n in PERPETRATOR_FIELDS]])

    again = _import(tmp_path / "y.csv", investigator, anltp)

    assert (again.status, again.rows_imported, again.rows_skipped) == ("done", 1, 1)
    assert sorted(Participant.objects.values_list("role", flat=True)) == ["presumed_victim", "suspect"]
    assert Person.objects.count() == 1


def test_the_days_of_vigies_export_are_checked_as_the_file_gives_them(tmp_path, anltp, investigator):
    header = ["cas_CaseNumber", "prs_FirstName", "cas_Status", "cas_IncomingReferralDate", "vigie_OpenedOn"]
    header += ["vigie_ClosedOn"]
    today = timezone.localdate().isoformat()
    rows = [
        ["C1", "Awa", "Closed", "", "2024-05-10", "2024-03-01"],  # closes before it opens
        ["C2", "Ali", "Closed", "", "", "2024-03-01"],  # a closing day, no opening day
        ["C3", "Ada", "Active", "", "2024-05-10", "2024-06-01"],  # open, with a closing day
        ["C4", "Ina", "Active", "31/02/2024", "2024-05-10", ""],  # a referral day that does not exist
    ]
    _write(tmp_path / "bad.csv", header, rows)
    bad = _import(tmp_path / "bad.csv", investigator, anltp)
    assert bad.status == ImportRun.Status.REFUSED
    assert sorted((p.row_number, p.column) for p in bad.rejected_rows.all()) == [
        (2, "vigie_ClosedOn"), (3, "vigie_ClosedOn"), (4, "vigie_ClosedOn"), (5, "cas_IncomingReferralDate"),
    ]  # fmt: skip

    good = [["C5", "Awa", "Closed", "2024-04-02", "2024-05-10", today], ["C6", "Ali", "Closed", "", "2024-05-10", ""]]
    _write(tmp_path / "good.csv", header, good)
    assert _import(tmp_path / "good.csv", investigator, anltp).status == ImportRun.Status.DONE
    closed_today, no_day = Case.objects.get(title="HTCDS C5"), Case.objects.get(title="HTCDS C6")
    # The day it was reported (referred to the NGO) is not the day it opened; a closing day of today is given.
    assert (closed_today.reported_on, closed_today.opened_on) == (datetime.date(2024, 4, 2), datetime.date(2024, 5, 10))
    assert str(closed_today.closed_on) == today and "pas de date de clôture" not in closed_today.narrative
    assert "pas de date de clôture" in no_day.narrative and no_day.reported_on is None
