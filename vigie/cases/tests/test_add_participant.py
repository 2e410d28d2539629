import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.conftest import make_case, make_participant
from vigie.people.services import create_person

pytestmark = pytest.mark.django_db

Role = Participant.Role
SuspectRole = Participant.SuspectRole
OWN_SMUGGLING = [SuspectRole.SMUGGLER, SuspectRole.TRANSPORTER, SuspectRole.DOCUMENT_FORGER]


@pytest.fixture
def person(anltp, investigator):
    return create_person(actor=investigator, agency=anltp, given_names="Ibrahim", family_name="Traoré", sex="male")


def add(case, actor, person, role, **facts):
    return add_participant(actor=actor, case=case, person=person, role=role, **facts)


def test_it_records_the_persons_role_in_the_case(case, clerk, person):
    participant = add(case, clerk, person, Role.WITNESS)
    assert (participant.case, participant.person, participant.role) == (case, person, "witness")


def test_it_writes_its_audit_event(case, clerk, person):
    participant = add(case, clerk, person, Role.SUSPECT, suspect_role=SuspectRole.RECRUITER)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANT_ADDED)
    assert (event.actor, event.target_id, event.target_label) == (clerk, str(participant.pk), case.reference)
    assert event.changes["person"] == {"old": None, "new": person.pk}
    assert event.changes["suspect_role"] == {"old": None, "new": "recruiter"}


def test_a_suspect_needs_the_part_he_played(case, clerk, person):
    with pytest.raises(ValidationError) as error:
        add(case, clerk, person, Role.SUSPECT)
    assert "suspect_role" in error.value.message_dict
    assert not Participant.objects.exists()


def test_only_a_suspect_has_a_part_played(case, clerk, person):
    participant = add(case, clerk, person, Role.WITNESS, suspect_role=SuspectRole.SMUGGLER)
    assert Participant.objects.get(pk=participant.pk).suspect_role == ""


def test_it_refuses_the_same_role_twice(case, clerk, person):
    add(case, clerk, person, Role.PRESUMED_VICTIM)
    with pytest.raises(ValidationError) as error:
        add(case, clerk, person, Role.PRESUMED_VICTIM)
    assert "role" in error.value.message_dict
    assert Participant.objects.count() == 1


def test_the_same_person_may_hold_two_roles(case, clerk, person):
    add(case, clerk, person, Role.PRESUMED_VICTIM)
    add(case, clerk, person, Role.WITNESS)
    assert sorted(person.participations.values_list("role", flat=True)) == ["presumed_victim", "witness"]


@pytest.mark.parametrize("suspect_role", OWN_SMUGGLING)
def test_a_smuggled_migrant_cannot_then_be_recorded_as_suspect_of_his_own_smuggling(case, clerk, suspect_role):
    migrant = make_participant(case, clerk, role=Role.SMUGGLED_MIGRANT)
    with pytest.raises(ValidationError) as error:
        add(case, clerk, migrant.person, Role.SUSPECT, suspect_role=suspect_role)
    assert "role" in error.value.message_dict
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("suspect_role", OWN_SMUGGLING)
def test_a_suspect_of_smuggling_cannot_then_be_recorded_as_a_migrant_he_smuggled(case, clerk, person, suspect_role):
    add(case, clerk, person, Role.SUSPECT, suspect_role=suspect_role)
    with pytest.raises(ValidationError) as error:
        add(case, clerk, person, Role.SMUGGLED_MIGRANT)
    assert "role" in error.value.message_dict
    assert Participant.objects.count() == 1


def test_a_smuggled_migrant_may_be_a_suspect_of_something_else(case, clerk):
    migrant = make_participant(case, clerk, role=Role.SMUGGLED_MIGRANT)
    add(case, clerk, migrant.person, Role.SUSPECT, suspect_role=SuspectRole.EXPLOITER)
    assert migrant.person.participations.count() == 2


def test_a_migrant_may_be_a_smuggler_in_another_case(case, anltp, clerk):
    migrant = make_participant(case, clerk, role=Role.SMUGGLED_MIGRANT)
    other_case = make_case(anltp, clerk)
    add(other_case, clerk, migrant.person, Role.SUSPECT, suspect_role=SuspectRole.SMUGGLER)
    assert migrant.person.participations.count() == 2


def test_it_keeps_forms_of_exploitation_and_means_of_control_from_the_codelists(case, clerk, person):
    participant = add(
        case,
        clerk,
        person,
        Role.PRESUMED_VICTIM,
        forms_of_exploitation=["forced_labour", "forced_begging", "forced_labour"],
        means_of_control=["withholds_documents", "debt_bondage"],
    )
    saved = Participant.objects.get(pk=participant.pk)
    assert saved.forms_of_exploitation == ["forced_begging", "forced_labour"]
    assert saved.means_of_control == ["debt_bondage", "withholds_documents"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("forms_of_exploitation", ["sexual", "witchcraft"]),
        ("forms_of_exploitation", "sexual"),
        ("means_of_control", ["juju_oath"]),
        ("means_of_control", {"debt_bondage": True}),
    ],
)
def test_it_refuses_values_outside_the_codelists(case, clerk, person, field, value):
    with pytest.raises(ValidationError) as error:
        add(case, clerk, person, Role.PRESUMED_VICTIM, **{field: value})
    assert field in error.value.message_dict
    assert not Participant.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("role", "accomplice"), ("sector", "Z"), ("benefit_sought", "glory")])
def test_it_refuses_choices_that_do_not_exist(case, clerk, person, field, value):
    values = {"role": Role.PRESUMED_VICTIM} | {field: value}
    with pytest.raises(ValidationError) as error:
        add_participant(actor=clerk, case=case, person=person, **values)
    assert field in error.value.message_dict
