import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_participant, update_participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    # The messages are read in English here; French is the default language of the pages.
    with translation.override("en"):
        yield


@pytest.fixture
def victim(case, investigator):
    # Presumed: a formally identified victim's role is a decision of two people (test_decisions.py).
    return make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM)


def test_it_saves_the_facts_and_records_what_changed(victim, clerk):
    update_participant(
        actor=clerk, participant=victim, expected_version=1, forms_of_exploitation=["forced_begging"], sector="T"
    )
    saved = Participant.objects.get(pk=victim.pk)
    assert (saved.forms_of_exploitation, saved.sector, saved.version) == (["forced_begging"], "T", 2)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANT_UPDATED)
    assert event.changes == {
        "forms_of_exploitation": {"old": [], "new": ["forced_begging"]},
        "sector": {"old": "", "new": "T"},
    }


def test_it_refuses_a_stale_edit_and_keeps_the_first_users_values(victim, investigator, case_worker):
    seen_by_case_worker = Participant.objects.get(pk=victim.pk)
    update_participant(actor=investigator, participant=victim, expected_version=1, notes="Entendue le 12 mars")
    with pytest.raises(StaleEditError):
        update_participant(actor=case_worker, participant=seen_by_case_worker, expected_version=1, notes="Hébergée")
    saved = Participant.objects.get(pk=victim.pk)
    assert (saved.notes, saved.version) == ("Entendue le 12 mars", 2)


def test_it_refuses_to_make_a_smuggled_migrant_the_smuggler_of_his_own_journey(case, clerk):
    migrant = make_participant(case, clerk, role=Participant.Role.SMUGGLED_MIGRANT)
    suspect = add_participant(
        actor=clerk, case=case, person=migrant.person, role="suspect", suspect_role=Participant.SuspectRole.EXPLOITER
    )
    with pytest.raises(ValidationError) as error:
        update_participant(actor=clerk, participant=suspect, expected_version=1, suspect_role="smuggler")
    assert "role" in error.value.message_dict
    assert Participant.objects.get(pk=suspect.pk).suspect_role == "exploiter"


def test_it_refuses_a_role_the_person_already_has(case, clerk, victim):
    witness = add_participant(actor=clerk, case=case, person=victim.person, role="witness")
    with pytest.raises(ValidationError) as error:
        update_participant(actor=clerk, participant=witness, expected_version=1, role="presumed_victim")
    assert "role" in error.value.message_dict


def test_it_does_not_move_a_role_to_another_case_or_person(victim, clerk):
    with pytest.raises(TypeError):
        update_participant(actor=clerk, participant=victim, expected_version=1, case_id=999)


def test_it_refuses_to_make_someone_a_victim_without_the_formal_identification(victim, clerk):
    with pytest.raises(ValidationError) as error:
        update_participant(actor=clerk, participant=victim, expected_version=1, role="victim")
    assert "second authorised person" in error.value.message_dict["role"][0]
    assert Participant.objects.get(pk=victim.pk).role == "presumed_victim"
