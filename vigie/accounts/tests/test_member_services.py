import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError

from vigie.accounts import services
from vigie.accounts.models import Agency, Membership, User
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleDeleteError, StaleEditError
from vigie.conftest import make_member

pytestmark = pytest.mark.django_db

Role = Membership.Role
Action = AuditEvent.Action
GOOD_PASSWORD = "k7pm-4xqa-9tre"


def test_an_agency_admin_adds_a_new_user_who_must_change_the_password(agency_admin, anltp):
    user = services.add_new_member(
        actor=agency_admin, agency=anltp, username="amina", role=Role.INVESTIGATOR, password=GOOD_PASSWORD,
        first_name="Amina", last_name="Issoufou",
    )  # fmt: skip
    assert user.must_change_password
    assert user.memberships.get().role == Role.INVESTIGATOR
    assert authenticate(username="amina", password=GOOD_PASSWORD) == user
    actions = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", "actor", "agency"))
    assert sorted(actions) == sorted(
        [(Action.USER_CREATED, agency_admin.pk, anltp.pk), (Action.MEMBERSHIP_GRANTED, agency_admin.pk, anltp.pk)]
    )


@pytest.mark.parametrize("password", ["123456789012", "password", "amina-2"])
def test_a_weak_password_is_refused_by_djangos_validators(agency_admin, anltp, password):
    with pytest.raises(ValidationError):
        services.add_new_member(
            actor=agency_admin, agency=anltp, username="amina", role=Role.INVESTIGATOR, password=password
        )
    assert not User.objects.filter(username="amina").exists()


def test_one_time_passwords_pass_the_validators_and_differ(anltp):
    from django.contrib.auth.password_validation import validate_password

    passwords = {services.one_time_password() for _i in range(20)}
    assert len(passwords) == 20
    for password in passwords:
        validate_password(password, User(username="amina"))


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.NATIONAL_COORDINATOR])
def test_an_agency_admin_cannot_give_the_roles_a_system_admin_gives(agency_admin, anltp, outsider, role):
    with pytest.raises(ValidationError) as refused:
        services.grant_membership(actor=agency_admin, user=outsider, agency=anltp, role=role)
    assert refused.value.error_dict["role"][0].code == "role_given_by_system_admin"
    assert not outsider.memberships.filter(agency=anltp).exists()


def test_a_system_admin_gives_any_role_in_any_agency(sysadmin, naptip, clerk):
    services.grant_membership(actor=sysadmin, user=clerk, agency=naptip, role=Role.NATIONAL_COORDINATOR)
    assert clerk.memberships.get(agency=naptip).role == Role.NATIONAL_COORDINATOR


def test_an_agency_admin_cannot_add_members_to_another_agency(agency_admin, naptip, clerk):
    with pytest.raises(PermissionDenied):
        services.grant_membership(actor=agency_admin, user=clerk, agency=naptip, role=Role.INVESTIGATOR)


def test_an_existing_user_is_given_a_role_in_a_second_agency(sysadmin, outsider, anltp):
    services.grant_membership(actor=sysadmin, user=outsider, agency=anltp, role=Role.ANALYST)
    assert set(outsider.memberships.values_list("agency__code", "role")) == {
        ("NAPTIP", Role.INVESTIGATOR),
        ("ANLTP", Role.ANALYST),
    }


def test_a_member_cannot_be_added_twice(agency_admin, anltp, clerk):
    with pytest.raises(ValidationError) as refused:
        services.grant_membership(actor=agency_admin, user=clerk, agency=anltp, role=Role.INVESTIGATOR)
    assert refused.value.error_dict["username"][0].code == "already_member"


def test_changing_a_role_is_audited_with_old_and_new(agency_admin, clerk):
    membership = clerk.memberships.get()
    services.change_member_role(actor=agency_admin, membership=membership, role=Role.INVESTIGATOR, expected_version=1)
    assert (membership.role, membership.version) == (Role.INVESTIGATOR, 2)
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_ROLE_CHANGED)
    assert (event.actor, event.target_id, event.changes) == (
        agency_admin,
        str(clerk.pk),
        {"role": {"old": Role.DATA_CLERK, "new": Role.INVESTIGATOR}},
    )


def test_a_role_change_from_a_stale_page_is_refused(agency_admin, clerk):
    membership = clerk.memberships.get()
    services.change_member_role(actor=agency_admin, membership=membership, role=Role.INVESTIGATOR, expected_version=1)
    with pytest.raises(StaleEditError):
        services.change_member_role(
            actor=agency_admin, membership=clerk.memberships.get(), role=Role.ANALYST, expected_version=1
        )
    assert clerk.memberships.get().role == Role.INVESTIGATOR


