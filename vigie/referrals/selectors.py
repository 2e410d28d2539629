"""Reads of the referrals app: the directory, a case's referrals and services, incoming referrals, what waits."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.accounts.selectors import still_acting
from vigie.cases.models import Case, Participant
from vigie.referrals.models import BestInterestsDecision, Referral, ServiceDelivery, ServiceKind, ServiceProvider
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import WaitingItem, addressee, alert_delays, due_date

UNANSWERED = AlertRule.Kind.REFERRAL_UNANSWERED
# Accepted referrals whose service has not started: no alert rule of their own, the same delay as an answer.
NOT_STARTED = "referral_not_started"


@dataclass(frozen=True)
class ProviderFilters:
    country_id: str = ""
    admin_area: str = ""
    kind: str = ""
    people_served: str = ""
    active_only: bool = True


def _contains(field: str, code: str) -> Q:
    # The codes are stored as a JSON list; matching the quoted code in its text works on SQLite and
    # PostgreSQL alike (JSON `contains` is not supported by SQLite), and no code is a part of another's.
    return Q(**{f"{field}__icontains": f'"{code}"'})


def providers(filters: ProviderFilters) -> QuerySet[ServiceProvider]:
    items = ServiceProvider.objects.select_related("country", "maintained_by", "run_by")
    if filters.active_only:
        items = items.active()
    if filters.country_id:
        items = items.filter(country_id=filters.country_id)
    if filters.admin_area:
        items = items.filter(admin_area__icontains=filters.admin_area)
    if filters.kind:
        items = items.filter(_contains("kinds", filters.kind))
    if filters.people_served:
        items = items.filter(_contains("people_served", filters.people_served))
    return items


def referrals_of_case(case: Case) -> QuerySet[Referral]:
    return case.referrals.select_related("participant__person", "referring_agency", "to_agency", "to_provider")


def services_of_case(case: Case) -> QuerySet[ServiceDelivery]:
    return case.services_delivered.select_related("participant__person", "provider")


def agencies_adding_providers(user: User) -> QuerySet[Agency]:
    """The agencies for which the user may add entries to the directory: where they work on assistance."""
    return Agency.objects.filter(pk__in=permissions.provider_maintaining_agencies(user)).order_by("name", "pk")


def decisions_of_child(participant: Participant) -> QuerySet[BestInterestsDecision]:
    return participant.best_interests_decisions.select_related("decided_by")


def decisions_of_case(case: Case) -> QuerySet[BestInterestsDecision]:
    return case.best_interests_decisions.select_related("participant__person", "decided_by")


def _received_by(agency_ids: set[int]) -> Q:
    return Q(to_agency_id__in=agency_ids) | Q(to_provider__run_by_id__in=agency_ids)


def incoming_referrals(user: User) -> QuerySet[Referral]:
    """Referrals made to the agencies whose assistance roles the user holds, or to providers they run."""
    agencies = permissions.referral_receiving_agencies(user)
    return (
        Referral.objects.filter(_received_by(agencies))
        .select_related("case", "participant__person", "referring_agency", "to_agency", "to_provider")
        .prefetch_related("participant__person__nationalities")
    )


@dataclass(frozen=True)
class CaseSummary:
    open_referrals: int
    to_answer: int
    completed: int
    services: int


def case_summary(case: Case) -> CaseSummary:
    counts: dict[str, int] = {
        row["status"]: row["n"] for row in case.referrals.values("status").annotate(n=Count("id")).order_by()
    }
    return CaseSummary(
        open_referrals=counts.get(Referral.Status.ACCEPTED, 0) + counts.get(Referral.Status.IN_PROGRESS, 0),
        to_answer=counts.get(Referral.Status.PROPOSED, 0),
        completed=counts.get(Referral.Status.COMPLETED, 0),
        services=case.services_delivered.count(),
    )


def _services_title(referral: Referral) -> str:
    labels = dict(ServiceKind.choices)
    return ", ".join(str(labels.get(code, code)) for code in referral.services)


def _receiving_agency_id(referral: Referral) -> int | None:
    provider = referral.to_provider
    return referral.to_agency_id if provider is None else provider.run_by_id


def waiting_for(user: User, *, today: datetime.date) -> list[WaitingItem]:
    """Referrals the user's agencies must answer and accepted ones whose service has not started, for the
    receiving agency's assistance roles (an accepted one for whoever accepted it, while they work there);
    and, once late, the unanswered referrals the user's agencies sent, for the officer who sent them.

    The delay is the case's lead agency's.
    """
    agencies = permissions.referral_receiving_agencies(user)
    if not agencies:
        return []
    open_statuses = [Referral.Status.PROPOSED, Referral.Status.ACCEPTED]
    waiting = list(
        Referral.objects.filter(_received_by(agencies) | Q(referring_agency_id__in=agencies, status="proposed"))
        .filter(status__in=open_statuses)
        .select_related("case", "to_provider")
        .order_by("proposed_at", "id")
    )
    delays = alert_delays({r.case.agency_id for r in waiting})
    pairs = {(r.answered_by_id, _receiving_agency_id(r) or 0) for r in waiting}
    pairs |= {(r.proposed_by_id, r.referring_agency_id) for r in waiting}
    acting = still_acting(pairs, permissions.ASSISTANCE_ROLES)
    items = []
    for referral in waiting:
        delay = delays[(referral.case.agency_id, UNANSWERED)]
        received = _receiving_agency_id(referral) in agencies
        named: int | None = None
        if referral.status == Referral.Status.PROPOSED:
            kind, since = str(UNANSWERED), referral.proposed_at.date()
            title = _("Referral to answer: %(services)s") % {"services": _services_title(referral)}
            if not received:
                named = addressee(referral.proposed_by_id, referral.referring_agency_id, acting)
                title = _("Referral sent, no answer yet: %(services)s") % {"services": _services_title(referral)}
        else:
            kind, since = NOT_STARTED, (referral.answered_at or referral.proposed_at).date()
            title = _("Referral accepted, service not started: %(services)s") % {"services": _services_title(referral)}
            named = addressee(referral.answered_by_id, _receiving_agency_id(referral) or 0, acting)
        if referral.urgency != Referral.Urgency.ROUTINE:
            title = f"{title} ({referral.get_urgency_display()})"
        due = due_date(since, delay) if delay.enabled else None
        late = due is not None and today > due
        if not received and not late:
            continue  # the sender chases a referral only once its answer is late
        items.append(
            WaitingItem(
                kind=kind,
                title=title,
                case_id=referral.case_id,
                case_reference=referral.case.reference,
                url=reverse("referrals:referral-detail", kwargs={"referral_id": referral.pk}),
                since=since,
                due=due,
                late=late,
                for_user_id=named,
            )
        )
    return items
