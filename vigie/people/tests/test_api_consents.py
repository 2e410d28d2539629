"""/api/v1/persons/{id}/consents/ and /api/v1/consents/{id}/withdraw/."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.people.models import Consent
from vigie.people.services import record_consent

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def consents_url(person):
    return reverse("api:person-consents", kwargs={"person_id": person.pk})


def withdraw_url(consent):
    return reverse("api:consent-withdraw", kwargs={"consent_id": consent.pk})


@pytest.fixture
def consent(victim, investigator):
    return record_consent(
        actor=investigator, person=victim.person, purpose="referral", given_on=datetime.date(2025, 3, 12), method="oral"
    )


def test_it_lists_a_persons_consents(consent, clerk):
    response = api(clerk).get(consents_url(consent.person))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["purpose"], row["given_on"], row["withdrawn_on"]) == (
        consent.pk,
        "referral",
        "2025-03-12",
        None,
    )


def test_it_records_a_consent_and_audits_it(victim, case_worker):
    response = api(case_worker).post(
        consents_url(victim.person),
        {"purpose": "data_sharing", "given_on": "2025-04-01", "method": "guardian", "note": "Signé par la mère"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    consent = Consent.objects.get()
    assert (consent.purpose, consent.recorded_by) == ("data_sharing", case_worker)
    assert AuditEvent.objects.filter(action=Action.CONSENT_RECORDED, actor=case_worker).exists()


def test_one_consent_per_purpose_is_in_force(consent, clerk):
    response = api(clerk).post(
        consents_url(consent.person), {"purpose": "referral", "given_on": "2025-04-01", "method": "oral"}, format="json"
    )
    assert response.status_code == 400
    assert "purpose" in response.json()
    assert Consent.objects.count() == 1


def test_bad_input_is_refused_in_french(victim, clerk):
    response = api(clerk, language="fr").post(consents_url(victim.person), {"purpose": "marketing"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "purpose": ["«\u00a0marketing\u00a0» n'est pas un choix valide."],
        "given_on": ["Ce champ est obligatoire."],
        "method": ["Ce champ est obligatoire."],
    }


def test_it_withdraws_a_consent_once(consent, clerk):
    response = api(clerk).post(withdraw_url(consent), {"withdrawn_on": "2025-05-02"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["withdrawn_on"] == "2025-05-02"
    assert AuditEvent.objects.filter(action=Action.CONSENT_WITHDRAWN, actor=clerk).exists()
    again = api(clerk).post(withdraw_url(consent), {"withdrawn_on": "2025-05-03"}, format="json")
    assert again.status_code == 400
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2025, 5, 2)


def test_a_consent_is_not_withdrawn_before_it_was_given(consent, clerk):
    response = api(clerk).post(withdraw_url(consent), {"withdrawn_on": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert "withdrawn_on" in response.json()


def test_withdrawal_is_dated_today_by_default(consent, clerk):
    response = api(clerk).post(withdraw_url(consent), {}, format="json")
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None


def test_an_outsider_gets_404(consent, outsider):
    assert api(outsider).get(consents_url(consent.person)).status_code == 404
    assert api(outsider).post(withdraw_url(consent), {}, format="json").status_code == 404


def test_an_analyst_gets_403(consent, analyst):
    assert api(analyst).get(consents_url(consent.person)).status_code == 403
    assert api(analyst).post(withdraw_url(consent), {}, format="json").status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
