import pytest
from django.contrib.auth import authenticate
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from vigie.accounts import services
from vigie.accounts.models import Membership, User
from vigie.audit.models import AuditEvent
from vigie.conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db

Role = Membership.Role
Action = AuditEvent.Action
NEW_PASSWORD = "k7pm-4xqa-9tre"


def test_an_agency_admin_deactivates_and_reactivates_a_member(agency_admin, clerk, anltp):
    services.set_user_active(actor=agency_admin, user=clerk, agency=anltp, active=False)
    assert not User.objects.get(pk=clerk.pk).is_active
    assert authenticate(username=clerk.username, password=PASSWORD) is None
    services.set_user_active(actor=agency_admin, user=clerk, agency=anltp, active=True)
    assert User.objects.get(pk=clerk.pk).is_active
    assert list(AuditEvent.objects.filter(target_id=str(clerk.pk)).values_list("action", flat=True)[:2]) == [
        Action.USER_REACTIVATED,
        Action.USER_DEACTIVATED,
    ]


def test_deactivating_twice_records_once(agency_admin, clerk, anltp):
    services.set_user_active(actor=agency_admin, user=clerk, agency=anltp, active=False)
    services.set_user_active(actor=agency_admin, user=User.objects.get(pk=clerk.pk), agency=anltp, active=False)
    assert AuditEvent.objects.filter(action=Action.USER_DEACTIVATED).count() == 1


def test_an_agency_admin_cannot_deactivate_someone_who_also_belongs_elsewhere(agency_admin, outsider, anltp, sysadmin):
    services.grant_membership(actor=sysadmin, user=outsider, agency=anltp, role=Role.ANALYST)
    with pytest.raises(ValidationError) as refused:
        services.set_user_active(actor=agency_admin, user=outsider, agency=anltp, active=False)
    assert refused.value.error_list[0].code == "account_managed_by_system_admin"
    assert User.objects.get(pk=outsider.pk).is_active


def test_a_system_admin_deactivates_anyone(sysadmin, outsider, naptip):
    services.set_user_active(actor=sysadmin, user=outsider, agency=naptip, active=False)
    assert not User.objects.get(pk=outsider.pk).is_active


def test_an_agency_admin_cannot_touch_the_account_of_a_system_admin_of_the_agency(agency_admin, sysadmin, anltp):
    with pytest.raises(ValidationError):
        services.set_one_time_password(actor=agency_admin, user=sysadmin, agency=anltp, password=NEW_PASSWORD)
    assert authenticate(username=sysadmin.username, password=PASSWORD) is not None


def test_nobody_deactivates_themselves(sysadmin, anltp):
    with pytest.raises(ValidationError):
        services.set_user_active(actor=sysadmin, user=sysadmin, agency=anltp, active=False)


def test_an_agency_admin_leaves_a_fellow_admin_and_themselves_to_others(agency_admin, anltp, sysadmin):
    other_admin = make_member(anltp, Role.AGENCY_ADMIN, username="other-admin")
    for target in (other_admin, agency_admin):
        with pytest.raises(ValidationError):
            services.set_user_active(actor=agency_admin, user=target, agency=anltp, active=False)
        with pytest.raises(ValidationError):
            services.set_one_time_password(actor=agency_admin, user=target, agency=anltp, password=NEW_PASSWORD)
    assert User.objects.get(pk=other_admin.pk).is_active and User.objects.get(pk=agency_admin.pk).is_active
    services.set_user_active(actor=sysadmin, user=other_admin, agency=anltp, active=False)
    assert not User.objects.get(pk=other_admin.pk).is_active


def test_a_one_time_password_replaces_the_old_one_and_must_be_changed(agency_admin, clerk, anltp):
    services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password=NEW_PASSWORD)
    assert authenticate(username=clerk.username, password=PASSWORD) is None
    user = authenticate(username=clerk.username, password=NEW_PASSWORD)
    assert user is not None and User.objects.get(pk=user.pk).must_change_password
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET)
    assert (event.actor, event.target_id, event.changes) == (
        agency_admin,
        str(clerk.pk),
        {"must_change_password": True, "api_token_revoked": False},
    )
    assert NEW_PASSWORD not in str(event.changes)


def test_a_weak_one_time_password_is_refused(agency_admin, clerk, anltp):
    with pytest.raises(ValidationError):
        services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password="12345678")


def test_changing_ones_own_password_clears_the_flag(agency_admin, clerk, anltp):
    services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password=NEW_PASSWORD)
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    request.session = SessionStore()
    request.user = clerk
    services.change_own_password(request=request, user=clerk, password="a much longer secret 42")
    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert authenticate(username=clerk.username, password="a much longer secret 42") == clerk
    event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGED)
    assert (event.actor, event.ip_address) == (clerk, "10.1.2.3")
