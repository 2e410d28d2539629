import pytest
from django.urls import reverse
from django.utils.html import escape

from vigie.cases.models import Participant
from vigie.cases.services import update_participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def presumed(case, investigator):
    return make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM)


def url(participant):
    return reverse("cases:participant-edit", kwargs={"participant_id": participant.pk})


def form_data(**changes):
    return {"role": "presumed_victim", "benefit_sought": "unknown", "version": 1} | changes


def test_it_saves_the_facts(client, case_worker, presumed):
    client.force_login(case_worker)
    response = client.post(url(presumed), form_data(sector="T", means_of_control=["withholds_documents"]))
    assert response.status_code == 302
    saved = Participant.objects.get(pk=presumed.pk)
    assert (saved.sector, saved.means_of_control, saved.version) == ("T", ["withholds_documents"], 2)


def test_a_stale_save_is_refused_and_the_first_users_values_are_kept(client, case_worker, investigator, presumed):
    client.force_login(case_worker)
    opened_at_version = client.get(url(presumed)).context["form"].initial["version"]
    update_participant(actor=investigator, participant=presumed, expected_version=1, notes="Entendue le 12 mars")
    response = client.post(url(presumed), form_data(notes="Hébergée au centre", version=opened_at_version))
    assert response.status_code == 200
    assert escape(str(StaleEditError().messages[0])) in response.text
    assert Participant.objects.get(pk=presumed.pk).notes == "Entendue le 12 mars"


def test_a_part_played_is_required_of_a_suspect(client, clerk, presumed):
    client.force_login(clerk)
    response = client.post(url(presumed), form_data(role="suspect"))
    assert "suspect_role" in response.context["form"].errors
    assert Participant.objects.get(pk=presumed.pk).role == "presumed_victim"


def test_an_identified_victim_keeps_that_role(client, clerk, victim):
    client.force_login(clerk)
    response = client.post(url(victim), form_data(role="witness", version=victim.version))
    assert "role" in response.context["form"].errors
    assert Participant.objects.get(pk=victim.pk).role == "victim"
