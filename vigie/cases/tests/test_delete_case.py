import pytest

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Participant
from vigie.cases.services import delete_case
from vigie.conftest import make_participant
from vigie.people.models import Person

pytestmark = pytest.mark.django_db


def test_it_deletes_the_case_and_its_roles_but_keeps_the_persons(case, victim, investigator):
    delete_case(actor=investigator, case=case)
    assert not Case.objects.exists()
    assert not Participant.objects.exists()
    assert Person.objects.get() == victim.person


def test_it_writes_its_audit_event_with_what_was_deleted(case, investigator):
    make_participant(case, investigator)
    reference, pk = case.reference, case.pk
    delete_case(actor=investigator, case=case)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_DELETED)
    assert (event.actor, event.target_id, event.target_label) == (investigator, str(pk), reference)
    assert event.agency_id == case.agency_id
    assert event.changes["title"] == {"old": "Mendicité forcée, Zinder", "new": None}
    assert event.changes["participants"] == {"old": 1, "new": None}
