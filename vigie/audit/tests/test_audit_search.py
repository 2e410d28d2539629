import pytest
from django.urls import reverse

from vigie.cases.services import share_case, update_case
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


@pytest.fixture
def trail(client, anltp, naptip, investigator, outsider):
    """Events of ANLTP, of NAPTIP, and a failed login by an unknown user name."""
    ours = make_case(anltp, investigator)
    theirs = make_case(naptip, outsider)
    client.post(reverse("accounts:login"), {"username": "inconnu", "password": "devine"})
    return ours, theirs


def shown(response):
    return {(e.action, e.target_label) for e in response.context["page"].object_list}


def test_system_administrators_see_the_whole_trail(client, sysadmin, trail):
    ours, theirs = trail
    client.force_login(sysadmin)
    response = client.get(URL)
    assert response.status_code == 200
    assert {("case.opened", ours.reference), ("case.opened", theirs.reference), ("auth.login_failed", "")} <= shown(
        response
    )


def test_agency_administrators_see_their_agencys_trail_only(client, agency_admin, trail):
    ours, theirs = trail
    client.force_login(agency_admin)
    events = shown(client.get(URL))
    assert ("case.opened", ours.reference) in events
    assert ("case.opened", theirs.reference) not in events
    assert ("auth.login_failed", "") not in events


def test_agency_administrators_see_what_their_members_did_elsewhere(
    client, agency_admin, anltp, investigator, naptip, outsider
):
    theirs = make_case(naptip, outsider)
    share_case(actor=outsider, case=theirs, agency=anltp, purpose="all", reason="Enquête conjointe")
    update_case(actor=investigator, case=theirs, expected_version=1, narrative="Complété par l'ANLTP")
    client.force_login(agency_admin)
    assert ("case.updated", theirs.reference) in shown(client.get(URL))


@pytest.mark.parametrize(
    "role", ["clerk", "investigator", "prosecutor", "case_worker", "analyst", "coordinator", "outsider"]
)
def test_other_roles_may_not_read_the_trail(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_it_filters_by_action_user_and_record(client, sysadmin, investigator, trail):
    ours, _theirs = trail
    client.force_login(sysadmin)
    assert shown(client.get(URL, {"action": "auth.login_failed"})) == {("auth.login_failed", "")}
    assert shown(client.get(URL, {"target": ours.reference})) == {("case.opened", ours.reference)}
    assert {e.actor_username for e in client.get(URL, {"actor": "inconnu"}).context["page"].object_list} == {"inconnu"}


def test_an_invalid_filter_shows_everything_with_the_error(client, sysadmin, trail):
    client.force_login(sysadmin)
    response = client.get(URL, {"since": "hier"})
    assert "since" in response.context["form"].errors
    assert len(shown(response)) >= 3


def test_system_administrators_never_read_names_or_searches_in_the_trail(client, sysadmin, investigator, case):
    make_participant(case, investigator, given_names="Aïssata", family_name="Kouyaté")
    client.force_login(investigator)
    client.get(reverse("cases:list"), {"q": "kouyate"})
    client.force_login(sysadmin)
    page = client.get(reverse("audit:search")).content.decode()
    assert "person.created" in page or "Person created" in page or "Personne" in page
    for secret in ("Kouyat", "KOUYAT", "kouyate", "Mendicité forcée"):
        assert secret not in page
    assert "family_name" in page  # which fields changed is still shown


def test_agency_administrators_read_the_values_of_their_agencys_events(client, agency_admin, investigator, case):
    make_participant(case, investigator, given_names="Aïssata", family_name="Kouyaté")
    client.force_login(agency_admin)
    assert "Kouyaté" in client.get(reverse("audit:search")).content.decode()
