"""HTCDS v2.0 rows of the cases a user may see (see MAPPING.md beside this file for every field's source).

One row of the template's sheet per victim or presumed victim (HTCDS is one case per person); a case
without either still gives one row with its case fields, so that no case is left out. Historic trafficking
events, perpetrators and support plans have no column in the template: they go to further sheets (XLSX) or
files (CSV), keyed by the case reference like the main rows.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vigie.accounts.models import Agency
from vigie.assistance.models import AssistancePlan
from vigie.cases.models import Case, Event, Participant
from vigie.exchange.exports.reading import ExportedCase, PersonFacts
from vigie.people.models import Consent, Person
from vigie.reference.codelists import ExploitationForm, MeansOfControl, Sector, Sex

# The template's sheet and its two header rows, exactly as in "HTCDS Excel Spreadsheet v2.0.xlsx" (IOM, CC BY
# 4.0): row 1 the field names, row 2 the labels, column A a row number. The template's own slips are kept so
# that a file we write is a file of the template: "vic_TraffickinStatusDecisionMakingOrg" is misspelt, the
# column of "Reason for Outgoing Referral" has no field name, and the labels of the five mailing columns are
# in another order than their field names (the values follow the field names).
SHEET = "Sheet1"
FIELD_NAMES: list[str | None] = [
    None,
    "cas_CaseOwner",
    "prs_Salutation",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_TraffickingStatus",
    "vic_TraffickinStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    None,
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
]
FIELD_LABELS: list[str | None] = [
    None,
    "Case Owner",
    "Salutation",
    "First Name",
    "Second Name",
    "Consent",
    "Birthdate",
    "Gender",
    "Citizenship",
    "Title",
    "Email",
    "Home Phone",
    "Mobile Phone",
    "Mailing Street",
    "Mailing City",
    "Mailing State/Province",
    "Mailing Zip/Postal Code",
    "Mailing Country",
    "Trafficking Status",
    "Trafficking Status Decision Making Organization",
    "Method of Recruitment",
    "Location of Recruitment",
    "Methods of Control",
    "Type of Exploitation",
    "Forced Labour Industry",
    "Type of Sex Exploitation",
    "Location of Exploitation",
    "Status",
    "Referring Organisation",
    "Incoming Referral Date",
    "Referring Primary Case Worker",
    "Reason for Incoming Referral",
    "Incoming Referral Details",
    "Referred Organisation",
    "Referred Primary Case Worker",
    "Reason for Outgoing Referral",
    "Outgoing Referral Date",
    "Outgoing Referral Details",
    "Reason for Case Closure",
]
# After the template's columns: the case a row belongs to, in Salesforce's standard Case field that HTCDS
# builds on (not in the template; rows with the same number are one case, and it links the further sheets),
# vigie's stable key of the person for re-imports, and the days the case opened and closed, which HTCDS has
# no field for (prefix "vigie_": not HTCDS fields).
EXTENSION_FIELDS = ["cas_CaseNumber", "vigie_PersonKey", "vigie_OpenedOn", "vigie_ClosedOn"]
EXTENSION_LABELS = ["Case Number", "vigie: person key", "vigie: opening date", "vigie: closing date"]

# Multiselect picklists hold several value names separated by ";", as Salesforce, HTCDS's reference
# implementation, writes them.
MULTI_SEPARATOR = ";"

EVENTS_SHEET = "Historic Trafficking Events"
EVENT_FIELDS = [
    "cas_CaseNumber",
    "hte_Type",
    "hte_Date",
    "hte_Country",
    "hte_State",
    "hte_City",
    "hte_Street",
    "hte_PostalCode",
    "hte_Latitude",
    "hte_Longitude",
    "hte_Description",
]
PERPETRATORS_SHEET = "Perpetrators"
PERPETRATOR_FIELDS = [
    "cas_CaseNumber",
    "vigie_PersonKey",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "per_RoleInProcess",
]
PLANS_SHEET = "Support Plans"
PLAN_FIELDS = [
    "cas_CaseNumber",
    "vigie_PersonKey",
    "spl_Type",
    "spl_Objectives",
    "spl_ActionPlan",
    "spl_PlannedEndDate",
    "spl_ActualEndDate",
]

GENDER = {
    Sex.FEMALE: "Feminine",
    Sex.MALE: "Masculine",
    Sex.TRANSGENDER_FEMALE: "TransgenderFeminine",
    Sex.TRANSGENDER_MALE: "TransgenderMasculine",
    Sex.NON_CONFORMING: "NonConforming",
    Sex.UNKNOWN: "NonSpecifiedUnknown",
}
TRAFFICKING_STATUS = {
    Participant.Role.VICTIM: "ActualVictimOfTrafficking",
    Participant.Role.PRESUMED_VICTIM: "PossibleVictimOfTrafficking",
}
DECISION_MAKING_ORG = {
    Agency.Kind.POLICE: "Police",
    Agency.Kind.GENDARMERIE: "Police",
    Agency.Kind.IMMIGRATION: "NonPoliceGovernmentalOrganization",
    Agency.Kind.PROSECUTION: "CourtOrProsecution",
    Agency.Kind.COURT: "CourtOrProsecution",
    Agency.Kind.LABOUR_INSPECTION: "NonPoliceGovernmentalOrganization",
    Agency.Kind.SOCIAL_SERVICES: "NonPoliceGovernmentalOrganization",
    Agency.Kind.NATIONAL_AUTHORITY: "NonPoliceGovernmentalOrganization",
    Agency.Kind.NGO: "NGO",
    Agency.Kind.INTERNATIONAL: "Other",
}
METHODS_OF_CONTROL = {
    MeansOfControl.PHYSICAL_THREATS: "PhysicalThreats",
    MeansOfControl.THREATS_LAW_ENFORCEMENT: "ThreatsLawEnforcement",
    MeansOfControl.THREATENS_FAMILY: "ThreatensChildrenFamily",
    MeansOfControl.DEBT_BONDAGE: "DebtBondage",
    MeansOfControl.FALSE_PROMISES: "FalsePromises",
    MeansOfControl.PHYSICAL_ABUSE: "PhysicalAbuse",
    MeansOfControl.SEXUAL_ABUSE: "SexualAbuse",
    MeansOfControl.TAKES_EARNINGS: "TakesEarnings",
    MeansOfControl.RESTRICTS_FINANCIAL_ACCESS: "RestrictsFinancialAccess",
    MeansOfControl.RESTRICTS_MEDICAL_CARE: "RestrictsMedicalCare",
    MeansOfControl.WITHHOLDS_NECESSITIES: "WithholdsNecessities",
    MeansOfControl.PSYCHOLOGICAL_ABUSE: "PsychologicalAbuse",
    MeansOfControl.PSYCHOACTIVE_SUBSTANCES: "PsychoactiveSubstance",
    MeansOfControl.EXCESSIVE_WORKING_HOURS: "ExcessiveWorkingHours",
    MeansOfControl.WITHHOLDS_DOCUMENTS: "WithholdsDocuments",
    # HTCDS has no value for confinement.
    MeansOfControl.RESTRICTS_MOVEMENT: "Other",
    MeansOfControl.OTHER: "Other",
}
TYPE_OF_EXPLOITATION = {
    ExploitationForm.SEXUAL: "SexualExploitation",
    ExploitationForm.FORCED_LABOUR: "ForcedLabour",
    ExploitationForm.FORCED_BEGGING: "ForcedBegging",
    ExploitationForm.FORCED_CRIMINALITY: "Other",
    ExploitationForm.FORCED_MARRIAGE: "ForcedMarriage",
    ExploitationForm.SERVITUDE: "Servitude",
    ExploitationForm.ORGAN_REMOVAL: "OrganRemoval",
    ExploitationForm.CHILD_SOLDIERING: "ForcedMilitaryByNonStateActors",
    ExploitationForm.ILLEGAL_ADOPTION: "ForcedAdoption",
    ExploitationForm.MIXED: "Other",
    ExploitationForm.OTHER: "Other",
}
FORCED_LABOUR_INDUSTRY = {
    Sector.AGRICULTURE: "A_AgricultureForestryAndFishing",
    Sector.FISHING: "A_AgricultureForestryAndFishing",
    Sector.MINING: "B_MiningAndQuarrying",
    Sector.MANUFACTURING: "C_Manufacturing",
    Sector.CONSTRUCTION: "F_Construction",
    Sector.TRADE: "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    Sector.TRANSPORT: "H_TransportationAndStorage",
    Sector.HOSPITALITY: "I_AccommodationAndFoodServiceActivities",
    Sector.ENTERTAINMENT: "R_ArtsEntertainmentAndRecreation",
    Sector.OTHER_SERVICES: "S_OtherServiceActivities",
    Sector.DOMESTIC_WORK: "T_ActivitiesOfHouseholdsAsEmployers",
}
CASE_STATUS = {
    Case.Status.OPEN: "Active",
    Case.Status.UNDER_INVESTIGATION: "Active",
    Case.Status.REFERRED_FOR_PROSECUTION: "Active",
    Case.Status.CLOSED: "Closed",
}
# Written in English whatever the user's language: a stable text another system can read back.
CLOSURE_REASON = {
    Case.ClosureReason.JUDGMENT: "Judgment delivered",
    Case.ClosureReason.NO_OFFENCE: "No offence established",
    Case.ClosureReason.INSUFFICIENT_EVIDENCE: "Insufficient evidence",
    Case.ClosureReason.TRANSFERRED: "Transferred to another authority",
    Case.ClosureReason.DUPLICATE: "Duplicate of another case",
    Case.ClosureReason.VICTIM_ASSISTED: "Assistance completed, no proceedings",
    Case.ClosureReason.OTHER: "Other reason",
}
EVENT_TYPE = {
    Event.Kind.RECRUITMENT: "Recruitment",
    Event.Kind.TRANSPORT: "Transit",
    Event.Kind.HARBOURING: "Transit",
    Event.Kind.EXPLOITATION: "Exploitation",
}
ROLE_IN_PROCESS = {
    Participant.SuspectRole.RECRUITER: "RecruiterOrIntermediary",
    Participant.SuspectRole.TRANSPORTER: "Transporter",
    Participant.SuspectRole.EXPLOITER: "Exploiter",
    Participant.SuspectRole.SMUGGLER: "Smuggler",
    Participant.SuspectRole.DOCUMENT_FORGER: "Other",
    Participant.SuspectRole.FINANCIER: "Other",
    Participant.SuspectRole.OTHER: "Other",
}

Cell = str | datetime.date
Row = list[Cell]


@dataclass
class Sheet:
    name: str
    header_rows: list[list[str | None]]
    rows: Iterator[Row]


def _multi(values: Iterable[str]) -> str:
    return MULTI_SEPARATOR.join(dict.fromkeys(v for v in values if v))


def _date(value: str | datetime.date | None) -> Cell:
    """A full date as a date (a date cell in Excel); a partial one ("2009", "2009-05") as its text."""
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return value
    if len(value) == 10:
        return datetime.date.fromisoformat(value)
    return value


def person_key(person: Person) -> str:
    return f"P{person.pk}"


def _consent(facts: PersonFacts) -> str:
    """HTCDS's checkbox: TRUE while a consent to share the person's data is in force; FALSE if one was given
    and withdrawn; empty if none was ever recorded."""
    sharing = [withdrawn_on for purpose, withdrawn_on in facts.consents if purpose == Consent.Purpose.DATA_SHARING]
    if not sharing:
        return ""
    return "TRUE" if None in sharing else "FALSE"


def _first_place(exported: ExportedCase, participant: Participant | None, kind: str) -> str:
    """Where the person's (or else the case's) first event of this kind happened."""
    events = [e for e in exported.events if e.kind == kind]
    own = [e for e in events if participant is not None and exported.took_part(participant, e)]
    chosen = sorted(own or events, key=lambda e: (e.date == "", e.date, e.pk))
    return chosen[0].place_label() if chosen else ""


def _person_cells(exported: ExportedCase, person: Person | None) -> dict[str, Cell]:
    if person is None:
        return {}
    facts = exported.facts(person)
    return {
        "prs_FirstName": person.given_names,
        "prs_SecondName": person.family_name,
        "con_Consent": _consent(facts),
        "prs_Birthdate": _date(person.date_of_birth),
        "prs_Gender": GENDER.get(person.sex, ""),  # type: ignore[call-overload]
        "prs_Citizenship": _multi(facts.nationalities),
        "prs_MobilePhone": facts.phones[0] if facts.phones else "",
        "prs_MailingCity": person.residence_locality,
        "prs_MailingCountry": person.residence_country_id or "",
        "prs_MailingState": person.residence_area,
    }


def _case_status(case: Case) -> str:
    # HTCDS's own value for a case closed by referring it elsewhere.
    if case.status == Case.Status.CLOSED and case.closure_reason == Case.ClosureReason.TRANSFERRED:
        return "ClosedReferred"
    return CASE_STATUS[case.status]  # type: ignore[index]


def victim_row(exported: ExportedCase, participant: Participant | None) -> Row:
    case = exported.case
    cells: dict[str, Cell] = {
        "cas_Status": _case_status(case),
        "cas_ReasonForCaseClosure": CLOSURE_REASON.get(case.closure_reason, ""),  # type: ignore[call-overload]
        "cas_CaseNumber": case.reference,
        "vigie_OpenedOn": case.opened_on.isoformat(),
        "vigie_ClosedOn": case.closed_on.isoformat() if case.closed_on and case.status == Case.Status.CLOSED else "",
    }
    if participant is not None:
        cells |= _person_cells(exported, participant.person)
        status = TRAFFICKING_STATUS[participant.role]  # type: ignore[index]
        cells |= {
            "vigie_PersonKey": person_key(participant.person),
            "vic_TraffickingStatus": status,
            # Only a formal identification is a decision; a presumed victim's status was decided by no one yet.
            "vic_TraffickinStatusDecisionMakingOrg": DECISION_MAKING_ORG.get(case.agency.kind, "")  # type: ignore[call-overload]
            if participant.role == Participant.Role.VICTIM
            else "",
            "vic_LocationOfRecruitment": _first_place(exported, participant, Event.Kind.RECRUITMENT),
            "vic_MethodsOfControl": _multi(METHODS_OF_CONTROL.get(m, "") for m in participant.means_of_control),
            "vic_TypeOfExploitation": _multi(
                TYPE_OF_EXPLOITATION.get(f, "") for f in participant.forms_of_exploitation
            ),
            "vic_ForcedLabourIndustry": FORCED_LABOUR_INDUSTRY.get(participant.sector, ""),  # type: ignore[call-overload]
            "vic_LocationOfExploitation": _first_place(exported, participant, Event.Kind.EXPLOITATION),
        }
    return [cells.get(name, "") if name else "" for name in [*FIELD_NAMES[1:], *EXTENSION_FIELDS]]


VICTIM_ROLES = [Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM]


# What a spreadsheet takes for the start of a formula in a CSV cell: the export guards such cells with an
# apostrophe (services._csv_cell), the import takes it off (htcds/readers.py).
FORMULA_STARTS = frozenset("=+-@\t\r")


def victim_rows(exported: ExportedCase) -> Iterator[Row]:
    victims: list[Participant | None] = [p for p in exported.participants if p.role in VICTIM_ROLES]
    for participant in victims or [None]:
        yield victim_row(exported, participant)


def event_rows(exported: ExportedCase) -> Iterator[Row]:
    case = exported.case
    for event in exported.events:
        if event.kind not in EVENT_TYPE:
            continue
        yield [
            case.reference,
            EVENT_TYPE[event.kind],  # type: ignore[index]
            _date(event.date),
            event.country_id or "",
            event.admin_area,
            event.locality,
            "",
            "",
            "" if event.latitude is None else str(event.latitude),
            "" if event.longitude is None else str(event.longitude),
            event.description,
        ]
    # A border crossed on the way is a transit through the country entered.
    for crossing in exported.crossings:
        row: Row = [case.reference, "Transit", _date(crossing.date), crossing.to_country_id, "", crossing.border_post]
        yield [*row, "", "", "", "", ""]


def perpetrator_rows(exported: ExportedCase) -> Iterator[Row]:
    for participant in exported.participants:
        if participant.role != Participant.Role.SUSPECT:
            continue
        person = participant.person
        cells = _person_cells(exported, person)
        yield [
            exported.case.reference,
            person_key(person),
            cells["prs_FirstName"],
            cells["prs_SecondName"],
            cells["prs_Birthdate"],
            cells["prs_Gender"],
            cells["prs_Citizenship"],
            ROLE_IN_PROCESS.get(participant.suspect_role, "Other"),  # type: ignore[call-overload]
        ]


def plan_rows(case: Case, plans: list[AssistancePlan]) -> Iterator[Row]:
    """The support plans of the case's victims and presumed victims: a plan joins a row of the main sheet by
    its person key, and only they have one (a smuggled migrant's plan is in the case JSON export)."""
    for plan in plans:
        if plan.participant.role not in VICTIM_ROLES:
            continue
        yield [
            case.reference,
            person_key(plan.participant.person),
            "",
            plan.goals,
            "",
            "",
            _date(plan.ended_on),
        ]
