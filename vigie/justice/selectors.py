"""Reads of the prosecution and courts part of a case: the proceedings page, the case-page summary,
the final outcome of each charge, and what waits for whom."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.accounts.selectors import still_acting
from vigie.cases.models import Case, Participant
from vigie.justice.models import Charge, CooperationRequest, Hearing, Proceeding, Sentence, Verdict
from vigie.justice.services import OPEN_REQUEST_STATUSES, VICTIM_ROLES, repealed_law_warning
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import Delay, WaitingItem, addressee, alert_delays, due_date

LEVEL_RANK = {level: rank for rank, level in enumerate(Proceeding.Level.values)}
HEARING_SOON_DAYS = 7


def final_verdict(verdicts: list[Verdict]) -> Verdict | None:
    """The decision of the last round: an appeal's verdict overrides the first instance's."""
    if not verdicts:
        return None
    return max(verdicts, key=lambda v: (LEVEL_RANK[v.proceeding.level], v.decided_on, v.pk))


def victims_in_case(case: Case) -> set[int]:
    """Persons with a victim role in the case: charging one of them calls for the non-punishment warning."""
    return set(case.participants.filter(role__in=VICTIM_ROLES).values_list("person_id", flat=True))


@dataclass
class ChargeRow:
    charge: Charge
    verdicts: list[Verdict]
    outcome: Verdict | None
    non_punishment_warning: bool
    law_warning: str = ""


@dataclass
class Round:
    proceeding: Proceeding
    charges: list[ChargeRow] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    appeals: list["Round"] = field(default_factory=list)


def _charges_with_verdicts(case: Case) -> QuerySet[Charge]:
    verdicts = Verdict.objects.select_related("proceeding").prefetch_related("sentence__compensations__victim__person")
    return (
        case.charges.select_related("accused__person", "proceeding")
        .prefetch_related(Prefetch("verdicts", queryset=verdicts))
        .order_by("charged_on", "id")
    )


def charge_rows(case: Case, charges: Iterable[Charge]) -> list[ChargeRow]:
    """Each charge with its verdicts, final outcome and warnings; `charges` come from charges_to_list."""
    victims = victims_in_case(case)
    rows = []
    for charge in charges:
        found = list(charge.verdicts.all())
        rows.append(
            ChargeRow(
                charge, found, final_verdict(found), charge.accused.person_id in victims, repealed_law_warning(charge)
            )
        )
    return rows


def _charges(case: Case) -> list[ChargeRow]:
    return charge_rows(case, _charges_with_verdicts(case))


def proceedings_page(case: Case) -> list[Round]:
    """The rounds of the case, each appeal shown under the round it appeals, in a fixed number of queries."""
    proceedings = list(case.proceedings.select_related("court_country", "prosecutor").order_by("opened_on", "id"))
    hearings = Hearing.objects.filter(proceeding__case=case).prefetch_related("protected_persons__person")
    rounds = {p.pk: Round(p) for p in proceedings}
    for hearing in hearings:
        rounds[hearing.proceeding_id].hearings.append(hearing)
    for row in _charges(case):
        rounds[row.charge.proceeding_id].charges.append(row)
        for verdict in row.verdicts:
            rounds[verdict.proceeding_id].verdicts.append(verdict)
    top = []
    for proceeding in proceedings:
        target = rounds[proceeding.pk]
        if proceeding.appeal_of_id in rounds:
            rounds[proceeding.appeal_of_id].appeals.append(target)
        else:
            top.append(target)
    return top


def _deadline_passed(request: CooperationRequest, today: datetime.date) -> bool:
    return request.status in OPEN_REQUEST_STATUSES and request.deadline is not None and request.deadline < today


def cooperation_requests(case: Case, today: datetime.date) -> list[tuple[CooperationRequest, bool]]:
    """The case's requests, each with whether its deadline has passed without a reply."""
    requests = case.cooperation_requests.select_related("other_country").prefetch_related("subject_persons__person")
    return [(request, _deadline_passed(request, today)) for request in requests]


@dataclass
class SuspectCharges:
    accused: Participant
    charges: list[ChargeRow]


@dataclass
class JusticeSummary:
    by_accused: list[SuspectCharges]
    next_hearing: Hearing | None
    open_requests: int
    overdue_requests: int
    warnings: list[str]


