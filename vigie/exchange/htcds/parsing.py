"""One HTCDS row -> one validated record, or every problem of the row (row, column, value, message)."""

import datetime
import enum
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import itemgetter

from django.utils.translation import gettext as _

from vigie.exchange.exports.htcds import CLOSURE_REASON
from vigie.exchange.htcds.fields import (
    CASE_STATUS_CODES,
    FIELDS,
    PICKLISTS,
    Fate,
    Level,
    Picklist,
    squeeze,
)
from vigie.exchange.htcds.problems import RowProblem, RowRejected
from vigie.exchange.htcds.readers import CLOSED_ON, EVENTS, OPENED_ON, PART, PERSON_KEY, PLANS, SUBMISSION_ID
from vigie.exchange.importing import row_shape_problems
from vigie.people.names import search_key

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
# 12/03/2021, 12.03.2021 or 12-03-2021, with the time Excel adds in a CSV (left out): "12/03/2021 14:30".
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?:[T ]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
PHONE_JUNK = re.compile(r"[\s\-.()/]")
E164 = re.compile(r"^\+?[1-9]\d{5,14}$")
SEPARATORS = re.compile(r"[;,\s]+")
TRUE_WORDS = {"true", "yes", "oui", "1", "y", "o", "x", "vrai"}
FALSE_WORDS = {"false", "no", "non", "0", "n", "faux"}
COORDINATE = Decimal("0.00001")


@dataclass(slots=True)
class EventRecord:
    kind: str
    date: str = ""
    country_id: str | None = None
    admin_area: str = ""
    locality: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    description: str = ""


@dataclass(slots=True)
class PlanRecord:
    goals: str
    notes: str
    review_on: datetime.date | None
    ended_on: datetime.date | None


@dataclass(slots=True)
class HtcdsRecord:
    """A person in a case, with what the row says about the case, their role, events, consent and plan."""

    row: int
    case_number: str
    status: str
    closure_reason: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    case_notes: list[str]
    given_names: str
    family_name: str
    date_of_birth: str
    sex: str
    languages: str
    nationalities: list[str]
    residence_country_id: str | None
    residence_area: str
    residence_locality: str
    identity_number: str
    phones: list[tuple[str, str]]
    role: str
    suspect_role: str
    identified_by: str
    forms_of_exploitation: list[str]
    sector: str
    means_of_control: list[str]
    participant_notes: list[str]
    events: list[EventRecord] = field(default_factory=list)
    consent: bool | None = None
    plan: PlanRecord | None = None
    # False for a row that says nothing of a person: the case alone, or an event of the case.
    has_person: bool = True
    # Set by the spreadsheet importer, which writes through the same writer (HTCDS files have neither).
    estimated_age: int | None = None
    offences: tuple[str, ...] = ("tip",)
    case_title: str = ""
    case_country_id: str | None = None  # else the agency's country
    # search_key of the names, found while parsing: it is then done beside the writing (see the runner).
    name_key: str = ""
    # A row of an export's further sheet (a plan, a perpetrator): a record of its own even when alike another.
    from_part: bool = False
    # The day the case was reported (HTCDS: referred to the organisation), apart from the day it opened.
    reported_on: datetime.date | None = None
    # The file gives no closing day for the closed case: the day of the import is used (and said).
    closing_day_assumed: bool = False


_country_key = functools.lru_cache(maxsize=4096)(search_key)


class DateProblem(enum.Enum):
    FORMAT = "format"
    MISSING = "missing"
    RANGE = "range"

    def message(self) -> str:
        if self is DateProblem.FORMAT:
            return _("Enter a date as YYYY-MM-DD or DD/MM/YYYY (for example 2021-03-12 or 12/03/2021).")
        if self is DateProblem.MISSING:
            return _("This date does not exist.")
        return _("The date must be between 1900 and today.")


