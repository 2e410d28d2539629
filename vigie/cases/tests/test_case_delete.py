import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.services import share_case

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:delete", kwargs={"case_id": case.pk})


def test_it_asks_for_confirmation_first(client, investigator, case):
    client.force_login(investigator)
    assert client.get(url(case)).status_code == 200
    assert Case.objects.exists()


@pytest.mark.parametrize("role", ["investigator", "prosecutor", "agency_admin"])
def test_deleting_roles_delete_the_case_and_it_is_audited(client, request, case, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(url(case))
    assert response.status_code == 302
    assert response.url == reverse("cases:list")
    assert not Case.objects.exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.CASE_DELETED).actor == user


@pytest.mark.parametrize("role", ["clerk", "case_worker"])
def test_data_clerks_and_case_workers_may_not_delete(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(case)).status_code == 403
    assert client.post(url(case)).status_code == 403
    assert Case.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CASE_DELETED).exists()


@pytest.mark.parametrize("role", ["outsider", "analyst", "sysadmin"])
def test_others_are_told_the_case_does_not_exist(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(case)).status_code == 404
    assert Case.objects.exists()


def test_an_agency_the_case_is_shared_with_may_read_but_not_delete(client, case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victim from Nigeria")
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).status_code == 200
    assert client.post(url(case)).status_code == 403
    assert client.delete(f"/api/v1/cases/{case.pk}/").status_code == 403
    assert Case.objects.exists()
