import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.assistance.models import AssistancePlan, NeedsAssessment, VoluntaryReturn
from vigie.audit.models import AuditEvent
from vigie.conftest import make_participant


@pytest.fixture
def api_of(db):
    def login(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return login


def test_it_records_an_assessment(api_of, case_worker, case, adult_victim):
    response = api_of(case_worker).post(
        reverse("api:assistance-assessments", args=[case.pk]),
        {"participant": adult_victim.pk, "assessed_on": "2025-04-02", "medical": "urgent"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["medical"], body["safety"], body["version"]) == ("urgent", "none", 1)
    assert NeedsAssessment.objects.get().assessed_by == case_worker
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ASSESSMENT_RECORDED).exists()


def test_it_refuses_a_suspect_as_the_person_assisted(api_of, case_worker, case, investigator):
    suspect = make_participant(case, investigator, role="suspect")
    response = api_of(case_worker).post(
        reverse("api:assistance-assessments", args=[case.pk]),
        {"participant": suspect.pk, "assessed_on": "2025-04-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "participant" in response.json()


def test_it_lists_the_records_of_a_case(api_of, case_worker, case, assessment, visit):
    client = api_of(case_worker)
    assert client.get(reverse("api:assistance-assessments", args=[case.pk])).json()["count"] == 1
    assert client.get(reverse("api:assistance-visits", args=[case.pk])).json()["results"][0]["situation"] == "well"


def test_it_reads_corrects_and_refuses_a_stale_correction(api_of, case_worker, plan):
    client = api_of(case_worker)
    url = reverse("api:assistance-plan", args=[plan.pk])
    assert client.get(url).json()["goals"] == plan.goals
    assert client.patch(url, {"version": 1, "goals": "Logement"}, format="json").status_code == 200
    stale = client.patch(url, {"version": 1, "goals": "Formation"}, format="json")
    assert stale.status_code == 409
    plan.refresh_from_db()
    assert (plan.goals, plan.version) == ("Logement", 2)


def test_a_correction_needs_the_version(api_of, case_worker, plan):
    response = api_of(case_worker).patch(reverse("api:assistance-plan", args=[plan.pk]), {"goals": "x"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_it_deletes(api_of, case_worker, visit):
    assert api_of(case_worker).delete(reverse("api:assistance-visit", args=[visit.pk])).status_code == 204


def test_it_stops_a_plan_and_refuses_an_illegal_transition(api_of, case_worker, plan):
    client = api_of(case_worker)
    url = reverse("api:assistance-plan-status", args=[plan.pk])
    data = {"version": 1, "status": "stopped", "ended_on": "2025-05-01", "stop_reason": "Départ volontaire"}
    assert client.post(url, data, format="json").status_code == 200
    plan.refresh_from_db()
    assert plan.status == AssistancePlan.Status.STOPPED
    again = client.post(url, data | {"version": 2, "status": "completed"}, format="json")
    assert again.status_code == 400 and "status" in again.json()


def test_it_refuses_the_return_of_a_child_without_family_assessment(api_of, case_worker, case, child_victim):
    response = api_of(case_worker).post(
        reverse("api:assistance-returns", args=[case.pk]),
        {
            "participant": child_victim.pk,
            "from_country": "NE",
            "to_country": "ML",
            "consent_given": True,
            "consent_on": "2025-04-01",
            "planned_on": "2025-04-20",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "favourable family assessment" in str(response.json())
    assert not VoluntaryReturn.objects.exists()


def test_it_completes_a_return(api_of, case_worker, voluntary_return):
    response = api_of(case_worker).post(
        reverse("api:assistance-return-status", args=[voluntary_return.pk]),
        {"version": 1, "status": "completed", "returned_on": "2025-04-21"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "completed"


def test_it_reopens_a_closed_file(api_of, case_worker, closure):
    response = api_of(case_worker).post(
        reverse("api:assistance-closure-reopen", args=[closure.pk]),
        {"version": 1, "reopened_on": "2025-05-01", "reason": "Menaces"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["reopened_on"] == "2025-05-01"


def test_the_investigator_gets_403_on_the_assistance_part(api_of, investigator, case, assessment):
    assert api_of(investigator).get(reverse("api:assistance-assessments", args=[case.pk])).status_code == 403


def test_the_schema_documents_each_operation(api_of, clerk):
    paths = api_of(clerk).get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert set(paths["/api/v1/cases/{case_id}/assistance/family-assessments/"]) == {"get", "post"}
    assert set(paths["/api/v1/assistance/returns/{id}/"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/assistance/plans/{id}/status/"]) == {"post"}
