import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.people.models import PhoneNumber
from vigie.people.services import add_phone_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(victim):
    return victim.person


@pytest.mark.parametrize(
    ("typed", "stored"), [("+227 96 12 34 56", "+22796123456"), ("2348031234567", "2348031234567")]
)
def test_it_records_the_number_in_e164_without_spaces(person, clerk, typed, stored):
    phone = add_phone_number(actor=clerk, person=person, number=typed, note="Tante à Niamey")
    assert (PhoneNumber.objects.get(pk=phone.pk).number, phone.note) == (stored, "Tante à Niamey")


@pytest.mark.parametrize("number", ["+0227961234", "+227-96-12-34-56", "appeler la tante", "+2279612345678901"])
def test_it_refuses_a_number_that_is_not_e164(person, clerk, number):
    with pytest.raises(ValidationError) as error:
        add_phone_number(actor=clerk, person=person, number=number)
    assert "number" in error.value.message_dict
    assert not PhoneNumber.objects.exists()


def test_it_refuses_the_same_number_twice_however_it_is_spaced(person, clerk):
    add_phone_number(actor=clerk, person=person, number="+22796123456")
    with pytest.raises(ValidationError) as error:
        add_phone_number(actor=clerk, person=person, number="+227 96 12 34 56")
    assert "number" in error.value.message_dict
    assert PhoneNumber.objects.count() == 1


def test_it_writes_its_audit_event(person, clerk):
    phone = add_phone_number(actor=clerk, person=person, number="+22796123456")
    event = AuditEvent.objects.get(action=AuditEvent.Action.IDENTIFIER_ADDED)
    assert (event.actor, event.target_id, event.changes) == (clerk, str(person.pk), {"phone": phone.pk})
