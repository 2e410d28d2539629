import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.selectors import CaseFilters
from vigie.conftest import make_case, make_participant, second_person
from vigie.exchange.exports import htcds
from vigie.exchange.exports.services import export_case, export_cases
from vigie.exchange.tests.exports_support import PASSWORD, add_plan, add_victim, csv_rows, open_archive, rich_case
from vigie.people.models import PhoneNumber

NO_FILTERS = CaseFilters()


def export(user, kind, filters=NO_FILTERS, password=PASSWORD) -> tuple[bytes, Any]:
    out = io.BytesIO()
    result = export_cases(actor=user, kind=kind, filters=filters, out=out, password=password)
    return out.getvalue(), result


def workbook(data: bytes) -> openpyxl.Workbook:
    (content,) = open_archive(data).values()
    return openpyxl.load_workbook(io.BytesIO(content))


def main_rows(book) -> list[dict[str, Any]]:
    sheet = book["Sheet1"]
    names = [cell.value for cell in sheet[1]]
    return [
        {name: value for name, value in zip(names, row, strict=True) if name}
        for row in sheet.iter_rows(min_row=3, values_only=True)
    ]


def test_the_sheet_has_the_templates_name_and_both_header_rows(anltp, investigator):
    rich_case(anltp, investigator)
    book = workbook(export(investigator, "htcds-xlsx")[0])
    sheet = book["Sheet1"]
    assert book.sheetnames == ["Sheet1", "Historic Trafficking Events", "Perpetrators", "Support Plans"]
    assert [c.value for c in sheet[1]] == [
        *htcds.FIELD_NAMES,
        "cas_CaseNumber",
        "vigie_PersonKey",
        "vigie_OpenedOn",
        "vigie_ClosedOn",
    ]
    assert [c.value for c in sheet[2]][:4] == [None, "Case Owner", "Salutation", "First Name"]
    assert sheet["A3"].value == 1


def test_the_template_columns_are_the_real_templates(anltp, investigator):
    template = openpyxl.load_workbook(htcds_template_path()).active
    assert [c.value for c in template[1]] == htcds.FIELD_NAMES
    assert [c.value for c in template[2]] == htcds.FIELD_LABELS


def htcds_template_path():
    from pathlib import Path

    return Path(__file__).parent / "data" / "htcds" / "HTCDS Excel Spreadsheet v2.0.xlsx"


