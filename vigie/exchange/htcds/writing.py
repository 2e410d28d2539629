"""Writing a batch of HTCDS records into the register of one agency, with bulk inserts.

One service call per row would take hours for 100,000 rows, so a batch is built as rows of each table
and inserted at once, as the demo generator does (cases/demo.py), keeping the register's invariants:
- case references come from the agency's counter (CaseCounter), locked for the batch and moved on;
- rows with the same cas_CaseNumber are one case, found again in later batches and imports through the
  indexed table of imported case numbers (ImportedCase); its title "HTCDS <number>" is for people; a row
  without a case number finds its case again by its person and day of referral (case_key); the same
  person (names and date of birth) in one case is one person;
- a person "ActualVictimOfTrafficking" was identified by the organisation that kept the file; vigie
  records a victim only through a confirmed identification decision, so the import writes one:
  proposed by the source file (the inactive account "htcds-import", nobody logs in with it) and
  confirmed by the person who imports, with the identifying organisation in the grounds. A closed case
  gets its confirmed closure decision the same way;
- every case created or completed gets one audit event "case.imported" (what a case's history shows
  first), besides the one event of the import run that the runner writes;
- a row edited since an earlier import, which finds its case and person again, adds what is new (phones,
  events, a plan…) and applies the two decisions a file records: a case it now says closed is closed, a
  presumed victim it now says identified is identified, through the same services as in vigie (proposed
  by the source account, confirmed by the person who imports, each audited). Other changed values are
  not applied: once imported, the register is corrected in vigie, with its history;
- a case deleted in vigie stays deleted: its number stays in ImportedCase without a case, and the rows of
  a later file that would find it again are left out (the runner counts them apart). So does a person
  removed from a case in vigie (the case's "participant removed" audit events name the person), and a
  role changed in vigie stands: an edited row of that person joins the role vigie has now.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency, User
from vigie.analytics.changes import bulk_register_write
from vigie.assistance.models import ASSISTED_ROLES, AssistancePlan
from vigie.audit.models import AuditEvent
from vigie.bulk_write import write_rows
from vigie.cases.demo import Row, _lock_and_number, _reset_sequences
from vigie.cases.models import Case, CaseCounter, Decision, Event, Participant, SuspectedOffence
from vigie.cases.services import case_reference, confirm_decision, propose_case_closure, propose_victim_identification
from vigie.exchange.bulk import rows_matching
from vigie.exchange.htcds.parsing import EventRecord, HtcdsRecord
from vigie.exchange.models import ImportedCase
from vigie.people.models import Consent, IdentityDocument, Person, PhoneNumber
from vigie.people.names import search_key

SOURCE_ACCOUNT = "htcds-import"
TITLE_PREFIX = "HTCDS "
PersonNationality = Person.nationalities.through
VICTIM_ROLES = (Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM)
OTHER_VICTIM_ROLE: dict[str, str] = dict(zip(VICTIM_ROLES, reversed(VICTIM_ROLES), strict=True))
EventParticipant = Event.participants.through
ID_MODELS = (Person, Case, Participant, Event)
WRITE_ORDER = (
    Person,
    PersonNationality,
    IdentityDocument,
    PhoneNumber,
    Case,
    ImportedCase,
    SuspectedOffence,
    Participant,
    Decision,
    Event,
    EventParticipant,
    Consent,
    AssistancePlan,
    AuditEvent,
)


def _htcds_texts() -> dict[str, str]:
    return {
        "imported": _("Imported from an HTCDS file (row %(row)d)."),
        "no_closing_date": _("The HTCDS file gives no closing date: the day of the import is used."),
        "identified": _(
            "Identified as a victim of trafficking before the import, by: %(org)s (HTCDS file, row %(row)d)."
        ),
        "org_unknown": _("organisation not stated"),
        "recorded": _("Recorded in the imported HTCDS file."),
        "no_consent": _("Consent: no (HTCDS con_Consent = FALSE)."),
        "consent": _("From the HTCDS file (con_Consent = TRUE), which says neither how nor when it was given."),
        "closed": _("The case is closed in the imported HTCDS file (row %(row)d)."),
    }


@dataclass(frozen=True)
class Origin:
    """Where the records come from: the spreadsheet importer writes through this writer with its own."""

    source: str  # in the "case.imported" audit events
    title_prefix: str  # a case's title is this + its number in the source: a later file finds the case again
    account: str  # the inactive account that "proposes" the decisions the file records
    account_name: str
    texts: Callable[[], dict[str, str]]  # translated once a batch, keys as in _htcds_texts


HTCDS_ORIGIN = Origin("htcds", TITLE_PREFIX, SOURCE_ACCOUNT, "HTCDS", _htcds_texts)


@dataclass
class WriteSummary:
    rows: int = 0  # written: the rows of cases deleted in vigie are left out
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # The last ids before the run's first batch: given back for the next batch (see write_htcds_records).
    last_ids_before_run: dict[type, int] = field(default_factory=dict)


@dataclass
class _CaseState:
    id: int
    reference: str
    opened_on: datetime.date
    rows: list[int] = field(default_factory=list)
    status: str = Case.Status.OPEN
    # Written by an earlier import (not an earlier batch of this one): a row edited since may close it.
    earlier: bool = False
    # (name search key, date of birth) -> person id; (person id, role) -> participant id
    persons: dict[tuple[str, str], int] = field(default_factory=dict)
    participants: dict[tuple[int, str], int] = field(default_factory=dict)
    # Of an earlier import's case: person id -> the person's participant in vigie now, whatever its role.
    participant_now: dict[int, int] = field(default_factory=dict)
    # (name search key, date of birth) of the persons removed from the case in vigie, and not back in it.
    removed_persons: set[tuple[str, str]] = field(default_factory=set)


def source_account(origin: Origin = HTCDS_ORIGIN) -> User:
    account, created = User.objects.get_or_create(
        username=origin.account, defaults={"is_active": False, "first_name": origin.account_name, "last_name": "import"}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


class _Rows:
    """Many rows of one model's table at once (vigie.bulk_write), the database's constraints checking them
    as usual. The writer builds the rows of a table with the same keys in the same order and values ready
    for the database (the time of writing prepared once, JSON as text: what both databases take), so a row
    goes in as its values, picked at C speed, followed by the defaults of the columns it leaves out: no
    Python step per value (the demo's _Table spends a tenth of an import there, and preparing values here
    a tenth of this writer's time)."""

    def __init__(self, model: type[models.Model], *, with_id: bool) -> None:
        self.model = model
        self.fields = {f.attname: f for f in model._meta.concrete_fields if with_id or not f.primary_key}
        self.defaults = {
            name: None if f.primary_key else _prepared(f, f.get_default()) for name, f in self.fields.items()
        }

    def write(self, rows: list[Row]) -> None:
        groups: dict[tuple[str, ...], list[Row]] = defaultdict(list)
        for row in rows:
            groups[tuple(row)].append(row)
        for names, group in groups.items():
            self._write(names, group)

    def _write(self, names: tuple[str, ...], rows: list[Row]) -> None:
        left_out = [name for name in self.fields if name not in names]
        tail = tuple(self.defaults[name] for name in left_out)
        pick = itemgetter(*names)
        values = [pick(row) + tail for row in rows] if len(names) > 1 else [(pick(row), *tail) for row in rows]
        columns = [str(self.fields[name].column) for name in (*names, *left_out)]
        write_rows(connection, self.model._meta.db_table, columns, values)


def _prepared(model_field: "models.Field[Any, Any]", value: Any) -> Any:
    """A column's default as the database takes it."""
    if value is None:
        return value
    if isinstance(model_field, models.JSONField):
        return _json(value)
    return model_field.get_db_prep_save(value, connection)


def _json(value: Any) -> str:
    """JSON as text. Lists of codes (forms of exploitation, means of control) repeat from row to row, and
    each encode() builds a new encoder: each list is encoded once. None of the register's JSON fields that
    the writer fills has an encoder of its own."""
    if type(value) is list and all(isinstance(item, str) for item in value):
        key = tuple(value)
        text = _ENCODED_LISTS.get(key)
        if text is None:
            if len(_ENCODED_LISTS) >= 4096:
                _ENCODED_LISTS.clear()
            text = _ENCODED_LISTS[key] = _JSON.encode(value)
        return text
    return _JSON.encode(value)


_JSON = json.JSONEncoder()
_ENCODED_LISTS: dict[tuple[str, ...], str] = {}


class _BatchWriter:
    def __init__(
        self,
        *,
        agency: Agency,
        actor: User,
        today: datetime.date,
        origin: Origin,
        last_ids_before_run: dict[type, int] | None = None,
    ) -> None:
        self.agency = agency
        self.actor = actor
        self.origin = origin
        self.source = source_account(origin)
        # Read for each row written: a model's pk is a property, these are plain attributes.
        self.agency_id, self.actor_id, self.source_id = agency.pk, actor.pk, self.source.pk
        self.actor_username = actor.get_username()
        self.today = today
        self.rows: dict[type, list[Row]] = defaultdict(list)
        self.next_id = _lock_and_number(ID_MODELS)
        # What an earlier import wrote has lower ids: within one file, a case's first row stands.
        self.last_ids_before_run = last_ids_before_run or dict(self.next_id)
        # Decisions that rows edited since an earlier import record, applied once the batch is written.
        self.closures: list[tuple[_CaseState, HtcdsRecord]] = []
        self.identifications: list[tuple[_CaseState, int, HtcdsRecord]] = []
        self.counters = {c.year: c.last_number for c in CaseCounter.objects.select_for_update().filter(agency=agency)}
        self.cases: dict[str, _CaseState] = {}
        # Keys (see case_key) of cases an earlier import wrote and someone deleted in vigie since: their rows
        # are left out, and counted by the runner (a deleted case does not come back with a later file).
        self.deleted_cases: set[str] = set()
        self.left_out = 0
        # (person id, "phone:…" / "doc:…" / "nat:…" / "consent"), (participant id, "event:…" / "plan:…")
        self.known: set[tuple[int, str]] = set()
        self.roles: dict[int, str] = {}  # participant id -> role, in vigie now or as written
        # Translated once a batch: gettext for every row costs as much as inserting the row.
        self.text = origin.texts()
        # The time of writing of every row of the batch, as the database takes it (see _Rows).
        self.now = models.DateTimeField().get_db_prep_save(timezone.now(), connection)

    def new_id(self, model: type) -> int:
        self.next_id[model] += 1
        return self.next_id[model]

    def add(self, model: type, row: Row) -> None:
        self.rows[model].append(row)

    def load_existing_cases(self, numbers: set[str]) -> None:
        """Cases of earlier imports with the same case numbers, with their persons and what they already hold."""
        # Stored with the origin's prefix ("HTCDS 12", "Source 12"): two kinds of file never share a case.
        keys = {self.origin.title_prefix + n: n for n in numbers}
        imported = {}
        for case_id, number in rows_matching(ImportedCase, "number", keys, ["case", "number"], agency=self.agency_id):
            if case_id is None:
                self.deleted_cases.add(keys[number])
            else:
                imported[case_id] = number
        if not imported:
            return
        by_id = {}
        for case_id, reference, opened_on, status in Case.objects.filter(id__in=imported).values_list(
            "id", "reference", "opened_on", "status"
        ):
            earlier = case_id <= self.last_ids_before_run[Case]
            state = _CaseState(case_id, reference, opened_on, status=status, earlier=earlier)
            self.cases[keys[imported[case_id]]] = by_id[case_id] = state
        participants = Participant.objects.filter(case_id__in=by_id).values_list(
            "id", "case_id", "role", "person_id", "person__given_names", "person__family_name", "person__date_of_birth"
        )
        person_ids, participant_ids = set(), set()
        for pk, case_id, role, person_id, given, family, born in participants.order_by("id"):
            state = by_id[case_id]
            state.persons[(search_key(f"{given} {family}"), born)] = person_id
            state.participants[(person_id, role)] = pk
            if pk <= self.last_ids_before_run[Participant]:  # not of an earlier batch of this file
                state.participant_now.setdefault(person_id, pk)
            self.roles[pk] = role
            person_ids.add(person_id)
            participant_ids.add(pk)
        self._load_removed_persons(by_id)
        # A row edited since it was imported joins its case and person again: what the earlier row wrote for
        # them (its events, its plan) is not written twice.
        for participant_id, *event in Event.objects.filter(participants__in=participant_ids).values_list(
            "participants", *EVENT_FACT_FIELDS
        ):
            self.known.add((participant_id, _event_fact(*event)))
        plans = AssistancePlan.objects.filter(participant_id__in=participant_ids)
        for participant_id, *plan in plans.values_list("participant_id", *PLAN_FACT_FIELDS):
            self.known.add((participant_id, _plan_fact(*plan)))
        for person_id, number in PhoneNumber.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "number"
        ):
            self.known.add((person_id, f"phone:{number}"))
        for person_id, number in IdentityDocument.objects.filter(person_id__in=person_ids, kind="other").values_list(
            "person_id", "number"
        ):
            self.known.add((person_id, f"doc:{number}"))
        for person_id, country in PersonNationality.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "country_id"
        ):
            self.known.add((person_id, f"nat:{country}"))
        for person_id in (
            Consent.objects.in_force()
            .filter(Q(person_id__in=person_ids), purpose=Consent.Purpose.DATA_SHARING)
            .values_list("person_id", flat=True)
        ):
            self.known.add((person_id, "consent"))

    def _load_removed_persons(self, by_id: dict[int, _CaseState]) -> None:
        """The persons removed in vigie from the cases found again, as the audit trail records each removal
        (remove_participant: the case's reference, the person's id). A person removed, then added again in
        another role, is in the case: only those not in it are left out."""
        by_reference = {state.reference: state for state in by_id.values()}
        removals = AuditEvent.objects.filter(
            action=AuditEvent.Action.PARTICIPANT_REMOVED, agency_id=self.agency_id, target_label__in=by_reference
        ).values_list("target_label", "changes")
        removed: dict[int, list[_CaseState]] = defaultdict(list)
        for reference, changes in removals:
            person_id = (changes.get("person") or {}).get("old")
            if isinstance(person_id, int):
                removed[person_id].append(by_reference[reference])
        if not removed:
            return
        for person_id, given, family, born in Person.objects.filter(id__in=removed).values_list(
            "id", "given_names", "family_name", "date_of_birth"
        ):
            identity = (search_key(f"{given} {family}"), born)
            for state in removed[person_id]:
                if identity not in state.persons:
                    state.removed_persons.add(identity)

    def case_for(self, record: HtcdsRecord) -> _CaseState | None:
        """The row's case: found again, or new; None for a case deleted in vigie, or a row of a person
        removed from the case in vigie."""
        found_again_by = case_key(record)
        if found_again_by in self.deleted_cases:
            return None
        key = found_again_by or f"#row{record.row}"
        state = self.cases.get(key)
        if state is not None:
            if state.removed_persons and record.has_person and _identity(record) in state.removed_persons:
                return None
            state.rows.append(record.row)
            if state.earlier and record.status == Case.Status.CLOSED and state.status != Case.Status.CLOSED:
                state.status = Case.Status.CLOSED  # one closure, whichever rows of the case say so
                self.closures.append((state, record))
            return state
        opened_on = record.opened_on or self.today
        number = self.counters[opened_on.year] = self.counters.get(opened_on.year, 0) + 1
        state = _CaseState(
            self.new_id(Case), case_reference(self.agency, opened_on.year, number), opened_on, [record.row]
        )
        self.cases[key] = state
        narrative = [self.text["imported"] % {"row": record.row}, *record.case_notes]
        if record.status == Case.Status.CLOSED and record.closing_day_assumed:
            narrative.append(self.text["no_closing_date"])
        self.add(
            Case,
            {
                "id": state.id,
                "agency_id": self.agency_id,
                "reference": state.reference,
                "year": opened_on.year,
                "number": number,
                "title": self.origin.title_prefix + record.case_number if record.case_number else record.case_title,
                "status": record.status,
                "closure_reason": record.closure_reason,
                "reported_on": record.reported_on,
                "opened_on": opened_on,
                "closed_on": record.closed_on,
                "narrative": "\n".join(narrative),
                "country_id": record.case_country_id or self.agency.country_id,
                "created_at": self.now,
                "updated_at": self.now,
            },
        )
        if found_again_by:
            imported_key = self.origin.title_prefix + found_again_by
            self.add(ImportedCase, {"agency_id": self.agency_id, "number": imported_key, "case_id": state.id})
        # HTCDS is the trafficking case standard: every case it holds is a suspected trafficking case (the
        # records' default); a spreadsheet's mapping may name other offences.
        for offence in record.offences:
            self.add(SuspectedOffence, {"case_id": state.id, "offence": offence})
        if record.status == Case.Status.CLOSED and record.closed_on is not None:
            self.decision(state, Decision.Kind.CASE_CLOSURE, record.closed_on, closure_reason=record.closure_reason)
        return state

    def decision(
        self,
        case: _CaseState,
        kind: str,
        effective_on: datetime.date,
        *,
        participant_id: int | None = None,
        closure_reason: str = "",
        grounds: str = "",
    ) -> None:
        self.add(
            Decision,
            {
                "case_id": case.id,
                "kind": kind,
                "participant_id": participant_id,
                "grounds": grounds or self.text["recorded"],
                "effective_on": effective_on,
                "closure_reason": closure_reason,
                "status": Decision.Status.CONFIRMED,
                "proposed_by_id": self.source_id,
                "proposed_at": self.now,
                "answered_by_id": self.actor_id,
                "answered_at": self.now,
            },
        )

    def once(self, person_id: int, fact: str) -> bool:
        """True the first time a fact is written for a person (phones, documents… are unique per person)."""
        if (person_id, fact) in self.known:
            return False
        self.known.add((person_id, fact))
        return True

    def person_for(self, case: _CaseState, record: HtcdsRecord) -> int:
        identity = _identity(record)
        name_key = identity[0]
        person_id = case.persons.get(identity)
        if person_id is None:
            person_id = case.persons[identity] = self.new_id(Person)
            self.add(
                Person,
                {
                    "id": person_id,
                    "given_names": record.given_names,
                    "family_name": record.family_name,
                    "sex": record.sex,
                    "date_of_birth": record.date_of_birth,
                    "estimated_age": record.estimated_age,
                    "age_estimated_on": case.opened_on if record.estimated_age is not None else None,
                    "languages": record.languages,
                    "residence_country_id": record.residence_country_id,
                    "residence_area": record.residence_area,
                    "residence_locality": record.residence_locality,
                    # As people/services.py builds it, so that search finds imported persons.
                    "search_text": name_key,
                    "recorded_by_agency_id": self.agency_id,
                    "created_at": self.now,
                    "updated_at": self.now,
                },
            )
        for country in record.nationalities:
            if self.once(person_id, f"nat:{country}"):
                self.add(PersonNationality, {"person_id": person_id, "country_id": country})
        if record.identity_number and self.once(person_id, f"doc:{record.identity_number}"):
            self.add(IdentityDocument, {"person_id": person_id, "kind": "other", "number": record.identity_number})
        for number, note in record.phones:
            if self.once(person_id, f"phone:{number}"):
                self.add(PhoneNumber, {"person_id": person_id, "number": number, "note": note})
        return person_id

    def participant_for(self, case: _CaseState, person_id: int, record: HtcdsRecord) -> int:
        participant_id = case.participants.get((person_id, record.role))
        if participant_id is None and record.role in VICTIM_ROLES:
            # A presumed victim whose row now says "actual victim" (or the other way): the row was edited
            # since its import. The same participant, identified now as a new row's victim would be: by a
            # decision (see apply_edited_decisions). A victim is not made presumed again by a file.
            participant_id = case.participants.get((person_id, OTHER_VICTIM_ROLE[record.role]))
            if participant_id is not None and record.role == Participant.Role.VICTIM:
                case.participants[(person_id, record.role)] = participant_id  # identified once
                if participant_id <= self.last_ids_before_run[Participant]:
                    self.identifications.append((case, participant_id, record))
        if participant_id is None and record.role in VICTIM_ROLES and person_id in case.participant_now:
            # A row of the person as a victim, who is in the case in another role: vigie changed it since the
            # import (a presumed victim found to be a recruiter; a victim's role is never changed, only
            # removed). That role stands, and the row's news goes to it. A row that gives the person a new
            # role besides (a victim who became a recruiter, in the perpetrators sheet) adds it, as before.
            participant_id = case.participants[(person_id, record.role)] = case.participant_now[person_id]
        if participant_id is not None:
            return participant_id
        participant_id = case.participants[(person_id, record.role)] = self.new_id(Participant)
        self.roles[participant_id] = record.role
        notes = list(record.participant_notes)
        if record.consent is False:
            notes.append(self.text["no_consent"])
        self.add(
            Participant,
            {
                "id": participant_id,
                "case_id": case.id,
                "person_id": person_id,
                "role": record.role,
                "suspect_role": record.suspect_role,
                "forms_of_exploitation": _json(record.forms_of_exploitation),
                "sector": record.sector,
                "means_of_control": _json(record.means_of_control),
                "notes": "\n".join(notes),
            },
        )
        if record.role == Participant.Role.VICTIM:
            grounds = self.text["identified"] % {
                "org": record.identified_by or self.text["org_unknown"],
                "row": record.row,
            }
            self.decision(
                case,
                Decision.Kind.VICTIM_IDENTIFICATION,
                case.opened_on,
                participant_id=participant_id,
                grounds=grounds,
            )
        return participant_id

    def record(self, record: HtcdsRecord) -> None:
        case = self.case_for(record)
        if case is None:
            self.left_out += 1
            return
        if not record.has_person:
            # A row of the case alone, or of its events sheet: events of the case that name nobody.
            for event in record.events:
                self.event(case, event)
            return
        person_id = self.person_for(case, record)
        participant_id = self.participant_for(case, person_id, record)
        for event in record.events:
            fact = _event_fact(*(getattr(event, name) for name in EVENT_FACT_FIELDS))
            if self.once(participant_id, fact):
                self.add(EventParticipant, {"event_id": self.event(case, event), "participant_id": participant_id})
        self.consent_and_plan(case, person_id, participant_id, record)

    def event(self, case: _CaseState, event: EventRecord) -> int:
        event_id = self.new_id(Event)
        self.add(
            Event,
            {
                "id": event_id,
                "case_id": case.id,
                "kind": event.kind,
                "date": event.date,
                "country_id": event.country_id,
                "admin_area": event.admin_area,
                "locality": event.locality,
                # Decimals as they are: both drivers take them (a DecimalField prepares nothing more).
                "latitude": event.latitude,
                "longitude": event.longitude,
                "description": event.description,
            },
        )
        return event_id

    def consent_and_plan(self, case: _CaseState, person_id: int, participant_id: int, record: HtcdsRecord) -> None:
        if record.consent and self.once(person_id, "consent"):
            self.add(
                Consent,
                {
                    "person_id": person_id,
                    "purpose": Consent.Purpose.DATA_SHARING,
                    "given_on": case.opened_on,
                    # HTCDS records that consent was given, not how: "orally" claims the least.
                    "method": Consent.Method.ORAL,
                    "note": self.text["consent"],
                    "recorded_by_id": self.actor_id,
                    "recorded_at": self.now,
                },
            )
        # A plan of assistance is for a victim or a migrant, not for a person vigie now records as a suspect.
        assisted = self.roles[participant_id] in ASSISTED_ROLES
        if record.plan is not None and assisted and self._new_plan(participant_id, record):
            plan = record.plan
            self.add(
                AssistancePlan,
                {
                    "case_id": case.id,
                    "participant_id": participant_id,
                    "notes": plan.notes,
                    "created_at": self.now,
                    "agreed_on": case.opened_on,
                    "goals": plan.goals,
                    "review_on": plan.review_on,
                    "status": AssistancePlan.Status.COMPLETED if plan.ended_on else AssistancePlan.Status.ACTIVE,
                    "ended_on": plan.ended_on,
                },
            )

    def _new_plan(self, participant_id: int, record: HtcdsRecord) -> bool:
        """False for the plan of a main sheet's row already written for the participant (the row edited since
        its import). A row of the plans sheet is a plan of its own, even alike another (see the importer)."""
        fact = _plan_fact(*(getattr(record.plan, name) for name in PLAN_FACT_FIELDS))
        if record.from_part:
            self.known.add((participant_id, fact))
            return True
        return self.once(participant_id, fact)

    def audit(self) -> None:
        for case in self.cases.values():
            if not case.rows:
                continue  # an earlier import's case that no row of this batch touched
            self.add(
                AuditEvent,
                {
                    "at": self.now,
                    "actor_id": self.actor_id,
                    "actor_username": self.actor_username,
                    "action": AuditEvent.Action.CASE_IMPORTED,
                    "target_type": Case._meta.label_lower,
                    "target_id": str(case.id),
                    "target_label": case.reference,
                    "agency_id": self.agency_id,
                    "changes": _json({"source": self.origin.source, "rows": case.rows}),
                },
            )

    def flush(self) -> dict[str, int]:
        # The statistics' change triggers would fire for each of the batch's rows on SQLite: once is enough.
        with bulk_register_write(), _foreign_keys_checked_as_written():
            for model in WRITE_ORDER:
                rows = self.rows.get(model, [])
                if rows:
                    _Rows(model, with_id=model in ID_MODELS).write(rows)
        _reset_sequences(ID_MODELS)
        CaseCounter.objects.bulk_create(
            [CaseCounter(agency=self.agency, year=y, last_number=n) for y, n in sorted(self.counters.items())],
            update_conflicts=True,
            unique_fields=["agency", "year"],
            update_fields=["last_number"],
        )
        return {model._meta.label_lower: len(self.rows.get(model, [])) for model in WRITE_ORDER}

    def apply_edited_decisions(self) -> None:
        """The identifications and closures that rows edited since an earlier import record (in that order:
        a victim is identified before the case closes), once the batch is written. Proposed by the source
        account and confirmed by the person who imports, as for a new row, through the services every
        decision goes through (their checks, their audit events).

        What people decided in vigie stands: a decision on the same case or person waiting, or rejected; an
        identification made or refused in vigie; a case the file closed once, which vigie reopened since (the
        file still saying "closed" is what it said before, not news)."""
        if not (self.closures or self.identifications):
            return
        participants = Participant.objects.select_related("case").in_bulk([pk for _c, pk, _r in self.identifications])
        decided = set(
            Decision.objects.filter(kind=Decision.Kind.VICTIM_IDENTIFICATION, participant__in=participants).values_list(
                "participant", flat=True
            )
        )
        for state, participant_id, record in self.identifications:
            if participant_id in decided:
                continue
            identified = self.text["identified"] % {
                "org": record.identified_by or self.text["org_unknown"],
                "row": record.row,
            }
            self._decide(
                propose_victim_identification,
                participant=participants[participant_id],
                grounds=identified,
                identified_on=state.opened_on,
            )
        cases = Case.objects.in_bulk([state.id for state, _record in self.closures])
        closures = Decision.objects.filter(kind=Decision.Kind.CASE_CLOSURE, case__in=cases)
        settled = set(
            closures.filter(
                Q(status__in=[Decision.Status.PROPOSED, Decision.Status.REJECTED]) | Q(proposed_by_id=self.source_id)
            ).values_list("case", flat=True)
        )
        for state, record in self.closures:
            case = cases[state.id]
            if case.pk in settled:
                continue
            grounds = [self.text["closed"] % {"row": record.row}]
            if record.closing_day_assumed:
                grounds.append(self.text["no_closing_date"])
            self._decide(
                propose_case_closure,
                case=case,
                closure_reason=record.closure_reason,
                closed_on=max(record.closed_on or self.today, case.opened_on),
                grounds=" ".join(grounds),
            )

    def _decide(self, propose: Callable[..., Decision], **facts: Any) -> None:
        confirm_decision(actor=self.actor, decision=propose(actor=self.source, **facts))


