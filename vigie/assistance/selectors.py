"""Reads of victim assistance: the case's assistance page, its summary, and what waits for whom."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.accounts.selectors import still_acting
from vigie.assistance.models import (
    ASSISTED_ROLES,
    DOMAINS,
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedLevel,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.cases.models import Case, CaseShare, Participant
from vigie.referrals.models import ServiceDelivery, ServiceKind
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import Delay, WaitingItem, alert_delays, due_date

Kind = AlertRule.Kind
ADULT_AGE = 18
# Reintegration visits are listed this many days before they fall due, to leave time to organise them.
VISIT_NOTICE_DAYS = 7
# Kinds of waiting items that are not agency-set alerts: they are late on their own date.
ASSESSMENT_REVIEW_DUE = "assessment_review_due"
CHILD_RETURN_WITHOUT_FAMILY_ASSESSMENT = "child_return_without_family_assessment"


@dataclass
class PersonAssistance:
    """Everything of the assistance part about one assisted person of the case, newest first."""

    participant: Participant
    assessments: list[NeedsAssessment] = field(default_factory=list)
    reflection_periods: list[ReflectionPeriod] = field(default_factory=list)
    plans: list[AssistancePlan] = field(default_factory=list)
    family_assessments: list[FamilyAssessment] = field(default_factory=list)
    returns: list[VoluntaryReturn] = field(default_factory=list)
    visits: list[ReintegrationVisit] = field(default_factory=list)
    closures: list[AssistanceClosure] = field(default_factory=list)

    @property
    def assessment(self) -> NeedsAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def plan(self) -> AssistancePlan | None:
        return self.plans[0] if self.plans else None

    @property
    def voluntary_return(self) -> VoluntaryReturn | None:
        return self.returns[0] if self.returns else None

    @property
    def next_visit_on(self) -> datetime.date | None:
        return self.visits[0].next_visit_on if self.visits else None

    @property
    def open_closure(self) -> AssistanceClosure | None:
        return next((c for c in self.closures if c.reopened_on is None), None)


def assisted_participants(case: Case) -> list[Participant]:
    return list(case.participants.filter(role__in=ASSISTED_ROLES).select_related("person").order_by("role", "id"))


def assistance_of_case(case: Case) -> list[PersonAssistance]:
    """Per assisted person, their records: one query per kind of record, whatever the number of people."""
    people = {p.pk: PersonAssistance(participant=p) for p in assisted_participants(case)}
    sources = [
        ("assessments", NeedsAssessment.objects.select_related("assessed_by")),
        ("reflection_periods", ReflectionPeriod.objects.all()),
        ("plans", AssistancePlan.objects.all()),
        ("family_assessments", FamilyAssessment.objects.all()),
        ("returns", VoluntaryReturn.objects.select_related("from_country", "to_country")),
        ("visits", ReintegrationVisit.objects.all()),
        ("closures", AssistanceClosure.objects.all()),
    ]
    for name, records in sources:
        for record in records.filter(case=case):
            person = people.get(record.participant_id)
            if person is not None:  # a person whose role changed since keeps their records, but off this page
                record.participant = person.participant
                getattr(person, name).append(record)
    return list(people.values())


@dataclass(frozen=True)
class SummaryRow:
    """Where one assisted person's assistance stands, for the case page."""

    participant: Participant
    assessed_on: datetime.date | None
    urgent_needs: list[str]
    plan_status: str
    return_status: str
    next_visit_on: datetime.date | None
    file_closed: bool


def assistance_summary(case: Case) -> list[SummaryRow]:
    """One query, whatever the number of people: the case page already reads many."""
    latest = NeedsAssessment.objects.filter(participant=OuterRef("pk")).order_by("-assessed_on", "-pk")
    plan = AssistancePlan.objects.filter(participant=OuterRef("pk")).order_by("-agreed_on", "-pk")
    voluntary_return = VoluntaryReturn.objects.filter(participant=OuterRef("pk")).order_by("-planned_on", "-pk")
    visit = ReintegrationVisit.objects.filter(participant=OuterRef("pk")).order_by("-visited_on", "-pk")
    people = (
        case.participants.filter(role__in=ASSISTED_ROLES)
        .select_related("person")
        .order_by("role", "id")
        .annotate(
            last_assessed_on=Subquery(latest.values("assessed_on")[:1]),
            **{f"need_{code}": Subquery(latest.values(code)[:1]) for code, _label in DOMAINS},
            last_plan_status=Subquery(plan.values("status")[:1]),
            last_return_status=Subquery(voluntary_return.values("status")[:1]),
            last_next_visit_on=Subquery(visit.values("next_visit_on")[:1]),
            file_closed=Exists(AssistanceClosure.objects.filter(participant=OuterRef("pk"), reopened_on__isnull=True)),
        )
    )
    plan_labels = dict(AssistancePlan.Status.choices)
    return_labels = dict(VoluntaryReturn.Status.choices)
    return [
        SummaryRow(
            participant=p,
            assessed_on=p.last_assessed_on,
            urgent_needs=[str(label) for code, label in DOMAINS if getattr(p, f"need_{code}") == NeedLevel.URGENT],
            plan_status=str(plan_labels.get(p.last_plan_status, "")),
            return_status=str(return_labels.get(p.last_return_status, "")),
            next_visit_on=p.last_next_visit_on,
            file_closed=p.file_closed,
        )
        for p in people
    ]


