import datetime

import pytest
from django.utils import timezone

from vigie.conftest import make_member
from vigie.referrals.models import Referral
from vigie.referrals.selectors import waiting_for
from vigie.referrals.services import move_referral
from vigie.worklist.models import AlertRule

pytestmark = pytest.mark.django_db
PROPOSED = datetime.datetime(2025, 5, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def old_referral(referral) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(proposed_at=PROPOSED)
    return Referral.objects.get(pk=referral.pk)


def test_a_referral_to_answer_waits_for_the_receiving_agency_and_is_late_after_seven_days(old_referral, shelter_worker):
    on_time = waiting_for(shelter_worker, today=datetime.date(2025, 5, 8))
    assert [(i.kind, i.late, i.due) for i in on_time] == [("referral_unanswered", False, datetime.date(2025, 5, 8))]
    late = waiting_for(shelter_worker, today=datetime.date(2025, 5, 9))
    assert late[0].late and late[0].case_reference == old_referral.case.reference


def test_its_title_names_no_person(old_referral, shelter_worker):
    item = waiting_for(shelter_worker, today=datetime.date(2025, 5, 9))[0]
    person = old_referral.participant.person
    assert person.given_names not in item.title and person.family_name not in item.title
    assert "Shelter" in item.title and "Urgent" in item.title


def test_it_uses_the_lead_agencys_own_delay(old_referral, shelter_worker, anltp):
    AlertRule.objects.create(agency=anltp, kind=AlertRule.Kind.REFERRAL_UNANSWERED, days=2)
    assert waiting_for(shelter_worker, today=datetime.date(2025, 5, 4))[0].late


def test_on_the_referring_side_it_waits_only_once_late_and_for_the_officer_who_sent_it(
    old_referral, case_worker, anltp, shelter_ngo
):
    assert waiting_for(case_worker, today=datetime.date(2025, 5, 8)) == []
    [item] = waiting_for(case_worker, today=datetime.date(2025, 5, 9))
    assert (item.kind, item.late, item.for_user_id) == ("referral_unanswered", True, case_worker.pk)
    assert waiting_for(make_member(shelter_ngo, "analyst"), today=datetime.date(2025, 6, 1)) == []


def test_when_the_sender_has_left_the_agency_it_waits_for_its_assistance_roles(old_referral, case_worker, anltp):
    colleague = make_member(anltp, "case_worker", "case-worker-2")
    case_worker.memberships.all().delete()
    [item] = waiting_for(colleague, today=datetime.date(2025, 5, 9))
    assert item.for_user_id is None


def test_an_accepted_referral_waits_for_whoever_accepted_it(old_referral, shelter_worker, shelter_ngo):
    move_referral(actor=shelter_worker, referral=old_referral, transition="accept", expected_version=1)
    colleague = make_member(shelter_ngo, "case_worker", "shelter-colleague")
    [item] = waiting_for(colleague, today=timezone.localdate())
    assert item.for_user_id == shelter_worker.pk


def test_an_accepted_referral_waits_until_the_service_starts(old_referral, shelter_worker):
    move_referral(actor=shelter_worker, referral=old_referral, transition="accept", expected_version=1)
    today = timezone.localdate()
    assert [i.kind for i in waiting_for(shelter_worker, today=today)] == ["referral_not_started"]
    move_referral(actor=shelter_worker, referral=old_referral, transition="start", expected_version=2)
    assert waiting_for(shelter_worker, today=today) == []
