import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from vigie.accounts import services
from vigie.audit.models import AuditEvent
from vigie.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ONE_TIME = "k7pm-4xqa-9tre"
OWN = "a much longer secret 42"


def test_my_account_shows_my_memberships(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("accounts:me"), HTTP_ACCEPT_LANGUAGE="en")
    assert [m.agency.code for m in page.context["memberships"]] == ["ANLTP"]
    assert "Data clerk" in page.text


def test_changing_my_password_keeps_me_logged_in(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": OWN, "new_password2": OWN},
    )
    assert response.url == reverse("accounts:me")
    assert client.get(reverse("cases:list")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED, actor=clerk).exists()


def test_a_weak_new_password_is_refused(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_a_password_set_by_an_admin_must_be_changed_first(client, agency_admin, clerk, anltp):
    services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password=ONE_TIME)
    response = client.post(reverse("accounts:login"), {"username": clerk.username, "password": ONE_TIME})
    assert response.url == reverse("accounts:password-change")
    assert client.get(reverse("cases:list")).url == reverse("accounts:password-change")
    assert client.get("/api/v1/cases/").status_code == 403
    assert client.get(reverse("accounts:password-change")).status_code == 200
    client.post(
        reverse("accounts:password-change"),
        {"old_password": ONE_TIME, "new_password1": OWN, "new_password2": OWN},
    )
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_one_time_password_revokes_the_api_token_issued_before_it(agency_admin, clerk, anltp):
    token = services.issue_api_token(user=clerk)
    services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password=ONE_TIME)
    assert not Token.objects.filter(user=clerk).exists()
    assert Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_RESET).changes["api_token_revoked"] is True


def test_the_user_may_log_out_without_changing_it(client, agency_admin, clerk, anltp):
    services.set_one_time_password(actor=agency_admin, user=clerk, agency=anltp, password=ONE_TIME)
    client.login(username=clerk.username, password=ONE_TIME)
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")
