import pytest
from django.urls import reverse

from vigie.accounts.services import grant_membership
from vigie.analytics.selectors import overview
from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.conftest import make_case, make_member, make_participant
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

URL = reverse("analytics:overview")
NAMES = ["Aïssata", "KOUYATÉ", "Kouyaté", "Kouyate", "Aïcha", "Moussa", "ISSA", "+22796123456"]


@pytest.fixture
def register(anltp, investigator):
    case = make_case(anltp, investigator)
    make_participant(case, investigator, aliases=["Aïcha"], nationalities=list(Country.objects.filter(pk="ML")))
    make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names="Moussa", family_name="Issa")
    return case


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin", "agency_admin", "clerk"])
def test_the_statistics_never_show_a_name_or_a_reference(client, request, register, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    for name in [*NAMES, register.reference]:
        assert name not in response.text


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_small_counts_are_hidden_from_roles_that_see_aggregates_only(client, request, register, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.context["protect"] is True
    assert response.context["scope_cases"] == "<5"


def test_register_users_see_exact_counts_of_their_cases(client, clerk, register):
    client.force_login(clerk)
    response = client.get(URL)
    assert response.context["scope_cases"] == "1"
    tables = dict(response.context["tables"])
    assert [count for _label, count in tables["victims_by_nationality"]] == ["1"]


def test_the_coordinator_counts_every_case_detected_in_the_country(client, coordinator, register, naptip, outsider):
    make_case(naptip, outsider, country_id="NE")
    make_case(naptip, outsider, country_id="NG")
    for _ in range(3):
        make_case(naptip, outsider, country_id="NE")
    client.force_login(coordinator)
    assert client.get(URL).context["scope_cases"] == "5"


def test_the_system_administrator_counts_every_case(client, sysadmin, register, naptip, outsider):
    for _ in range(4):
        make_case(naptip, outsider)
    client.force_login(sysadmin)
    assert client.get(URL).context["scope_cases"] == "5"


def test_an_analyst_counts_only_the_agencys_cases(client, analyst, register, naptip, outsider):
    for _ in range(6):
        make_case(naptip, outsider, country_id="NE")
    client.force_login(analyst)
    assert client.get(URL).context["scope_cases"] == "<5"


def test_a_victim_in_two_cases_is_counted_once(investigator, anltp):
    first = make_case(anltp, investigator)
    victim = make_participant(first, investigator)
    second = make_case(anltp, investigator)
    add_participant(actor=investigator, case=second, person=victim.person, role="presumed_victim")
    figures = overview(investigator)
    assert [row.count for row in figures.victims_by_sex] == [1]


def test_a_user_who_is_also_an_analyst_somewhere_gets_protected_figures(client, anltp, naptip, investigator):
    make_participant(make_case(anltp, investigator), investigator)
    user = make_member(anltp, "data_clerk", username="clerk-and-analyst")
    grant_membership(actor=None, user=user, agency=naptip, role="analyst")
    client.force_login(user)
    assert "&lt;5" in client.get("/statistics/").content.decode()
