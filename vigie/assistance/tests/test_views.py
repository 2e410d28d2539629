import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vigie.assistance.models import AssistancePlan, NeedsAssessment, VoluntaryReturn
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.conftest import make_participant


@pytest.fixture
def client_of(db):
    def login(user):
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def test_the_page_shows_each_assisted_person_and_their_latest_needs(client_of, case_worker, case, assessment):
    response = client_of(case_worker).get(reverse("assistance:page", args=[case.pk]))
    assert response.status_code == 200
    assert "KOUYATÉ" in response.text and "Urgent" in response.text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_VIEWED, actor=case_worker).exists()


def test_the_page_says_how_many_days_the_reflection_period_has_left(client_of, case_worker, case, adult_victim):
    from vigie.assistance import services

    today = timezone.localdate()
    services.record_reflection_period(
        actor=case_worker,
        case=case,
        participant=adult_victim,
        started_on=today - datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=5),
        granted_by="Parquet",
    )
    response = client_of(case_worker).get(reverse("assistance:page", args=[case.pk]))
    assert "5 days left" in response.text


def test_the_page_leaves_suspects_out(client_of, case_worker, case, investigator, adult_victim):
    make_participant(case, investigator, role="suspect", given_names="Ibrahim", family_name="Moussa")
    response = client_of(case_worker).get(reverse("assistance:page", args=[case.pk]))
    assert "Moussa" not in response.text


def test_the_page_reads_a_bounded_number_of_queries(
    client_of, case_worker, case, investigator, django_assert_max_num_queries
):
    from vigie.assistance import services

    for index in range(6):
        victim = make_participant(case, investigator, given_names=f"Victime {index}")
        services.record_needs_assessment(actor=case_worker, case=case, participant=victim, assessed_on=DAY)
        services.record_assistance_plan(actor=case_worker, case=case, participant=victim, agreed_on=DAY, goals="a")
    client = client_of(case_worker)
    with django_assert_max_num_queries(20):
        client.get(reverse("assistance:page", args=[case.pk]))


def test_the_case_page_summary_reads_a_bounded_number_of_queries(
    client_of, case_worker, case, investigator, django_assert_max_num_queries
):
    from vigie.assistance import services

    for index in range(6):
        victim = make_participant(case, investigator, given_names=f"Victime {index}")
        services.record_needs_assessment(
            actor=case_worker, case=case, participant=victim, assessed_on=DAY, safety="urgent"
        )
    client = client_of(case_worker)
    client.get(reverse("cases:detail", args=[case.pk]))
    response = None
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.text.count("Safety") >= 6


def test_the_case_page_summary_says_no_assessment(client_of, case_worker, case, adult_victim):
    response = client_of(case_worker).get(reverse("cases:detail", args=[case.pk]))
    assert "No assessment" in response.text
    assert reverse("assistance:page", args=[case.pk]) in response.text


def test_the_case_page_hides_the_summary_from_the_investigator(client_of, investigator, case, assessment):
    response = client_of(investigator).get(reverse("cases:detail", args=[case.pk]))
    assert reverse("assistance:page", args=[case.pk]) not in response.text


def test_it_adds_an_assessment_through_the_form(client_of, case_worker, case, adult_victim):
    response = client_of(case_worker).post(
        reverse("assistance:assessment-add", args=[case.pk]),
        {
            "participant": adult_victim.pk,
            "assessed_on": "2025-04-02",
            **dict.fromkeys(
                ["safety", "shelter", "psychological", "legal", "family", "documents", "livelihood"], "none"
            ),
            "medical": "high",
        },
    )
    assert response.status_code == 302
    assert NeedsAssessment.objects.get().medical == "high"


def test_the_form_shows_the_service_refusal_beside_the_field(client_of, case_worker, case, adult_victim):
    response = client_of(case_worker).post(
        reverse("assistance:reflection-add", args=[case.pk]),
        {
            "participant": adult_victim.pk,
            "started_on": "2025-04-02",
            "ends_on": "2025-04-01",
            "granted_by": "Parquet",
            "outcome": "pending",
        },
    )
    assert response.status_code == 200
    assert "ends after the day it starts" in response.text


