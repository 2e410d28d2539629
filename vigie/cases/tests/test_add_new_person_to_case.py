import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_new_person_to_case
from vigie.people.models import Person

pytestmark = pytest.mark.django_db

AISSATA = {"given_names": "Aïssata", "family_name": "Kouyaté", "sex": "female", "aliases": ["Aïcha"]}


def test_it_records_the_person_and_the_role(case, clerk, anltp):
    participant = add_new_person_to_case(actor=clerk, case=case, person_values=AISSATA, role="presumed_victim")
    person = Person.objects.get()
    assert participant.person == person
    assert person.recorded_by_agency == anltp
    assert [e.action for e in AuditEvent.objects.order_by("id")][-2:] == ["person.created", "participant.added"]


def test_it_records_neither_when_the_role_is_refused(case, clerk):
    with pytest.raises(ValidationError):
        add_new_person_to_case(actor=clerk, case=case, person_values=AISSATA, role="suspect")
    assert not Person.objects.exists()
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.PERSON_CREATED, AuditEvent.Action.PARTICIPANT_ADDED]
    ).exists()


def test_it_records_neither_when_the_person_is_refused(case, clerk):
    with pytest.raises(ValidationError):
        add_new_person_to_case(actor=clerk, case=case, person_values={"given_names": " "}, role="presumed_victim")
    assert not Person.objects.exists()
    assert not Participant.objects.exists()
