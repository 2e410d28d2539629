import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.people.models import IdentityDocument
from vigie.people.services import add_identity_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(victim):
    return victim.person


def add(actor, person, **values):
    return add_identity_document(
        actor=actor, person=person, **({"kind": "passport", "issuing_country_id": "ML"} | values)
    )


def test_it_records_the_number_trimmed_and_in_upper_case(person, clerk):
    document = add(clerk, person, number=" b0123456 ")
    assert IdentityDocument.objects.get(pk=document.pk).number == "B0123456"


@pytest.mark.parametrize("same_number", ["B0123456", "b0123456", " B0123456"])
def test_it_refuses_the_same_document_twice(person, clerk, same_number):
    add(clerk, person, number="B0123456")
    with pytest.raises(ValidationError) as error:
        add(clerk, person, number=same_number)
    assert "number" in error.value.message_dict
    assert IdentityDocument.objects.count() == 1


def test_it_refuses_the_same_document_without_issuing_country_twice(person, clerk):
    add(clerk, person, number="X1", issuing_country_id=None)
    with pytest.raises(ValidationError):
        add(clerk, person, number="X1", issuing_country_id=None)


def test_the_same_number_from_another_country_or_of_another_kind_is_another_document(person, clerk):
    add(clerk, person, number="B0123456")
    add(clerk, person, number="B0123456", issuing_country_id="NE")
    add(clerk, person, number="B0123456", kind="national_id")
    assert IdentityDocument.objects.count() == 3


def test_it_refuses_an_unknown_kind(person, clerk):
    with pytest.raises(ValidationError) as error:
        add(clerk, person, number="1", kind="library_card")
    assert "kind" in error.value.message_dict


def test_it_writes_its_audit_event_without_the_number(person, clerk):
    add(clerk, person, number="B0123456")
    event = AuditEvent.objects.get(action=AuditEvent.Action.IDENTIFIER_ADDED)
    assert (event.actor, event.target_id) == (clerk, str(person.pk))
    assert "B0123456" not in str(event.changes)