# What makes two events of a participant the same event (an EventRecord's fields, an Event's columns).
EVENT_FACT_FIELDS = ("kind", "date", "country_id", "admin_area", "locality", "latitude", "longitude", "description")


def _event_fact(*values: Any) -> str:
    # Coordinates as numbers: 13.50 in a file is 13.500000 in the database.
    return "event:" + "|".join(
        format(v.normalize(), "f") if isinstance(v, Decimal) else "" if v is None else str(v) for v in values
    )


# What makes two plans of a participant the same plan (a PlanRecord's fields, an AssistancePlan's columns).
PLAN_FACT_FIELDS = ("goals", "notes", "review_on", "ended_on")


def _plan_fact(*values: Any) -> str:
    return "plan:" + "|".join("" if v is None else str(v) for v in values)


@contextmanager
def _foreign_keys_checked_as_written() -> Iterator[None]:
    """On PostgreSQL, the batch's foreign keys are checked at the end of each COPY rather than all at the
    commit: the same checks, but the server makes them while the import reads the next rows (on the other
    core, see the runner), instead of alone at the end, and it does not queue millions of them in memory.
    The writer writes parents first (WRITE_ORDER). SQLite looks each key up on insert whatever the mode."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        # Every deferrable constraint of vigie is initially deferred (Django's foreign keys): as before.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _identity(record: HtcdsRecord) -> tuple[str, str]:
    """What makes a row's person one person in a case: names (as search compares them) and date of birth."""
    return (record.name_key or search_key(f"{record.given_names} {record.family_name}"), record.date_of_birth)


