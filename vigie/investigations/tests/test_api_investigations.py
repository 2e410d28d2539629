from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure


def api(user, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def test_it_lists_the_investigations_of_a_case(investigator, case, investigation):
    response = api(investigator).get(reverse("api:case-investigations", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["lead_unit"] == "Brigade des mineurs de Niamey"
    assert item["lead_investigator"] == investigator.pk
    assert item["status"] == "open"


def test_it_opens_an_investigation_with_a_joint_team(investigator, case):
    response = api(investigator).post(
        reverse("api:case-investigations", kwargs={"case_id": case.pk}),
        {
            "agency": case.agency_id,
            "lead_unit": "OCRTEH",
            "opened_on": "2025-03-15",
            "techniques": ["joint_investigation_team", "interception"],
            "partner_countries": ["ng", "BJ"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["partner_countries"]) == ["BJ", "NG"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVESTIGATION_OPENED).count() == 1


def test_it_answers_400_with_the_field_when_partner_countries_are_missing(investigator, case):
    response = api(investigator).post(
        reverse("api:case-investigations", kwargs={"case_id": case.pk}),
        {
            "agency": case.agency_id,
            "lead_unit": "OCRTEH",
            "opened_on": "2025-03-15",
            "techniques": ["joint_investigation_team"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "partner_countries" in response.json()
    assert not Investigation.objects.exists()


def test_it_refuses_an_agency_that_may_not_lead(investigator, case, naptip):
    response = api(investigator).post(
        reverse("api:case-investigations", kwargs={"case_id": case.pk}),
        {"agency": naptip.pk, "lead_unit": "X", "opened_on": "2025-03-15"},
        format="json",
    )
    assert response.status_code == 400
    assert "agency" in response.json()


def test_it_updates_with_the_version_and_answers_409_to_a_stale_edit(investigator, investigation):
    url = reverse("api:investigation-detail", kwargs={"investigation_id": investigation.pk})
    first = api(investigator).patch(url, {"version": 1, "notes": "Écoutes autorisées"}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert first.json()["lead_unit"] == "Brigade des mineurs de Niamey"
    stale = api(investigator).patch(url, {"version": 1, "notes": "Autre"}, format="json")
    assert stale.status_code == 409
    assert api(investigator).get(url).json()["notes"] == "Écoutes autorisées"


def test_a_patch_without_version_is_refused(investigator, investigation):
    url = reverse("api:investigation-detail", kwargs={"investigation_id": investigation.pk})
    response = api(investigator).patch(url, {"notes": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_it_moves_an_investigation_along_its_life_cycle(investigator, investigation):
    url = reverse("api:investigation-status", kwargs={"investigation_id": investigation.pk})
    closed = api(investigator).post(
        url,
        {"version": 1, "status": "closed", "closing_reason": "referred_to_prosecutor", "closed_on": "2025-05-01"},
        format="json",
    )
    assert closed.status_code == 200
    assert closed.json()["closed_on"] == "2025-05-01"
    refused = api(investigator).post(url, {"version": 2, "status": "suspended"}, format="json")
    assert refused.status_code == 400
    assert "Closed" in refused.json()["status"][0] and "Suspended" in refused.json()["status"][0]
    reopened = api(investigator).post(url, {"version": 2, "status": "open", "reason": "Nouveau témoin"}, format="json")
    assert reopened.status_code == 200
    assert reopened.json()["status_reason"] == "Nouveau témoin"


def test_the_refusal_is_in_the_users_language(investigator, investigation):
    url = reverse("api:investigation-status", kwargs={"investigation_id": investigation.pk})
    refused = api(investigator, language="fr").post(url, {"version": 1, "status": "open"}, format="json")
    assert refused.status_code == 400
    assert "Ouverte" in refused.json()["status"][0] or "ouverte" in refused.json()["status"][0]


def test_it_deletes_an_investigation(investigator, investigation):
    url = reverse("api:investigation-detail", kwargs={"investigation_id": investigation.pk})
    assert api(investigator).delete(url).status_code == 204
    assert not Investigation.objects.exists()


def test_it_records_and_corrects_an_arrest(investigator, investigation, suspect):
    url = reverse("api:investigation-arrests", kwargs={"investigation_id": investigation.pk})
    created = api(investigator).post(
        url, {"suspect": suspect.pk, "arrested_on": "2025-03-20", "country": "NE", "locality": "Agadez"}, format="json"
    )
    assert created.status_code == 201, created.json()
    arrest_url = reverse("api:arrest-detail", kwargs={"arrest_id": created.json()["id"]})
    patched = api(investigator).patch(arrest_url, {"version": 1, "custody_outcome": "remanded"}, format="json")
    assert patched.status_code == 200
    assert Arrest.objects.get().custody_outcome == "remanded"
    assert api(investigator).get(url).json()["results"][0]["suspect"] == suspect.pk


def test_it_refuses_to_record_the_arrest_of_a_victim(investigator, investigation, victim):
    url = reverse("api:investigation-arrests", kwargs={"investigation_id": investigation.pk})
    response = api(investigator).post(url, {"suspect": victim.pk, "arrested_on": "2025-03-20"}, format="json")
    assert response.status_code == 400
    assert "suspect" in response.json()
    assert not Arrest.objects.exists()


def test_it_records_seizures_and_flows_through_a_seized_account(investigator, investigation, suspect):
    seizures = reverse("api:investigation-seizures", kwargs={"investigation_id": investigation.pk})
    account = api(investigator).post(
        seizures,
        {
            "kind": "bank_account",
            "measure": "frozen",
            "taken_on": "2025-03-22",
            "identifier": "CM21 10005",
            "amount": "3200000",
            "currency": "XAF",
            "persons": [suspect.pk],
        },
        format="json",
    )
    assert account.status_code == 201, account.json()
    assert account.json()["amount"] == "3200000.00"
    flows = reverse("api:investigation-money-flows", kwargs={"investigation_id": investigation.pk})
    flow = api(investigator).post(
        flows,
        {
            "from_seizure": account.json()["id"],
            "to_participant": suspect.pk,
            "amount": "500000",
            "currency": "XAF",
            "channel": "bank_transfer",
            "date": "2024-11",
        },
        format="json",
    )
    assert flow.status_code == 201, flow.json()
    assert MoneyFlow.objects.get().from_seizure_id == account.json()["id"]
    flow_url = reverse("api:money-flow-detail", kwargs={"flow_id": flow.json()["id"]})
    assert (
        api(investigator).patch(flow_url, {"version": 1, "channel": "hawala"}, format="json").json()["channel"]
        == "hawala"
    )
    seizure_url = reverse("api:seizure-detail", kwargs={"seizure_id": account.json()["id"]})
    assert api(investigator).delete(seizure_url).status_code == 400
    assert api(investigator).delete(flow_url).status_code == 204
    assert api(investigator).delete(seizure_url).status_code == 204
    assert not Seizure.objects.exists()


def test_a_flow_with_no_origin_is_refused(investigator, investigation, suspect):
    flows = reverse("api:investigation-money-flows", kwargs={"investigation_id": investigation.pk})
    response = api(investigator).post(
        flows, {"to_participant": suspect.pk, "amount": "10", "currency": "NGN", "channel": "cash"}, format="json"
    )
    assert response.status_code == 400
    assert "from_participant" in response.json()


def test_a_case_worker_cannot_read_the_investigation(case_worker, investigation):
    url = reverse("api:investigation-detail", kwargs={"investigation_id": investigation.pk})
    assert api(case_worker).get(url).status_code == 403
