"""Who sees a person (people/access.py): through a case they may see, or because their agency recorded them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.cases.services import add_participant, remove_participant, revoke_case_share, share_case
from vigie.conftest import make_case, make_participant
from vigie.people.access import get_person_for_user, persons_visible_to
from vigie.people.services import create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("user", ["clerk", "investigator", "prosecutor", "case_worker", "agency_admin"], indirect=True)
def test_register_roles_see_the_people_of_their_agencys_cases(victim, user):
    assert get_person_for_user(user, victim.person_id) == victim.person


@pytest.mark.parametrize("user", ["analyst", "coordinator", "sysadmin", "outsider"], indirect=True)
def test_others_are_told_the_person_does_not_exist(victim, user):
    with pytest.raises(Http404):
        get_person_for_user(user, victim.person_id)
    assert not persons_visible_to(user).exists()


def test_the_people_of_a_shared_case_are_seen_until_the_sharing_is_revoked(
    case, victim, investigator, naptip, outsider
):
    share = share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    assert get_person_for_user(outsider, victim.person_id) == victim.person
    revoke_case_share(actor=investigator, share=share)
    with pytest.raises(Http404):
        get_person_for_user(outsider, victim.person_id)


def test_a_person_in_a_case_of_another_agency_is_seen_by_both(anltp, naptip, investigator, outsider):
    theirs = make_participant(make_case(naptip, outsider), outsider, given_names="Musa", family_name="Bello")
    assert not persons_visible_to(investigator).exists()
    shared = make_case(naptip, outsider)
    share_case(actor=outsider, case=shared, agency=anltp, purpose="all", reason="Suspect arrêté à Zinder")
    add_participant(actor=outsider, case=shared, person=theirs.person, role="witness")
    assert get_person_for_user(investigator, theirs.person_id) == theirs.person


def test_a_person_recorded_by_the_agency_is_seen_even_in_no_case(anltp, clerk, outsider):
    person = create_person(actor=clerk, agency=anltp, given_names="Hadiza", family_name="Ali")
    assert get_person_for_user(clerk, person.pk) == person
    with pytest.raises(Http404):
        get_person_for_user(outsider, person.pk)


def test_a_person_removed_from_the_agencys_case_is_still_seen_by_the_agency_that_recorded_them(victim, investigator):
    remove_participant(actor=investigator, participant=victim)
    assert get_person_for_user(investigator, victim.person_id) == victim.person


@pytest.mark.parametrize("user", ["clerk", "case_worker"], indirect=True)
def test_data_clerks_and_case_workers_may_not_delete_a_persons_details(victim, user):
    with pytest.raises(PermissionDenied):
        get_person_for_user(user, victim.person_id, delete=True)


def test_investigators_may_delete_a_persons_details(victim, investigator):
    assert get_person_for_user(investigator, victim.person_id, delete=True) == victim.person


def test_the_recording_agency_loses_sight_of_a_person_who_moved_to_another_agencys_case(
    investigator, outsider, anltp, naptip
):
    case = make_case(anltp, investigator)
    victim = make_participant(case, investigator)
    other_case = make_case(naptip, outsider)
    add_participant(actor=outsider, case=other_case, person=victim.person, role="presumed_victim")
    remove_participant(actor=investigator, participant=victim)
    with pytest.raises(Http404):
        get_person_for_user(investigator, victim.person.pk)
    assert get_person_for_user(outsider, victim.person.pk) == victim.person


def test_an_agency_a_case_is_shared_with_may_not_delete_identifiers(investigator, outsider, anltp, naptip):
    case = make_case(anltp, investigator)
    victim = make_participant(case, investigator)
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Joint investigation")
    assert get_person_for_user(outsider, victim.person.pk) == victim.person
    with pytest.raises(PermissionDenied):
        get_person_for_user(outsider, victim.person.pk, delete=True)
    assert get_person_for_user(investigator, victim.person.pk, delete=True) == victim.person
