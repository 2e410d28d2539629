import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.screening.indicators import Indicator
from vigie.screening.models import Screening
from vigie.screening.services import record_screening
from vigie.screening.tests.conftest import SCREENED_ON, yes_to

I = Indicator  # noqa: E741


@pytest.fixture
def screening(adult, case_worker) -> Screening:
    return record_screening(
        actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers=yes_to(I.DECEPTION), place="Zinder"
    )


def test_it_records_a_screening_and_answers_with_the_evidence_and_proposal(client, case_worker, adult):
    client.force_login(case_worker)
    body = {
        "screened_on": "2025-03-14",
        "language": "Pidgin",
        "answers": [
            {"indicator": I.RECRUITED_BY_DECEPTION.value, "answer": "yes", "note": "Promised a salon job"},
            {"indicator": I.SEXUAL_EXPLOITATION.value, "answer": "yes"},
            {"indicator": I.ORGAN_REMOVAL.value, "answer": "no"},
        ],
    }
    response = client.post(
        reverse("api:participant-screenings", args=[adult.pk]), body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["evidence"] == {
        "acts": {"recruitment": True},
        "means": {"deception": True},
        "purposes": {"sexual_exploitation": True},
    }
    assert data["proposal"]["status"] == "presumed_victim"
    assert data["proposal"]["referral"] == "protection_and_assistance"
    answers = {a["indicator"]: a for a in data["answers"]}
    assert answers[I.RECRUITED_BY_DECEPTION.value]["note"] == "Promised a salon job"
    assert answers[I.EXCESSIVE_OVERTIME.value]["answer"] == "unknown"


def test_an_indicator_answered_twice_is_refused(client, case_worker, adult):
    client.force_login(case_worker)
    answer = {"indicator": I.DECEPTION.value, "answer": "yes"}
    body = {"screened_on": "2025-03-14", "answers": [answer, answer | {"answer": "no"}]}
    response = client.post(
        reverse("api:participant-screenings", args=[adult.pk]), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "answers" in response.json()


def test_it_lists_a_persons_screenings(client, investigator, screening, adult):
    client.force_login(investigator)
    response = client.get(reverse("api:participant-screenings", args=[adult.pk]))
    assert [s["id"] for s in response.json()["results"]] == [screening.pk]


def test_reading_a_screening_is_audited(client, investigator, screening):
    client.force_login(investigator)
    response = client.get(reverse("api:screening-detail", args=[screening.pk]))
    assert response.status_code == 200
    assert response.json()["evidence"]["means"] == {"deception": True}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCREENING_VIEWED, actor=investigator).exists()


def test_a_patch_changes_only_what_it_sends(client, investigator, screening):
    client.force_login(investigator)
    body = {"version": 1, "answers": [{"indicator": I.ABDUCTED.value, "answer": "yes"}]}
    response = client.patch(reverse("api:screening-detail", args=[screening.pk]), body, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["evidence"]["means"] == {"deception": True, "abduction": True}
    assert response.json()["place"] == "Zinder"
    assert response.json()["version"] == 2


def test_a_stale_patch_is_answered_409(client, investigator, screening):
    client.force_login(investigator)
    url = reverse("api:screening-detail", args=[screening.pk])
    client.patch(url, {"version": 1, "place": "Maradi"}, content_type="application/json")
    response = client.patch(url, {"version": 1, "place": "Tahoua"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"


def test_an_analyst_is_refused(client, analyst, screening):
    client.force_login(analyst)
    assert client.get(reverse("api:screening-detail", args=[screening.pk])).status_code == 403