@functools.lru_cache(maxsize=16384)
def _read_date(raw: str, partial: bool) -> tuple[str, datetime.date | None, DateProblem | None]:
    """(ISO text, the day if it is a full date, what is wrong): birth and referral dates repeat across rows,
    so each text is read once. Whether a day is after today is checked by the caller."""
    if match := ISO_DATE.match(raw):
        year, month, day = (int(g) for g in match.groups())
    elif match := DAY_FIRST_DATE.match(raw):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif partial and (match := PARTIAL_DATE.match(raw)):
        year, month = int(match[1]), int(match[2] or 0)
        if year < 1900 or (match[2] and not 1 <= month <= 12):
            return "", None, DateProblem.MISSING
        return (f"{year:04d}-{month:02d}" if match[2] else f"{year:04d}"), None, None
    else:
        return "", None, DateProblem.FORMAT
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return "", None, DateProblem.MISSING
    if year < 1900:
        return "", None, DateProblem.RANGE
    return value.isoformat(), value, None


class RowParser:
    """Checks one row's cells; `countries` maps codes and names (search keys) to ISO alpha-2 codes."""

    def __init__(self, row: int, cells: dict[str, str], countries: dict[str, str], today: datetime.date) -> None:
        self.row = row
        self.cells = cells
        self.countries = countries
        self.today = today
        self.problems: list[RowProblem] = row_shape_problems(row, cells)
        # Most cells of a row are empty, and a row's cells are asked for about fifty times: the filled ones
        # are found (and stripped) once.
        self.filled = {name: text for name, value in cells.items() if value and (text := value.strip())}

    def text(self, name: str, max_length: int = 0) -> str:
        value = self.filled.get(name)
        if value is None:
            return ""
        if max_length and len(value) > max_length:
            self.problem(
                name, _("At most %(max)d characters (this one has %(n)d).") % {"max": max_length, "n": len(value)}
            )
            return ""
        return value

    def problem(self, name: str, message: str) -> None:
        self.problems.append(RowProblem(self.row, name, self.cells.get(name, ""), message))

    def picked(self, picklist: Picklist) -> list[str]:
        """The HTCDS value names chosen in a picklist column (one, or several for a multiselect)."""
        return list(self._read(picklist)[0])

    def codes(self, picklist: Picklist) -> list[str]:
        """The vigie codes of the values chosen (a value kept in the notes only has none)."""
        return list(self._read(picklist)[1])

    def _read(self, picklist: Picklist) -> tuple[tuple[str, ...], tuple[str, ...]]:
        raw = self.text(picklist.field)
        if not raw:
            return (), ()
        chosen = picklist.read(raw)
        if chosen is not None:
            return chosen
        parts = [p for p in SEPARATORS.split(raw) if p] if picklist.multiple else [raw]
        unknown = ", ".join(p for p in parts if picklist.lookup.get(squeeze(p)) is None)
        self.problem(
            picklist.field,
            _("Not an HTCDS value of this list: %(unknown)s. Expected one of: %(allowed)s.")
            % {"unknown": unknown, "allowed": ", ".join(picklist.codes)},
        )
        return (), ()

    def date(self, name: str, *, partial: bool = False) -> str:
        """An ISO date ("2021-03-12"), or with `partial` a year or a month alone; "" if empty or invalid."""
        return self._date(name, partial)[0]

    def full_date(self, name: str) -> datetime.date | None:
        return self._date(name, False)[1]

    def _date(self, name: str, partial: bool) -> tuple[str, datetime.date | None]:
        raw = self.text(name)
        if not raw:
            return "", None
        text, day, problem = _read_date(raw, partial)
        # A year or a month alone is after today when it starts after today ("2030", "2030-05").
        if (day is not None and day > self.today) or (day is None and text > self.today.isoformat()[: len(text)]):
            problem = DateProblem.RANGE
        if problem is None:
            return text, day
        self.problem(name, problem.message())
        return "", None

    def boolean(self, name: str) -> bool | None:
        raw = self.text(name).casefold()
        if not raw:
            return None
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        self.problem(name, _("Expected TRUE or FALSE."))
        return None

    def number(self, name: str, low: int, high: int) -> int | None:
        raw = self.text(name)
        if not raw:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.problem(name, _("Expected a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
            return None
        return int(raw)

    def coordinate(self, name: str, limit: int) -> Decimal | None:
        raw = self.text(name).replace(",", ".")
        if not raw:
            return None
        try:
            value = Decimal(raw).quantize(COORDINATE, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            value = Decimal(limit + 1)
        if not -limit <= value <= limit:
            self.problem(name, _("Expected degrees between -%(limit)d and %(limit)d.") % {"limit": limit})
            return None
        return value

    def country(self, name: str, *, several: bool = False) -> list[str]:
        raw = self.text(name)
        if not raw:
            return []
        whole = self.countries.get(_country_key(raw))
        if whole:
            return [whole]
        parts = [p for p in SEPARATORS.split(raw) if p] if several else [raw]
        found = [self.countries.get(_country_key(p)) for p in parts]
        if None in found:
            self.problem(name, _("Not a country code (ISO 3166, such as NE or NGA) nor a country name."))
            return []
        return list(dict.fromkeys(c for c in found if c))

    def phone(self, name: str) -> str:
        raw = self.text(name)
        number = PHONE_JUNK.sub("", raw)
        if number.startswith("00"):
            number = "+" + number[2:]
        if raw and not E164.match(number):
            self.problem(name, _("Enter the number with its country code, e.g. +227 96 12 34 56."))
            return ""
        return number

    def note_lines(self, level: Level) -> list[str]:
        """Lines "Label: value" for the fields kept in notes; picklist values are checked first."""
        lines = []
        filled, note_fields = self.filled, NOTE_FIELDS[level]
        # A row fills a few of the fifty note fields: those are found at C speed, then put in the table's order.
        for _position, name, label, picklist in sorted(note_fields[n] for n in filled.keys() & note_fields.keys()):
            value = filled[name]
            if picklist is not None:
                value = ", ".join(self.picked(picklist)) or value
            lines.append(f"{label}: {value}")
        return lines


# vigie's closure reasons as its export writes them (in English, whatever the user's language).
CLOSURE_REASON_CODES = {squeeze(text): code for code, text in CLOSURE_REASON.items()}
# Mapped to a vigie code with less detail than HTCDS: the HTCDS value also goes to the notes.
KEPT_IN_NOTES_TOO = {"vic_TypeOfExploitation", "vic_ForcedLabourIndustry", "per_RoleInProcess", "cas_Status"}
# Read into an event or a plan, not into the notes of the person.
ELSEWHERE = {"hte_Street", "hte_PostalCode", "spl_Type"}
# By level: name -> (position in the table, name, label, picklist).
NOTE_FIELDS = {
    level: {
        f.name: (position, f.name, f.label, PICKLISTS.get(f.name))
        for position, f in enumerate(FIELDS)
        if f.level == level and (f.fate == Fate.NOTE or f.name in KEPT_IN_NOTES_TOO) and f.name not in ELSEWHERE
    }
    for level in Level
}
# Fields that say who a row's person is or what happened to them; a historic event (hte_) can be the case's.
PERSON_FIELDS = frozenset(
    f.name for f in FIELDS if f.level == Level.PERSON and f.fate != Fate.IGNORED and not f.name.startswith("hte_")
)
# A row has a historic event or a support plan if one of these is filled.
HISTORIC_EVENT_FIELDS = frozenset(
    ("hte_Type", "hte_Date", "hte_Country", "hte_State", "hte_City", "hte_Latitude", "hte_Description")
)
PLAN_FIELDS = frozenset(("spl_Objectives", "spl_ActionPlan", "spl_PlannedEndDate", "spl_ActualEndDate", "spl_Type"))


def parse_row(
    row: int,
    cells: dict[str, str],
    *,
    countries: dict[str, str],
    today: datetime.date,
    locations_are_events: bool = True,
) -> HtcdsRecord:
    """`locations_are_events`: False when the file has a sheet of historic events (vigie's export), of which the
    main sheet's places of recruitment and exploitation are only a summary."""
    p = RowParser(row, cells, countries, today)
    # A row with its case number and nothing about a person: the case alone (a case of vigie's export with
    # no victim), or an event of the case (the export's events sheet).
    has_person = (
        bool(cells.get(PERSON_KEY)) or not cells.get("cas_CaseNumber") or not p.filled.keys().isdisjoint(PERSON_FIELDS)
    )
    if cells.get(PART) == EVENTS:
        has_person = False
    status_names = p.picked(PICKLISTS["cas_Status"])
    status, closure_reason = CASE_STATUS_CODES[status_names[0]] if status_names else CASE_STATUS_CODES["Active"]
    # vigie's export says when the case opened and closed (vigie_OpenedOn, vigie_ClosedOn); HTCDS only when it
    # was referred to the organisation, and from it.
    reported_on = p.full_date("cas_IncomingReferralDate")
    given_opening, given_closing = p.full_date(OPENED_ON), p.full_date(CLOSED_ON)
    opened_on = given_opening or reported_on
    referred_on = p.full_date("cas_OutgoingReferralDate")
    closed_on = None
    closing_day_assumed = False
    case_notes = p.note_lines(Level.CASE)
    if status == "closed":
        closure_reason = CLOSURE_REASON_CODES.get(squeeze(p.text("cas_ReasonForCaseClosure")), closure_reason)
        if given_closing is not None:
            closed_on = given_closing
            if opened_on is None:
                p.problem(CLOSED_ON, _("A closing day needs the day the case opened (vigie_OpenedOn)."))
            elif given_closing < opened_on:
                p.problem(CLOSED_ON, _("The case would close before it opened (%(day)s).") % {"day": opened_on})
        else:
            # HTCDS has no closing day: a case closed by referral closed on the referral day (not before it
            # opened), others on the day of the import.
            day = referred_on if status_names[0] == "ClosedReferred" else None
            closing_day_assumed = day is None
            closed_on = max(day or today, opened_on or today)
    elif given_closing is not None:
        p.problem(CLOSED_ON, _("A closing day is given for a case that is not closed."))
    given_names = " ".join(x for x in (p.text("prs_FirstName"), p.text("prs_MiddleName")) if x)
    family_name = p.text("prs_SecondName", 200)
    if len(given_names) > 200:
        p.problem(
            "prs_FirstName", _("At most %(max)d characters (this one has %(n)d).") % {"max": 200, "n": len(given_names)}
        )
    if cells.get(PART) == PLANS and not (given_names or family_name):
        p.problem(PERSON_KEY, _("No row of the main sheet has this person key in this case."))
    elif has_person and not (given_names or family_name):
        p.problem("prs_FirstName", _("Enter at least a first name or a second name."))
    sex_codes = p.codes(PICKLISTS["prs_Gender"])
    role_in_process = p.codes(PICKLISTS["per_RoleInProcess"])
    statuses = p.codes(PICKLISTS["vic_TraffickingStatus"])
    # A row with a role in the process is a perpetrator; otherwise a person with a victim context, and
    # without a decided status a presumed victim: nobody said they were not one.
    role = "suspect" if role_in_process else (statuses[0] if statuses else "presumed_victim")
    if role_in_process and statuses:
        p.problem("per_RoleInProcess", _("A row is either a victim (vic_) or a perpetrator (per_), not both."))
    sectors = p.codes(PICKLISTS["vic_ForcedLabourIndustry"])
    participant_notes = p.note_lines(Level.PERSON)
    p.number("prs_NumberOfChildren", 0, 99)
    p.number("vic_AgeWhenTrafficked", 0, 120)
    for name in ("prs_Deceased", "vic_AgreementToManagePersonalData"):
        p.boolean(name)
    languages = ", ".join(x for x in (p.text("prs_PrimaryLanguage"), p.text("prs_SecondaryLanguage")) if x)
    phones = [
        (n, note) for name, note in (("prs_HomePhone", "home"), ("prs_MobilePhone", "mobile")) if (n := p.phone(name))
    ]
    residence = p.country("prs_MailingCountry")
    record = HtcdsRecord(
        row=row,
        case_number=p.text("cas_CaseNumber", 150),
        status=status,
        closure_reason=closure_reason,
        opened_on=opened_on,
        closed_on=closed_on,
        reported_on=reported_on,
        closing_day_assumed=closing_day_assumed,
        case_notes=case_notes,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=p.date("prs_Birthdate", partial=True),
        sex=sex_codes[0] if sex_codes else "unknown",
        languages=languages[:200],
        nationalities=p.country("prs_Citizenship", several=True),
        residence_country_id=residence[0] if residence else None,
        residence_area=p.text("prs_MailingState", 200),
        residence_locality=p.text("prs_MailingCity", 200),
        identity_number=p.text("prs_IdentityNumber", 60),
        phones=phones,
        role=role,
        suspect_role=role_in_process[0] if role_in_process else "",
        identified_by=", ".join(p.picked(PICKLISTS["vic_TraffickingStatusDecisionMakingOrg"])),
        forms_of_exploitation=p.codes(PICKLISTS["vic_TypeOfExploitation"]) if role != "suspect" else [],
        sector=sectors[0] if sectors and role != "suspect" else "",
        means_of_control=p.codes(PICKLISTS["vic_MethodsOfControl"]) if role != "suspect" else [],
        participant_notes=participant_notes,
        consent=p.boolean("con_Consent"),
        has_person=has_person,
        name_key=search_key(f"{given_names} {family_name}"),
        from_part=bool(cells.get(PART)),
    )
    record.events = _events(p, locations_are_events=locations_are_events)
    record.plan = _plan(p, role)
    if p.problems:
        raise RowRejected(p.problems)
    return record


def _events(p: RowParser, *, locations_are_events: bool) -> list[EventRecord]:
    events = [
        EventRecord(kind=kind, locality=place)
        for name, kind in (("vic_LocationOfRecruitment", "recruitment"), ("vic_LocationOfExploitation", "exploitation"))
        if (place := p.text(name, 200)) and locations_are_events
    ]
    if p.filled.keys().isdisjoint(HISTORIC_EVENT_FIELDS):
        return events
    kinds = p.codes(PICKLISTS["hte_Type"])
    if not kinds and not p.text("hte_Type"):
        p.problem("hte_Type", _("Say what the event was: Recruitment, Transit or Exploitation."))
    latitude, longitude = p.coordinate("hte_Latitude", 90), p.coordinate("hte_Longitude", 180)
    if (latitude is None) != (longitude is None):
        p.problem("hte_Latitude", _("Give both coordinates or neither."))
    country = p.country("hte_Country")
    extra = [
        f"{label}: {v}"
        for label, name in (("Street", "hte_Street"), ("Postal code", "hte_PostalCode"))
        if (v := p.text(name))
    ]
    events.append(
        EventRecord(
            kind=kinds[0] if kinds else "",
            date=p.date("hte_Date", partial=True),
            country_id=country[0] if country else None,
            admin_area=p.text("hte_State", 200),
            locality=p.text("hte_City", 200),
            latitude=latitude,
            longitude=longitude,
            description="\n".join([p.text("hte_Description"), *extra]).strip(),
        )
    )
    return events


def _plan(p: RowParser, role: str) -> PlanRecord | None:
    if p.filled.keys().isdisjoint(PLAN_FIELDS):
        return None
    if role not in ("victim", "presumed_victim", "smuggled_migrant"):
        p.problem("spl_Objectives", _("Only a victim receives a support plan, not a perpetrator or a witness."))
    plan_type = ", ".join(p.picked(PICKLISTS["spl_Type"]))
    goals = "\n".join(x for x in (p.text("spl_Objectives"), p.text("spl_ActionPlan")) if x)
    return PlanRecord(
        goals=goals or plan_type or "-",
        notes=f"Support Plan Type: {plan_type}" if plan_type else "",
        review_on=p.full_date("spl_PlannedEndDate"),
        ended_on=p.full_date("spl_ActualEndDate"),
    )


def row_key(cells: dict[str, str]) -> str:
    """Stable per source row: the submission id of an XLSForm export, else the row's own content."""
    submission = cells.get(SUBMISSION_ID, "").strip()
    if submission:
        return f"xlsform:{submission}"
    # The template has no identifier: the same row, in this file or in another, has the same content.
    # The filled cells, found and sorted at C speed: most of a row's cells are empty.
    content = [(k, s) for k, v in sorted(filter(itemgetter(1), cells.items())) if (s := v.strip())]
    return "row:" + hashlib.sha256(_KEY_JSON.encode(content).encode()).hexdigest()[:40]


# As json.dumps(…, ensure_ascii=False) writes it (the keys of earlier imports), without a new encoder per row.
_KEY_JSON = json.JSONEncoder(ensure_ascii=False)
