"""/api/v1/persons/: find, read (audited) and correct the persons the user may see."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.conftest import make_case, make_participant
from vigie.people.models import Person
from vigie.people.services import add_phone_number, create_person, update_person

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
LIST = reverse("api:person-list")


def api(user=None, language="en", **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language, **headers)
    if user is not None:
        client.force_login(user)
    return client


def detail_url(person):
    return reverse("api:person-detail", kwargs={"person_id": person.pk})


def test_it_finds_persons_ignoring_case_and_accents(case, investigator, clerk):
    wanted = make_participant(case, investigator, given_names="Aïcha", family_name="Traoré").person
    make_participant(case, investigator, given_names="Moussa", family_name="Diallo")
    response = api(clerk).get(LIST, {"q": "AICHA traoré"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": wanted.pk, "full_name": "Aïcha TRAORÉ", "sex": "female", "date_of_birth": ""}
    ]


def test_a_search_by_name_is_audited(victim, clerk):
    api(clerk).get(LIST, {"q": "kouyate"})
    api(clerk).get(LIST)
    event = AuditEvent.objects.get(action=Action.CASES_SEARCHED)
    assert (event.actor, event.changes) == (clerk, {"list": "persons", "query": "kouyate"})
    assert AuditEvent.objects.get(action=Action.REGISTER_LISTED).changes == {"list": "persons"}


def test_it_lists_only_persons_the_user_may_see(victim, naptip, outsider, clerk):
    make_participant(make_case(naptip, outsider), outsider, given_names="Chidi", family_name="Okafor")
    names = [row["full_name"] for row in api(clerk).get(LIST).json()["results"]]
    assert names == ["Aïssata KOUYATÉ"]


def test_it_lists_a_person_recorded_by_the_agency_in_no_case_yet(anltp, clerk):
    person = create_person(actor=clerk, agency=anltp, family_name="Sani")
    assert [row["id"] for row in api(clerk).get(LIST).json()["results"]] == [person.pk]


def test_the_details_are_shown_and_the_look_is_audited(victim, investigator, clerk, settings):
    settings.BEHIND_PROXY = True
    add_phone_number(actor=investigator, person=victim.person, number="+227 96 12 34 56")
    response = api(clerk, HTTP_X_REAL_IP="10.1.2.3").get(detail_url(victim.person))
    assert response.status_code == 200
    data = response.json()
    assert (data["family_name"], data["phones"][0]["number"]) == ("Kouyaté", "+22796123456")
    assert data["participations"] == [
        {"id": victim.pk, "case": victim.case_id, "case_reference": victim.case.reference, "role": "victim"}
    ]
    event = AuditEvent.objects.get(action=Action.PERSON_VIEWED)
    assert (event.actor, event.target_id, event.ip_address) == (clerk, str(victim.person_id), "10.1.2.3")


def test_an_outsider_gets_404_and_no_look_is_recorded(victim, outsider):
    assert api(outsider).get(detail_url(victim.person)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.PERSON_VIEWED).exists()


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_roles_without_register_access_get_403_and_never_a_name(role, request, victim):
    user = request.getfixturevalue(role)
    for url in (LIST, detail_url(victim.person)):
        response = api(user).get(url, {"q": "kouyate"})
        assert response.status_code == 403
        assert "KOUYAT" not in response.text.upper()
    assert not AuditEvent.objects.filter(action=Action.PERSON_VIEWED).exists()


def test_it_corrects_a_person_and_audits_it(victim, clerk):
    response = api(clerk).patch(
        detail_url(victim.person),
        {"version": 1, "family_name": "Kouyate", "aliases": ["Aïssa"], "nationalities": ["NE", "ML"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    person = Person.objects.get(pk=victim.person_id)
    assert (person.family_name, person.given_names, person.version) == ("Kouyate", "Aïssata", 2)
    assert sorted(person.nationalities.values_list("pk", flat=True)) == ["ML", "NE"]
    assert response.json()["aliases"] == ["Aïssa"]
    assert api(clerk).get(LIST, {"q": "aissa"}).json()["count"] == 1  # the alias is searchable
    event = AuditEvent.objects.get(action=Action.PERSON_UPDATED)
    assert event.changes["family_name"] == {"old": "Kouyaté", "new": "Kouyate"}


def test_a_country_of_origin_is_given_by_its_code(victim, clerk):
    response = api(clerk).patch(detail_url(victim.person), {"version": 1, "origin_country": "bf"}, format="json")
    assert response.status_code == 200, response.json()
    assert Person.objects.get(pk=victim.person_id).origin_country_id == "BF"
    unknown = api(clerk, language="fr").patch(
        detail_url(victim.person), {"version": 2, "origin_country": "ZZ"}, format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json() == {"origin_country": ["«\u00a0ZZ\u00a0» n'est pas un choix valide."]}


def test_a_stale_correction_gets_409_and_overwrites_nothing(victim, investigator, clerk):
    update_person(actor=investigator, person=victim.person, expected_version=1, languages="Haoussa")
    response = api(clerk).patch(detail_url(victim.person), {"version": 1, "languages": "Zarma"}, format="json")
    assert response.status_code == 409
    assert Person.objects.get(pk=victim.person_id).languages == "Haoussa"


def test_a_service_refusal_saves_nothing(victim, clerk):
    response = api(clerk).patch(
        detail_url(victim.person), {"version": 1, "given_names": "", "family_name": ""}, format="json"
    )
    assert response.status_code == 400
    assert "family_name" in response.json()
    assert Person.objects.get(pk=victim.person_id).family_name == "Kouyaté"
    assert not AuditEvent.objects.filter(action=Action.PERSON_UPDATED).exists()


def test_lawful_permanent_residence_is_three_valued_and_audited(victim, clerk):
    assert api(clerk).get(detail_url(victim.person)).json()["lawful_permanent_resident"] is None
    response = api(clerk).patch(
        detail_url(victim.person),
        {"version": 1, "residence_country": "NE", "lawful_permanent_resident": False},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["lawful_permanent_resident"] is False
    event = AuditEvent.objects.get(action=Action.PERSON_UPDATED)
    assert event.changes["lawful_permanent_resident"] == {"old": None, "new": False}
