import datetime
from dataclasses import dataclass, field
from itertools import chain

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from vigie.accounts.models import User
from vigie.cases.access import cases_visible_to
from vigie.cases.models import BorderCrossing, Case, CaseQuerySet, CaseShare, Event, Participant, SuspectedOffence
from vigie.people.models import Person
from vigie.people.names import search_key


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
    cases = cases_visible_to(user)
    if filters.query.strip():
        key = search_key(filters.query)
        named = Participant.objects.filter(case=OuterRef("pk"), person__search_text__contains=key)
        cases = cases.filter(Q(reference__icontains=filters.query.strip()) | Exists(named))
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


def with_list_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of the case list shows, in a fixed number of queries whatever the page size."""
    return cases.select_related("agency", "country").prefetch_related(
        "offences",
        Prefetch("participants", queryset=Participant.objects.select_related("person").order_by("role", "id")),
    )


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
        shares=list(case.shares.active().select_related("agency", "shared_by")),
        suspects=[p for p in participants if p.role == Participant.Role.SUSPECT],
    )


def cases_of_person(user: User, person: Person) -> QuerySet[Participant]:
    """The person's roles in the cases the user may see."""
    return (
        person.participations.filter(case__in=cases_visible_to(user))
        .select_related("case", "case__agency")
        .order_by("-case__opened_on")
    )
