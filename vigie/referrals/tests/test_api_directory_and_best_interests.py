"""The API of the directory (writes) and of best-interests decisions: the pages' services and rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from vigie.accounts.models import Membership
from vigie.audit.models import AuditEvent
from vigie.referrals.models import BestInterestsDecision, ServiceProvider

pytestmark = pytest.mark.django_db

NEW_PROVIDER = {
    "name": "Clinique de Maradi (démo)",
    "kinds": ["medical"],
    "country": "NE",
    "people_served": ["women", "children"],
    "phone": "+227 20 41 00 00",
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_assistance_role_adds_a_provider_for_its_agency(case_worker, anltp):
    response = _client(case_worker).post(reverse("api:provider-list"), NEW_PROVIDER, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["maintained_by"] == anltp.pk and response.json()["phone"] == "+22720410000"
    assert AuditEvent.objects.filter(action="provider.added").exists()


def test_a_member_of_several_agencies_says_which_one_maintains_it(case_worker, anltp, shelter_ngo):
    Membership.objects.create(user=case_worker, agency=shelter_ngo, role="case_worker")
    url = reverse("api:provider-list")
    refused = _client(case_worker).post(url, NEW_PROVIDER, format="json")
    assert refused.status_code == 400 and "maintained_by" in refused.json()
    chosen = _client(case_worker).post(url, {**NEW_PROVIDER, "maintained_by": shelter_ngo.pk}, format="json")
    assert chosen.status_code == 201 and chosen.json()["maintained_by"] == shelter_ngo.pk


def test_an_agency_the_user_does_not_work_for_cannot_maintain_it(case_worker, naptip):
    body = {**NEW_PROVIDER, "maintained_by": naptip.pk}
    response = _client(case_worker).post(reverse("api:provider-list"), body, format="json")
    assert response.status_code == 400 and "maintained_by" in response.json()


def test_an_investigator_cannot_add_a_provider(investigator):
    assert _client(investigator).post(reverse("api:provider-list"), NEW_PROVIDER, format="json").status_code == 403


def test_the_maintainer_corrects_an_entry_with_its_version(case_worker, provider):
    url = reverse("api:provider-detail", kwargs={"provider_id": provider.pk})
    response = _client(case_worker).patch(url, {"version": 1, "capacity": 25}, format="json")
    assert response.status_code == 200 and response.json()["capacity"] == 25
    stale = _client(case_worker).patch(url, {"version": 1, "capacity": 30}, format="json")
    assert stale.status_code == 409
    assert ServiceProvider.objects.get(pk=provider.pk).capacity == 25


def test_another_agency_cannot_correct_the_entry(shelter_worker, provider):
    url = reverse("api:provider-detail", kwargs={"provider_id": provider.pk})
    assert _client(shelter_worker).patch(url, {"version": 1, "capacity": 2}, format="json").status_code == 403


def test_the_maintainer_deactivates_an_entry_once(case_worker, provider):
    url = reverse("api:provider-deactivate", kwargs={"provider_id": provider.pk})
    response = _client(case_worker).post(url, {"version": 1}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert _client(case_worker).post(url, {"version": 2}, format="json").status_code == 400


def _decision(**overrides):
    return {
        "purpose": "referral",
        "decided_on": "2025-03-01",
        "decision": "Placement en centre d'accueil",
        "reasons": "Pas de famille joignable",
    } | overrides


def test_a_case_worker_records_and_lists_a_childs_best_interests_decisions(case_worker, child):
    url = reverse("api:participant-best-interests", kwargs={"participant_id": child.pk})
    created = _client(case_worker).post(url, _decision(), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["decided_by"] == case_worker.pk
    listed = _client(case_worker).get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["purpose"] == "referral"
    assert AuditEvent.objects.filter(action="best_interests.decided").exists()


def test_reading_a_childs_decisions_is_recorded_as_a_view_of_the_case(case_worker, child):
    url = reverse("api:participant-best-interests", kwargs={"participant_id": child.pk})
    assert _client(case_worker).get(url).status_code == 200
    viewed = AuditEvent.objects.get(action=AuditEvent.Action.CASE_VIEWED)
    assert (viewed.actor, viewed.target_id) == (case_worker, str(child.case_id))


def test_a_decision_for_an_adult_or_in_the_future_is_refused(case_worker, adult, child):
    adult_url = reverse("api:participant-best-interests", kwargs={"participant_id": adult.pk})
    assert "participant" in _client(case_worker).post(adult_url, _decision(), format="json").json()
    child_url = reverse("api:participant-best-interests", kwargs={"participant_id": child.pk})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "decided_on" in _client(case_worker).post(child_url, _decision(decided_on=tomorrow), format="json").json()
    assert not BestInterestsDecision.objects.exists()


def test_a_data_clerk_sees_but_does_not_take_the_decision(clerk, child):
    url = reverse("api:participant-best-interests", kwargs={"participant_id": child.pk})
    assert _client(clerk).get(url).status_code == 200
    assert _client(clerk).post(url, _decision(), format="json").status_code == 400
    assert not BestInterestsDecision.objects.exists()


def test_the_partner_ngo_and_the_investigators_do_not_reach_a_case_they_do_not_assist(investigator, outsider, child):
    url = reverse("api:participant-best-interests", kwargs={"participant_id": child.pk})
    assert _client(outsider).get(url).status_code == 404
    assert _client(investigator).get(url).status_code == 403
