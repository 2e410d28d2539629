import datetime
import re
from dataclasses import dataclass, field
from itertools import chain

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.access import can_answer_decision, cases_visible_to
from vigie.cases.models import (
    BorderCrossing,
    Case,
    CaseQuerySet,
    CaseShare,
    Decision,
    Event,
    Participant,
    SuspectedOffence,
)
from vigie.people.models import Person
from vigie.people.names import search_key
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import WaitingItem, alert_delays, due_date

# A country code and a hyphen, as references begin: "NE-ANLTP".
REFERENCE_START = re.compile(r"^[A-Za-z]{2}-")


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    status: str = ""
    offence: str = ""
    agency_id: int | None = None
    country_id: str = ""
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None


def search_cases(user: User, filters: CaseFilters) -> CaseQuerySet:
    """Cases the user may see that match the filters, newest first.

    The text matches case references and the names and aliases of the people in the case, ignoring
    case and accents ("traore" finds "Traoré").
    """
    return filter_cases(cases_visible_to(user), filters)


def filter_cases(cases: CaseQuerySet, filters: CaseFilters) -> CaseQuerySet:
    """The cases among `cases` that match the filters of the case list, newest first (exports reuse them)."""
    text = filters.query.strip()
    if text:
        cases = cases.filter(_matching_reference_or_name(text, within=cases))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.offence:
        cases = cases.filter(Exists(SuspectedOffence.objects.filter(case=OuterRef("pk"), offence=filters.offence)))
    if filters.agency_id:
        cases = cases.filter(agency_id=filters.agency_id)
    if filters.country_id:
        cases = cases.filter(country_id=filters.country_id)
    if filters.opened_from:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    return cases.order_by("-opened_on", "-id")


def _matching_reference_or_name(text: str, *, within: CaseQuerySet) -> Q:
    """The cases `within` whose reference or people's names match the text.

    References hold digits ("NE-ANLTP-2025-0042") and names do not, so each kind of text is looked up
    where it can be. A name search starts from the matching names (a trigram index on PostgreSQL) and
    keeps their cases that are `within`, instead of testing every visible case's people in turn.
    """
    nothing = Q(pk__in=[])
    looks_like_reference = any(ch.isdigit() for ch in text) or REFERENCE_START.match(text) is not None
    condition = Q(reference__icontains=text) if looks_like_reference else nothing
    key = search_key(text)
    # Fewer than two letters would match nearly everyone.
    if len(key.replace(" ", "")) >= 2 and not any(ch.isdigit() for ch in key):
        named = Participant.objects.filter(person__search_text__contains=key)
        if connection.vendor == "postgresql":
            # With the names' trigram index, PostgreSQL is fastest driven from the names, kept to the
            # visible cases; SQLite has no such index and is fastest testing the visible cases' people.
            named = named.filter(case__in=within.values("pk"))
        condition |= Q(pk__in=named.values("case_id"))
    return condition


def with_list_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of the case list shows, in a fixed number of queries whatever the page size."""
    return cases.select_related("agency", "country").prefetch_related(
        "offences",
        Prefetch("participants", queryset=Participant.objects.select_related("person").order_by("role", "id")),
    )


def case_list_page(user: User, filters: CaseFilters, page_number: str | int | None, per_page: int) -> Page[Case]:
    """One page of the case list, with what its rows show.

    The search is sorted and paged on case ids alone, then the page's 25 cases are read in full: sorting
    thousands of whole rows (narratives included) is what made the list slow on 100,000 cases.
    """
    matching = search_cases(user, filters).values_list("pk", flat=True)
    # A name search is costly: run it once, not once to count and once for the page.
    id_page = Paginator(list(matching) if filters.query.strip() else matching, per_page).get_page(page_number)
    ids = list(id_page.object_list)
    rows = {case.pk: case for case in with_list_details(Case.objects.filter(pk__in=ids))}
    # The paginator counted and sliced ids; its page carries the cases themselves.
    return Page([rows[pk] for pk in ids], id_page.number, id_page.paginator)  # type: ignore[arg-type]


@dataclass
class TimelineEntry:
    date: str
    kind: str
    item: Event | BorderCrossing


@dataclass
class CasePage:
    case: Case
    offences: list[str]
    participants: list[Participant]
    timeline: list[TimelineEntry]
    shares: list[CaseShare]
    suspects: list[Participant] = field(default_factory=list)
    pending_decisions: list[Decision] = field(default_factory=list)

    @property
    def awaiting_identification(self) -> set[int]:
        return {d.participant_id for d in self.pending_decisions if d.participant_id is not None}


def pending_decisions(case: Case) -> list[Decision]:
    """Decisions proposed in the case that wait for a second person, oldest first."""
    decisions = list(
        case.decisions.pending().select_related("proposed_by", "participant__person").order_by("proposed_at", "id")
    )
    for decision in decisions:
        decision.case = case
    return decisions


def active_shares(case: Case) -> list[CaseShare]:
    return list(case.shares.active().select_related("agency", "shared_by"))


def case_page(case: Case) -> CasePage:
    participants = list(
        case.participants.select_related("person").prefetch_related("person__nationalities").order_by("role", "id")
    )
    events = case.events.select_related("country").prefetch_related("participants__person")
    crossings = case.crossings.select_related("from_country", "to_country", "procured_by__person").prefetch_related(
        "travellers__person"
    )
    timeline = sorted(
        chain(
            (TimelineEntry(e.date, "event", e) for e in events),
            (TimelineEntry(c.date, "crossing", c) for c in crossings),
        ),
        # Undated entries go last; partial dates sort correctly as text.
        key=lambda entry: (entry.date == "", entry.date, entry.item.pk),
    )
    return CasePage(
        case=case,
        offences=[o.get_offence_display() for o in case.offences.all()],
        participants=participants,
        timeline=timeline,
        shares=active_shares(case),
        suspects=[p for p in participants if p.role == Participant.Role.SUSPECT],
        pending_decisions=pending_decisions(case),
    )


def cases_of_person(user: User, person: Person) -> QuerySet[Participant]:
    """The person's roles in the cases the user may see."""
    return (
        person.participations.filter(case__in=cases_visible_to(user))
        .select_related("case", "case__agency")
        .order_by("-case__opened_on")
    )


def waiting_for(user: User, *, today: datetime.date) -> list[WaitingItem]:
    """Decisions proposed by someone else that this user may confirm or reject as the second person."""
    agency_ids = permissions.agencies_with(user, permissions.IDENTIFYING_ROLES | permissions.DECIDING_ROLES)
    if not agency_ids:
        return []
    decisions = (
        Decision.objects.pending()
        .filter(case__agency_id__in=agency_ids)
        .exclude(proposed_by=user)
        .select_related("case")
        .order_by("proposed_at")
    )
    delays = alert_delays(agency_ids)
    items = []
    for decision in decisions:
        if not can_answer_decision(user, decision):
            continue
        since = timezone.localdate(decision.proposed_at)
        delay = delays[(decision.case.agency_id, AlertRule.Kind.DECISION_AWAITING_SECOND_PERSON)]
        due = due_date(since, delay)
        items.append(
            WaitingItem(
                kind=AlertRule.Kind.DECISION_AWAITING_SECOND_PERSON,
                title=str(decision.get_kind_display()),
                case_id=decision.case_id,
                case_reference=decision.case.reference,
                url=reverse("cases:detail", kwargs={"case_id": decision.case_id}),
                since=since,
                due=due,
                late=delay.enabled and today > due,
            )
        )
    return items
