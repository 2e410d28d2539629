"""Who sees a case and what they may do with it (cases/access.py). Each page: tests/test_permission_matrix.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts.models import Membership
from vigie.cases.access import (
    can_decide_on_case,
    can_delete_in_case,
    can_edit_case,
    cases_visible_to,
    get_case_for_user,
)
from vigie.cases.services import revoke_case_share, share_case
from vigie.conftest import make_case, make_member

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 2**31 - 1  # database sequences are not reset between tests: small numbers may exist

REGISTER_ROLES = ["clerk", "investigator", "prosecutor", "case_worker", "agency_admin"]
AGGREGATE_ONLY = ["analyst", "coordinator", "sysadmin"]


@pytest.fixture
def user(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("user", REGISTER_ROLES, indirect=True)
def test_register_roles_see_their_agencys_cases(case, user):
    assert get_case_for_user(user, case.pk) == case
    assert list(cases_visible_to(user)) == [case]


@pytest.mark.parametrize("user", [*AGGREGATE_ONLY, "outsider"], indirect=True)
def test_others_are_told_the_case_does_not_exist(case, user):
    with pytest.raises(Http404):
        get_case_for_user(user, case.pk)
    assert not cases_visible_to(user).exists()


def test_a_user_without_any_role_sees_nothing(case, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    with pytest.raises(Http404):
        get_case_for_user(nobody, case.pk)


def test_a_case_that_does_not_exist_is_a_404(clerk):
    with pytest.raises(Http404):
        get_case_for_user(clerk, NO_SUCH_ID)


def test_a_deactivated_user_sees_nothing(case, clerk):
    clerk.is_active = False
    clerk.save()
    clerk.refresh_from_db()
    with pytest.raises(Http404):
        get_case_for_user(clerk, case.pk)


def test_a_shared_case_is_seen_and_edited_by_the_other_agency_until_revoked(case, investigator, naptip, outsider):
    share = share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    assert get_case_for_user(outsider, case.pk, write=True) == case
    assert can_edit_case(outsider, case)
    revoke_case_share(actor=investigator, share=share)
    with pytest.raises(Http404):
        get_case_for_user(outsider, case.pk)
    assert not can_edit_case(outsider, case)


def test_the_other_agency_does_not_decide_on_a_shared_case(case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    assert not can_decide_on_case(outsider, case)
    with pytest.raises(PermissionDenied):
        get_case_for_user(outsider, case.pk, decide=True)


@pytest.mark.parametrize("user", ["clerk", "case_worker"], indirect=True)
def test_data_clerks_and_case_workers_edit_but_do_not_delete_or_decide(case, user):
    assert get_case_for_user(user, case.pk, write=True) == case
    assert not can_delete_in_case(user, case)
    with pytest.raises(PermissionDenied):
        get_case_for_user(user, case.pk, delete=True)
    with pytest.raises(PermissionDenied):
        get_case_for_user(user, case.pk, decide=True)


@pytest.mark.parametrize("user", ["investigator", "prosecutor", "agency_admin"], indirect=True)
def test_investigators_prosecutors_and_agency_admins_delete_and_decide(case, user):
    assert get_case_for_user(user, case.pk, delete=True, decide=True) == case


def test_a_user_of_two_agencies_acts_with_the_role_held_in_the_agency_that_sees_the_case(anltp, naptip, outsider):
    # A clerk in ANLTP who is also an investigator in NAPTIP decides on NAPTIP's cases, not on ANLTP's.
    both = make_member(anltp, Membership.Role.DATA_CLERK, username="double")
    Membership.objects.create(user=both, agency=naptip, role=Membership.Role.INVESTIGATOR)
    ours = make_case(anltp, both)
    theirs = make_case(naptip, outsider)
    assert get_case_for_user(both, theirs.pk, decide=True, delete=True) == theirs
    with pytest.raises(PermissionDenied):
        get_case_for_user(both, ours.pk, decide=True)
    assert sorted(c.pk for c in cases_visible_to(both)) == sorted([ours.pk, theirs.pk])
