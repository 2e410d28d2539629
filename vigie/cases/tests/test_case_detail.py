import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigie.cases.models import Participant
from vigie.cases.services import record_crossing, record_event_in_case, share_case
from vigie.conftest import make_participant
from vigie.people.services import add_identity_document
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def fill(case, actor, count):
    """`count` victims, suspects, events and crossings, each linked to the people."""
    for n in range(count):
        victim = make_participant(
            case, actor, given_names=f"Victime {n}", nationalities=list(Country.objects.filter(pk__in=["NE", "ML"]))
        )
        suspect = make_participant(case, actor, role=Participant.Role.SUSPECT, given_names=f"Suspect {n}")
        record_event_in_case(
            actor=actor, case=case, kind="transport", date=f"202{n % 10}", country_id="NE", participants=[victim]
        )
        record_crossing(
            actor=actor,
            case=case,
            from_country_id="NE",
            to_country_id="LY",
            procured_by=suspect,
            travellers=[victim],
        )


def test_it_shows_the_case_its_people_and_its_timeline(client, clerk, case, investigator):
    fill(case, investigator, 1)
    client.force_login(clerk)
    response = client.get(url(case))
    assert response.status_code == 200
    assert case.reference in response.text
    assert "Victime 0 KOUYATÉ" in response.text
    assert len(response.context["page"].timeline) == 2


def test_the_delete_and_decide_buttons_are_offered_to_those_who_may_use_them(client, clerk, investigator, case):
    client.force_login(clerk)
    as_clerk = client.get(url(case))
    client.force_login(investigator)
    as_investigator = client.get(url(case))
    assert (as_clerk.context["can_delete"], as_clerk.context["can_decide"]) == (False, False)
    assert (as_investigator.context["can_delete"], as_investigator.context["can_decide"]) == (True, True)
    assert reverse("cases:delete", kwargs={"case_id": case.pk}) not in as_clerk.text
    assert reverse("cases:delete", kwargs={"case_id": case.pk}) in as_investigator.text


def test_the_number_of_queries_does_not_grow_with_the_people_and_events(client, clerk, case, investigator):
    client.force_login(clerk)
    fill(case, investigator, 1)
    client.get(url(case))
    with CaptureQueriesContext(connection) as small:
        client.get(url(case))
    fill(case, investigator, 8)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(case))
    assert len(response.context["page"].participants) == 18
    assert len(large) == len(small)


def test_a_busy_case_takes_a_bounded_number_of_queries(
    client, clerk, case, investigator, naptip, django_assert_max_num_queries
):
    fill(case, investigator, 5)
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    add_identity_document(
        actor=investigator, person=Participant.objects.earliest("id").person, kind="passport", number="B1"
    )
    client.force_login(clerk)
    # The case itself, then each part's summary (investigations, justice, referrals, assistance, screening).
    with django_assert_max_num_queries(28):
        client.get(url(case))


def test_a_shared_case_is_shown_to_the_other_agency(client, case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    client.force_login(outsider)
    response = client.get(url(case))
    assert response.status_code == 200
    assert response.context["can_decide"] is False


@pytest.mark.parametrize("role", ["outsider", "analyst", "coordinator", "sysadmin"])
def test_others_are_told_the_case_does_not_exist(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(case)).status_code == 404


def test_it_refuses_post(client, clerk, case):
    client.force_login(clerk)
    assert client.post(url(case)).status_code == 405
