"""The register refuses to make a smuggled migrant a suspect of his own smuggling, on the page and the API too
(the service's own tests: vigie/cases/tests/test_add_participant.py)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.cases.models import Participant
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db
Role = Participant.Role


@pytest.fixture
def migrant(case, clerk):
    return make_participant(case, clerk, role=Role.SMUGGLED_MIGRANT, given_names="Ali")


def test_the_page_refuses_it_with_a_clear_message(client, clerk, case, migrant):
    client.force_login(clerk)
    url = reverse("cases:participant-link", kwargs={"case_id": case.pk}) + f"?person={migrant.person_id}"
    response = client.post(
        url, {"role": "suspect", "suspect_role": "smuggler", "benefit_sought": "unknown"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "cannot be recorded as a suspect of his or her own smuggling" in response.text
    assert migrant.person.participations.count() == 1


def test_the_api_refuses_it_in_the_users_language(clerk, case, migrant):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(clerk)
    response = client.post(
        reverse("api:case-participants", kwargs={"case_id": case.pk}),
        {"person": migrant.person_id, "role": "suspect", "suspect_role": "smuggler"},
        format="json",
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert "Protocole" in response.json()["role"][0]
    assert migrant.person.participations.count() == 1
