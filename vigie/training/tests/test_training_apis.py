import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.training.models import Attempt
from vigie.training.services import record_attempt

pytestmark = pytest.mark.django_db

GOLD_SITE = "gold-site-burkina"


@pytest.fixture
def api(investigator) -> APIClient:
    client = APIClient()
    client.force_authenticate(investigator)
    return client


def test_the_list_gives_each_scenario_with_the_best_score(api, investigator):
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "som"})
    items = {item["id"]: item for item in api.get(reverse("api:training-scenarios"), HTTP_ACCEPT_LANGUAGE="en").json()}
    assert len(items) >= 30
    gold = items[GOLD_SITE]
    assert gold["best_score"] == 50 and items["talibe-saint-louis"]["best_score"] is None
    assert gold["people"] == [{"subject": "v1", "name": "Issa, 15"}, {"subject": "w1", "name": "Adama, 24"}]


def test_answering_records_the_attempt_and_returns_the_engines_document(api, investigator):
    url = reverse("api:training-attempts", kwargs={"scenario_id": GOLD_SITE})
    response = api.post(url, {"answers": {"v1": "tip", "w1": "neither"}}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["score"], body["correct"], body["total"]) == (100, 2, 2)
    assert body["qualification"]["schema"] == "vigie.qualification/1"
    assert Attempt.objects.get().user == investigator


def test_an_incomplete_answer_is_refused(api):
    url = reverse("api:training-attempts", kwargs={"scenario_id": GOLD_SITE})
    response = api.post(url, {"answers": {"v1": "tip"}}, format="json")
    assert response.status_code == 400 and "answers" in response.json()


def test_an_unknown_scenario_is_not_found(api):
    url = reverse("api:training-attempts", kwargs={"scenario_id": "no-such-story"})
    assert api.post(url, {"answers": {}}, format="json").status_code == 404