def test_it_refuses_a_stale_edit_on_the_form(client_of, case_worker, plan):
    url = reverse("assistance:plan-edit", args=[plan.pk])
    data = {"agreed_on": "2025-04-01", "agreed_with_person": "on", "goals": "Logement", "version": 1}
    client = client_of(case_worker)
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"goals": "Formation"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    plan.refresh_from_db()
    assert plan.goals == "Logement"


def test_it_completes_a_plan(client_of, case_worker, plan):
    response = client_of(case_worker).post(
        reverse("assistance:plan-status", args=[plan.pk]),
        {"status": "completed", "ended_on": "2025-06-01", "version": 1},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == AssistancePlan.Status.COMPLETED


def test_it_refuses_to_plan_a_child_return_without_family_assessment_on_the_form(
    client_of, case_worker, case, child_victim
):
    response = client_of(case_worker).post(
        reverse("assistance:return-add", args=[case.pk]),
        {
            "participant": child_victim.pk,
            "from_country": "NE",
            "to_country": "ML",
            "consent_given": "on",
            "consent_on": "2025-04-01",
            "planned_on": "2025-04-20",
        },
    )
    assert response.status_code == 200
    assert "favourable family assessment" in response.text
    assert not VoluntaryReturn.objects.exists()


def test_it_cancels_a_return(client_of, case_worker, voluntary_return):
    client_of(case_worker).post(
        reverse("assistance:return-status", args=[voluntary_return.pk]), {"status": "cancelled", "version": 1}
    )
    voluntary_return.refresh_from_db()
    assert voluntary_return.status == VoluntaryReturn.Status.CANCELLED


def test_it_reopens_a_closed_file(client_of, case_worker, closure):
    client = client_of(case_worker)
    url = reverse("assistance:closure-reopen", args=[closure.pk])
    assert client.post(url, {"reopened_on": "2025-05-01", "reason": "Menaces", "version": 1}).status_code == 302
    closure.refresh_from_db()
    assert closure.reopened_on == datetime.date(2025, 5, 1)
    assert client.get(url).status_code == 404


def test_it_deletes_a_visit(client_of, case_worker, visit):
    response = client_of(case_worker).post(reverse("assistance:visit-delete", args=[visit.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VISIT_DELETED).exists()


def test_a_data_clerk_may_not_delete(client_of, clerk, visit):
    assert client_of(clerk).post(reverse("assistance:visit-delete", args=[visit.pk])).status_code == 403


def test_the_refusal_is_in_french_for_a_french_speaking_user(client_of, case_worker, case, child_victim):
    client = client_of(case_worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(
        reverse("assistance:return-add", args=[case.pk]),
        {
            "participant": child_victim.pk,
            "from_country": "NE",
            "to_country": "ML",
            "consent_given": "on",
            "consent_on": "2025-04-01",
            "planned_on": "2025-04-20",
        },
    )
    assert "évaluation familiale favorable" in response.text


def test_the_summary_is_one_query_whatever_the_number_of_people(
    case_worker, case, investigator, django_assert_num_queries
):
    from vigie.assistance import services
    from vigie.assistance.selectors import assistance_summary

    for index in range(4):
        victim = make_participant(case, investigator, given_names=f"Victime {index}")
        services.record_needs_assessment(
            actor=case_worker, case=case, participant=victim, assessed_on=DAY, legal="urgent"
        )
        services.record_assistance_plan(actor=case_worker, case=case, participant=victim, agreed_on=DAY, goals="a")
    with django_assert_num_queries(1):
        rows = assistance_summary(case)
    assert [(r.assessed_on, r.urgent_needs, r.plan_status, r.file_closed) for r in rows] == [
        (DAY, ["Legal assistance"], "Active", False)
    ] * 4
