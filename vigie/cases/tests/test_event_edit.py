import pytest
from django.urls import reverse
from django.utils.html import escape

from vigie.cases.models import Event
from vigie.cases.services import record_event_in_case, update_event
from vigie.concurrency import StaleEditError
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(case, investigator):
    return record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2021", country_id="NE")


def url(event):
    return reverse("cases:event-edit", kwargs={"event_id": event.pk})


def form_data(**changes):
    return {"kind": "recruitment", "date": "2021", "country": "NE", "version": 1} | changes


def test_it_saves_the_event(client, clerk, event, victim):
    client.force_login(clerk)
    response = client.post(url(event), form_data(date="2021-03", participants=[victim.pk]))
    assert response.status_code == 302
    saved = Event.objects.get(pk=event.pk)
    assert (saved.date, list(saved.participants.all()), saved.version) == ("2021-03", [victim], 2)


def test_a_stale_save_is_refused_and_the_first_users_values_are_kept(client, clerk, investigator, event):
    client.force_login(clerk)
    opened_at_version = client.get(url(event)).context["form"].initial["version"]
    update_event(actor=investigator, event=event, expected_version=1, locality="Arlit")
    response = client.post(url(event), form_data(locality="Agadez", version=opened_at_version))
    assert response.status_code == 200
    assert escape(str(StaleEditError().messages[0])) in response.text
    assert Event.objects.get(pk=event.pk).locality == "Arlit"


@pytest.mark.parametrize("date", ["2021-13", "2021-02-30", "21"])
def test_an_impossible_date_is_shown_on_the_date_field(client, clerk, event, date):
    client.force_login(clerk)
    response = client.post(url(event), form_data(date=date))
    assert "date" in response.context["form"].errors
    assert Event.objects.get(pk=event.pk).date == "2021"


def test_one_coordinate_without_the_other_is_refused(client, clerk, event):
    client.force_login(clerk)
    response = client.post(url(event), form_data(latitude="13.5"))
    assert "longitude" in response.context["form"].errors
    assert Event.objects.get(pk=event.pk).latitude is None


def test_only_people_of_the_case_are_offered(client, clerk, event, victim, anltp, investigator):
    stranger = make_participant(make_case(anltp, investigator), investigator)
    client.force_login(clerk)
    response = client.post(url(event), form_data(participants=[stranger.pk]))
    assert "participants" in response.context["form"].errors
    assert list(response.context["form"].fields["participants"].queryset) == [victim]
