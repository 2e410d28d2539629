import pytest
from django.urls import reverse

from vigie.cases.models import BorderCrossing, Participant
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:crossing-add", kwargs={"case_id": case.pk})


def form_data(**changes):
    return {"from_country": "NE", "to_country": "LY", "documents": "none", "entry": "irregular"} | changes


def test_it_records_the_crossing(client, clerk, case, victim):
    smuggler = make_participant(case, clerk, role=Participant.Role.SUSPECT, given_names="Moussa")
    client.force_login(clerk)
    response = client.post(url(case), form_data(date="2022-07", procured_by=smuggler.pk, travellers=[victim.pk]))
    assert response.status_code == 302
    crossing = BorderCrossing.objects.get()
    assert (crossing.procured_by, list(crossing.travellers.all())) == (smuggler, [victim])


def test_a_crossing_into_the_same_country_is_refused_on_the_destination(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(to_country="NE"))
    assert response.status_code == 200
    assert "to_country" in response.context["form"].errors
    assert not BorderCrossing.objects.exists()


def test_only_suspects_are_offered_as_procurers(client, clerk, case, victim):
    client.force_login(clerk)
    response = client.post(url(case), form_data(procured_by=victim.pk))
    assert "procured_by" in response.context["form"].errors
    assert not BorderCrossing.objects.exists()
