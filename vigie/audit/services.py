import datetime
import decimal
from typing import Any

from django.db import models, transaction

from vigie.audit.models import AuditEvent

Action = AuditEvent.Action


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed, for the audit trail."""
    return {
        key: {"old": _jsonable(before.get(key)), "new": _jsonable(after.get(key))}
        for key in sorted(set(before) | set(after))
        if _jsonable(before.get(key)) != _jsonable(after.get(key))
    }


def editable_fields(model: type[models.Model], *exclude: str) -> list[str]:
    """The fields a user can change, by column name, for audit snapshots."""
    return [
        f.attname for f in model._meta.concrete_fields if f.editable and not f.primary_key and f.name not in exclude
    ]


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def record_event(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_label: str = "",
    agency_id: int | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction so both commit or neither does."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else actor_username,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label[:200],
        agency_id=agency_id,
        changes=changes or {},
        ip_address=ip_address,
    )
    # The actor is the signed-in user and the foreign key is enforced by the database: validating it again
    # would cost a query on every audited page view.
    event.full_clean(exclude=["actor"])
    event.save()
    return event