def test_a_victims_row_holds_the_register_in_htcds_values(anltp, investigator):
    case, victim, _ = rich_case(anltp, investigator)
    (row,) = main_rows(workbook(export(investigator, "htcds-xlsx")[0]))
    assert row["prs_FirstName"] == "Aïssata"
    assert row["prs_SecondName"] == "Kouyaté"
    assert row["prs_Birthdate"].date() == datetime.date(2009, 5, 14)  # a date cell
    assert row["prs_Gender"] == "Feminine"
    assert row["prs_Citizenship"] == "NG"
    assert row["prs_MobilePhone"] == "+22796123456"
    assert row["prs_MailingCity"] == "Mirriah"
    assert row["prs_MailingState"] == "Zinder"
    assert row["prs_MailingCountry"] == "NE"
    assert row["con_Consent"] == "TRUE"
    assert row["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert row["vic_TraffickinStatusDecisionMakingOrg"] == "NonPoliceGovernmentalOrganization"
    assert row["vic_TypeOfExploitation"] == "ForcedBegging;SexualExploitation"
    assert row["vic_MethodsOfControl"] == "DebtBondage;Other"
    assert row["vic_ForcedLabourIndustry"] == "T_ActivitiesOfHouseholdsAsEmployers"
    assert row["vic_LocationOfRecruitment"] == "Mirriah, Niger"
    assert row["vic_LocationOfExploitation"] == "Kano, Nigeria"
    assert row["cas_Status"] == "Active"
    assert row["cas_CaseNumber"] == case.reference
    assert row["vigie_PersonKey"] == f"P{victim.person_id}"
    assert row["prs_Email"] is None  # not in the register: left empty


def test_a_presumed_victim_has_no_deciding_organisation(anltp, investigator):
    case = make_case(anltp, investigator)
    add_victim(case, investigator, identified=False)
    (row,) = main_rows(workbook(export(investigator, "htcds-xlsx")[0]))
    assert row["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert row["vic_TraffickinStatusDecisionMakingOrg"] is None


def test_a_case_without_a_victim_still_has_its_row(anltp, investigator):
    case = make_case(anltp, investigator)
    (row,) = main_rows(workbook(export(investigator, "htcds-xlsx")[0]))
    assert row["cas_CaseNumber"] == case.reference
    assert row["prs_FirstName"] is None


def test_events_perpetrators_and_plans_have_their_sheets(anltp, investigator, agency_admin):
    case, victim, _suspect = rich_case(anltp, investigator)
    add_plan(case, victim, agency_admin)
    book = workbook(export(agency_admin, "htcds-xlsx")[0])
    events = list(book["Historic Trafficking Events"].iter_rows(min_row=2, values_only=True))
    assert [(e[1], e[3]) for e in events] == [("Recruitment", "NE"), ("Exploitation", "NG"), ("Transit", "NG")]
    (perpetrator,) = book["Perpetrators"].iter_rows(min_row=2, values_only=True)
    assert perpetrator[2:4] == ("Ibrahim", "Moussa")
    assert perpetrator[-1] == "Transporter"
    (plan,) = book["Support Plans"].iter_rows(min_row=2, values_only=True)
    assert plan[1] == f"P{victim.person_id}"
    assert plan[3] == "Médical : bilan de santé"


def test_support_plans_are_left_out_for_who_may_not_see_the_assistance(anltp, investigator):
    case, victim, _ = rich_case(anltp, investigator)
    add_plan(case, victim, second_person(anltp))
    # Investigators work on the investigation, not on the victims' assistance.
    book = workbook(export(investigator, "htcds-xlsx")[0])
    assert list(book["Support Plans"].iter_rows(min_row=2, values_only=True)) == []


def test_the_csv_has_the_same_columns_and_companion_files(anltp, investigator):
    _case, _victim, _ = rich_case(anltp, investigator)
    files = open_archive(export(investigator, "htcds-csv")[0])
    main = next(name for name in files if name.endswith(".csv") and "-" not in name.removeprefix("htcds-")[11:])
    rows = csv_rows(files[main])
    assert list(rows[0]) == [name or "" for name in htcds.FIELD_NAMES[1:]] + [
        "cas_CaseNumber",
        "vigie_PersonKey",
        "vigie_OpenedOn",
        "vigie_ClosedOn",
    ]
    assert rows[0]["prs_Birthdate"] == "2009-05-14"
    assert rows[0]["vic_TypeOfExploitation"] == "ForcedBegging;SexualExploitation"
    assert sorted(n.rsplit("-", 1)[-1] for n in files if n != main) == ["events.csv", "perpetrators.csv", "plans.csv"]


def test_only_the_filtered_cases_the_user_sees_are_exported(anltp, naptip, investigator, outsider):
    rich_case(anltp, investigator, offences=["som"])
    wanted, _, _ = rich_case(anltp, investigator)
    rich_case(naptip, outsider)
    data, result = export(investigator, "htcds-xlsx", CaseFilters(offence="tip"))
    assert [r["cas_CaseNumber"] for r in main_rows(workbook(data))] == [wanted.reference]
    assert (result.records, result.cases) == (1, 1)


def test_the_export_is_audited_with_its_filters_and_counts_and_in_each_case_history(anltp, investigator):
    case = make_case(anltp, investigator)
    make_participant(case, investigator)
    not_asked = make_case(anltp, investigator)
    Case.objects.filter(pk=not_asked.pk).update(status=Case.Status.UNDER_INVESTIGATION)
    export(investigator, "htcds-csv", CaseFilters(status="open"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="")
    assert event.actor == investigator
    assert event.changes == {
        "kind": "htcds-csv",
        "filters": {"status": "open"},
        "records": 1,
        "cases": 1,
        "withheld": 0,
        "encrypted": True,
    }
    # Who took the case out of vigie is in its history: the filters, run again later, would not say.
    (in_case,) = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, target_type="cases.case")
    assert (in_case.target_id, in_case.target_label, in_case.agency_id) == (str(case.pk), case.reference, anltp.pk)
    assert (in_case.actor, in_case.actor_username, in_case.at) == (investigator, investigator.username, event.at)
    assert in_case.changes == {"kind": "htcds-csv", "export": event.pk, "encrypted": True}


def test_a_partial_birthdate_is_written_as_it_is_known(anltp, investigator):
    add_victim(make_case(anltp, investigator), investigator, date_of_birth="2009")
    (row,) = main_rows(workbook(export(investigator, "htcds-xlsx")[0]))
    assert row["prs_Birthdate"] == "2009"


def test_a_refused_export_is_audited_with_what_was_asked(anltp, investigator, analyst):
    # An attempt to take victims' files out of vigie is what the trail is for, refused or not.
    with pytest.raises(PermissionDenied):
        export(analyst, "htcds-xlsx", CaseFilters(status="open"))
    with pytest.raises(Http404):
        export_case(actor=analyst, case_id=make_case(anltp, investigator).pk, out=io.BytesIO(), password=PASSWORD)

    refused = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_REFUSED).order_by("pk")
    assert [(e.actor, e.changes) for e in refused] == [
        (analyst, {"kind": "htcds-xlsx", "filters": {"status": "open"}, "reason": "not allowed"}),
        (analyst, {"kind": "case-json", "case": Case.objects.get().pk, "reason": "not allowed"}),
    ]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


# Outside any transaction, as in production: the file is read in its own snapshot (on PostgreSQL a READ ONLY
# one, which a write by mistake would make fail), and the audit events are written after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_exports_read_their_snapshot_then_write_their_audit_events(anltp, investigator, analyst):
    case, _, _ = rich_case(anltp, investigator)
    for user, kind in ((investigator, "htcds-xlsx"), (investigator, "htcds-csv"), (analyst, "ctdc-csv")):
        export(user, kind)
    export_case(actor=investigator, case_id=case.pk, out=io.BytesIO(), password=PASSWORD)

    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED)
    assert exported.filter(target_type="").count() == 3
    assert exported.filter(target_type="cases.case", target_id=str(case.pk)).count() == 3  # two HTCDS, one JSON


def test_the_mobile_phone_written_is_the_first_recorded(anltp, investigator):
    participant = make_participant(make_case(anltp, investigator), investigator)
    for number in ("+22799000001", "+22790000002"):  # the first recorded sorts last
        PhoneNumber.objects.create(person=participant.person, number=number)

    data, _result = export(investigator, "htcds-xlsx")

    (row,) = main_rows(workbook(data))
    assert row["prs_MobilePhone"] == "+22799000001"
