import pytest
from django.urls import reverse
from django.utils.html import escape

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.people.models import Person
from vigie.people.services import update_person

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("people:edit", kwargs={"person_id": person.pk})


def form_data(**changes):
    return {"given_names": "Aïssata", "family_name": "Kouyaté", "sex": "female", "version": 1} | changes


def test_it_saves_names_aliases_and_countries(client, case_worker, victim):
    client.force_login(case_worker)
    response = client.post(
        url(victim.person),
        form_data(
            family_name="Traoré",
            aliases="Aïcha\nSata",
            nationalities=["ML", "NE"],
            origin_country="ML",
            date_of_birth="2009",
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=victim.person_id)
    assert (person.family_name, person.origin_country_id, person.date_of_birth, person.version) == (
        "Traoré",
        "ML",
        "2009",
        2,
    )
    assert sorted(person.nationalities.values_list("pk", flat=True)) == ["ML", "NE"]
    assert person.search_text == "aissata traore | aicha | sata"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_UPDATED).count() == 1


def test_the_form_starts_from_the_saved_values(client, clerk, victim):
    client.force_login(clerk)
    initial = client.get(url(victim.person)).context["form"].initial
    assert (initial["family_name"], initial["version"], initial["aliases"]) == ("Kouyaté", 1, "")


def test_a_stale_save_is_refused_and_the_first_users_values_are_kept(client, clerk, investigator, victim):
    client.force_login(clerk)
    opened_at_version = client.get(url(victim.person)).context["form"].initial["version"]
    update_person(actor=investigator, person=victim.person, expected_version=1, family_name="Keïta")
    response = client.post(url(victim.person), form_data(family_name="Camara", version=opened_at_version))
    assert response.status_code == 200
    assert escape(str(StaleEditError().messages[0])) in response.text
    person = Person.objects.get(pk=victim.person_id)
    assert (person.family_name, person.search_text) == ("Keïta", "aissata keita")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"estimated_age": "14"}, "age_estimated_on"),
        ({"date_of_birth": "2009", "estimated_age": "14", "age_estimated_on": "2025-03-12"}, "estimated_age"),
        ({"date_of_birth": "2009-02-30"}, "date_of_birth"),
        ({"given_names": "", "family_name": ""}, "family_name"),
    ],
)
def test_refusals_are_shown_on_their_field_and_nothing_is_saved(client, clerk, victim, changes, field):
    client.force_login(clerk)
    response = client.post(url(victim.person), form_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Person.objects.get(pk=victim.person_id).version == 1


@pytest.mark.parametrize("role", ["outsider", "analyst"])
def test_others_are_told_the_person_does_not_exist(client, request, victim, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(victim.person), form_data(family_name="Piraté")).status_code == 404
    assert Person.objects.get(pk=victim.person_id).family_name == "Kouyaté"


@pytest.mark.parametrize(("posted", "saved"), [("true", True), ("false", False), ("unknown", None)])
def test_lawful_permanent_residence_is_yes_no_or_unknown(client, case_worker, victim, posted, saved):
    client.force_login(case_worker)
    data = form_data(residence_country="NE", lawful_permanent_resident=posted)
    assert client.post(url(victim.person), data).status_code == 302
    assert Person.objects.get(pk=victim.person_id).lawful_permanent_resident is saved
