"""The HTCDS v2.0 field table: where each HTCDS field goes in vigie, and why.

HTCDS (IOM, CC BY 4.0) describes one person in one case per row of its Excel template. The template
holds 38 of the standard's fields; the other fields of the standard (perpetrator, historic trafficking
events, support plan, …) are read when a file has them, under the same names. The XLSForm of the
toolkit renames three fields (prs_First_Name, prs_Second_Name, vic_Methods_of_Control) and the template
misspells one (vic_TraffickinStatusDecisionMakingOrg): both spellings are read.

Every field is one of:
- MAPPED: written into a vigie field (the `target` says which);
- NOTE: vigie has no field for it, so it is kept as a line "Label: value" in the notes of the person's
  role in the case (person fields) or in the case narrative (case fields), where officers read it;
- IGNORED: not imported, with the reason; the import summary lists the ignored columns of each file.
"""

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from vigie.assistance.models import AssistancePlan
from vigie.cases.models import Case, Event, Participant
from vigie.reference.codelists import ExploitationForm, MeansOfControl, Sector, Sex


class Fate(StrEnum):
    MAPPED = "mapped"
    NOTE = "note"
    IGNORED = "ignored"


class Level(StrEnum):
    CASE = "case"
    PERSON = "person"


@dataclass(frozen=True)
class HtcdsField:
    name: str
    label: str
    fate: Fate
    target: str
    reason: str
    level: Level = Level.PERSON


F, N, X = Fate.MAPPED, Fate.NOTE, Fate.IGNORED
C = Level.CASE

