import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigie.cases.models import Participant
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")


def references(response):
    return [case.reference for case in response.context["page"].object_list]


def make_cases(agency, actor, count, first_day=datetime.date(2025, 1, 1)):
    cases = []
    for n in range(count):
        case = make_case(agency, actor, opened_on=first_day + datetime.timedelta(days=n))
        make_participant(case, actor, given_names=f"Victime {n}")
        make_participant(case, actor, role=Participant.Role.SUSPECT, given_names=f"Suspect {n}", family_name="Issa")
        cases.append(case)
    return cases


def test_it_lists_the_agencys_cases_newest_first(client, clerk, anltp, investigator):
    older = make_case(anltp, investigator, opened_on=datetime.date(2024, 1, 5))
    newer = make_case(anltp, investigator, opened_on=datetime.date(2025, 1, 5))
    client.force_login(clerk)
    response = client.get(URL)
    assert response.status_code == 200
    assert references(response) == [newer.reference, older.reference]


def test_it_shows_the_people_of_each_case(client, clerk, victim):
    client.force_login(clerk)
    assert "KOUYATÉ" in client.get(URL).text


def test_it_does_not_list_other_agencies_cases(client, clerk, case, naptip, outsider):
    make_case(naptip, outsider)
    client.force_login(clerk)
    assert references(client.get(URL)) == [case.reference]


def test_it_pages_the_list(client, clerk, anltp, investigator, settings):
    settings.PAGE_SIZE = 2
    cases = [make_case(anltp, investigator, opened_on=datetime.date(2025, 1, day)) for day in range(1, 6)]
    client.force_login(clerk)
    first = client.get(URL)
    last = client.get(URL, {"page": 3})
    assert references(first) == [cases[4].reference, cases[3].reference]
    assert references(last) == [cases[0].reference]
    assert first.context["page"].paginator.num_pages == 3
    assert 'rel="next"' in first.text
    assert references(client.get(URL, {"page": 99})) == [cases[0].reference]  # past the end: the last page


def test_the_page_links_keep_the_filters(client, clerk, anltp, investigator, settings):
    settings.PAGE_SIZE = 1
    make_case(anltp, investigator, offences=["som"])
    make_case(anltp, investigator, offences=["som"])
    client.force_login(clerk)
    response = client.get(URL, {"offence": "som", "page": 1})
    assert "?offence=som&amp;page=2" in response.text


def test_it_searches_names_without_accents_and_filters(client, clerk, anltp, investigator):
    kouyate = make_case(anltp, investigator, offences=["som"], country_id="ML")
    make_participant(kouyate, investigator)
    traore = make_case(anltp, investigator, opened_on=datetime.date(2024, 2, 1))
    make_participant(traore, investigator, given_names="Ibrahim", family_name="Traoré")
    client.force_login(clerk)
    assert references(client.get(URL, {"q": "KOUYATE"})) == [kouyate.reference]
    assert references(client.get(URL, {"q": "traore"})) == [traore.reference]
    assert references(client.get(URL, {"offence": "som"})) == [kouyate.reference]
    assert references(client.get(URL, {"country": "ML"})) == [kouyate.reference]
    assert references(client.get(URL, {"status": "closed"})) == []
    assert references(client.get(URL, {"agency": anltp.pk, "opened_to": "2024-12-31"})) == [traore.reference]


def test_invalid_filters_show_their_errors(client, clerk, case):
    client.force_login(clerk)
    response = client.get(URL, {"opened_from": "hier"})
    assert response.status_code == 200
    assert "opened_from" in response.context["form"].errors


def test_htmx_requests_get_the_results_only(client, clerk, case):
    client.force_login(clerk)
    response = client.get(URL, headers={"HX-Request": "true"})
    assert case.reference in response.text
    assert "<html" not in response.text


def test_the_number_of_queries_is_small_and_does_not_grow_with_the_rows_shown(
    client, clerk, anltp, investigator, django_assert_max_num_queries
):
    client.force_login(clerk)
    make_cases(anltp, investigator, 5)
    client.get(URL)  # warm up: session, content types
    with CaptureQueriesContext(connection) as five_rows:
        assert len(references(client.get(URL))) == 5
    make_cases(anltp, investigator, 20, first_day=datetime.date(2025, 6, 1))
    # session, user, memberships, the audit event of the listing (4 with its transaction and checks),
    # shared case ids, count, page ids, cases, offences, people, filter choices (2)
    with django_assert_max_num_queries(15) as twenty_five_rows:
        assert len(references(client.get(URL))) == 25
    assert len(twenty_five_rows) == len(five_rows)


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_roles_that_see_aggregates_only_may_not_open_the_list(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
