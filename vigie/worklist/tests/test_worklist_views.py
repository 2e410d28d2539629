import pytest
from django.urls import reverse

from vigie.cases.models import Participant
from vigie.cases.services import propose_victim_identification
from vigie.conftest import make_participant
from vigie.worklist.models import AlertRule

pytestmark = pytest.mark.django_db


def test_the_page_lists_what_waits_without_any_name(client, case, clerk, case_worker):
    presumed = make_participant(
        case, clerk, role=Participant.Role.PRESUMED_VICTIM, given_names="Mariama", family_name="Sow"
    )
    propose_victim_identification(actor=clerk, participant=presumed, grounds="Dette", identified_on=case.opened_on)
    client.force_login(case_worker)
    page = client.get(reverse("worklist:waiting")).text
    assert case.reference in page
    assert "Mariama" not in page and "Sow" not in page


def test_an_empty_page_says_so(client, investigator):
    client.force_login(investigator)
    assert client.get(reverse("worklist:waiting")).context["items"] == []


def test_an_administrator_sets_a_delay(client, agency_admin, anltp):
    client.force_login(agency_admin)
    url = reverse("worklist:alert-rules")
    assert (
        "Referral not answered" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text or client.get(url).status_code == 200
    )
    response = client.post(url, {"kind": "referral_unanswered", "days": "3", "enabled": "on", "version": "0"})
    assert response.status_code == 302
    rule = AlertRule.objects.get()
    assert (rule.agency, rule.kind, rule.days, rule.enabled) == (anltp, "referral_unanswered", 3, True)


def test_a_bad_delay_is_explained(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("worklist:alert-rules"), {"kind": "referral_unanswered", "days": "0", "version": "0"}
    )
    assert response.status_code == 200
    assert "days" in response.context["form"].errors
    assert not AlertRule.objects.exists()


def test_a_long_list_shows_the_most_urgent_and_counts_them_all(client, case, clerk, investigator, monkeypatch):
    from vigie.worklist import views

    monkeypatch.setattr(views, "SHOWN_ITEMS", 2)
    for n in range(3):
        presumed = make_participant(case, clerk, role=Participant.Role.PRESUMED_VICTIM, given_names=f"Awa{n}")
        propose_victim_identification(actor=clerk, participant=presumed, grounds="Dette", identified_on=case.opened_on)
    client.force_login(investigator)  # the decisions wait for the investigator; no assessment does
    response = client.get(reverse("worklist:waiting"))
    assert (len(response.context["items"]), response.context["total"]) == (2, 3)
