"""The facts of a case as the qualification engine reads them: a `vigie.facts/1` document.

Three-valued throughout: a fact the register does not hold is left out (unknown), never written as false.
A "no" is written only where the register records it: "none of them" ticked, benefit "none", a crossing
that nobody procured.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from vigie.cases.models import BorderCrossing, Case, Event, Participant
from vigie.legal import MissingFact, deciding_unknowns, qualify
from vigie.people.models import Person
from vigie.qualification import mapping
from vigie.reference.partial_dates import PARTIAL_DATE_PATTERN, earliest_day

SUBJECT_ROLES = (Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM, Participant.Role.SMUGGLED_MIGRANT)
ADULT_AGE = 18  # TIP Protocol art. 3(d): a child is any person under eighteen years of age
MAX_AGE = 120  # the contract's oldest age (vigie.facts/1): an older one is a data-entry error


class ScreeningEvidence(Protocol):
    """What a victim screening found (vigie.screening): contract keys of acts, means and purposes."""

    # Read-only: vigie.screening's evidence is a frozen dataclass.
    @property
    def acts(self) -> Mapping[str, bool]: ...
    @property
    def means(self) -> Mapping[str, bool]: ...
    @property
    def purposes(self) -> Mapping[str, bool]: ...


@dataclass
class CaseFacts:
    document: dict[str, Any]
    participants: dict[str, Participant]  # subject id -> the participant it was built from
    # subject id -> paths of the facts taken from a screening ("means.deception"), for the page to say so
    from_screening: dict[str, list[str]] = field(default_factory=dict)


def subject_id(participant: Participant) -> str:
    return f"p{participant.pk}"


def facts_for_case(case: Case, *, evidence: Mapping[int, ScreeningEvidence] | None = None) -> dict[str, Any]:
    """The `vigie.facts/1` document of the case; `evidence`: screening results by participant id."""
    return case_facts(case, evidence=evidence).document


def case_facts(case: Case, *, evidence: Mapping[int, ScreeningEvidence] | None = None) -> CaseFacts:
    # A fixed number of queries whatever the number of people, events and crossings.
    participants = case.participants.select_related("person").prefetch_related("person__nationalities")
    events = case.events.prefetch_related("participants")
    crossings = case.crossings.prefetch_related("travellers")
    return facts_from_records(case, list(participants), list(events), list(crossings), evidence=evidence)


def facts_from_records(
    case: Case,
    participants: Iterable[Participant],
    events: Iterable[Event],
    crossings: Iterable[BorderCrossing],
    *,
    evidence: Mapping[int, ScreeningEvidence] | None = None,
) -> CaseFacts:
    """The same, from records already read (the case page has them, with their people prefetched)."""
    events_of: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        for person in event.participants.all():
            events_of[person.pk].append(event)
    crossings_of: dict[int, list[BorderCrossing]] = defaultdict(list)
    for crossing in crossings:
        for traveller in crossing.travellers.all():
            crossings_of[traveller.pk].append(crossing)
    facts = CaseFacts(
        document={"schema": "vigie.facts/1", "jurisdiction": case.country_id, "subjects": []}, participants={}
    )
    for participant in sorted(participants, key=lambda p: p.pk):
        if participant.role not in SUBJECT_ROLES:
            continue
        sid = subject_id(participant)
        subject = _subject(case, participant, events_of[participant.pk], crossings_of[participant.pk])
        subject["id"] = sid
        screening = (evidence or {}).get(participant.pk)
        if screening is not None:
            facts.from_screening[sid] = _add_screening(subject, screening)
        facts.document["subjects"].append(subject)
        facts.participants[sid] = participant
    return facts


def _subject(
    case: Case, participant: Participant, events: list[Event], crossings: list[BorderCrossing]
) -> dict[str, Any]:
    person = participant.person
    subject: dict[str, Any] = {}
    subject.update(_age_at_first_act(person, events, case))
    nationalities = sorted(country.pk for country in person.nationalities.all())
    if nationalities:
        subject["nationalities"] = nationalities
    if person.residence_country_id and person.lawful_permanent_resident:
        # Only a lawful permanent residence counts (SOM Protocol art. 3(a)): read as such, a migrant who merely
        # lives somewhere irregularly would wrongly lose the smuggling finding and the protection of art. 5.
        subject["permanent_residence"] = person.residence_country_id
    acts = {mapping.ACT_OF_EVENT[e.kind] for e in events if e.kind in mapping.ACT_OF_EVENT}
    if acts:
        subject["acts"] = dict.fromkeys(sorted(acts), True)
    means, purposes = _means_and_purposes(participant)
    if means is not None:
        subject["means"] = means
    if purposes is not None:
        subject["purposes"] = purposes
    if crossings:
        subject["crossings"] = [_crossing(c) for c in crossings]
    elif participant.crossed_no_border:
        subject["crossings"] = []
    benefit = mapping.BENEFIT.get(participant.benefit_sought)
    if benefit is not None:
        subject["benefit_sought"] = benefit
    if any(c.documents == BorderCrossing.Documents.FRAUDULENT for c in crossings):
        subject["fraudulent_document"] = True
    return subject


def _means_and_purposes(participant: Participant) -> tuple[Any, Any]:
    """Each element map: False ("none of them", as recorded), a map of what was found, or None (unknown)."""
    means: dict[str, bool] | bool | None = False if participant.no_means_of_control else None
    if not participant.no_means_of_control:
        found = {mapping.MEANS_OF_CONTROL[c] for c in participant.means_of_control if c in mapping.MEANS_OF_CONTROL}
        means = dict.fromkeys(sorted(found), True) or None
    purposes: dict[str, bool] | bool | None = False if participant.no_exploitation else None
    if not participant.no_exploitation:
        found = {mapping.PURPOSE_OF_FORM[f] for f in participant.forms_of_exploitation if f in mapping.PURPOSE_OF_FORM}
        found |= {
            mapping.PURPOSE_OF_MEANS_OF_CONTROL[c]
            for c in participant.means_of_control
            if c in mapping.PURPOSE_OF_MEANS_OF_CONTROL
        }
        purposes = dict.fromkeys(sorted(found), True) or None
    return means, purposes


def _crossing(crossing: BorderCrossing) -> dict[str, Any]:
    procured: bool | None = None
    if crossing.procured_by_id is not None:
        procured = True
    elif crossing.procured_by_nobody:
        procured = False
    item: dict[str, Any] = {
        "from": crossing.from_country_id,
        "to": crossing.to_country_id,
        "entry": mapping.ENTRY[crossing.entry],
        "documents": mapping.DOCUMENTS[crossing.documents],
        "procured_by_suspect": procured,
    }
    # Only a full date: "2025-01" could fall on either side of a withdrawal from a free-movement regime
    # (29 January 2025), so a partial date is given as unknown rather than guessed.
    if len(crossing.date) == len("2025-01-29"):
        item["date"] = crossing.date
    return item


def _add_screening(subject: dict[str, Any], screening: ScreeningEvidence) -> list[str]:
    """Screening answers fill what the register leaves unknown; a recorded fact (or "none") always wins."""
    taken = []
    for element, keys, found in (
        ("acts", mapping.ACT_KEYS, screening.acts),
        ("means", mapping.MEANS_KEYS, screening.means),
        ("purposes", mapping.PURPOSE_KEYS, screening.purposes),
    ):
        recorded = subject.get(element)
        if recorded is False:
            continue
        merged = dict(recorded or {})
        for key in keys:
            # Only a "yes" is taken: a screening answer never rules a fact out (see screening/evidence.py).
            if found.get(key) is True and key not in merged:
                merged[key] = True
                taken.append(f"{element}.{key}")
        if merged:
            subject[element] = dict(sorted(merged.items()))
    return taken


# Age at the time of the first act ---------------------------------------------------------------------


def _day_range(partial: str) -> tuple[datetime.date, datetime.date]:
    """The first and the last day a partial date can mean ("2021-02" -> 1 and 28 February 2021)."""
    first = earliest_day(partial)
    _year, month, day = PARTIAL_DATE_PATTERN.match(partial).groups()  # type: ignore[union-attr]
    if day:
        return first, first
    if month:
        next_month = first.replace(day=28) + datetime.timedelta(days=4)
        return first, next_month - datetime.timedelta(days=next_month.day)
    return first, first.replace(month=12, day=31)


def _years(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birth_range(person: Person) -> tuple[datetime.date, datetime.date] | None:
    if person.date_of_birth:
        return _day_range(person.date_of_birth)
    if person.estimated_age is not None and person.age_estimated_on is not None:
        # Taken as the register takes it elsewhere: the person was that age on that day.
        on, age = person.age_estimated_on, person.estimated_age
        latest = _minus_years(on, age)
        earliest = _minus_years(on, age + 1) + datetime.timedelta(days=1)
        return earliest, latest
    return None


def _minus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _first_act_range(events: list[Event], case: Case) -> tuple[datetime.date | None, datetime.date]:
    """The earliest and the latest day the person's first act can have been.

    Latest: the end of the person's earliest dated event (an act comes no later than the exploitation, the
    rescue or the return it leads to); with no dated event, the day the case was reported or opened.
    Earliest: the start of that event, known only when every act of the person is dated (an undated
    recruitment may have come first). Border crossings are not used: a migrant may cross on his own
    before anyone recruits him.
    """
    dated = [_day_range(e.date) for e in events if e.date]
    if not dated:
        return None, case.reported_on or case.opened_on
    # With no act recorded at all, the recruitment came at some unknown earlier day: no earliest day then.
    acts = [e for e in events if e.kind in mapping.ACT_OF_EVENT]
    acts_dated = bool(acts) and all(e.date for e in acts)
    return (min(first for first, _last in dated) if acts_dated else None), min(last for _first, last in dated)


def _age_at_first_act(person: Person, events: list[Event], case: Case) -> dict[str, Any]:
    """`age` when it is certain, else `minor` when only that is certain, else nothing (unknown)."""
    born = _birth_range(person)
    if born is None:
        return {}
    act_from, act_until = _first_act_range(events, case)
    oldest = _years(born[0], act_until)
    youngest = _years(born[1], act_from) if act_from is not None else None
    if oldest > MAX_AGE:
        # A date of birth mistyped a century early: the age is unknown, not 125 (the engine refuses that).
        return {}
    if youngest is not None and youngest == oldest:
        return {"age": max(oldest, 0)}
    if oldest < ADULT_AGE:
        return {"minor": True}
    if youngest is not None and youngest >= ADULT_AGE:
        return {"minor": False}
    return {}


# The qualification of a case ----------------------------------------------------------------------------


@dataclass
class SubjectQualification:
    participant: Participant
    result: dict[str, Any]  # the subject's part of the vigie.qualification/1 document
    national: dict[str, Any] | None
    missing: list[MissingFact]
    from_screening: list[str]


@dataclass
class CaseQualification:
    document: dict[str, Any]
    subjects: list[SubjectQualification]


def engine_language(language: str | None) -> str:
    """The engine writes its reasons in English and French; other languages get English."""
    code = (language or "en")[:2]
    return code if code in ("en", "fr") else "en"


def qualify_case_facts(facts: CaseFacts, *, lang: str) -> CaseQualification:
    """What the engine says of these facts, subject by subject, with the unknowns that decide it."""
    document = qualify(facts.document, lang=lang)
    missing = deciding_unknowns(facts.document, lang=lang)
    national = {s["id"]: s for s in (document.get("national") or {}).get("subjects", [])}
    subjects = [
        SubjectQualification(
            participant=facts.participants[result["id"]],
            result=result,
            national=national.get(result["id"]),
            missing=missing.get(result["id"], []),
            from_screening=facts.from_screening.get(result["id"], []),
        )
        for result in document["subjects"]
    ]
    return CaseQualification(document=document, subjects=subjects)
