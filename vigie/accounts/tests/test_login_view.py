import pytest

from vigie.audit.models import AuditEvent
from vigie.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/accounts/login/"


def test_a_successful_login_is_audited_with_the_address(client, clerk):
    response = client.post(URL, {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (event.actor, event.actor_username, event.target_id, event.ip_address) == (
        clerk,
        clerk.username,
        str(clerk.pk),
        "10.1.2.3",
    )


def test_the_address_given_by_the_reverse_proxy_is_recorded(client, clerk, settings):
    settings.BEHIND_PROXY = True
    client.post(
        URL, {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="41.203.1.9"
    )
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).ip_address == "41.203.1.9"


def test_a_failed_login_is_audited_with_the_name_typed(client, clerk):
    response = client.post(URL, {"username": clerk.username, "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (event.actor, event.actor_username, event.ip_address) == (None, clerk.username, "10.1.2.3")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


def test_a_login_with_an_unknown_name_is_audited_too(client):
    client.post(URL, {"username": "admin", "password": "admin"})
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).actor_username == "admin"


def test_a_deactivated_user_cannot_log_in(client, clerk):
    clerk.is_active = False
    clerk.save()
    client.post(URL, {"username": clerk.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1


def test_showing_the_form_is_not_audited(client):
    assert client.get(URL).status_code == 200
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


def test_register_users_land_on_their_cases_and_the_others_on_the_statistics(client, clerk, analyst):
    assert client.post(URL, {"username": clerk.username, "password": PASSWORD}).url == "/cases/"
    client.logout()
    assert client.post(URL, {"username": analyst.username, "password": PASSWORD}).url == "/statistics/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/cases/"])
def test_it_never_sends_the_user_to_another_site(client, clerk, target):
    response = client.post(f"{URL}?next={target}", {"username": clerk.username, "password": PASSWORD, "next": target})
    assert response.url == "/cases/"


def test_logging_out_is_audited(client, clerk):
    client.force_login(clerk)
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGOUT).actor == clerk


def test_without_a_proxy_the_header_is_not_believed_and_garbage_is_ignored(client, clerk, settings):
    settings.BEHIND_PROXY = False
    client.post(
        URL, {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.9.8.7", HTTP_X_REAL_IP="41.203.1.9"
    )
    settings.BEHIND_PROXY = True
    client.post(
        URL, {"username": clerk.username, "password": "wrong"}, REMOTE_ADDR="10.9.8.7", HTTP_X_REAL_IP="garbage"
    )
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).ip_address == "10.9.8.7"
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).ip_address == "10.9.8.7"