def justice_summary(case: Case, today: datetime.date) -> JusticeSummary:
    """What the case page shows of the courts: one query for a case that has none of it, a fixed
    number otherwise, whatever the number of charges, hearings and requests."""
    open_requests = CooperationRequest.objects.filter(case=OuterRef("pk"), status__in=OPEN_REQUEST_STATUSES)
    counts = (
        Case.objects.filter(pk=case.pk)
        .annotate(
            has_rounds=Exists(Proceeding.objects.filter(case=OuterRef("pk"))),
            open_requests=_count(open_requests),
            overdue_requests=_count(open_requests.filter(deadline__lt=today)),
        )
        .values("has_rounds", "open_requests", "overdue_requests")
        .get()
    )
    by_accused: dict[int, SuspectCharges] = {}
    warnings = []
    next_hearing = None
    if counts["has_rounds"]:
        for row in _charges(case):
            accused = row.charge.accused
            if row.non_punishment_warning and accused.pk not in by_accused:
                warnings.append(
                    _("%(person)s is charged but is also a victim in this case: check the non-punishment principle.")
                    % {"person": accused.person}
                )
            by_accused.setdefault(accused.pk, SuspectCharges(accused, [])).charges.append(row)
        next_hearing = (
            Hearing.objects.filter(proceeding__case=case, date__gte=today, outcome="")
            .select_related("proceeding")
            .order_by("date", "time")
            .first()
        )
    return JusticeSummary(
        list(by_accused.values()),
        next_hearing,
        counts["open_requests"] or 0,
        counts["overdue_requests"] or 0,
        warnings,
    )


def _count(requests: QuerySet[CooperationRequest]) -> Subquery:
    return Subquery(requests.order_by().values("case").annotate(n=Count("pk")).values("n")[:1])


# What waits for whom ------------------------------------------------------------------------------


def _cases_followed_by(user: User) -> QuerySet[Case]:
    """Cases whose courts the user follows: prosecutors, investigators and the administrator of the lead
    agency."""
    return Case.objects.filter(agency_id__in=permissions.agencies_following_courts(user))


def waiting_for(user: User, *, today: datetime.date) -> list[WaitingItem]:
    """Hearings of the coming week, requests past their deadline or long without a reply, and pending
    rounds without a hearing for too long, for those who follow the case in court. A round's items go to
    its prosecutor in charge and a request's to the officer who sent it, while they follow the case."""
    cases = _cases_followed_by(user)
    agency_ids = set(cases.values_list("agency_id", flat=True).distinct())
    if not agency_ids:
        return []
    delays = alert_delays(agency_ids)
    soon = list(
        Hearing.objects.filter(
            proceeding__case__in=cases,
            outcome="",
            date__gte=today,
            date__lte=today + datetime.timedelta(HEARING_SOON_DAYS),
        ).select_related("proceeding__case")
    )
    pending = list(Proceeding.objects.filter(case__in=cases, status=Proceeding.Status.PENDING).select_related("case"))
    requests = list(
        CooperationRequest.objects.filter(case__in=cases, status__in=OPEN_REQUEST_STATUSES).select_related("case")
    )
    rounds = [*pending, *(hearing.proceeding for hearing in soon)]
    prosecutors = still_acting({(p.prosecutor_id, p.case.agency_id) for p in rounds}, permissions.PROSECUTOR_ROLES)
    senders = still_acting({(r.sent_by_id, r.case.agency_id) for r in requests}, permissions.COURT_FOLLOW_UP_ROLES)
    items: list[WaitingItem] = []
    for hearing in soon:
        case = hearing.proceeding.case
        items.append(
            WaitingItem(
                kind="hearing_soon",
                title=_("Hearing on %(date)s: %(purpose)s")
                % {"date": hearing.date, "purpose": hearing.get_purpose_display()},
                case_id=case.pk,
                case_reference=case.reference,
                url=reverse("justice:proceedings", kwargs={"case_id": case.pk}),
                since=None,
                due=hearing.date,
                late=False,
                for_user_id=addressee(hearing.proceeding.prosecutor_id, case.agency_id, prosecutors),
            )
        )
    items.extend(_requests_waiting(requests, delays, senders, today))
    items.extend(_rounds_without_hearing(pending, delays, prosecutors, today))
    return sorted(items, key=lambda item: (not item.late, item.due or today, item.case_reference))


