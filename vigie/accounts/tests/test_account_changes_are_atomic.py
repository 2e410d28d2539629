"""Each account service writes its change and its audit event together, or neither."""

import pytest
from django.apps import apps

from vigie.accounts import services
from vigie.accounts.models import Membership
from vigie.audit import services as audit_services
from vigie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

Role = Membership.Role
PASSWORD = "k7pm-4xqa-9tre"

CALLS = {
    "add_new_member": lambda a, c, ag, other: services.add_new_member(
        actor=a, agency=ag, username="amina", role=Role.ANALYST, password=PASSWORD
    ),
    "grant_membership": lambda a, c, ag, other: services.grant_membership(
        actor=a, user=c, agency=other, role=Role.ANALYST
    ),
    "change_member_role": lambda a, c, ag, other: services.change_member_role(
        actor=a, membership=c.memberships.get(), role=Role.INVESTIGATOR, expected_version=1
    ),
    "end_membership": lambda a, c, ag, other: services.end_membership(
        actor=a, membership=c.memberships.get(), expected_version=1
    ),
    "set_user_active": lambda a, c, ag, other: services.set_user_active(actor=a, user=c, agency=ag, active=False),
    "set_one_time_password": lambda a, c, ag, other: services.set_one_time_password(
        actor=a, user=c, agency=ag, password=PASSWORD
    ),
    "update_agency": lambda a, c, ag, other: services.update_agency(
        actor=a, agency=ag, name="Autre", kind=ag.kind, expected_version=1
    ),
}  # fmt: skip


class Failure(Exception):
    pass


def event_written_then_failure(**kwargs):
    audit_services.record_event(**kwargs)
    raise Failure


def account_rows():
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label == "accounts"]
    return {m._meta.label: sorted(m._base_manager.values_list()) for m in models}


@pytest.mark.parametrize("service", CALLS)
def test_a_failure_after_the_event_leaves_nothing(service, sysadmin, clerk, anltp, naptip, monkeypatch):
    monkeypatch.setattr(services, "record_event", event_written_then_failure)
    rows, events = account_rows(), AuditEvent.objects.count()
    with pytest.raises(Failure):
        CALLS[service](sysadmin, clerk, anltp, naptip)
    assert (account_rows(), AuditEvent.objects.count()) == (rows, events)
