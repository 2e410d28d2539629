"""CTDC-compatible anonymous victim records: the 2018/2020 global data set's columns, coded fields only.

Columns and codes follow the CTDC global dataset dictionary (2018-08-15) and codebook v6 (2017): "-99" is
missing data, flags are "0"/"1", ages are the codebook's broad bands, countries ISO 3166-1 alpha-2. Nothing
here comes from a name, a date of birth (only the age band it gives), a document, a phone, a narrative or
any free text.

Like CTDC's own release, the file is k-anonymised with k = 11 (codebook v6, section 1): a record is written
only if at least ten others share every one of its values, so that no query on the file returns fewer than
ten people (see MAPPING.md for the quasi-identifiers and the generalisation of age bands). The records
left out are counted, never silently dropped.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator

from vigie.cases.models import Case, Event, Participant
from vigie.exchange.exports.reading import ExportedCase
from vigie.reference.codelists import ExploitationForm, MeansOfControl, Sector, Sex
from vigie.reference.partial_dates import earliest_day

K_ANONYMITY = 11
MISSING = "-99"

MEANS_COLUMNS = {
    "meansOfControlDebtBondage": ({MeansOfControl.DEBT_BONDAGE}, "Debt bondage"),
    "meansOfControlTakesEarnings": ({MeansOfControl.TAKES_EARNINGS}, "Takes/Withholds Earnings"),
    "meansOfControlRestrictsFinancialAccess": (
        {MeansOfControl.RESTRICTS_FINANCIAL_ACCESS},
        "Restricts access to finances",
    ),
    "meansOfControlThreats": (
        {MeansOfControl.PHYSICAL_THREATS, MeansOfControl.THREATENS_FAMILY},
        "Threats to individual or others",
    ),
    "meansOfControlPsychologicalAbuse": ({MeansOfControl.PSYCHOLOGICAL_ABUSE}, "Psychological abuse"),
    "meansOfControlPhysicalAbuse": ({MeansOfControl.PHYSICAL_ABUSE}, "Physical abuse"),
    "meansOfControlSexualAbuse": ({MeansOfControl.SEXUAL_ABUSE}, "Sexual abuse"),
    "meansOfControlFalsePromises": ({MeansOfControl.FALSE_PROMISES}, "False promises/deception"),
    "meansOfControlPsychoactiveSubstances": (
        {MeansOfControl.PSYCHOACTIVE_SUBSTANCES},
        "Use of psychoactive substances",
    ),
    "meansOfControlRestrictsMovement": (
        {MeansOfControl.RESTRICTS_MOVEMENT},
        "Denied freedom of movement/kept in isolation",
    ),
    "meansOfControlRestrictsMedicalCare": (
        {MeansOfControl.RESTRICTS_MEDICAL_CARE},
        "Limits/restricts medical services",
    ),
    "meansOfControlExcessiveWorkingHours": ({MeansOfControl.EXCESSIVE_WORKING_HOURS}, "Excessive working hours"),
    # vigie records threats against children, not their use as leverage: never known, so always missing.
    "meansOfControlUsesChildren": (None, ""),
    "meansOfControlThreatOfLawEnforcement": (
        {MeansOfControl.THREATS_LAW_ENFORCEMENT},
        "Threat of action by law enforcement",
    ),
    "meansOfControlWithholdsNecessities": (
        {MeansOfControl.WITHHOLDS_NECESSITIES},
        "Withholds/denies basic necessities",
    ),
    "meansOfControlWithholdsDocuments": (
        {MeansOfControl.WITHHOLDS_DOCUMENTS},
        "Withholds/Destroys Important Documents",
    ),
    "meansOfControlOther": ({MeansOfControl.OTHER}, "Other"),
}
EXPLOIT_COLUMNS = {
    "isForcedLabour": {
        ExploitationForm.FORCED_LABOUR,
        ExploitationForm.FORCED_BEGGING,
        ExploitationForm.SERVITUDE,
    },
    "isSexualExploit": {ExploitationForm.SEXUAL},
    "isOtherExploit": {
        ExploitationForm.FORCED_CRIMINALITY,
        ExploitationForm.ILLEGAL_ADOPTION,
        ExploitationForm.MIXED,
        ExploitationForm.OTHER,
    },
    "isForcedMarriage": {ExploitationForm.FORCED_MARRIAGE},
    "isForcedMilitary": {ExploitationForm.CHILD_SOLDIERING},
    "isOrganRemoval": {ExploitationForm.ORGAN_REMOVAL},
}
LABOUR_COLUMNS = {
    "typeOfLabourAgriculture": "Agriculture/Farms/Animal Husbandry",
    "typeOfLabourAquafarming": "Aquafarming/Fishing",
    "typeOfLabourBegging": "Begging",
    "typeOfLabourConstruction": "Construction",
    "typeOfLabourDomesticWork": "Domestic Work",
    "typeOfLabourHospitality": "Hospitality/Restaurant/Food Service/Hotel",
    "typeOfLabourIllicitActivities": "Illicit Activities",
    "typeOfLabourManufacturing": "Manufacturing/Factory work",
    "typeOfLabourMiningOrDrilling": "Mining, Quarrying, Oil/Gas Extraction",
    "typeOfLabourPeddling": "Peddling/informal street commerce",
    "typeOfLabourTransportation": "Transportation",
    "typeOfLabourOther": "Other",
}
LABOUR_OF_SECTOR = {
    Sector.AGRICULTURE: "typeOfLabourAgriculture",
    Sector.FISHING: "typeOfLabourAquafarming",
    Sector.MINING: "typeOfLabourMiningOrDrilling",
    Sector.MANUFACTURING: "typeOfLabourManufacturing",
    Sector.CONSTRUCTION: "typeOfLabourConstruction",
    Sector.TRADE: "typeOfLabourPeddling",
    Sector.TRANSPORT: "typeOfLabourTransportation",
    Sector.HOSPITALITY: "typeOfLabourHospitality",
    Sector.DOMESTIC_WORK: "typeOfLabourDomesticWork",
    Sector.ENTERTAINMENT: "typeOfLabourOther",
    Sector.OTHER_SERVICES: "typeOfLabourOther",
    Sector.OTHER: "typeOfLabourOther",
}
SEX_COLUMNS = [
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
]
RECRUITER_COLUMNS = [
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
]
# The 62 variables of the dictionary's "Main" sheet, in its order and spelling.
COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "MajorityEntry",
    "citizenship",
    *MEANS_COLUMNS,
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "typeOfExploitConcatenated",
    *LABOUR_COLUMNS,
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    *SEX_COLUMNS,
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *RECRUITER_COLUMNS,
]
GENDER = {
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    Sex.TRANSGENDER_FEMALE: "Transgender/NonConforming",
    Sex.TRANSGENDER_MALE: "Transgender/NonConforming",
    Sex.NON_CONFORMING: "Transgender/NonConforming",
    Sex.UNKNOWN: "Unknown",
}
AGE_BANDS = [(8, "0--8"), (17, "9--17"), (20, "18--20"), (23, "21--23"), (26, "24--26"), (29, "27--29")]
AGE_BANDS += [(38, "30--38"), (47, "39--47")]
VICTIM_ROLES = [Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM]

Record = tuple[str, ...]


def age_band(age: int | None) -> str:
    if age is None:
        return MISSING
    return next((label for top, label in AGE_BANDS if age <= top), "48+")


def majority(age: int | None) -> str:
    if age is None:
        return MISSING
    return "Minor" if age < 18 else "Adult"


def _flag(value: bool | None) -> str:
    return MISSING if value is None else ("1" if value else "0")


def _first_event(exported: ExportedCase, participant: Participant, kind: str) -> Event | None:
    dated = [e for e in exported.events if e.kind == kind and e.date and exported.took_part(participant, e)]
    return min(dated, key=lambda e: e.date, default=None)


def _age_at(participant: Participant, event: Event | None) -> int | None:
    return participant.person.age_on(earliest_day(event.date)) if event is not None else None


def _means(participant: Participant) -> dict[str, str]:
    known = bool(participant.means_of_control) or participant.no_means_of_control
    used = set(participant.means_of_control)
    cells = {
        column: _flag(bool(codes & used) if known else None) if codes is not None else MISSING
        for column, (codes, _) in MEANS_COLUMNS.items()
    }
    cells["meansOfControlNotSpecified"] = "0" if known else "1"
    labels = [label for column, (codes, label) in MEANS_COLUMNS.items() if codes and codes & used]
    cells["meansOfControlConcatenated"] = ";".join(labels) if labels else ("Not Specified" if not known else MISSING)
    return cells


def _exploitation(participant: Participant) -> dict[str, str]:
    forms = set(participant.forms_of_exploitation)
    known = bool(forms) or participant.no_exploitation
    cells = {column: _flag(bool(codes & forms) if known else None) for column, codes in EXPLOIT_COLUMNS.items()}
    sexual_and_labour = cells["isForcedLabour"] == "1" and cells["isSexualExploit"] == "1"
    cells["isSexAndLabour"] = _flag(sexual_and_labour if known else None)
    kinds = [
        label
        for column, label in (
            ("isForcedLabour", "Forced labour and/or services"),
            ("isSexualExploit", "Sexual exploitation"),
            ("isOtherExploit", "Other"),
        )
        if cells[column] == "1"
    ]
    cells["typeOfExploitConcatenated"] = ";".join(kinds) or MISSING
    # The kinds of labour describe forced labour only; for anyone else they are not applicable (missing).
    labour: set[str] = set()
    if cells["isForcedLabour"] == "1":
        if participant.sector:
            labour.add(LABOUR_OF_SECTOR[participant.sector])  # type: ignore[index]
        if ExploitationForm.FORCED_BEGGING in forms:
            labour.add("typeOfLabourBegging")
    if ExploitationForm.FORCED_CRIMINALITY in forms:
        labour.add("typeOfLabourIllicitActivities")
    applicable = cells["isForcedLabour"] == "1" or bool(labour)
    for column in LABOUR_COLUMNS:
        cells[column] = _flag(column in labour if applicable else None)
    cells["typeOfLabourNotSpecified"] = _flag(not labour if applicable else None)
    cells["typeOfLabourConcatenated"] = ";".join(LABOUR_COLUMNS[c] for c in LABOUR_COLUMNS if c in labour) or MISSING
    return cells


def victim_record(exported: ExportedCase, participant: Participant) -> Record:
    person = participant.person
    registered = registered_on(participant, exported.case)
    exploitation = _first_event(exported, participant, Event.Kind.EXPLOITATION)
    nationalities = exported.facts(person).nationalities  # in code order
    cells = {
        "yearOfRegistration": str(registered.year),
        "Datasource": "Case management",
        "gender": GENDER.get(person.sex, MISSING),  # type: ignore[call-overload]
        "ageBroad": age_band(person.age_on(registered)),
        "majorityStatus": majority(person.age_on(registered)),
        "majorityStatusAtExploit": majority(_age_at(participant, exploitation)),
        "MajorityEntry": majority(_age_at(participant, _first_event(exported, participant, Event.Kind.RECRUITMENT))),
        # CTDC has one citizenship per record: the first in code order, so the same person gives the same code.
        "citizenship": nationalities[0] if nationalities else MISSING,
        "CountryOfExploitation": (exploitation.country_id if exploitation else None) or MISSING,
    }
    cells |= _means(participant) | _exploitation(participant)
    return tuple(cells.get(column, MISSING) for column in COLUMNS)


def victim_records(cases: Iterable[ExportedCase]) -> Iterator[Record]:
    for exported in cases:
        for participant in exported.participants:
            if participant.role in VICTIM_ROLES:
                yield victim_record(exported, participant)


# What someone could know of a person from elsewhere (k-anonymity's quasi-identifiers). The exploitation and
# control flags are what the file tells about them, not a way to pick them out.
QUASI_IDENTIFIERS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "MajorityEntry",
    "citizenship",
    "CountryOfExploitation",
]
_QI_INDEXES = [COLUMNS.index(column) for column in QUASI_IDENTIFIERS]
_AGE_INDEX = COLUMNS.index("ageBroad")


def _quasi_identifiers(record: Record) -> Record:
    return tuple(record[i] for i in _QI_INDEXES)


def _without_age_band(record: Record) -> Record:
    return (*record[:_AGE_INDEX], MISSING, *record[_AGE_INDEX + 1 :])


def k_anonymous(records: Iterable[Record], k: int = K_ANONYMITY) -> tuple[list[Record], int]:
    """The records whose quasi-identifiers at least k released records share, and how many were withheld.

    A record in too small a group first loses its age band (its majority status stays), as CTDC's coarse
    bands do; if its group is still too small it is withheld. Groups are counted over the whole file before
    anything is written; records are short tuples of codes, so 100,000 of them take a few tens of MB.
    """
    candidates = list(records)
    counts = Counter(_quasi_identifiers(r) for r in candidates)
    released = [r for r in candidates if counts[_quasi_identifiers(r)] >= k]
    generalised = [_without_age_band(r) for r in candidates if counts[_quasi_identifiers(r)] < k]
    # Withholding a generalised record can make another's group too small: repeat until none is.
    while True:
        counts = Counter(_quasi_identifiers(r) for r in released + generalised)
        kept = [r for r in generalised if counts[_quasi_identifiers(r)] >= k]
        if len(kept) == len(generalised):
            break
        generalised = kept
    return released + generalised, len(candidates) - len(released) - len(generalised)


def registered_on(participant: Participant, case: Case) -> datetime.date:
    return participant.identified_on or case.opened_on
