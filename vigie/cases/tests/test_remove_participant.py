import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import record_crossing, record_event_in_case, remove_participant, update_participant
from vigie.conftest import make_participant
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


def test_a_suspect_who_procured_a_crossing_stays_until_the_crossing_is_changed(case, investigator):
    suspect = make_participant(case, investigator, role="suspect", given_names="Ibrahim", family_name="Moussa")
    crossing = record_crossing(
        actor=investigator, case=case, from_country_id="NE", to_country_id="LY", procured_by=suspect
    )
    with pytest.raises(ValidationError):
        remove_participant(actor=investigator, participant=suspect)
    with pytest.raises(ValidationError) as error:
        update_participant(actor=investigator, participant=suspect, expected_version=suspect.version, role="witness")
    assert "role" in error.value.message_dict
    crossing.refresh_from_db()
    assert crossing.procured_by == suspect


def test_the_trail_keeps_the_events_the_person_was_taken_out_of(case, investigator, victim):
    event = record_event_in_case(actor=investigator, case=case, kind="recruitment", participants=[victim])
    remove_participant(actor=investigator, participant=victim)
    removed = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANT_REMOVED)
    assert removed.changes["events"] == {"old": [event.pk], "new": None}