def case_key(record: HtcdsRecord) -> str:
    """What finds a row's case again, in a later batch or a later file: its case number; for a row without
    one (the HTCDS template has no such column), its person — names and full date of birth — with the day
    of referral. The same person referred on the same day is one case, so a row edited since it was
    imported joins the case it made instead of making another (and the person in it, see person_for).
    Anything less (a year of birth, no day of referral) could join two people: such a row (and a row
    naming nobody) is a case of its own, as any row was before. "" when nothing finds the case again."""
    if record.case_number:
        return record.case_number
    name_key = record.name_key or search_key(f"{record.given_names} {record.family_name}")
    full_birth_date = len(record.date_of_birth) == 10  # 2001-04-02, not a partial date (2001, 2001-04)
    if not (record.has_person and name_key and full_birth_date and record.opened_on):
        return ""
    identity = f"{name_key}|{record.date_of_birth}|{record.opened_on}"
    # Hashed: the table of imported case numbers holds no names; no file's case number looks like this.
    return "~person:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def write_htcds_records(
    records: list[HtcdsRecord],
    *,
    agency: Agency,
    actor: User,
    today: datetime.date | None = None,
    origin: Origin = HTCDS_ORIGIN,
    last_ids_before_run: dict[type, int] | None = None,
) -> WriteSummary:
    """Write parsed rows into the agency's register. Call it inside the import's transaction, and give each
    batch after the first the `last_ids_before_run` of the first's summary: what has lower ids was written by
    an earlier import, which a row edited since may change (closing its case, identifying its victim); what
    this file wrote in an earlier batch is not changed by a later row (a case's first row stands)."""
    writer = _BatchWriter(
        agency=agency,
        actor=actor,
        today=today or timezone.localdate(),
        origin=origin,
        last_ids_before_run=last_ids_before_run,
    )
    writer.load_existing_cases({key for record in records if (key := case_key(record))})
    for record in records:
        writer.record(record)
    writer.audit()
    summary = WriteSummary(rows=len(records) - writer.left_out, last_ids_before_run=writer.last_ids_before_run)
    summary.counts.update(writer.flush())
    writer.apply_edited_decisions()
    return summary
