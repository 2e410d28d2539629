import datetime

import pytest

from vigie.reference.models import CommunityMembership

pytestmark = pytest.mark.django_db

D = datetime.date


def ecowas_members_on(day):
    return set(CommunityMembership.objects.on(day).filter(community_id="ECOWAS").values_list("country_id", flat=True))


@pytest.mark.parametrize("sahel_state", ["ML", "BF", "NE"])
def test_the_sahel_states_left_ecowas_on_29_january_2025(sahel_state):
    assert sahel_state in ecowas_members_on(D(2025, 1, 28))
    assert sahel_state not in ecowas_members_on(D(2025, 1, 29))


def test_mauritania_was_a_founding_member_and_left_in_2000():
    assert "MR" in ecowas_members_on(D(1990, 1, 1))
    assert "MR" not in ecowas_members_on(D(2001, 6, 1))


def test_nobody_was_a_member_before_the_treaty_of_lagos():
    assert ecowas_members_on(D(1975, 5, 27)) == set()
    assert "NG" in ecowas_members_on(D(1975, 5, 28))


def test_ecowas_has_twelve_members_after_the_sahel_states_left():
    assert ecowas_members_on(D(2025, 6, 1)) == {"BJ", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "NG", "SN", "SL", "TG"}


def test_a_country_that_left_and_rejoined_is_a_member_only_in_between():
    def in_eccas(day):
        return CommunityMembership.objects.on(day).filter(community_id="ECCAS", country_id="RW").exists()

    assert in_eccas(D(2000, 1, 1))
    assert not in_eccas(D(2010, 1, 1))
    assert in_eccas(D(2020, 1, 1))
