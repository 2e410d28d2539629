"""A delete names the version the user read: a record changed since is not deleted (pages and API)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.cases.models import BorderCrossing, Case, Event, Participant
from vigie.cases.services import (
    delete_case,
    delete_crossing,
    delete_event,
    record_crossing,
    record_event_in_case,
    remove_participant,
    update_case,
    update_crossing,
    update_event,
    update_participant,
)
from vigie.concurrency import StaleDeleteError
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture
def event(case, investigator, victim):
    return record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2024-11", country_id="NE")


@pytest.fixture
def crossing(case, investigator, victim):
    return record_crossing(actor=investigator, case=case, from_country_id="NE", to_country_id="LY", travellers=[victim])


@pytest.fixture
def witness(case, investigator):
    return make_participant(case, investigator, role=Participant.Role.WITNESS)


def test_a_case_changed_since_it_was_read_is_not_deleted(case, investigator, clerk):
    update_case(actor=clerk, case=Case.objects.get(pk=case.pk), expected_version=1, title="Corrigé par le greffier")
    with pytest.raises(StaleDeleteError):
        delete_case(actor=investigator, case=case, expected_version=1)
    assert Case.objects.get(pk=case.pk).title == "Corrigé par le greffier"
    assert not AuditEvent.objects.filter(action=Action.CASE_DELETED).exists()


def test_the_version_read_deletes_and_is_audited(case, investigator):
    delete_case(actor=investigator, case=case, expected_version=1)
    assert not Case.objects.exists()
    assert AuditEvent.objects.filter(action=Action.CASE_DELETED).count() == 1


def test_participants_events_and_crossings_check_their_version_too(case, investigator, clerk, witness, event, crossing):
    update_participant(actor=clerk, participant=witness, expected_version=1, notes="Entendu le 3 mars")
    update_event(actor=clerk, event=event, expected_version=1, description="Au marché")
    update_crossing(actor=clerk, crossing=crossing, expected_version=1, border_post="Assamaka")
    with pytest.raises(StaleDeleteError):
        remove_participant(actor=investigator, participant=witness, expected_version=1)
    with pytest.raises(StaleDeleteError):
        delete_event(actor=investigator, event=event, expected_version=1)
    with pytest.raises(StaleDeleteError):
        delete_crossing(actor=investigator, crossing=crossing, expected_version=1)
    assert Participant.objects.filter(pk=witness.pk).exists()
    assert Event.objects.filter(pk=event.pk).exists()
    assert BorderCrossing.objects.filter(pk=crossing.pk).exists()


def test_the_confirmation_page_sends_the_version_it_showed(client, case, investigator, clerk):
    client.force_login(investigator)
    url = reverse("cases:delete", kwargs={"case_id": case.pk})
    assert 'name="version" value="1"' in client.get(url).content.decode()
    update_case(actor=clerk, case=Case.objects.get(pk=case.pk), expected_version=1, title="Corrigé")
    response = client.post(url, {"version": "1"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Case.objects.filter(pk=case.pk).exists()
    assert "Someone else changed this record after you opened it, so it was not deleted" in response.content.decode()


def test_the_page_refusal_is_in_french_by_default(client, event, investigator, clerk):
    update_event(actor=clerk, event=event, expected_version=1, description="Au marché")
    client.force_login(investigator)
    response = client.post(reverse("cases:event-delete", kwargs={"event_id": event.pk}), {"version": "1"}, follow=True)
    assert Event.objects.filter(pk=event.pk).exists()
    assert "donc pas été supprimé" in response.content.decode()


def test_the_api_answers_409_to_a_stale_delete_and_204_to_a_current_one(event, investigator, clerk):
    update_event(actor=clerk, event=event, expected_version=1, description="Au marché")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(investigator)
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    stale = api.delete(f"{url}?version=1")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_edit"
    assert Event.objects.filter(pk=event.pk).exists()
    assert api.delete(f"{url}?version=2").status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()