# Who must act next ------------------------------------------------------------------------------------


def _cases_for_assistance(user: User) -> list[Case]:
    """Open cases whose assistance the user's assistance roles work on: led by their agency or shared with it
    for assistance."""
    agencies = permissions.agencies_with(user, permissions.ASSISTANCE_ROLES)
    if not agencies:
        return []
    shared = CaseShare.objects.active().filter(
        agency_id__in=agencies, purpose__in=[CaseShare.Purpose.ASSISTANCE, CaseShare.Purpose.ALL]
    )
    return list(
        Case.objects.open()
        .filter(Q(agency_id__in=agencies) | Q(pk__in=shared.values("case_id")))
        .only("pk", "reference", "agency_id", "opened_on")
    )


def _case_workers_of_plans(cases: dict[int, Case]) -> dict[int, int]:
    """The case worker who drew up each assisted person's active plan, while they are still a case worker
    (or administrator) of an agency that sees the case's assistance (the lead agency or one it is shared
    with for assistance)."""
    plans = list(
        AssistancePlan.objects.filter(
            case_id__in=cases, status=AssistancePlan.Status.ACTIVE, case_worker__isnull=False
        ).values_list("participant_id", "case_id", "case_worker_id")
    )
    if not plans:
        return {}
    agencies_of: dict[int, set[int]] = defaultdict(set)
    for case in cases.values():
        agencies_of[case.pk].add(case.agency_id)
    shares = CaseShare.objects.active().filter(
        case_id__in={case_id for _p, case_id, _u in plans},
        purpose__in=[CaseShare.Purpose.ASSISTANCE, CaseShare.Purpose.ALL],
    )
    for case_id, agency_id in shares.values_list("case_id", "agency_id"):
        agencies_of[case_id].add(agency_id)
    pairs = {(user_id, agency_id) for _p, case_id, user_id in plans for agency_id in agencies_of[case_id]}
    acting = still_acting(pairs, permissions.PLAN_CASE_WORKER_ROLES)
    # Of two active plans for one person, the latest agreed is read last and wins.
    return {
        participant_id: user_id
        for participant_id, case_id, user_id in plans[::-1]
        if any((user_id, agency_id) in acting for agency_id in agencies_of[case_id])
    }


def _item(
    kind: str,
    title: str,
    case: Case,
    participant_id: int,
    since: datetime.date | None,
    due: datetime.date | None,
    today: datetime.date,
    named: dict[int, int],
) -> WaitingItem:
    url = reverse("assistance:page", kwargs={"case_id": case.pk}) + f"#person-{participant_id}"
    return WaitingItem(
        kind=kind,
        title=title,
        case_id=case.pk,
        case_reference=case.reference,
        url=url,
        since=since,
        due=due,
        late=due is not None and today > due,
        for_user_id=named.get(participant_id),
    )


