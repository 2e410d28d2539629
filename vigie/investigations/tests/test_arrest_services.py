import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import remove_participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_case, make_participant
from vigie.investigations import services
from vigie.investigations.models import Arrest

DAY = datetime.date(2025, 3, 20)


def test_it_records_an_arrest_of_a_suspect_and_audits_it(investigation, suspect, investigator):
    arrest = services.record_arrest(
        actor=investigator,
        investigation=investigation,
        suspect=suspect,
        arrested_on=DAY,
        country_id="NE",
        admin_area="Zinder",
        locality="Mirriah",
        custody_outcome=Arrest.CustodyOutcome.REMANDED,
    )
    assert arrest.place_label() == "Mirriah, Zinder, Niger"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ARREST_RECORDED)
    assert event.target_id == str(arrest.pk)
    assert event.changes["suspect_id"]["new"] == suspect.pk


@pytest.mark.parametrize("role", [Participant.Role.VICTIM, Participant.Role.SMUGGLED_MIGRANT, Participant.Role.WITNESS])
def test_it_refuses_to_arrest_anyone_but_a_suspect(investigation, investigator, role):
    person = make_participant(investigation.case, investigator, role=role, given_names="Fatou")
    with pytest.raises(ValidationError) as error:
        services.record_arrest(actor=investigator, investigation=investigation, suspect=person, arrested_on=DAY)
    assert "suspect" in error.value.message_dict
    assert not Arrest.objects.exists()


def test_it_refuses_a_suspect_of_another_case(investigation, investigator, anltp):
    other_case = make_case(anltp, investigator)
    stranger = make_participant(other_case, investigator, role=Participant.Role.SUSPECT)
    with pytest.raises(ValidationError):
        services.record_arrest(actor=investigator, investigation=investigation, suspect=stranger, arrested_on=DAY)


def test_it_refuses_half_coordinates(investigation, suspect, investigator):
    with pytest.raises(ValidationError) as error:
        services.record_arrest(
            actor=investigator, investigation=investigation, suspect=suspect, arrested_on=DAY, latitude=13.5
        )
    assert "longitude" in error.value.message_dict


def test_it_updates_an_arrest(arrest, investigator):
    services.update_arrest(
        actor=investigator, arrest=arrest, expected_version=1, custody_outcome=Arrest.CustodyOutcome.BAIL
    )
    arrest.refresh_from_db()
    assert arrest.custody_outcome == "bail"
    assert arrest.version == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARREST_UPDATED).count() == 1


def test_it_refuses_a_stale_arrest_edit(arrest, investigator):
    services.update_arrest(actor=investigator, arrest=arrest, expected_version=1, notes="a")
    with pytest.raises(StaleEditError):
        services.update_arrest(actor=investigator, arrest=Arrest.objects.get(pk=arrest.pk), expected_version=1)


def test_it_deletes_an_arrest(arrest, investigator):
    services.delete_arrest(actor=investigator, arrest=arrest)
    assert not Arrest.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARREST_DELETED).count() == 1


def test_an_arrested_suspect_cannot_be_removed_from_the_case(arrest, suspect, investigator):
    with pytest.raises(ValidationError):
        remove_participant(actor=investigator, participant=suspect)
    assert Participant.objects.filter(pk=suspect.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PARTICIPANT_REMOVED).exists()
