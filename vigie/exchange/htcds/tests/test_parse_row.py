import datetime

import pytest

from vigie.cases.models import Case, Event, Participant
from vigie.exchange.htcds.fields import FIELDS, PICKLISTS, Fate
from vigie.exchange.htcds.parsing import parse_row
from vigie.exchange.htcds.problems import RowProblem, RowRejected
from vigie.reference.codelists import ExploitationForm, MeansOfControl, Sector, Sex

TODAY = datetime.date(2025, 6, 1)
COUNTRIES = {"ne": "NE", "ner": "NE", "niger": "NE", "ng": "NG", "nigeria": "NG", "ml": "ML"}
VICTIM = {"prs_FirstName": "Aïcha", "prs_SecondName": "Traoré"}

# The vigie codelist each mapped picklist lands in.
TARGETS = {
    "prs_Gender": Sex,
    "cas_Status": Case.Status,
    "vic_TraffickingStatus": Participant.Role,
    "vic_MethodsOfControl": MeansOfControl,
    "vic_TypeOfExploitation": ExploitationForm,
    "vic_ForcedLabourIndustry": Sector,
    "per_RoleInProcess": Participant.SuspectRole,
    "hte_Type": Event.Kind,
}


def parse(**cells: str):
    return parse_row(7, {**VICTIM, **cells}, countries=COUNTRIES, today=TODAY)


def problems(**cells: str) -> list[RowProblem]:
    with pytest.raises(RowRejected) as rejected:
        parse(**cells)
    return rejected.value.problems


@pytest.mark.parametrize("field", TARGETS)
def test_every_value_of_a_mapped_picklist_lands_on_a_vigie_code(field):
    picklist = PICKLISTS[field]
    for name, code in picklist.codes.items():
        assert code in TARGETS[field].values, (name, code)


@pytest.mark.parametrize(
    ("cells", "attribute", "expected"),
    [
        ({"prs_Gender": "Feminine"}, "sex", "female"),
        ({"prs_Gender": "Not Specified/Unknown"}, "sex", "unknown"),  # the label works too
        ({"prs_Gender": "transgendermasculine"}, "sex", "transgender_male"),
        ({"vic_TraffickingStatus": "ActualVictimOfTrafficking"}, "role", "victim"),
        ({"vic_TraffickingStatus": "PossibleVictimOfTrafficking"}, "role", "presumed_victim"),
        ({"vic_TraffickingStatus": "NotAVictimOfTrafficking"}, "role", "witness"),
        ({}, "role", "presumed_victim"),
        ({"per_RoleInProcess": "Transporter Smuggler"}, "suspect_role", "transporter"),
        (
            {"vic_MethodsOfControl": "DebtBondage WithholdsDocuments"},
            "means_of_control",
            ["debt_bondage", "withholds_documents"],
        ),
        ({"vic_TypeOfExploitation": "ChildLabour;ForcedLabour"}, "forms_of_exploitation", ["forced_labour"]),
        ({"vic_TypeOfExploitation": "ForcedMilitaryByNonStateActors"}, "forms_of_exploitation", ["child_soldiering"]),
        ({"vic_ForcedLabourIndustry": "T_ActivitiesOfHouseholdsAsEmployers"}, "sector", "T"),
        ({"vic_ForcedLabourIndustry": "P_Education"}, "sector", "other"),
        ({"cas_Status": "FollowUp"}, "status", "open"),
        ({"cas_Status": "ClosedReferred"}, "closure_reason", "transferred"),
        ({"prs_Citizenship": "NE NG"}, "nationalities", ["NE", "NG"]),
        ({"prs_Citizenship": "Niger"}, "nationalities", ["NE"]),
        ({"prs_Birthdate": "12/03/2009"}, "date_of_birth", "2009-03-12"),
        ({"prs_Birthdate": "2009-03"}, "date_of_birth", "2009-03"),
        ({"prs_MobilePhone": "00227 96 12 34 56"}, "phones", [("+22796123456", "mobile")]),
        ({"con_Consent": "TRUE"}, "consent", True),
        ({"con_Consent": "FALSE"}, "consent", False),
    ],
)
def test_values_are_mapped(cells, attribute, expected):
    assert getattr(parse(**cells), attribute) == expected


