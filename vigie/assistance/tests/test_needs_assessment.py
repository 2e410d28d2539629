import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import NeedsAssessment
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant


def test_it_records_an_assessment_with_its_audit_event(assessment, case_worker):
    assert assessment.assessed_by == case_worker
    assert assessment.urgent_domains() == ["Medical care"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSESSMENT_RECORDED)
    assert event.target_id == str(assessment.pk)
    assert event.changes["medical"] == {"old": None, "new": "urgent"}


def test_it_refuses_a_suspect(case, investigator, case_worker):
    suspect = make_participant(case, investigator, role="suspect", given_names="Ibrahim")
    with pytest.raises(ValidationError) as error:
        services.record_needs_assessment(actor=case_worker, case=case, participant=suspect, assessed_on=DAY)
    assert "participant" in error.value.message_dict
    assert not NeedsAssessment.objects.exists()


def test_it_refuses_a_person_of_another_case(case, anltp, investigator, case_worker):
    from vigie.conftest import make_case

    other = make_participant(make_case(anltp, investigator), investigator)
    with pytest.raises(ValidationError):
        services.record_needs_assessment(actor=case_worker, case=case, participant=other, assessed_on=DAY)


def test_it_refuses_a_review_before_the_assessment(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.record_needs_assessment(
            actor=case_worker,
            case=case,
            participant=adult_victim,
            assessed_on=DAY,
            next_review_on=DAY - datetime.timedelta(days=1),
        )
    assert "next_review_on" in error.value.message_dict


def test_it_refuses_an_unknown_level(case, adult_victim, case_worker):
    with pytest.raises(ValidationError):
        services.record_needs_assessment(
            actor=case_worker, case=case, participant=adult_victim, assessed_on=DAY, safety="extreme"
        )


def test_it_updates_and_audits_the_change(assessment, case_worker):
    services.update_needs_assessment(actor=case_worker, assessment=assessment, expected_version=1, medical="medium")
    assessment.refresh_from_db()
    assert (assessment.medical, assessment.version) == ("medium", 2)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSESSMENT_UPDATED)
    assert event.changes == {"medical": {"old": "urgent", "new": "medium"}}


def test_it_refuses_a_stale_edit(assessment, case_worker):
    services.update_needs_assessment(actor=case_worker, assessment=assessment, expected_version=1, medical="low")
    with pytest.raises(StaleEditError):
        services.update_needs_assessment(actor=case_worker, assessment=assessment, expected_version=1, safety="low")
    assessment.refresh_from_db()
    assert (assessment.medical, assessment.safety) == ("low", "none")


def test_it_deletes_and_keeps_the_values_in_the_trail(assessment, case_worker):
    services.delete_needs_assessment(actor=case_worker, assessment=assessment)
    assert not NeedsAssessment.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSESSMENT_DELETED)
    assert event.changes["medical"] == {"old": "urgent", "new": None}
