import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.services import share_case
from vigie.people.services import add_phone_number

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 2**31 - 1  # database sequences are not reset between tests: small numbers may exist


def url(person_id):
    return reverse("people:detail", kwargs={"person_id": person_id})


def test_it_shows_the_persons_details_and_cases(client, clerk, case, victim, investigator):
    add_phone_number(actor=investigator, person=victim.person, number="+22796123456")
    client.force_login(clerk)
    response = client.get(url(victim.person_id))
    assert response.status_code == 200
    assert "Aïssata KOUYATÉ" in response.text
    assert "+22796123456" in response.text
    assert case.reference in response.text


def test_each_view_is_recorded_in_the_audit_trail(client, clerk, victim):
    client.force_login(clerk)
    client.get(url(victim.person_id), REMOTE_ADDR="10.0.0.7")
    client.get(url(victim.person_id), REMOTE_ADDR="10.0.0.7")
    views = AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_VIEWED)
    assert views.count() == 2
    event = views.earliest("id")
    assert (event.actor, event.target_id, event.agency_id, event.ip_address) == (
        clerk,
        str(victim.person_id),
        victim.person.recorded_by_agency_id,
        "10.0.0.7",
    )


def test_the_agency_a_case_is_shared_with_sees_its_people(client, case, victim, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    client.force_login(outsider)
    assert client.get(url(victim.person_id)).status_code == 200


@pytest.mark.parametrize("role", ["outsider", "analyst", "coordinator", "sysadmin"])
def test_others_are_told_the_person_does_not_exist_and_no_view_is_recorded(client, request, victim, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(victim.person_id)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_VIEWED).exists()


def test_a_person_that_does_not_exist_is_a_404(client, clerk):
    client.force_login(clerk)
    assert client.get(url(NO_SUCH_ID)).status_code == 404
