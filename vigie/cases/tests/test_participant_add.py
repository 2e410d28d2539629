import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.people.models import Person

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:participant-add", kwargs={"case_id": case.pk})


def form_data(person=None, role=None):
    person = {"given_names": "Aïssata", "family_name": "Kouyaté", "sex": "female", "aliases": "Aïcha\nSata"} | (
        person or {}
    )
    role = {"role": "presumed_victim", "benefit_sought": "unknown", "forms_of_exploitation": ["forced_begging"]} | (
        role or {}
    )
    return {f"person-{k}": v for k, v in person.items()} | {f"role-{k}": v for k, v in role.items()}


@pytest.mark.parametrize("role", ["clerk", "case_worker", "investigator"])
def test_it_records_the_person_and_the_role_together(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(case), form_data(person={"nationalities": ["ML"], "origin_country": "ML"}))
    assert response.status_code == 302
    participant = Participant.objects.select_related("person").get()
    assert (participant.case, participant.role, participant.forms_of_exploitation) == (
        case,
        "presumed_victim",
        ["forced_begging"],
    )
    person = participant.person
    assert (person.full_name, person.origin_country_id, person.search_text) == (
        "Aïssata KOUYATÉ",
        "ML",
        "aissata kouyate | aicha | sata",
    )


def test_refused_role_facts_save_no_person_either(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(role={"role": "suspect", "suspect_role": ""}))
    assert response.status_code == 200
    assert "suspect_role" in response.context["role_form"].errors
    assert not Person.objects.exists()
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_CREATED).exists()


def test_a_refused_person_is_shown_on_the_persons_form_and_nothing_is_saved(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(person={"estimated_age": "14"}))
    assert response.status_code == 200
    assert "age_estimated_on" in response.context["person_form"].errors
    assert not Person.objects.exists()


def test_an_invalid_form_saves_nothing(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(person={"date_of_birth": "2009-13"}, role={"role": "boss"}))
    assert "role" in response.context["role_form"].errors
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "analyst"])
def test_others_are_told_the_case_does_not_exist(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(case), form_data()).status_code == 404
    assert not Person.objects.exists()
