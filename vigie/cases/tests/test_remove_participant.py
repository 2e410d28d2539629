import pytest

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import remove_participant
from vigie.people.models import Person

pytestmark = pytest.mark.django_db


def test_it_removes_the_role_and_keeps_the_person(victim, investigator):
    remove_participant(actor=investigator, participant=victim)
    assert not Participant.objects.exists()
    assert Person.objects.filter(pk=victim.person_id).exists()


def test_it_writes_its_audit_event(victim, investigator):
    pk = victim.pk
    remove_participant(actor=investigator, participant=victim)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANT_REMOVED)
    assert (event.actor, event.target_id) == (investigator, str(pk))
    assert event.changes["person"] == {"old": victim.person_id, "new": None}
    assert event.changes["role"] == {"old": "victim", "new": None}