def _requests_waiting(
    requests: list[CooperationRequest],
    delays: dict[tuple[int, str], Delay],
    senders: set[tuple[int, int]],
    today: datetime.date,
) -> list[WaitingItem]:
    items = []
    for request in requests:
        url = reverse("justice:cooperation", kwargs={"case_id": request.case_id})
        title_args = {"kind": request.get_kind_display(), "country": request.other_country_id}
        for_user_id = addressee(request.sent_by_id, request.case.agency_id, senders)
        if request.deadline is not None:
            if request.deadline < today:
                items.append(
                    WaitingItem(
                        kind="request_deadline_passed",
                        title=_("%(kind)s (%(country)s): deadline passed") % title_args,
                        case_id=request.case_id,
                        case_reference=request.case.reference,
                        url=url,
                        since=request.started_on,
                        due=request.deadline,
                        late=True,
                        for_user_id=for_user_id,
                    )
                )
            continue
        delay = delays[(request.case.agency_id, AlertRule.Kind.REQUEST_UNANSWERED)]
        start = request.started_on
        if not delay.enabled or start is None or due_date(start, delay) > today:
            continue
        items.append(
            WaitingItem(
                kind=AlertRule.Kind.REQUEST_UNANSWERED,
                title=_("%(kind)s (%(country)s): no reply yet") % title_args,
                case_id=request.case_id,
                case_reference=request.case.reference,
                url=url,
                since=start,
                due=due_date(start, delay),
                late=True,
                for_user_id=for_user_id,
            )
        )
    return items


def _rounds_without_hearing(
    pending: list[Proceeding],
    delays: dict[tuple[int, str], Delay],
    prosecutors: set[tuple[int, int]],
    today: datetime.date,
) -> list[WaitingItem]:
    last_hearing: dict[int, datetime.date] = defaultdict(lambda: datetime.date.min)
    for proceeding_id, date in Hearing.objects.filter(proceeding__in=pending).values_list("proceeding_id", "date"):
        last_hearing[proceeding_id] = max(last_hearing[proceeding_id], date)
    items = []
    for proceeding in pending:
        delay = delays[(proceeding.case.agency_id, AlertRule.Kind.PROCEEDING_WITHOUT_HEARING)]
        since = max(proceeding.opened_on, last_hearing[proceeding.pk])
        if not delay.enabled or due_date(since, delay) > today:
            continue
        items.append(
            WaitingItem(
                kind=AlertRule.Kind.PROCEEDING_WITHOUT_HEARING,
                title=_("%(level)s: no hearing since %(date)s")
                % {"level": proceeding.get_level_display(), "date": since},
                case_id=proceeding.case_id,
                case_reference=proceeding.case.reference,
                url=reverse("justice:proceedings", kwargs={"case_id": proceeding.case_id}),
                since=since,
                due=due_date(since, delay),
                late=True,
                for_user_id=addressee(proceeding.prosecutor_id, proceeding.case.agency_id, prosecutors),
            )
        )
    return items


def victims_of(case: Case) -> list[Participant]:
    """The case's victims and presumed victims, to whom a court may order compensation."""
    return list(case.participants.filter(role__in=VICTIM_ROLES).select_related("person").order_by("id"))


def charges_to_list(case: Case) -> QuerySet[Charge]:
    """The case's charges, in order, with what charge_rows reads: to be paged, then turned into rows."""
    return _charges_with_verdicts(case)


def sentence_of(verdict: Verdict) -> Sentence | None:
    return Sentence.objects.filter(verdict=verdict).prefetch_related("compensations").first()


def hearings_of(case: Case) -> QuerySet[Hearing]:
    return Hearing.objects.filter(proceeding__case=case).prefetch_related("protected_persons").order_by("date", "id")


def verdicts_of(case: Case) -> QuerySet[Verdict]:
    """The case's verdicts with their sentences and compensations, read in three queries for a whole page."""
    return (
        Verdict.objects.filter(charge__case=case)
        .select_related("sentence")
        .prefetch_related("sentence__compensations")
        .order_by("decided_on", "id")
    )