def test_an_agency_admin_cannot_demote_a_national_coordinator(agency_admin, coordinator):
    with pytest.raises(ValidationError):
        services.change_member_role(
            actor=agency_admin, membership=coordinator.memberships.get(), role=Role.ANALYST, expected_version=1
        )


def test_the_last_agency_admin_cannot_demote_themselves(agency_admin):
    membership = agency_admin.memberships.get()
    with pytest.raises(ValidationError) as refused:
        services.change_member_role(actor=agency_admin, membership=membership, role=Role.ANALYST, expected_version=1)
    assert refused.value.error_list[0].code == "last_administrator"
    assert agency_admin.memberships.get().role == Role.AGENCY_ADMIN


def test_the_last_agency_admin_cannot_end_their_membership(agency_admin):
    with pytest.raises(ValidationError):
        services.end_membership(actor=agency_admin, membership=agency_admin.memberships.get(), expected_version=1)
    assert agency_admin.memberships.exists()


def test_an_admin_steps_down_once_there_is_another(agency_admin, anltp):
    make_member(anltp, Role.AGENCY_ADMIN, username="second-admin")
    services.change_member_role(
        actor=agency_admin, membership=agency_admin.memberships.get(), role=Role.INVESTIGATOR, expected_version=1
    )
    assert agency_admin.memberships.get().role == Role.INVESTIGATOR


def test_a_deactivated_admin_does_not_count_as_the_other_admin(agency_admin, anltp):
    other = make_member(anltp, Role.AGENCY_ADMIN, username="second-admin")
    User.objects.filter(pk=other.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        services.end_membership(actor=agency_admin, membership=agency_admin.memberships.get(), expected_version=1)


def test_a_system_admin_may_remove_the_last_agency_admin(sysadmin, agency_admin):
    services.end_membership(actor=sysadmin, membership=agency_admin.memberships.get(), expected_version=1)
    assert not agency_admin.memberships.exists()


def test_ending_a_membership_keeps_the_user_and_the_trail(agency_admin, clerk, anltp):
    services.end_membership(actor=agency_admin, membership=clerk.memberships.get(), expected_version=1)
    clerk.refresh_from_db()
    assert clerk.is_active and not clerk.memberships.exists()
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_ENDED)
    assert (event.actor, event.target_id, event.agency_id, event.changes) == (
        agency_admin,
        str(clerk.pk),
        anltp.pk,
        {"role": Role.DATA_CLERK},
    )
    assert AuditEvent.objects.filter(target_id=str(clerk.pk), action=Action.MEMBERSHIP_GRANTED).exists()


def test_ending_a_membership_from_a_stale_page_is_refused(agency_admin, clerk):
    membership = clerk.memberships.get()
    services.change_member_role(actor=agency_admin, membership=membership, role=Role.INVESTIGATOR, expected_version=1)
    with pytest.raises(StaleDeleteError):
        services.end_membership(actor=agency_admin, membership=membership, expected_version=1)
    assert clerk.memberships.exists()


def test_a_system_admin_creates_and_edits_an_agency(sysadmin):
    agency = services.create_agency(actor=sysadmin, code="CAVNIA", name="Centre", country_id="NE", kind="ngo")
    services.update_agency(
        actor=sysadmin, agency=agency, name="Centre d'accueil", kind=Agency.Kind.SOCIAL_SERVICES, expected_version=1
    )
    agency.refresh_from_db()
    assert (agency.name, agency.kind, agency.version) == ("Centre d'accueil", "social_services", 2)
    event = AuditEvent.objects.get(action=Action.AGENCY_UPDATED)
    assert event.changes == {
        "kind": {"old": "ngo", "new": "social_services"},
        "name": {"old": "Centre", "new": "Centre d'accueil"},
    }


def test_an_agency_edit_from_a_stale_page_is_refused(sysadmin, anltp):
    services.update_agency(actor=sysadmin, agency=anltp, name="A", kind=anltp.kind, expected_version=1)
    with pytest.raises(StaleEditError):
        services.update_agency(
            actor=sysadmin, agency=Agency.objects.get(pk=anltp.pk), name="B", kind=anltp.kind, expected_version=1
        )
    assert Agency.objects.get(pk=anltp.pk).name == "A"