def waiting_for(user: User, *, today: datetime.date) -> list[WaitingItem]:
    """What of the assistance part waits for this user, in the open cases they work on for assistance."""
    cases = {case.pk: case for case in _cases_for_assistance(user)}
    if not cases:
        return []
    delays = alert_delays({case.agency_id for case in cases.values()})
    named = _case_workers_of_plans(cases)
    closed_file = AssistanceClosure.objects.filter(reopened_on__isnull=True)
    items: list[WaitingItem] = []

    without = (
        Participant.objects.filter(case_id__in=cases, role__in=["victim", "presumed_victim"])
        .exclude(Exists(NeedsAssessment.objects.filter(participant=OuterRef("pk"))))
        .exclude(Exists(closed_file.filter(participant=OuterRef("pk"))))
        .values_list("pk", "case_id")
    )
    for participant_id, case_id in without:
        case = cases[case_id]
        delay = delays[(case.agency_id, Kind.VICTIM_WITHOUT_ASSESSMENT)]
        if delay.enabled:
            due = due_date(case.opened_on, delay)
            title = _("Victim without a needs assessment")
            items.append(
                _item(Kind.VICTIM_WITHOUT_ASSESSMENT, title, case, participant_id, case.opened_on, due, today, named)
            )

    newer = NeedsAssessment.objects.filter(participant=OuterRef("participant")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    reviews = NeedsAssessment.objects.filter(case_id__in=cases, next_review_on__lte=today).exclude(Exists(newer))
    for assessment in reviews.only("pk", "case_id", "participant_id", "assessed_on", "next_review_on"):
        title = _("Needs assessment to review")
        items.append(
            _item(
                ASSESSMENT_REVIEW_DUE,
                title,
                cases[assessment.case_id],
                assessment.participant_id,
                assessment.next_review_on,
                assessment.next_review_on,
                today,
                named,
            )
        )

    undecided = [ReflectionPeriod.Outcome.PENDING, ReflectionPeriod.Outcome.EXTENDED]
    periods = ReflectionPeriod.objects.filter(case_id__in=cases, outcome__in=undecided)
    for period in periods.only("pk", "case_id", "participant_id", "ends_on"):
        case = cases[period.case_id]
        delay = delays[(case.agency_id, Kind.REFLECTION_PERIOD_ENDING)]
        if delay.enabled and period.ends_on <= today + datetime.timedelta(days=delay.days):
            # The date is the item's due date; the title stays the same for every period, to be counted by kind.
            title = _("Reflection period ending")
            items.append(
                _item(
                    Kind.REFLECTION_PERIOD_ENDING,
                    title,
                    case,
                    period.participant_id,
                    period.ends_on - datetime.timedelta(days=delay.days),
                    period.ends_on,
                    today,
                    named,
                )
            )

    newer_visit = ReintegrationVisit.objects.filter(participant=OuterRef("participant")).filter(
        Q(visited_on__gt=OuterRef("visited_on")) | Q(visited_on=OuterRef("visited_on"), pk__gt=OuterRef("pk"))
    )
    visits = (
        ReintegrationVisit.objects.filter(case_id__in=cases)
        .exclude(Exists(newer_visit))
        .exclude(
            Exists(AssistanceClosure.objects.filter(participant=OuterRef("participant"), reopened_on__isnull=True))
        )
    )
    for visit in visits.only("pk", "case_id", "participant_id", "visited_on", "next_visit_on"):
        case = cases[visit.case_id]
        delay = delays[(case.agency_id, Kind.FOLLOW_UP_VISIT_DUE)]
        # Without a date set for the next visit, the agency's interval between visits decides it.
        due = visit.next_visit_on or due_date(visit.visited_on, delay)
        if delay.enabled and due <= today + datetime.timedelta(days=VISIT_NOTICE_DAYS):
            title = _("Reintegration visit due")
            items.append(
                _item(Kind.FOLLOW_UP_VISIT_DUE, title, case, visit.participant_id, visit.visited_on, due, today, named)
            )

    items += _child_returns_waiting(cases, today, named)
    items += _children_in_shelter_without_assessment(cases, delays, today, named)
    return sorted(items, key=lambda item: (not item.late, item.due or today, item.case_reference))


def _child_returns_waiting(cases: dict[int, Case], today: datetime.date, named: dict[int, int]) -> list[WaitingItem]:
    returns = VoluntaryReturn.objects.filter(case_id__in=cases, status=VoluntaryReturn.Status.PLANNED).select_related(
        "participant__person"
    )
    returns_list = list(returns)
    latest: dict[int, FamilyAssessment] = {}
    by_person: dict[int, list[FamilyAssessment]] = defaultdict(list)
    for assessment in FamilyAssessment.objects.filter(participant_id__in=[r.participant_id for r in returns_list]):
        by_person[assessment.participant_id].append(assessment)
    for participant_id, assessments in by_person.items():
        latest[participant_id] = max(assessments, key=lambda a: (a.assessed_on, a.pk))
    items = []
    for voluntary_return in returns_list:
        age = voluntary_return.participant.person.age_on(voluntary_return.planned_on)
        if age is not None and age >= ADULT_AGE:
            continue
        family = latest.get(voluntary_return.participant_id)
        if family is not None and family.outcome == FamilyAssessment.Outcome.FAVOURABLE:
            continue
        title = _("Return of a child planned without a favourable family assessment")
        items.append(
            _item(
                CHILD_RETURN_WITHOUT_FAMILY_ASSESSMENT,
                title,
                cases[voluntary_return.case_id],
                voluntary_return.participant_id,
                voluntary_return.created_at.date(),
                voluntary_return.planned_on,
                today,
                named,
            )
        )
    return items


def _children_in_shelter_without_assessment(
    cases: dict[int, Case], delays: dict[tuple[int, str], Delay], today: datetime.date, named: dict[int, int]
) -> list[WaitingItem]:
    """Children staying in a shelter with no needs assessment since the stay began.

    A child's needs are assessed soon after placement; an unknown age counts as a child's (presumption of
    minority). The agency's delay runs from the first day of the stay.
    """
    assessed_since = NeedsAssessment.objects.filter(
        participant=OuterRef("participant"), assessed_on__gte=OuterRef("started_on")
    )
    stays = (
        ServiceDelivery.objects.filter(
            case_id__in=cases, kind=ServiceKind.SHELTER, started_on__lte=today, ended_on__isnull=True
        )
        .exclude(Exists(assessed_since))
        .select_related("participant__person")
        .order_by("started_on")
    )
    items = []
    for stay in stays:
        case = cases[stay.case_id]
        delay = delays[(case.agency_id, Kind.CHILD_WITHOUT_ASSESSMENT)]
        age = stay.participant.person.age_on(today)
        if not delay.enabled or (age is not None and age >= ADULT_AGE):
            continue
        title = _("Child in a shelter without a needs assessment")
        items.append(
            _item(
                Kind.CHILD_WITHOUT_ASSESSMENT,
                title,
                case,
                stay.participant_id,
                stay.started_on,
                due_date(stay.started_on, delay),
                today,
                named,
            )
        )
    return items
