import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import AssistanceClosure
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent


def test_it_closes_the_file(closure, case_worker):
    assert closure.closed_by == case_worker
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ASSISTANCE_CLOSED).count() == 1


def test_it_refuses_to_close_twice(closure, case, adult_victim, case_worker):
    with pytest.raises(ValidationError):
        services.close_assistance(
            actor=case_worker, case=case, participant=adult_victim, closed_on=DAY, reason="declined"
        )
    assert AssistanceClosure.objects.count() == 1


def test_it_requires_the_other_reason_to_be_said(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.close_assistance(actor=case_worker, case=case, participant=adult_victim, closed_on=DAY, reason="other")
    assert "reason_other" in error.value.message_dict


def test_it_reopens_and_then_allows_a_new_plan(closure, case, adult_victim, case_worker):
    services.reopen_assistance(
        actor=case_worker, closure=closure, expected_version=1, reopened_on=DAY, reason="Nouvelle menace"
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ASSISTANCE_REOPENED).count() == 1
    plan = services.record_assistance_plan(
        actor=case_worker, case=case, participant=adult_victim, agreed_on=DAY, goals="Sécurité"
    )
    assert plan.pk


def test_it_refuses_to_reopen_twice(closure, case_worker):
    services.reopen_assistance(actor=case_worker, closure=closure, expected_version=1, reopened_on=DAY, reason="a")
    with pytest.raises(ValidationError):
        services.reopen_assistance(actor=case_worker, closure=closure, expected_version=2, reopened_on=DAY, reason="b")


def test_it_refuses_to_reopen_without_a_reason_or_before_the_closure(closure, case_worker):
    with pytest.raises(ValidationError):
        services.reopen_assistance(actor=case_worker, closure=closure, expected_version=1, reopened_on=DAY, reason=" ")
    with pytest.raises(ValidationError):
        services.reopen_assistance(
            actor=case_worker,
            closure=closure,
            expected_version=1,
            reopened_on=DAY - datetime.timedelta(days=1),
            reason="a",
        )
    closure.refresh_from_db()
    assert closure.reopened_on is None


def test_it_deletes(closure, case_worker):
    services.delete_assistance_closure(actor=case_worker, closure=closure)
    assert not AssistanceClosure.objects.exists()