# fmt: off
FIELDS: tuple[HtcdsField, ...] = (
    # Case -------------------------------------------------------------------------------------------
    HtcdsField("cas_CaseNumber", "Case Number", F, "Case.title 'HTCDS <number>'",
               "Salesforce's standard Case field, not in the template: rows with the same number are one case, "
               "also across imports (found again through exchange.ImportedCase)", C),
    HtcdsField("cas_CaseOwner", "Case Owner", N, "Case.narrative",
               "a user of the source system, not an account in vigie", C),
    HtcdsField("cas_Status", "Status", F, "Case.status (+ closure_reason)", "see CASE_STATUS", C),
    HtcdsField("cas_ReasonForCaseClosure", "Reason for Case Closure", N, "Case.narrative",
               "free text; one of vigie's own reasons (the English text its export writes) sets the code, "
               "else 'other' (or 'transferred' for ClosedReferred)", C),
    HtcdsField("cas_ReferringOrganisation", "Referring Organisation", N, "Case.narrative",
               "an organisation of the source system, not an agency of vigie", C),
    HtcdsField("cas_IncomingReferralDate", "Incoming Referral Date", F, "Case.reported_on and Case.opened_on",
               "the day the case came to the organisation; without it the case is opened on the import day", C),
    HtcdsField("cas_ReferringPrimaryCaseWorker", "Referring Primary Case Worker", N, "Case.narrative",
               "a person of another organisation", C),
    HtcdsField("cas_ReasonForIncomingReferral", "Reason for Incoming Referral", N, "Case.narrative",
               "checked against the HTCDS picklist; vigie has no such field", C),
    HtcdsField("cas_IncomingReferralDetails", "Incoming Referral Details", N, "Case.narrative", "free text", C),
    HtcdsField("cas_ReferredOrganisation", "Referred Organisation", N, "Case.narrative",
               "vigie's referrals go to providers of its directory, which the file does not name", C),
    HtcdsField("cas_ReferredPrimaryCaseWorker", "Referred Primary Case Worker", N, "Case.narrative",
               "a person of another organisation", C),
    HtcdsField("cas_ReasonForOutgoingReferral", "Reason for Outgoing Referral", N, "Case.narrative",
               "checked against the HTCDS picklist", C),
    HtcdsField("cas_OutgoingReferralDate", "Outgoing Referral Date", N, "Case.narrative (and Case.closed_on)",
               "checked as a date; it is the closing day of a case closed because referred", C),
    HtcdsField("cas_OutgoingReferralDetails", "Outgoing Referral Details", N, "Case.narrative", "free text", C),
    HtcdsField("cco_CaseComment", "Case Comment", N, "Case.narrative", "free text", C),
    # Person -----------------------------------------------------------------------------------------
    HtcdsField("prs_Salutation", "Salutation", N, "Participant.notes", "vigie keeps no salutation"),
    HtcdsField("prs_FirstName", "First Name", F, "Person.given_names", "same meaning"),
    HtcdsField("prs_MiddleName", "Middle Name", F, "Person.given_names", "vigie has one field for given names"),
    HtcdsField("prs_SecondName", "Second Name", F, "Person.family_name", "same meaning"),
    HtcdsField("prs_Birthdate", "Birthdate", F, "Person.date_of_birth",
               "checked as a date; a year or a month alone is kept as vigie's partial date"),
    HtcdsField("prs_Gender", "Gender", F, "Person.sex", "see GENDER"),
    HtcdsField("prs_Deceased", "Deceased", N, "Participant.notes", "vigie has no such field"),
    HtcdsField("prs_MaritalStatus", "Marital Status", N, "Participant.notes", "checked against the picklist"),
    HtcdsField("prs_NumberOfChildren", "Number of Children", N, "Participant.notes", "checked as a number"),
    HtcdsField("prs_PrimaryLanguage", "Primary Language", F, "Person.languages", "free text in vigie"),
    HtcdsField("prs_SecondaryLanguage", "Secondary Language", F, "Person.languages", "free text in vigie"),
    HtcdsField("prs_HighestLevelOfEducation", "Highest Level of Education", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("prs_Citizenship", "Citizenship", F, "Person.nationalities",
               "ISO 3166 alpha-2 codes, several allowed"),
    HtcdsField("prs_IdentityNumber", "Identity Number", F, "IdentityDocument(kind='other')",
               "HTCDS does not say which document"),
    HtcdsField("prs_Title", "Title", N, "Participant.notes", "vigie keeps no job title"),
    HtcdsField("prs_Email", "Email", N, "Participant.notes", "vigie has no e-mail field for persons"),
    HtcdsField("prs_HomePhone", "Home Phone", F, "PhoneNumber(note='home')", "E.164 as in HTCDS"),
    HtcdsField("prs_MobilePhone", "Mobile Phone", F, "PhoneNumber(note='mobile')", "E.164 as in HTCDS"),
    HtcdsField("prs_MailingCity", "Mailing City", F, "Person.residence_locality", "the town where the person lives"),
    HtcdsField("prs_MailingCountry", "Mailing Country", F, "Person.residence_country", "ISO 3166 alpha-2"),
    HtcdsField("prs_MailingState", "Mailing State/Province", F, "Person.residence_area", "same meaning"),
    HtcdsField("prs_MailingStreet", "Mailing Street", N, "Participant.notes", "vigie keeps no street address"),
    HtcdsField("prs_MailingPostalCode", "Mailing Zip/Postal Code", N, "Participant.notes",
               "vigie keeps no postal code"),
    HtcdsField("prs_MailingLongitude", "Mailing Longitude", X, "",
               "the coordinates of a victim's home are not kept (safety); the town is"),
    HtcdsField("prs_MailingLatitude", "Mailing Latitude", X, "",
               "the coordinates of a victim's home are not kept (safety); the town is"),
    # Victim context ---------------------------------------------------------------------------------
    HtcdsField("vic_AgreementToManagePersonalData", "Agreement to Manage Personal Data", N, "Participant.notes",
               "deprecated by HTCDS 2.0 in favour of con_Consent"),
    HtcdsField("vic_TraffickingStatus", "Trafficking Status", F, "Participant.role", "see TRAFFICKING_STATUS"),
    HtcdsField("vic_TraffickingStatusDecisionMakingOrg", "Trafficking Status Decision Making Organization", N,
               "Participant.notes and the grounds of the identification decision", "checked against the picklist"),
    HtcdsField("vic_RelationshipToTrafficker", "Relationship to Trafficker", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("vic_AgeWhenTrafficked", "Age When Trafficked", N, "Participant.notes",
               "vigie's estimated age is an age on a given day, not at recruitment"),
    HtcdsField("vic_RecruitmentWebsitesAndApps", "Recruitment Websites and Apps", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("vic_MethodOfRecruitment", "Method of Recruitment", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("vic_LocationOfRecruitment", "Location of Recruitment", F, "Event(kind='recruitment').locality",
               "a place of recruitment is a recruitment event of the case"),
    HtcdsField("vic_MethodsOfControl", "Methods of Control", F, "Participant.means_of_control",
               "see METHODS_OF_CONTROL"),
    HtcdsField("vic_TypeOfExploitation", "Type of Exploitation", F, "Participant.forms_of_exploitation",
               "see TYPE_OF_EXPLOITATION"),
    HtcdsField("vic_ForcedLabourIndustry", "Forced Labour Industry", F, "Participant.sector",
               "see FORCED_LABOUR_INDUSTRY; vigie has one sector a person, the others go to the notes"),
    HtcdsField("vic_TypeOfSexExploitation", "Type of Sex Exploitation", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("vic_LocationOfExploitation", "Location of Exploitation", F, "Event(kind='exploitation').locality",
               "a place of exploitation is an exploitation event of the case"),
    HtcdsField("vic_ExploitationWebsitesAndApps", "Exploitation Websites and Apps", N, "Participant.notes",
               "checked against the picklist"),
    HtcdsField("vic_Vulnerabilities", "Vulnerabilities", N, "Participant.notes", "deprecated by HTCDS 2.0"),
    HtcdsField("vic_DetailsOfVulnerabilities", "Details of Vulnerabilities", N, "Participant.notes",
               "deprecated by HTCDS 2.0"),
    # Perpetrator context ----------------------------------------------------------------------------
    HtcdsField("per_RoleInProcess", "Role in Process", F, "Participant.role='suspect' and suspect_role",
               "a row with a role in the process is a perpetrator; see ROLE_IN_PROCESS"),
    HtcdsField("per_RoleDetails", "Role Details", N, "Participant.notes", "free text"),
    # Historic trafficking event ---------------------------------------------------------------------
    HtcdsField("hte_Type", "Event Type", F, "Event.kind", "see EVENT_TYPE; the event involves the row's person"),
    HtcdsField("hte_Date", "Event Date", F, "Event.date", "checked as a date; a year or a month alone is kept"),
    HtcdsField("hte_Country", "Event Country", F, "Event.country", "ISO 3166 alpha-2"),
    HtcdsField("hte_State", "Event State", F, "Event.admin_area", "same meaning"),
    HtcdsField("hte_City", "Event City", F, "Event.locality", "same meaning"),
    HtcdsField("hte_Street", "Event Street", N, "Event.description", "vigie keeps the town, not the street"),
    HtcdsField("hte_PostalCode", "Event Postal Code", N, "Event.description", "vigie keeps no postal code"),
    HtcdsField("hte_Latitude", "Event Latitude", F, "Event.latitude", "degrees, both coordinates or none"),
    HtcdsField("hte_Longitude", "Event Longitude", F, "Event.longitude", "degrees, both coordinates or none"),
    HtcdsField("hte_Description", "Event Description", F, "Event.description", "same meaning"),
    # Support plan -----------------------------------------------------------------------------------
    HtcdsField("spl_Type", "Support Plan Type", N, "AssistancePlan.notes", "checked against the picklist"),
    HtcdsField("spl_Objectives", "Objectives", F, "AssistancePlan.goals", "same meaning"),
    HtcdsField("spl_ActionPlan", "Action Plan", F, "AssistancePlan.goals", "the actions follow the objectives"),
    HtcdsField("spl_PlannedEndDate", "Planned End Date", F, "AssistancePlan.review_on",
               "the plan is reviewed when it should end"),
    HtcdsField("spl_ActualEndDate", "Actual End Date", F, "AssistancePlan.status='completed', ended_on",
               "a plan that ended is completed"),
    # Consent ----------------------------------------------------------------------------------------
    HtcdsField("con_Consent", "Consent", F, "Consent(purpose='data_sharing')",
               "TRUE records a consent in force; HTCDS says neither how nor when, the notes say so"),
)
# fmt: on

FIELDS_BY_NAME = {f.name: f for f in FIELDS}

# Other spellings found in the toolkit, by canonical name.
ALIASES = {
    "prs_First_Name": "prs_FirstName",
    "prs_Second_Name": "prs_SecondName",
    "vic_Methods_of_Control": "vic_MethodsOfControl",
    "vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg",
}

# Columns added by XLSForm tools (ODK Central, KoBoToolbox) around the answers: not case data.
XLSFORM_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "__version__",
    "instanceID",
    "instanceName",
    "deprecatedID",
    "SubmissionDate",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "KEY",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "_tags",
    "_index",
    "_version_",
}
# The submission's own identifier: the stable key of a row of an XLSForm export.
SUBMISSION_ID_COLUMNS = ("instanceID", "_uuid", "KEY")


def canonical_name(header: str) -> str:
    """The HTCDS field name of a column: 'group/sub/prs_First_Name' and 'prs_FirstName' both give prs_FirstName."""
    name = header.strip().rsplit("/", 1)[-1]
    return ALIASES.get(name, name)


@functools.lru_cache(maxsize=8192)
def squeeze(text: str) -> str:
    """Picklist values compared without case, spaces or punctuation: 'Not Specified/Unknown' = 'notspecifiedunknown'."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


PICKLIST_SEPARATORS = re.compile(r"[;,\s]+")
READ_MEMO = 4096


@dataclass
class Picklist:
    """HTCDS value names (and labels) to vigie codes. `None` as a code: valid in HTCDS, kept in the notes only."""

    field: str
    codes: dict[str, str | None]
    labels: dict[str, str]
    multiple: bool = False

    @functools.cached_property
    def lookup(self) -> dict[str, str]:
        """Squeezed value name or label -> HTCDS value name."""
        table = {squeeze(name): name for name in self.codes}
        table.update({squeeze(label): name for name, label in self.labels.items()})
        return table

    @functools.cached_property
    def _read(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None]:
        return {}

    def read(self, raw: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The HTCDS value names a cell chooses (one, or several for a multiselect) and their vigie codes,
        or None if a value is not of the list. The same few texts fill a column from row to row: each is
        looked up once (at most READ_MEMO of them are kept, so free text cannot make it grow forever)."""
        memo = self._read
        if raw in memo:
            return memo[raw]
        whole = self.lookup.get(squeeze(raw))
        if whole is not None:
            names: tuple[str, ...] | None = (whole,)
        else:
            parts = [p for p in PICKLIST_SEPARATORS.split(raw) if p] if self.multiple else [raw]
            found = [self.lookup.get(squeeze(p)) for p in parts]
            names = None if None in found else tuple(dict.fromkeys(n for n in found if n is not None))
        result = None if names is None else (names, tuple(dict.fromkeys(c for n in names if (c := self.codes[n]))))
        if len(memo) >= READ_MEMO:
            memo.clear()
        memo[raw] = result
        return result


def _labels(*pairs: tuple[str, str]) -> dict[str, str]:
    return dict(pairs)


S = Sex
GENDER = Picklist(
    "prs_Gender",
    {
        "Feminine": S.FEMALE,
        "Masculine": S.MALE,
        "TransgenderFeminine": S.TRANSGENDER_FEMALE,
        "TransgenderMasculine": S.TRANSGENDER_MALE,
        "NonConforming": S.NON_CONFORMING,
        "NonSpecifiedUnknown": S.UNKNOWN,
    },
    _labels(("NonConforming", "Non-Conforming"), ("NonSpecifiedUnknown", "Not Specified/Unknown")),
)

CaseStatus = Case.Status
# HTCDS statuses -> (vigie status, closure reason). Follow-up is still an open file in vigie.
CASE_STATUS_CODES: dict[str, tuple[str, str]] = {
    "Active": (CaseStatus.OPEN, ""),
    "FollowUp": (CaseStatus.OPEN, ""),
    "Closed": (CaseStatus.CLOSED, Case.ClosureReason.OTHER),
    "ClosedReferred": (CaseStatus.CLOSED, Case.ClosureReason.TRANSFERRED),
}
CASE_STATUS = Picklist("cas_Status", {k: v[0] for k, v in CASE_STATUS_CODES.items()}, {"FollowUp": "Follow Up"})

Role = Participant.Role
# Actual victims were identified by the organisation named in the file: see writing.py for the decision.
TRAFFICKING_STATUS = Picklist(
    "vic_TraffickingStatus",
    {
        "PossibleVictimOfTrafficking": Role.PRESUMED_VICTIM,
        "ActualVictimOfTrafficking": Role.VICTIM,
        # Screened and found not to be a victim: still a person of the case, who can tell what happened.
        "NotAVictimOfTrafficking": Role.WITNESS,
    },
    {},
)

M = MeansOfControl
METHODS_OF_CONTROL = Picklist(
    "vic_MethodsOfControl",
    {
        "PhysicalThreats": M.PHYSICAL_THREATS,
        "ThreatsLawEnforcement": M.THREATS_LAW_ENFORCEMENT,
        "ThreatensChildrenFamily": M.THREATENS_FAMILY,
        "DebtBondage": M.DEBT_BONDAGE,
        "FalsePromises": M.FALSE_PROMISES,
        "PhysicalAbuse": M.PHYSICAL_ABUSE,
        "SexualAbuse": M.SEXUAL_ABUSE,
        "TakesEarnings": M.TAKES_EARNINGS,
        "RestrictsFinancialAccess": M.RESTRICTS_FINANCIAL_ACCESS,
        "RestrictsMedicalCare": M.RESTRICTS_MEDICAL_CARE,
        "WithholdsNecessities": M.WITHHOLDS_NECESSITIES,
        "PsychologicalAbuse": M.PSYCHOLOGICAL_ABUSE,
        "PsychoactiveSubstance": M.PSYCHOACTIVE_SUBSTANCES,
        "ExcessiveWorkingHours": M.EXCESSIVE_WORKING_HOURS,
        "WithholdsDocuments": M.WITHHOLDS_DOCUMENTS,
        "Other": M.OTHER,
    },
    {},
    multiple=True,
)

E = ExploitationForm
TYPE_OF_EXPLOITATION = Picklist(
    "vic_TypeOfExploitation",
    {
        "ForcedLabour": E.FORCED_LABOUR,
        "SexualExploitation": E.SEXUAL,
        # GLOTIP counts child labour obtained by trafficking as forced labour; the HTCDS value stays in the notes.
        "ChildLabour": E.FORCED_LABOUR,
        "ForcedMarriage": E.FORCED_MARRIAGE,
        "Servitude": E.SERVITUDE,
        "ForcedMilitaryByNonStateActors": E.CHILD_SOLDIERING,
        "OrganRemoval": E.ORGAN_REMOVAL,
        "ForcedBegging": E.FORCED_BEGGING,
        "ForcedAdoption": E.ILLEGAL_ADOPTION,
        # No GLOTIP form for surrogacy: "other", and the HTCDS value in the notes.
        "Surrogacy": E.OTHER,
        "Other": E.OTHER,
    },
    {},
    multiple=True,
)

IS = Sector
FORCED_LABOUR_INDUSTRY = Picklist(
    "vic_ForcedLabourIndustry",
    {
        "A_AgricultureForestryAndFishing": IS.AGRICULTURE,
        "B_MiningAndQuarrying": IS.MINING,
        "C_Manufacturing": IS.MANUFACTURING,
        "D_ElectricityGasSteamAndAirConditioningSupply": IS.OTHER,
        "E_WaterSupplySewerageWasteManagement": IS.OTHER,
        "F_Construction": IS.CONSTRUCTION,
        "G_WholesaleAndRetailTradeRepairOfMotorVehicles": IS.TRADE,
        "H_TransportationAndStorage": IS.TRANSPORT,
        "I_AccommodationAndFoodServiceActivities": IS.HOSPITALITY,
        "J_InformationAndCommunication": IS.OTHER,
        "K_FinancialAndInsuranceActivities": IS.OTHER,
        "L_RealEstateActivities": IS.OTHER,
        "M_ProfessionalScientificAndTechnicalActivities": IS.OTHER,
        "N_AdministrativeAndSupportServiceActivities": IS.OTHER,
        "O_PublicAdministrationAndDefence": IS.OTHER,
        "P_Education": IS.OTHER,
        "Q_HumanHealthAndSocialWorkActivities": IS.OTHER,
        "R_ArtsEntertainmentAndRecreation": IS.ENTERTAINMENT,
        "S_OtherServiceActivities": IS.OTHER_SERVICES,
        "T_ActivitiesOfHouseholdsAsEmployers": IS.DOMESTIC_WORK,
        "U_ActivitiesOfExtraterritorialOrganizations": IS.OTHER,
    },
    {},
    multiple=True,
)

SR = Participant.SuspectRole
ROLE_IN_PROCESS = Picklist(
    "per_RoleInProcess",
    {
        "RecruiterOrIntermediary": SR.RECRUITER,
        "BrokerTravelAgent": SR.RECRUITER,
        "Transporter": SR.TRANSPORTER,
        "TransferredIndividual": SR.TRANSPORTER,
        "Smuggler": SR.SMUGGLER,
        "Exploiter": SR.EXPLOITER,
        "ControlledIndividual": SR.EXPLOITER,
        "BoughtIndividual": SR.EXPLOITER,
        "Abuser": SR.EXPLOITER,
        # Parts vigie has no word for: "other", and the HTCDS value in the notes.
        "TravellingPartner": SR.OTHER,
        "HarbouredIndividual": SR.OTHER,
        "SoldIndividual": SR.OTHER,
        "ReceivedIndividual": SR.OTHER,
        "Kidnapper": SR.OTHER,
        "Other": SR.OTHER,
    },
    {},
    multiple=True,
)

K = Event.Kind
EVENT_TYPE = Picklist(
    "hte_Type", {"Recruitment": K.RECRUITMENT, "Transit": K.TRANSPORT, "Exploitation": K.EXPLOITATION}, {}
)


def _notes_only(field: str, names: str, *, multiple: bool = False) -> Picklist:
    return Picklist(field, dict.fromkeys(names.split()), {}, multiple=multiple)


APPS = (
    "Facebook Instagram WhatsApp Telegram FacebookMessenger Viber SnapChat Line 4Sale WeChat QQ QZone TikTok Twitter "
    "Other"
)
PICKLISTS: dict[str, Picklist] = {
    p.field: p
    for p in (
        GENDER,
        CASE_STATUS,
        TRAFFICKING_STATUS,
        METHODS_OF_CONTROL,
        TYPE_OF_EXPLOITATION,
        FORCED_LABOUR_INDUSTRY,
        ROLE_IN_PROCESS,
        EVENT_TYPE,
        _notes_only("prs_MaritalStatus", "Single Married Widowed Divorced Separated RegisteredPartnership"),
        _notes_only(
            "prs_HighestLevelOfEducation",
            "EarlyChildhoodEducation PrimaryEducation LowerSecondaryEducation UpperSecondaryEducation "
            "PostSecondaryNonTertiaryEducation ShortCycleTertiaryEducation BachelorsOrEquivalentLevel "
            "MastersOrEquivalentLevel DoctoralOrEquivalentLevel",
        ),
        _notes_only(
            "vic_TraffickingStatusDecisionMakingOrg",
            "Police NGO CourtOrProsecution NonPoliceGovernmentalOrganization Other",
        ),
        _notes_only("vic_RelationshipToTrafficker", "Familial Acquainted Unaquainted"),
        _notes_only("vic_RecruitmentWebsitesAndApps", APPS, multiple=True),
        _notes_only("vic_ExploitationWebsitesAndApps", APPS, multiple=True),
        _notes_only(
            "vic_MethodOfRecruitment",
            "AtAPlaceOfBusiness AtAnEducationalInstitution AtWork ThroughOnlineSocialNetworks "
            "ThroughAnOnlineAdvertisement ThroughATelevisionAdvert ThroughANewspaperAdvert "
            "ThroughFamilyOrFamilyEvents ThroughFriendsOrSocialEvents Other",
            multiple=True,
        ),
        _notes_only(
            "vic_TypeOfSexExploitation",
            "Prostitution Pornography RemoteInteractiveServices PrivateSexualServices",
            multiple=True,
        ),
        _notes_only(
            "vic_Vulnerabilities",
            "Addiction SocialGroup Discrimination Poverty DisabilityAndPhysicalHealth MentalHealth Migration "
            "Homelessness AbuseSocialMedia AbusePhysical Education WorkEnvironment",
            multiple=True,
        ),
        _notes_only("cas_ReasonForIncomingReferral", "AdditionalServicesRequired MigrationOrChangeOfLocation Other"),
        _notes_only("cas_ReasonForOutgoingReferral", "AdditionalServicesRequired MigrationOrChangeOfLocation Other"),
        _notes_only(
            "spl_Type",
            "Education Financial Health LabourExploitationRehabilitation Legal Livelihood RightsBasedTraining "
            "SexualExploitationRehabilitation SocialCare",
        ),
    )
}

DATE_FIELDS = (
    "prs_Birthdate",
    "cas_IncomingReferralDate",
    "cas_OutgoingReferralDate",
    "hte_Date",
    "spl_PlannedEndDate",
    "spl_ActualEndDate",
)
# Where vigie stores a partial date ("2009", "2009-05"), a year or a month alone is accepted.
PARTIAL_DATE_FIELDS = ("prs_Birthdate", "hte_Date")
BOOLEAN_FIELDS = ("con_Consent", "prs_Deceased", "vic_AgreementToManagePersonalData")

# Only these roles receive assistance (assistance/models.py): a support plan on another row is refused.
ASSISTED_ROLES = {Role.VICTIM, Role.PRESUMED_VICTIM, Role.SMUGGLED_MIGRANT}
PLAN_ACTIVE, PLAN_COMPLETED = AssistancePlan.Status.ACTIVE, AssistancePlan.Status.COMPLETED
