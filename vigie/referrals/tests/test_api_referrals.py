import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_proposes_lists_and_answers_a_referral(case, case_worker, adult, provider, shelter_worker):
    url = reverse("api:case-referrals", kwargs={"case_id": case.pk})
    body = {"participant": adult.pk, "to_provider": provider.pk, "services": ["shelter"], "urgency": "urgent"}
    created = _client(case_worker).post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert _client(case_worker).get(url).json()["count"] == 1
    accept = reverse("api:referral-accept", kwargs={"referral_id": created.json()["id"]})
    answered = _client(shelter_worker).post(accept, {"version": 1}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"


def test_it_refuses_a_referral_without_consent_with_the_reason(case, case_worker, victim, provider):
    url = reverse("api:case-referrals", kwargs={"case_id": case.pk})
    body = {"participant": victim.pk, "to_provider": provider.pk, "services": ["shelter"]}
    response = _client(case_worker).post(url, body, format="json")
    assert response.status_code == 400 and "age is unknown" in response.json()["participant"][0]


def test_an_illegal_step_is_a_400_and_a_stale_one_a_409(referral, shelter_worker):
    start = reverse("api:referral-start", kwargs={"referral_id": referral.pk})
    assert _client(shelter_worker).post(start, {"version": 1}, format="json").status_code == 400
    accept = reverse("api:referral-accept", kwargs={"referral_id": referral.pk})
    assert _client(shelter_worker).post(accept, {"version": 1}, format="json").status_code == 200
    assert _client(shelter_worker).post(start, {"version": 1}, format="json").status_code == 409
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_the_receiver_may_not_withdraw_nor_the_referrer_accept(referral, shelter_worker, case_worker):
    withdraw = reverse("api:referral-withdraw", kwargs={"referral_id": referral.pk})
    assert _client(shelter_worker).post(withdraw, {"version": 1, "reason": "x"}, format="json").status_code == 403
    accept = reverse("api:referral-accept", kwargs={"referral_id": referral.pk})
    assert _client(case_worker).post(accept, {"version": 1}, format="json").status_code == 403


def test_the_directory_filters_by_country_and_kind(case_worker, provider):
    url = reverse("api:provider-list")
    assert _client(case_worker).get(url, {"country": "NE", "kind": "shelter"}).json()["count"] == 1
    assert _client(case_worker).get(url, {"kind": "repatriation"}).json()["count"] == 0


def test_it_records_and_corrects_a_service_delivered(case, case_worker, adult):
    url = reverse("api:case-services", kwargs={"case_id": case.pk})
    body = {"participant": adult.pk, "kind": "medical", "started_on": "2025-04-01"}
    created = _client(case_worker).post(url, body, format="json")
    assert created.status_code == 201
    detail = reverse("api:service-detail", kwargs={"service_id": created.json()["id"]})
    patched = _client(case_worker).patch(detail, {"version": 1, "ended_on": "2025-04-03"}, format="json")
    assert patched.status_code == 200 and patched.json()["ended_on"] == "2025-04-03"
