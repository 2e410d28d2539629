"""Need to know inside a case: who sees its investigation and its victims' assistance (cases/access.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from vigie.accounts.models import Agency, Membership
from vigie.cases.access import CasePart, can_delete_in_part, can_see_part, get_case_for_user
from vigie.cases.services import revoke_case_share, share_case
from vigie.conftest import make_member

pytestmark = pytest.mark.django_db

INVESTIGATION, ASSISTANCE = CasePart.INVESTIGATION, CasePart.ASSISTANCE


@pytest.fixture
def user(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def ngo(db) -> Agency:
    return Agency.objects.create(code="AFS", name="Aide aux femmes du Sahel", country_id="NE", kind=Agency.Kind.NGO)


@pytest.mark.parametrize(
    ("user", "investigation", "assistance"),
    [
        ("clerk", True, True),
        ("investigator", True, False),
        ("prosecutor", True, False),
        ("case_worker", False, True),
        ("agency_admin", True, True),
    ],
    indirect=["user"],
)
def test_the_lead_agency_sees_each_part_by_role(case, user, investigation, assistance):
    assert can_see_part(user, case, INVESTIGATION) is investigation
    assert can_see_part(user, case, ASSISTANCE) is assistance


@pytest.mark.parametrize(
    ("user", "investigation", "assistance"),
    [("investigator", True, False), ("case_worker", False, True), ("agency_admin", True, True)],
    indirect=["user"],
)
def test_only_the_parts_roles_of_the_lead_agency_may_delete_in_it(case, user, investigation, assistance):
    assert can_delete_in_part(user, case, INVESTIGATION) is investigation
    assert can_delete_in_part(user, case, ASSISTANCE) is assistance


def test_data_clerks_delete_in_no_part(case, clerk):
    assert not can_delete_in_part(clerk, case, INVESTIGATION)
    assert not can_delete_in_part(clerk, case, ASSISTANCE)


def test_an_ngo_shared_the_case_for_assistance_never_sees_the_investigation(case, investigator, ngo):
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Hébergement")
    ngo_worker = make_member(ngo, Membership.Role.CASE_WORKER)
    assert can_see_part(ngo_worker, case, ASSISTANCE)
    assert not can_see_part(ngo_worker, case, INVESTIGATION)
    with pytest.raises(PermissionDenied):
        get_case_for_user(ngo_worker, case.pk, part=INVESTIGATION)
    assert get_case_for_user(ngo_worker, case.pk, part=ASSISTANCE) == case


def test_an_ngo_shared_the_case_for_the_prosecution_sees_the_investigation(case, investigator, ngo):
    share_case(actor=investigator, case=case, agency=ngo, purpose="investigation", reason="Partie civile")
    ngo_worker = make_member(ngo, Membership.Role.CASE_WORKER)
    assert can_see_part(ngo_worker, case, INVESTIGATION)
    assert not can_see_part(ngo_worker, case, ASSISTANCE)


def test_a_share_for_everything_opens_both_parts_and_revoking_it_closes_them(case, investigator, ngo):
    share = share_case(actor=investigator, case=case, agency=ngo, purpose="all", reason="Suivi complet")
    ngo_worker = make_member(ngo, Membership.Role.CASE_WORKER)
    assert can_see_part(ngo_worker, case, INVESTIGATION) and can_see_part(ngo_worker, case, ASSISTANCE)
    revoke_case_share(actor=investigator, share=share)
    assert not can_see_part(ngo_worker, case, INVESTIGATION) and not can_see_part(ngo_worker, case, ASSISTANCE)


def test_an_agency_a_case_is_shared_with_never_deletes_in_it(case, investigator, ngo):
    share_case(actor=investigator, case=case, agency=ngo, purpose="all", reason="Suivi complet")
    ngo_admin = make_member(ngo, Membership.Role.AGENCY_ADMIN)
    assert not can_delete_in_part(ngo_admin, case, ASSISTANCE)
    with pytest.raises(PermissionDenied):
        get_case_for_user(ngo_admin, case.pk, part=ASSISTANCE, delete=True)


@pytest.mark.parametrize("user", ["analyst", "coordinator", "sysadmin", "outsider"], indirect=True)
def test_roles_that_do_not_see_the_case_see_no_part_of_it(case, user):
    assert not can_see_part(user, case, INVESTIGATION)
    assert not can_see_part(user, case, ASSISTANCE)
