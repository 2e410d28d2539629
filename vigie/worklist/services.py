from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.concurrency import StaleEditError, insert_checked_unique, save_versioned
from vigie.worklist.models import AlertRule


@transaction.atomic
def set_alert_rule(
    *, actor: User, agency: Agency, kind: str, days: int, enabled: bool, expected_version: int
) -> AlertRule:
    """Set how many days the agency lets something wait before it is flagged as late.

    `expected_version` is 0 when the agency still has the default: then two administrators setting it at
    once insert the same row, and the second is refused like any stale edit.
    """
    if kind not in AlertRule.Kind.values:
        raise ValidationError({"kind": _("Choose an alert from the list.")})
    rule = AlertRule.objects.filter(agency=agency, kind=kind).first()
    before = {"days": rule.days, "enabled": rule.enabled} if rule else {}
    if rule is None:
        if expected_version != 0:
            raise StaleEditError()
        rule = AlertRule(agency=agency, kind=kind, days=days, enabled=enabled)
        rule.full_clean(validate_constraints=False)
        insert_checked_unique(rule, error=StaleEditError())
    else:
        rule.days, rule.enabled = days, enabled
        rule.full_clean(validate_constraints=False)
        save_versioned(rule, expected_version=expected_version, fields=["days", "enabled"])
    record_event(
        actor=actor,
        action=AuditEvent.Action.ALERT_RULE_SET,
        target=rule,
        target_label=str(AlertRule.Kind(kind).label),
        agency_id=agency.pk,
        changes={"kind": kind, "before": before, "after": {"days": days, "enabled": enabled}},
    )
    return rule
