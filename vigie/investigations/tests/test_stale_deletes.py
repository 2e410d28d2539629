"""A delete in the investigation part names the version the user read: a record changed since is not deleted."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleDeleteError
from vigie.investigations import services
from vigie.investigations.models import Arrest, Investigation

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action

NOTED = {"notes": "Complété par l'administrateur"}

# (fixture, keyword of the services, update service and a correction, delete service, its audit action)
RECORDS = [
    ("investigation", "investigation", services.update_investigation, NOTED, services.delete_investigation,
     Action.INVESTIGATION_DELETED),
    ("arrest", "arrest", services.update_arrest, NOTED, services.delete_arrest, Action.ARREST_DELETED),
    ("account", "seizure", services.update_seizure, {"released_on": datetime.date(2025, 9, 1)},
     services.delete_seizure, Action.SEIZURE_DELETED),
    ("flow", "flow", services.update_money_flow, NOTED, services.delete_money_flow, Action.MONEY_FLOW_DELETED),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "keyword", "update", "correction", "delete", "deleted"), RECORDS)
def test_a_record_corrected_since_it_was_read_is_not_deleted(
    request, investigator, agency_admin, fixture, keyword, update, correction, delete, deleted
):
    record = request.getfixturevalue(fixture)
    read = type(record).objects.get(pk=record.pk)  # what the deleting user's page showed, at version 1
    update(actor=agency_admin, expected_version=1, **{keyword: record}, **correction)
    with pytest.raises(StaleDeleteError):
        delete(actor=investigator, expected_version=read.version, **{keyword: read})
    assert type(record).objects.filter(pk=record.pk, version=2).exists()
    assert not AuditEvent.objects.filter(action=deleted).exists()


def test_the_confirmation_page_refuses_a_stale_delete(client, arrest, investigator, agency_admin):
    client.force_login(investigator)
    url = reverse("investigations:arrest-delete", kwargs={"arrest_id": arrest.pk})
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.update_arrest(actor=agency_admin, arrest=arrest, expected_version=1, notes="Garde à vue prolongée")
    response = client.post(url, {"version": "1"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Arrest.objects.filter(pk=arrest.pk).exists()
    assert "Someone else changed this record after you opened it, so it was not deleted" in response.content.decode()


def test_the_api_answers_409_to_a_stale_delete(investigation, investigator, agency_admin):
    services.update_investigation(
        actor=agency_admin, investigation=investigation, expected_version=1, lead_unit="Office central"
    )
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(investigator)
    url = reverse("api:investigation-detail", kwargs={"investigation_id": investigation.pk})
    assert api.delete(f"{url}?version=1").status_code == 409
    assert Investigation.objects.filter(pk=investigation.pk).exists()
    assert api.delete(f"{url}?version=2").status_code == 204
    assert not Investigation.objects.exists()
