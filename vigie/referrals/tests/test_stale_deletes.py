"""A delete of a referral or a service names the version the user read: a record changed since is not deleted."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleDeleteError
from vigie.referrals.models import Referral, ServiceDelivery
from vigie.referrals.services import delete_referral, delete_service, move_referral, record_service, update_service

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture
def stay(case, case_worker, adult, provider) -> ServiceDelivery:
    return record_service(
        actor=case_worker, case=case, participant=adult, kind="shelter", provider=provider,
        started_on=datetime.date(2025, 4, 1),
    )  # fmt: skip


def test_a_referral_the_shelter_accepted_meanwhile_is_not_deleted(referral, case_worker, shelter_worker):
    read = Referral.objects.get(pk=referral.pk)  # the case worker's confirmation page, at version 1
    move_referral(actor=shelter_worker, referral=referral, transition="accept", expected_version=1)
    with pytest.raises(StaleDeleteError):
        delete_referral(actor=case_worker, referral=read, expected_version=read.version)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED
    assert not AuditEvent.objects.filter(action=Action.REFERRAL_DELETED).exists()


def test_a_service_corrected_since_it_was_read_is_not_deleted(stay, case_worker, agency_admin):
    read = ServiceDelivery.objects.get(pk=stay.pk)
    update_service(actor=agency_admin, service=stay, expected_version=1, notes="Prolongé d'un mois")
    with pytest.raises(StaleDeleteError):
        delete_service(actor=case_worker, service=read, expected_version=read.version)
    assert ServiceDelivery.objects.filter(pk=stay.pk, version=2).exists()
    assert not AuditEvent.objects.filter(action=Action.SERVICE_DELETED).exists()


def test_the_confirmation_page_refuses_a_stale_delete(client, referral, case_worker, shelter_worker):
    client.force_login(case_worker)
    url = reverse("referrals:referral-delete", kwargs={"referral_id": referral.pk})
    assert 'name="version" value="1"' in client.get(url).content.decode()
    move_referral(actor=shelter_worker, referral=referral, transition="accept", expected_version=1)
    response = client.post(url, {"version": "1"}, follow=True)
    assert Referral.objects.filter(pk=referral.pk).exists()
    assert "Someone else changed this record after you opened it, so it was not deleted" in response.content.decode()


def test_the_api_answers_409_to_a_stale_delete(stay, case_worker, agency_admin):
    update_service(actor=agency_admin, service=stay, expected_version=1, notes="Prolongé d'un mois")
    api = APIClient()
    api.force_authenticate(case_worker)
    url = reverse("api:service-detail", kwargs={"service_id": stay.pk})
    assert api.delete(f"{url}?version=1").status_code == 409
    assert ServiceDelivery.objects.filter(pk=stay.pk).exists()
    assert api.delete(f"{url}?version=2").status_code == 204
    assert not ServiceDelivery.objects.exists()
