"""/api/v1/cases/{id}/events/, /events/{id}/, /cases/{id}/crossings/ and /crossings/{id}/."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.cases.models import BorderCrossing, Event, Participant
from vigie.cases.services import record_crossing, record_event_in_case, update_event
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def suspect(case, investigator):
    return make_participant(
        case, investigator, role=Participant.Role.SUSPECT, given_names="Ibrahim", family_name="Moussa", sex="male"
    )


@pytest.fixture
def event(case, investigator, victim):
    return record_event_in_case(
        actor=investigator, case=case, kind="recruitment", date="2024-11", country_id="NE", participants=[victim]
    )


@pytest.fixture
def crossing(case, investigator, victim, suspect):
    return record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        date="2024-12",
        procured_by=suspect,
        travellers=[victim],
    )


# Events -------------------------------------------------------------------------------------------


def test_it_lists_the_events_of_a_case(event, victim, clerk):
    response = api(clerk).get(reverse("api:case-events", kwargs={"case_id": event.case_id}))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["kind"], row["date"], row["country"], row["participants"]) == (
        event.pk,
        "recruitment",
        "2024-11",
        "NE",
        [victim.pk],
    )


def test_it_records_an_event_and_audits_it(case, victim, clerk):
    response = api(clerk).post(
        reverse("api:case-events", kwargs={"case_id": case.pk}),
        {
            "kind": "exploitation",
            "date": "2025-01",
            "country": "CI",
            "locality": "Soubré",
            "latitude": "5.78500",
            "longitude": "-6.59300",
            "participants": [victim.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    event = Event.objects.get()
    assert (event.country_id, event.locality, list(event.participants.all())) == ("CI", "Soubré", [victim])
    assert response.json()["latitude"] == "5.78500"
    assert AuditEvent.objects.filter(action=Action.EVENT_RECORDED, actor=clerk).exists()


def test_a_bad_partial_date_is_a_field_message(case, clerk):
    response = api(clerk).post(
        reverse("api:case-events", kwargs={"case_id": case.pk}), {"kind": "rescue", "date": "03/2025"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["date"][0].startswith("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD")
    assert not Event.objects.exists()


def test_one_coordinate_without_the_other_is_refused(case, clerk):
    response = api(clerk).post(
        reverse("api:case-events", kwargs={"case_id": case.pk}),
        {"kind": "rescue", "latitude": "13.5"},
        format="json",
    )
    assert response.status_code == 400
    assert "longitude" in response.json()


def test_people_of_another_case_cannot_be_involved(anltp, case, investigator, clerk):
    stranger = make_participant(make_case(anltp, investigator), investigator, family_name="Sani")
    response = api(clerk).post(
        reverse("api:case-events", kwargs={"case_id": case.pk}),
        {"kind": "rescue", "participants": [stranger.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    assert not Event.objects.exists()


def test_it_corrects_an_event(event, clerk):
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    response = api(clerk).patch(
        url, {"version": 1, "description": "Recruté au marché", "participants": []}, format="json"
    )
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert (event.description, event.date, list(event.participants.all())) == ("Recruté au marché", "2024-11", [])
    assert AuditEvent.objects.filter(action=Action.EVENT_UPDATED, actor=clerk).exists()


def test_a_stale_event_correction_gets_409(event, investigator, clerk):
    update_event(actor=investigator, event=event, expected_version=1, description="Version de l'enquêteur")
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    response = api(clerk).patch(url, {"version": 1, "description": "Version du greffier"}, format="json")
    assert response.status_code == 409
    event.refresh_from_db()
    assert event.description == "Version de l'enquêteur"


def test_a_data_clerk_cannot_delete_an_event(event, clerk, investigator):
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    assert api(clerk).delete(url).status_code == 403
    assert api(investigator).delete(url).status_code == 204
    assert not Event.objects.exists()
    assert AuditEvent.objects.filter(action=Action.EVENT_DELETED, actor=investigator).exists()


def test_an_outsider_gets_404_on_our_events(event, outsider):
    assert api(outsider).get(reverse("api:case-events", kwargs={"case_id": event.case_id})).status_code == 404
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    assert api(outsider).patch(url, {"version": 1}, format="json").status_code == 404


# Border crossings ---------------------------------------------------------------------------------


def test_it_lists_the_crossings_of_a_case(crossing, victim, suspect, clerk):
    response = api(clerk).get(reverse("api:case-crossings", kwargs={"case_id": crossing.case_id}))
    [row] = response.json()["results"]
    assert (row["from_country"], row["to_country"], row["procured_by"], row["travellers"]) == (
        "NE",
        "LY",
        suspect.pk,
        [victim.pk],
    )


def test_it_records_a_crossing_and_audits_it(case, victim, suspect, clerk):
    response = api(clerk).post(
        reverse("api:case-crossings", kwargs={"case_id": case.pk}),
        {
            "from_country": "NE",
            "to_country": "DZ",
            "date": "2025-02-14",
            "border_post": "Assamaka",
            "documents": "none",
            "entry": "irregular",
            "procured_by": suspect.pk,
            "travellers": [victim.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    crossing = BorderCrossing.objects.get()
    assert (crossing.to_country_id, crossing.procured_by, list(crossing.travellers.all())) == ("DZ", suspect, [victim])
    assert AuditEvent.objects.filter(action=Action.CROSSING_RECORDED, actor=clerk).exists()


def test_a_crossing_goes_from_one_country_to_another(case, clerk):
    response = api(clerk).post(
        reverse("api:case-crossings", kwargs={"case_id": case.pk}),
        {"from_country": "NE", "to_country": "NE"},
        format="json",
    )
    assert response.status_code == 400
    assert not BorderCrossing.objects.exists()


def test_only_a_suspect_procures_an_entry(case, victim, clerk):
    response = api(clerk).post(
        reverse("api:case-crossings", kwargs={"case_id": case.pk}),
        {"from_country": "NE", "to_country": "LY", "procured_by": victim.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "procured_by" in response.json()


def test_it_corrects_a_crossing_and_refuses_a_stale_version(crossing, clerk):
    url = reverse("api:crossing-detail", kwargs={"crossing_id": crossing.pk})
    response = api(clerk).patch(url, {"version": 1, "border_post": "Assamaka"}, format="json")
    assert response.status_code == 200, response.json()
    stale = api(clerk).patch(url, {"version": 1, "border_post": "Arlit"}, format="json")
    assert stale.status_code == 409
    crossing.refresh_from_db()
    assert (crossing.border_post, crossing.version) == ("Assamaka", 2)


def test_a_data_clerk_cannot_delete_a_crossing(crossing, clerk, prosecutor):
    url = reverse("api:crossing-detail", kwargs={"crossing_id": crossing.pk})
    assert api(clerk).delete(url).status_code == 403
    assert api(prosecutor).delete(url).status_code == 204
    assert AuditEvent.objects.filter(action=Action.CROSSING_DELETED, actor=prosecutor).exists()


def test_a_correction_checks_coordinates_like_a_new_event(event, clerk):
    url = reverse("api:event-detail", kwargs={"event_id": event.pk})
    response = api(clerk).patch(url, {"version": 1, "latitude": "13.5", "longitude": None}, format="json")
    assert response.status_code == 400
    assert "longitude" in response.json()
