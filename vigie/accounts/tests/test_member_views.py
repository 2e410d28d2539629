import re

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from vigie.accounts.models import Membership, User
from vigie.audit.models import AuditEvent
from vigie.conftest import make_member

pytestmark = pytest.mark.django_db

Role = Membership.Role


def members_url(agency):
    return reverse("accounts:members", kwargs={"agency_id": agency.pk})


def test_the_list_shows_each_member_with_role_and_last_login(client, agency_admin, anltp, clerk):
    client.force_login(clerk)
    client.logout()
    client.force_login(agency_admin)
    page = client.get(members_url(anltp), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    rows = {m.user.username: m for m, _role, _account in page.context["rows"]}
    assert set(rows) == {agency_admin.username, clerk.username}
    assert rows[clerk.username].user.last_login is not None
    assert "Data clerk" in page.text


def test_the_list_takes_a_fixed_number_of_queries(client, agency_admin, anltp, django_assert_max_num_queries):
    for n in range(15):
        make_member(anltp, Role.INVESTIGATOR, username=f"investigator-{n}")
    client.force_login(agency_admin)
    with django_assert_max_num_queries(12):
        assert client.get(members_url(anltp)).status_code == 200


def test_an_agency_admin_cannot_open_another_agencys_members(client, agency_admin, naptip, outsider):
    client.force_login(agency_admin)
    assert client.get(members_url(naptip)).status_code == 403
    membership = outsider.memberships.get()
    assert client.get(reverse("accounts:membership-role", args=[membership.pk])).status_code == 404
    assert client.post(reverse("accounts:member-active", args=[membership.pk]), {"active": "0"}).status_code == 404
    assert User.objects.get(pk=outsider.pk).is_active


def test_a_new_member_gets_a_one_time_password_shown_once(client, agency_admin, anltp):
    client.force_login(agency_admin)
    response = client.post(
        reverse("accounts:member-create", args=[anltp.pk]),
        {"new-username": "amina", "new-first_name": "Amina", "new-last_name": "Issoufou", "new-role": "investigator"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password) and password in response.text
    user = authenticate(username="amina", password=password)
    assert user is not None and user.must_change_password
    assert user.memberships.get().role == Role.INVESTIGATOR


def test_the_roles_offered_to_an_agency_admin_leave_out_the_system_admins_ones(client, agency_admin, anltp):
    client.force_login(agency_admin)
    form = client.get(reverse("accounts:member-create", args=[anltp.pk])).context["new"]
    offered = {value for value, _label in form.fields["role"].choices}
    assert offered == set(Role.values) - {Role.SYSTEM_ADMIN, Role.NATIONAL_COORDINATOR}
    response = client.post(
        reverse("accounts:member-grant", args=[anltp.pk]), {"existing-username": "x", "existing-role": "system_admin"}
    )
    assert "role" in response.context["existing"].errors


def test_an_existing_user_is_found_by_exact_user_name(client, sysadmin, naptip, clerk):
    client.force_login(sysadmin)
    url = reverse("accounts:member-grant", args=[naptip.pk])
    response = client.post(url, {"existing-username": clerk.username.upper(), "existing-role": "analyst"})
    assert "username" in response.context["existing"].errors
    response = client.post(url, {"existing-username": clerk.username, "existing-role": "analyst"})
    assert response.status_code == 302
    assert clerk.memberships.get(agency=naptip).role == Role.ANALYST


def test_a_role_is_changed_and_a_stale_form_is_refused(client, agency_admin, clerk):
    membership = clerk.memberships.get()
    url = reverse("accounts:membership-role", args=[membership.pk])
    client.force_login(agency_admin)
    assert client.post(url, {"role": "investigator", "version": "1"}).status_code == 302
    response = client.post(url, {"role": "analyst", "version": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert clerk.memberships.get().role == Role.INVESTIGATOR


def test_the_last_admin_is_told_why_they_cannot_step_down(client, agency_admin, anltp):
    membership = agency_admin.memberships.get()
    client.force_login(agency_admin)
    response = client.post(
        reverse("accounts:membership-end", args=[membership.pk]),
        {"version": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "last administrator of this agency" in response.text
    assert agency_admin.memberships.exists()


def test_ending_a_membership(client, agency_admin, clerk):
    membership = clerk.memberships.get()
    client.force_login(agency_admin)
    assert client.get(reverse("accounts:membership-end", args=[membership.pk])).status_code == 200
    assert client.post(reverse("accounts:membership-end", args=[membership.pk]), {"version": "1"}).status_code == 302
    assert not clerk.memberships.exists() and User.objects.filter(pk=clerk.pk).exists()


def test_deactivating_a_member_logs_them_out(client, agency_admin, clerk):
    member_client = client.__class__()
    member_client.force_login(clerk)
    client.force_login(agency_admin)
    client.post(reverse("accounts:member-active", args=[clerk.memberships.get().pk]), {"active": "0"})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.USER_DEACTIVATED).exists()
    assert member_client.get(reverse("cases:list")).status_code == 302  # back to the login page


def test_a_new_password_is_set_for_a_member(client, agency_admin, clerk):
    client.force_login(agency_admin)
    url = reverse("accounts:member-password", args=[clerk.memberships.get().pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert authenticate(username=clerk.username, password=response.context["password"]) == clerk


def test_a_system_admin_is_not_shown_actions_an_agency_admin_may_not_take(client, agency_admin, sysadmin, anltp):
    client.force_login(agency_admin)
    rows = {m.user: (role, account) for m, role, account in client.get(members_url(anltp)).context["rows"]}
    assert rows[sysadmin] == (False, False)
    assert client.post(reverse("accounts:member-password", args=[sysadmin.memberships.get().pk])).status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET).exists()
