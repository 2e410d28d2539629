"""POST /api/v1/qualify/ and GET /api/v1/cases/{id}/qualification/."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import record_event_in_case, update_participant
from vigie.conftest import make_participant
from vigie.qualification.selectors import subject_id

pytestmark = pytest.mark.django_db

FACTS = {
    "schema": "vigie.facts/1",
    "subjects": [
        {"id": "v1", "age": 16, "acts": {"recruitment": True}, "purposes": {"forced_begging": True}, "crossings": []}
    ],
}


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def qualify(user, document, language="en"):
    return api(user, language).post(reverse("api:qualify"), document, format="json")


def test_it_qualifies_facts(clerk):
    response = qualify(clerk, FACTS)
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "vigie.qualification/1"
    assert body["case"] == {"trafficking": "established", "smuggling": "not_established"}
    assert body["subjects"][0]["protection"]["child"] is True


def test_any_signed_in_user_may_qualify_facts_of_his_own(analyst):
    assert qualify(analyst, FACTS).status_code == 200


def test_anonymous_calls_are_refused(db):
    assert qualify(None, FACTS).status_code == 401


def test_invalid_facts_get_400_with_each_problem_and_its_path(clerk):
    document = {**FACTS, "subjects": [{"id": "v1", "age": 200, "acts": {"recruting": True}}]}
    response = qualify(clerk, document)
    assert response.status_code == 400
    paths = [problem["path"] for problem in response.json()["problems"]]
    assert "subjects[0].age" in paths
    assert any(path.startswith("subjects[0].acts") for path in paths)


def test_problems_are_in_the_users_language(clerk):
    english = qualify(clerk, {"schema": "nope"}).json()["problems"][0]["message"]
    french = qualify(clerk, {"schema": "nope"}, language="fr").json()["problems"][0]["message"]
    assert english != french


def test_reasons_are_in_the_users_language(clerk):
    reasons = qualify(clerk, FACTS, language="fr").json()["subjects"][0]["trafficking"]["reasons"]
    assert any("enfant" in reason["text"] for reason in reasons)


# The qualification of a case -------------------------------------------------------------------------------


@pytest.fixture
def child(case, investigator):
    child = make_participant(
        case, investigator, role=Participant.Role.PRESUMED_VICTIM, given_names="Fati", date_of_birth="2012-04"
    )
    update_participant(
        actor=investigator, participant=child, expected_version=child.version, forms_of_exploitation=["forced_begging"]
    )
    record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2024-09", participants=[child])
    return child


def case_url(case):
    return reverse("api:case-qualification", kwargs={"case_id": case.pk})


def test_it_gives_the_facts_the_qualification_and_the_missing_facts_of_a_case(case, child, case_worker):
    response = api(case_worker).get(case_url(case))
    assert response.status_code == 200
    body = response.json()
    sid = subject_id(child)
    assert body["subjects"] == {sid: child.pk}
    assert body["facts"]["subjects"][0]["acts"] == {"recruitment": True}
    assert body["qualification"]["subjects"][0]["trafficking"]["finding"] == "established"
    assert body["qualification"]["subjects"][0]["protection"]["child"] is True
    assert all({"path", "offence", "text"} <= set(m) for m in body["missing_facts"][sid])
    # Facts about named people: looked at like the case page, and audited alike.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_VIEWED, actor=case_worker).exists()


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_aggregate_only_roles_are_refused(request, case, child, role):
    assert api(request.getfixturevalue(role)).get(case_url(case)).status_code == 403


def test_another_agency_is_not_told_the_case_exists(case, child, outsider):
    assert api(outsider).get(case_url(case)).status_code == 404


def test_a_yes_in_the_latest_screening_is_evidence_and_never_overrides_the_case(case, child, case_worker):
    from vigie.screening.indicators import Indicator
    from vigie.screening.services import GivenAnswer, record_screening

    answers = {
        Indicator.RECRUITED_BY_DECEPTION.value: GivenAnswer("yes"),  # recruitment is recorded already
        Indicator.MOVEMENT_ORGANISED_BY_OTHERS.value: GivenAnswer("yes"),
        Indicator.ABDUCTED.value: GivenAnswer("no"),
    }
    record_screening(actor=case_worker, participant=child, screened_on=datetime.date(2025, 3, 1), answers=answers)
    body = api(case_worker).get(case_url(case)).json()
    sid = subject_id(child)
    subject = body["facts"]["subjects"][0]
    assert subject["acts"] == {"recruitment": True, "transfer": True, "transportation": True}
    assert subject["means"] == {"deception": True}  # the "no" to abduction sets nothing false
    assert body["from_screening"] == {sid: ["acts.transportation", "acts.transfer", "means.deception"]}


def test_a_record_the_engine_cannot_read_gets_422_with_its_problems_not_500(case, child, case_worker, monkeypatch):
    from vigie.qualification import apis
    from vigie.qualification.selectors import case_facts as real_case_facts

    def with_an_impossible_age(case, **kwargs):
        facts = real_case_facts(case, **kwargs)
        facts.document["subjects"][0]["age"] = 130
        return facts

    monkeypatch.setattr(apis, "case_facts", with_an_impossible_age)
    response = api(case_worker).get(case_url(case))
    assert response.status_code == 422
    assert [problem["path"] for problem in response.json()["problems"]] == ["subjects[0].age"]


def test_the_paths_the_issue_names_without_a_slash_answer_the_same(case, child, case_worker):
    facts = {"schema": "vigie.facts/1", "subjects": [{"id": "a", "age": 15, "acts": {"recruitment": True}}]}
    with_slash = api(case_worker).post("/api/v1/qualify/", facts, format="json")
    without = api(case_worker).post("/api/v1/qualify", facts, format="json")
    assert (without.status_code, without.json()) == (200, with_slash.json())
    case_page = api(case_worker).get(f"/api/v1/cases/{case.pk}/qualification")
    assert case_page.status_code == 200 and case_page.json()["case"] == case.pk
