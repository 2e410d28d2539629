import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    target: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """System administrators read the whole trail; agency administrators that of their agencies."""
    if permissions.audit_scope_is_everything(user):
        return AuditEvent.objects.all()
    agencies = permissions.agencies_with(user, {permissions.Role.AGENCY_ADMIN})
    members = User.objects.filter(memberships__agency_id__in=agencies)
    return AuditEvent.objects.filter(Q(agency_id__in=agencies) | Q(actor__in=members))


def search_audit(user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = audit_events_visible_to(user)
    if filters.actor:
        events = events.filter(actor_username__icontains=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.target:
        events = events.filter(Q(target_label__icontains=filters.target) | Q(target_id=filters.target))
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    return events.select_related("agency").order_by("-at", "-id")
