import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.people.models import Person
from vigie.people.services import create_person, update_person
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(anltp, clerk):
    return create_person(actor=clerk, agency=anltp, given_names="Aïssata", family_name="Kouyaté", aliases=["Aïcha"])


def test_it_saves_and_moves_the_version_on(person, clerk):
    update_person(actor=clerk, person=person, expected_version=1, languages="Bambara, français")
    saved = Person.objects.get(pk=person.pk)
    assert (saved.languages, saved.version) == ("Bambara, français", 2)


def test_it_keeps_the_search_text_in_step_with_names_and_aliases(person, clerk):
    update_person(actor=clerk, person=person, expected_version=1, family_name="TRAORÉ", aliases=["Aïcha", "Sata"])
    saved = Person.objects.get(pk=person.pk)
    assert saved.search_text == "aissata traore | aicha | sata"
    assert sorted(saved.aliases.values_list("name", flat=True)) == ["Aïcha", "Sata"]


def test_it_keeps_the_aliases_it_is_not_given(person, clerk):
    update_person(actor=clerk, person=person, expected_version=1, given_names="Aminata")
    saved = Person.objects.get(pk=person.pk)
    assert saved.search_text == "aminata kouyate | aicha"
    assert list(saved.aliases.values_list("name", flat=True)) == ["Aïcha"]


def test_it_takes_countries_by_field_name_as_the_forms_give_them(person, clerk):
    mali = Country.objects.get(pk="ML")
    update_person(
        actor=clerk, person=person, expected_version=1, origin_country=mali, nationalities=[mali], origin_area="Kayes"
    )
    saved = Person.objects.get(pk=person.pk)
    assert (saved.origin_country_id, saved.origin_area) == ("ML", "Kayes")
    assert list(saved.nationalities.values_list("pk", flat=True)) == ["ML"]


def test_it_records_the_old_and_new_values(person, clerk):
    update_person(actor=clerk, person=person, expected_version=1, family_name="Traoré", aliases=["Sata"])
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_UPDATED)
    assert (event.actor, event.target_id) == (clerk, str(person.pk))
    assert event.changes == {
        "family_name": {"old": "Kouyaté", "new": "Traoré"},
        "aliases": {"old": ["Aïcha"], "new": ["Sata"]},
    }


def test_it_refuses_a_stale_edit_and_keeps_the_first_users_values(person, clerk, case_worker):
    seen_by_case_worker = Person.objects.get(pk=person.pk)
    update_person(actor=clerk, person=person, expected_version=1, family_name="Traoré")
    with pytest.raises(StaleEditError):
        update_person(actor=case_worker, person=seen_by_case_worker, expected_version=1, family_name="Keita")
    saved = Person.objects.get(pk=person.pk)
    assert (saved.family_name, saved.version, saved.search_text) == ("Traoré", 2, "aissata traore | aicha")


def test_an_estimated_age_needs_the_day_it_was_estimated(person, clerk):
    with pytest.raises(ValidationError) as error:
        update_person(actor=clerk, person=person, expected_version=1, estimated_age=16)
    assert "age_estimated_on" in error.value.message_dict
    assert Person.objects.get(pk=person.pk).estimated_age is None


def test_it_takes_a_date_of_birth_or_an_estimated_age_not_both(person, clerk):
    update_person(
        actor=clerk, person=person, expected_version=1, estimated_age=16, age_estimated_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        update_person(actor=clerk, person=person, expected_version=2, date_of_birth="2009-05")
    assert "estimated_age" in error.value.message_dict
    assert Person.objects.get(pk=person.pk).date_of_birth == ""


@pytest.mark.parametrize("field", ["recorded_by_agency_id", "search_text", "version"])
def test_it_does_not_change_the_recording_agency_or_the_computed_fields(person, clerk, field):
    with pytest.raises(TypeError):
        values: dict[str, Any] = {field: 1}
        update_person(actor=clerk, person=person, expected_version=1, **values)