def test_fields_vigie_does_not_hold_are_kept_in_the_notes():
    record = parse(prs_Email="a@example.org", prs_MaritalStatus="Married", vic_TypeOfExploitation="Surrogacy")
    assert "Email: a@example.org" in record.participant_notes
    assert "Marital Status: Married" in record.participant_notes
    assert "Type of Exploitation: Surrogacy" in record.participant_notes
    assert record.forms_of_exploitation == ["other"]


def test_case_fields_vigie_does_not_hold_go_to_the_narrative():
    record = parse(cas_CaseOwner="m.sow", cas_ReasonForIncomingReferral="MigrationOrChangeOfLocation")
    assert record.case_notes == ["Case Owner: m.sow", "Reason for Incoming Referral: MigrationOrChangeOfLocation"]


def test_every_field_has_a_fate_and_a_reason():
    for field in FIELDS:
        assert field.reason, field.name
        assert (field.fate == Fate.IGNORED) == (field.target == ""), field.name


def test_an_impossible_date_is_refused_with_row_column_value_and_message():
    assert problems(prs_Birthdate="31/02/2021") == [
        RowProblem(7, "prs_Birthdate", "31/02/2021", "Cette date n'existe pas.")  # French, the default language
    ]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"prs_Birthdate": "2021-02-30"}, "prs_Birthdate"),
        ({"prs_Birthdate": "next year"}, "prs_Birthdate"),
        ({"cas_IncomingReferralDate": "2031-01-01"}, "cas_IncomingReferralDate"),  # after today
        ({"prs_Birthdate": "2099"}, "prs_Birthdate"),  # a year or a month alone after today
        ({"prs_Birthdate": "2025-07"}, "prs_Birthdate"),
        ({"hte_Type": "Recruitment", "hte_Date": "2026"}, "hte_Date"),
        ({"hte_Type": "Recruitment", "hte_Date": "2020-13"}, "hte_Date"),
        ({"prs_Gender": "Woman"}, "prs_Gender"),
        ({"vic_MethodsOfControl": "DebtBondage Beatings"}, "vic_MethodsOfControl"),
        ({"prs_Citizenship": "XX"}, "prs_Citizenship"),
        ({"prs_MobilePhone": "96 12"}, "prs_MobilePhone"),
        ({"con_Consent": "maybe"}, "con_Consent"),
        ({"prs_NumberOfChildren": "-1"}, "prs_NumberOfChildren"),
        ({"hte_Type": "Exploitation", "hte_Latitude": "13.5"}, "hte_Latitude"),
        ({"hte_Type": "Exploitation", "hte_Latitude": "95", "hte_Longitude": "2"}, "hte_Latitude"),
        ({"prs_FirstName": "", "prs_SecondName": ""}, "prs_FirstName"),
        ({"per_RoleInProcess": "Exploiter", "spl_Objectives": "School"}, "spl_Objectives"),
    ],
)
def test_bad_values_are_refused_naming_their_column(cells, column):
    found = problems(**cells)
    assert column in {p.column for p in found}
    assert all(p.row == 7 and p.message for p in found)


@pytest.mark.parametrize(
    "typed", ["2001-04-02", "02/04/2001", "2/4/2001", "02.04.2001", "02-04-2001", "02/04/2001 10:30"]
)
def test_a_day_is_read_in_the_forms_excel_writes_it(typed):
    assert parse(prs_Birthdate=typed).date_of_birth == "2001-04-02"


def test_this_month_and_this_year_are_not_after_today():
    record = parse(prs_Birthdate="2025-06", hte_Type="Recruitment", hte_Date="2025")
    assert (record.date_of_birth, record.events[0].date) == ("2025-06", "2025")


def test_all_problems_of_a_row_are_reported_together():
    found = problems(prs_Birthdate="31/02/2021", prs_Gender="Woman")
    assert {p.column for p in found} == {"prs_Birthdate", "prs_Gender"}


def test_a_historic_event_and_a_support_plan_are_read():
    record = parse(
        hte_Type="Transit",
        hte_Date="2019",
        hte_Country="NER",
        hte_City="Agadez",
        hte_Latitude="16.97333",
        hte_Longitude="7.99111",
        spl_Type="Health",
        spl_Objectives="HIV test",
        spl_ActualEndDate="2020-02-01",
    )
    [event] = record.events
    assert (event.kind, event.date, event.country_id, event.locality) == ("transport", "2019", "NE", "Agadez")
    assert record.plan is not None
    assert (record.plan.goals, record.plan.notes, record.plan.ended_on) == (
        "HIV test",
        "Support Plan Type: Health",
        datetime.date(2020, 2, 1),
    )
