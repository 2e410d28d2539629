"""The register tells "not known yet" (an empty list, no one named) from "established: none"."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from vigie.cases.models import BorderCrossing, Participant
from vigie.cases.services import add_participant, record_crossing, update_crossing, update_participant
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db
Role = Participant.Role


def update(participant, actor, **values):
    return update_participant(actor=actor, participant=participant, expected_version=participant.version, **values)


def test_a_participant_may_be_recorded_with_no_means_of_control_and_no_exploitation(victim, clerk):
    update(victim, clerk, no_means_of_control=True, no_exploitation=True)
    saved = Participant.objects.get(pk=victim.pk)
    assert (saved.no_means_of_control, saved.no_exploitation, saved.means_of_control) == (True, True, [])


@pytest.mark.parametrize(
    ("flag", "listed"),
    [
        ("no_means_of_control", {"means_of_control": ["false_promises"]}),
        ("no_exploitation", {"forms_of_exploitation": ["sexual"]}),
    ],
)
def test_none_and_a_list_cannot_both_be_recorded(victim, clerk, flag, listed):
    with pytest.raises(ValidationError) as error:
        update(victim, clerk, **{flag: True}, **listed)
    assert flag in error.value.message_dict
    assert getattr(Participant.objects.get(pk=victim.pk), flag) is False


def test_no_exploitation_is_refused_beside_debt_bondage_which_is_exploitation(victim, clerk):
    with pytest.raises(ValidationError) as error:
        update(victim, clerk, no_exploitation=True, means_of_control=["debt_bondage"])
    assert "no_exploitation" in error.value.message_dict
    assert Participant.objects.get(pk=victim.pk).no_exploitation is False


def test_the_database_refuses_none_with_a_list_too(victim):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=victim.pk).update(no_means_of_control=True, means_of_control=["physical_abuse"])


def test_a_person_who_crossed_a_border_cannot_be_recorded_as_having_crossed_none(case, clerk, victim):
    record_crossing(actor=clerk, case=case, from_country_id="NE", to_country_id="LY", travellers=[victim])
    with pytest.raises(ValidationError) as error:
        update(victim, clerk, crossed_no_border=True)
    assert "crossed_no_border" in error.value.message_dict


def test_a_person_who_crossed_no_border_is_not_put_in_a_crossing(case, clerk, victim):
    update(victim, clerk, crossed_no_border=True)
    with pytest.raises(ValidationError) as error:
        record_crossing(actor=clerk, case=case, from_country_id="NE", to_country_id="LY", travellers=[victim])
    assert "travellers" in error.value.message_dict
    assert not BorderCrossing.objects.exists()


def test_a_crossing_is_procured_by_someone_or_by_nobody_not_both(case, clerk):
    smuggler = make_participant(case, clerk, role=Role.SUSPECT, given_names="Moussa")
    with pytest.raises(ValidationError) as error:
        record_crossing(
            actor=clerk,
            case=case,
            from_country_id="NE",
            to_country_id="LY",
            procured_by=smuggler,
            procured_by_nobody=True,
        )
    assert "procured_by_nobody" in error.value.message_dict
    crossing = record_crossing(
        actor=clerk, case=case, from_country_id="NE", to_country_id="LY", procured_by_nobody=True
    )
    assert BorderCrossing.objects.get(pk=crossing.pk).procured_by_nobody is True


def test_the_participant_form_offers_none_of_them(client, clerk, victim):
    client.force_login(clerk)
    data = {
        "role": "victim",
        "benefit_sought": "none",
        "no_means_of_control": "on",
        "no_exploitation": "on",
        "crossed_no_border": "on",
        "version": victim.version,
    }
    response = client.post(reverse("cases:participant-edit", kwargs={"participant_id": victim.pk}), data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Participant.objects.get(pk=victim.pk)
    assert (saved.no_means_of_control, saved.no_exploitation, saved.crossed_no_border) == (True, True, True)


def test_the_crossing_form_offers_nobody_procured_it(client, clerk, case, victim):
    client.force_login(clerk)
    crossing = record_crossing(actor=clerk, case=case, from_country_id="NE", to_country_id="LY", travellers=[victim])
    data = {
        "from_country": "NE",
        "to_country": "LY",
        "documents": "valid",
        "entry": "regular",
        "procured_by_nobody": "on",
        "travellers": [victim.pk],
        "version": crossing.version,
    }
    response = client.post(reverse("cases:crossing-edit", kwargs={"crossing_id": crossing.pk}), data)
    assert response.status_code == 302, response.context["form"].errors
    assert BorderCrossing.objects.get(pk=crossing.pk).procured_by_nobody is True


def test_a_smuggled_migrant_is_not_recorded_as_procuring_his_own_crossing(case, clerk):
    migrant = make_participant(case, clerk, role=Role.SMUGGLED_MIGRANT, given_names="Ali")
    # The same person may be a suspect of something else in the case (here a recruiter of others).
    recruiter = add_participant(
        actor=clerk, case=case, person=migrant.person, role=Role.SUSPECT, suspect_role="recruiter"
    )
    with pytest.raises(ValidationError) as error:
        record_crossing(
            actor=clerk,
            case=case,
            from_country_id="NE",
            to_country_id="LY",
            procured_by=recruiter,
            travellers=[migrant],
        )
    assert "procured_by" in error.value.message_dict
    crossing = record_crossing(actor=clerk, case=case, from_country_id="NE", to_country_id="LY", travellers=[migrant])
    with pytest.raises(ValidationError):
        update_crossing(actor=clerk, crossing=crossing, expected_version=crossing.version, procured_by=recruiter)
