import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.referrals.services import delete_service, record_service, update_service

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 4, 1)


def test_it_records_a_shelter_stay_linked_to_the_referral(case, case_worker, adult, provider, referral):
    stay = record_service(
        actor=case_worker, case=case, participant=adult, kind="shelter", provider=provider, referral=referral,
        started_on=DAY,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="service.recorded", target_id=str(stay.pk)).exists()


def test_it_refuses_an_end_before_the_start(case, case_worker, adult):
    with pytest.raises(ValidationError, match="ends on or after"):
        record_service(
            actor=case_worker, case=case, participant=adult, kind="medical", started_on=DAY,
            ended_on=datetime.date(2025, 3, 1),
        )  # fmt: skip


def test_it_refuses_a_referral_of_another_person(case, case_worker, referral, child):
    with pytest.raises(ValidationError, match="referral of this person"):
        record_service(
            actor=case_worker, case=case, participant=child, kind="shelter", referral=referral, started_on=DAY
        )


def test_it_refuses_a_stale_edit_and_deletes_with_audit(case, case_worker, adult):
    stay = record_service(actor=case_worker, case=case, participant=adult, kind="shelter", started_on=DAY)
    update_service(actor=case_worker, service=stay, expected_version=1, ended_on=datetime.date(2025, 5, 1))
    with pytest.raises(StaleEditError):
        update_service(actor=case_worker, service=stay, expected_version=1, notes="x")
    delete_service(actor=case_worker, service=stay)
    assert AuditEvent.objects.filter(action="service.deleted").exists()
