"""A delete of an assistance record names the version the user read: a record changed since is not deleted."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.assistance import services
from vigie.assistance.kinds import KINDS
from vigie.assistance.models import ReintegrationVisit
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleDeleteError

pytestmark = pytest.mark.django_db

FIXTURE_OF_KIND = {
    "assessment": "assessment",
    "reflection": "reflection",
    "plan": "plan",
    "family": "family_assessment",
    "return": "voluntary_return",
    "visit": "visit",
    "closure": "closure",
}


def test_every_kind_of_record_is_listed_here():
    assert set(FIXTURE_OF_KIND) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(FIXTURE_OF_KIND))
def test_a_record_corrected_since_it_was_read_is_not_deleted(request, case_worker, agency_admin, kind):
    spec, record = KINDS[kind], request.getfixturevalue(FIXTURE_OF_KIND[kind])
    read = type(record).objects.get(pk=record.pk)  # what the deleting user's page showed, at version 1
    spec.update(actor=agency_admin, record=record, expected_version=1, notes="Vue par l'assistante sociale")
    deletions_before = AuditEvent.objects.filter(action__endswith="_deleted").count()
    with pytest.raises(StaleDeleteError):
        spec.delete(actor=case_worker, record=read, expected_version=read.version)
    assert type(record).objects.filter(pk=record.pk, version=2).exists()
    assert AuditEvent.objects.filter(action__endswith="_deleted").count() == deletions_before


def test_the_confirmation_page_refuses_a_stale_delete(visit, case_worker, agency_admin):
    client = Client()
    client.force_login(case_worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("assistance:visit-delete", args=[visit.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.update_reintegration_visit(actor=agency_admin, visit=visit, expected_version=1, notes="Revue")
    response = client.post(url, {"version": "1"}, follow=True)
    assert ReintegrationVisit.objects.filter(pk=visit.pk).exists()
    assert "Someone else changed this record after you opened it, so it was not deleted" in response.content.decode()


def test_the_api_answers_409_to_a_stale_delete(visit, case_worker, agency_admin):
    services.update_reintegration_visit(actor=agency_admin, visit=visit, expected_version=1, notes="Revue")
    api = APIClient()
    api.force_authenticate(case_worker)
    url = reverse("api:assistance-visit", args=[visit.pk])
    assert api.delete(f"{url}?version=1").status_code == 409
    assert ReintegrationVisit.objects.filter(pk=visit.pk).exists()
    assert api.delete(f"{url}?version=2").status_code == 204
    assert not ReintegrationVisit.objects.exists()
