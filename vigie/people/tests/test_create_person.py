import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.people.models import Person
from vigie.people.services import create_person
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db


def create(agency, actor, **values):
    return create_person(actor=actor, agency=agency, **({"given_names": "Aïssata", "family_name": "Kouyaté"} | values))


def test_it_records_the_person_for_the_agency(anltp, clerk):
    person = create(anltp, clerk, sex="female", nationalities=Country.objects.filter(pk__in=["ML", "NE"]))
    saved = Person.objects.get(pk=person.pk)
    assert (saved.full_name, saved.recorded_by_agency, saved.version) == ("Aïssata KOUYATÉ", anltp, 1)
    assert sorted(saved.nationalities.values_list("pk", flat=True)) == ["ML", "NE"]


def test_it_makes_the_names_and_aliases_searchable_without_case_or_accents(anltp, clerk):
    person = create(anltp, clerk, aliases=["Aïcha", " AÏCHA ", "La Malienne"])
    saved = Person.objects.get(pk=person.pk)
    assert saved.search_text == "aissata kouyate | aicha | la malienne"
    assert sorted(saved.aliases.values_list("name", flat=True)) == ["Aïcha", "La Malienne"]


def test_it_writes_its_audit_event(anltp, clerk):
    person = create(anltp, clerk, aliases=["Aïcha"], nationalities=Country.objects.filter(pk="ML"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_CREATED)
    assert (event.actor, event.target_id, event.agency_id) == (clerk, str(person.pk), anltp.pk)
    assert event.changes["family_name"] == {"old": None, "new": "Kouyaté"}
    assert event.changes["aliases"] == {"old": None, "new": ["Aïcha"]}
    assert event.changes["nationalities"] == {"old": None, "new": ["ML"]}


def test_it_needs_a_name(anltp, clerk):
    with pytest.raises(ValidationError) as error:
        create(anltp, clerk, given_names=" ", family_name="")
    assert "family_name" in error.value.message_dict
    assert not Person.objects.exists()


def test_an_estimated_age_needs_the_day_it_was_estimated(anltp, clerk):
    with pytest.raises(ValidationError) as error:
        create(anltp, clerk, estimated_age=14)
    assert "age_estimated_on" in error.value.message_dict
    assert not Person.objects.exists()


def test_it_takes_an_estimated_age_with_its_day(anltp, clerk):
    person = create(anltp, clerk, estimated_age=14, age_estimated_on=datetime.date(2025, 3, 12))
    assert Person.objects.get(pk=person.pk).estimated_age == 14


def test_it_takes_a_date_of_birth_or_an_estimated_age_not_both(anltp, clerk):
    with pytest.raises(ValidationError) as error:
        create(anltp, clerk, date_of_birth="2009", estimated_age=15, age_estimated_on=datetime.date(2025, 3, 12))
    assert "estimated_age" in error.value.message_dict


@pytest.mark.parametrize("date_of_birth", ["2009", "2009-05", "2009-05-14"])
def test_it_accepts_a_partial_date_of_birth(anltp, clerk, date_of_birth):
    assert create(anltp, clerk, date_of_birth=date_of_birth).date_of_birth == date_of_birth


@pytest.mark.parametrize("date_of_birth", ["2009-13", "2009-02-29", "09", "14/05/2009"])
def test_it_refuses_a_date_of_birth_that_does_not_exist(anltp, clerk, date_of_birth):
    with pytest.raises(ValidationError) as error:
        create(anltp, clerk, date_of_birth=date_of_birth)
    assert "date_of_birth" in error.value.message_dict


def test_it_refuses_an_age_over_120(anltp, clerk):
    with pytest.raises(ValidationError) as error:
        create(anltp, clerk, estimated_age=130, age_estimated_on=datetime.date(2025, 3, 12))
    assert "estimated_age" in error.value.message_dict
