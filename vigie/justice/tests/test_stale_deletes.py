"""A delete in the courts part names the version the user read: a record changed since is not deleted."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleDeleteError
from vigie.justice import services
from vigie.justice.models import Charge, CooperationRequest, Hearing, Proceeding, Verdict
from vigie.justice.tests.conftest import D

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture
def hearing(proceeding, prosecutor) -> Hearing:
    return services.record_hearing(
        actor=prosecutor, proceeding=proceeding, date=D(2025, 5, 6), purpose="victim_testimony"
    )


@pytest.fixture
def verdict(charge, prosecutor) -> Verdict:
    return services.record_verdict(
        actor=prosecutor, charge=charge, proceeding=charge.proceeding, outcome="convicted", decided_on=D(2025, 9, 1)
    )


@pytest.fixture
def cooperation_request(case, prosecutor) -> CooperationRequest:
    return services.record_cooperation_request(
        actor=prosecutor,
        case=case,
        direction="sent",
        kind="mla",
        other_country_id="LY",
        foreign_authority="Procureur général, Tripoli",
        request="Audition de témoins",
    )


# (fixture, keyword of the services, update service and a correction, delete service, its audit action)
RECORDS = [
    ("proceeding", "proceeding", services.update_proceeding, {"reference": "RP 12/2025"}, services.delete_proceeding,
     Action.PROCEEDING_DELETED),
    ("charge", "charge", services.update_charge, {"provision": "art. 10 et 11"}, services.delete_charge,
     Action.CHARGE_DELETED),
    ("hearing", "hearing", services.update_hearing, {"notes": "Renvoyée"}, services.delete_hearing,
     Action.HEARING_DELETED),
    ("verdict", "verdict", services.update_verdict, {"notes": "Appel interjeté"}, services.delete_verdict,
     Action.VERDICT_DELETED),
    ("cooperation_request", "request", services.update_cooperation_request, {"foreign_authority": "Parquet, Tripoli"},
     services.delete_cooperation_request, Action.COOPERATION_REQUEST_DELETED),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "keyword", "update", "correction", "delete", "deleted"), RECORDS)
def test_a_record_corrected_since_it_was_read_is_not_deleted(
    request, investigator, prosecutor, fixture, keyword, update, correction, delete, deleted
):
    record = request.getfixturevalue(fixture)
    read = type(record).objects.get(pk=record.pk)  # what the deleting user's page showed, at version 1
    update(actor=investigator, expected_version=1, **{keyword: record}, **correction)
    with pytest.raises(StaleDeleteError):
        delete(actor=prosecutor, expected_version=read.version, **{keyword: read})
    assert type(record).objects.filter(pk=record.pk, version=2).exists()
    assert not AuditEvent.objects.filter(action=deleted).exists()
    delete(actor=prosecutor, expected_version=2, **{keyword: type(record).objects.get(pk=record.pk)})
    assert not type(record).objects.filter(pk=record.pk).exists()


def test_the_confirmation_page_refuses_a_stale_delete(client, hearing, prosecutor, investigator):
    client.force_login(prosecutor)
    url = reverse("justice:hearing-delete", kwargs={"hearing_id": hearing.pk})
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.update_hearing(actor=investigator, hearing=hearing, expected_version=1, notes="Renvoyée")
    response = client.post(url, {"version": "1"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Hearing.objects.filter(pk=hearing.pk).exists()
    assert "Someone else changed this record after you opened it, so it was not deleted" in response.content.decode()


def test_the_api_answers_409_to_a_stale_delete(charge, prosecutor, investigator):
    services.update_charge(actor=investigator, charge=charge, expected_version=1, provision="art. 10 et 11")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(prosecutor)
    url = reverse("api:charge-detail", kwargs={"charge_id": charge.pk})
    stale = api.delete(f"{url}?version=1")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    assert Charge.objects.filter(pk=charge.pk).exists()
    assert api.delete(f"{url}?version=2").status_code == 204
    assert not Charge.objects.exists() and Proceeding.objects.exists()
