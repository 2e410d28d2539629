import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.services import share_case

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:status", kwargs={"case_id": case.pk})


@pytest.mark.parametrize("role", ["investigator", "prosecutor", "agency_admin"])
def test_deciding_roles_of_the_lead_agency_change_the_status(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(case), {"status": "under_investigation", "version": 1})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "under_investigation"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_STATUS_CHANGED).count() == 1


def test_closing_without_a_reason_shows_the_error_on_the_reason(client, investigator, case):
    client.force_login(investigator)
    response = client.post(url(case), {"status": "closed", "closure_reason": "", "version": 1})
    assert response.status_code == 200
    assert "closure_reason" in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).status == "open"


def test_a_step_outside_the_life_cycle_is_refused_with_its_message(client, investigator, case):
    client.force_login(investigator)
    response = client.post(url(case), {"status": "referred_for_prosecution", "version": 1})
    [message] = response.context["form"].errors["status"]
    assert str(Case.Status.REFERRED_FOR_PROSECUTION.label) in message
    assert Case.objects.get(pk=case.pk).status == "open"


@pytest.mark.parametrize("role", ["clerk", "case_worker"])
def test_data_clerks_and_case_workers_may_not_change_it(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(case), {"status": "closed", "closure_reason": "other", "version": 1}).status_code == 403
    assert Case.objects.get(pk=case.pk).status == "open"


def test_the_agency_the_case_is_shared_with_may_not_change_it(client, case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    client.force_login(outsider)
    assert client.post(url(case), {"status": "closed", "closure_reason": "other", "version": 1}).status_code == 403
    assert Case.objects.get(pk=case.pk).status == "open"


def test_a_closing_day_before_the_opening_is_shown_on_the_closing_day(client, investigator, case):
    client.force_login(investigator)
    response = client.post(
        url(case), {"status": "closed", "closure_reason": "other", "closed_on": "2025-03-11", "version": 1}
    )
    assert "closed_on" in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).status == "open"
