import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
    """System administrators read the whole trail and agency administrators what concerns their agencies
    and their members, each with values shown as `audit_rows_for` allows."""
    if permissions.audit_scope_is_everything(user):
        return AuditEvent.objects.all()
    agencies = permissions.agencies_with(user, {permissions.Role.AGENCY_ADMIN})
    members = User.objects.filter(memberships__agency_id__in=agencies)
    return AuditEvent.objects.filter(Q(agency_id__in=agencies) | Q(actor__in=members))


@dataclass(frozen=True)
class AuditRow:
    """An audit event as a reader may see it: the values only where the reader may see the record."""

    event: AuditEvent
    target_label: str
    changed_fields: list[str]
    changes: dict[str, Any] | None


# Events whose values are the words a user typed (a name searched for), not fields of a record.
QUERY_ACTIONS = {AuditEvent.Action.CASES_SEARCHED}


def audit_rows_for(user: User, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """The trail holds names and narratives in its before/after values. They are shown only to an
    administrator of the agency the event belongs to; anyone else (a system administrator, or an agency
    administrator reading what a member did elsewhere) sees who did what, when, and which fields changed."""
    full_agencies = permissions.agencies_with(user, {permissions.Role.AGENCY_ADMIN})
    rows = []
    for event in events:
        full = event.agency_id is not None and event.agency_id in full_agencies
        rows.append(
            AuditRow(
                event=event,
                target_label=event.target_label if full else "",
                changed_fields=[] if event.action in QUERY_ACTIONS else sorted(event.changes),
                changes=event.changes if full else None,
            )
        )
    return rows


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
