import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import ReflectionPeriod
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError


def test_it_records_a_period(reflection):
    assert reflection.outcome == ReflectionPeriod.Outcome.PENDING
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFLECTION_RECORDED).count() == 1


@pytest.mark.parametrize("days", [0, -5])
def test_it_refuses_an_end_not_after_the_start(case, adult_victim, case_worker, days):
    import datetime

    with pytest.raises(ValidationError) as error:
        services.record_reflection_period(
            actor=case_worker,
            case=case,
            participant=adult_victim,
            started_on=DAY,
            ends_on=DAY + datetime.timedelta(days=days),
            granted_by="Parquet",
        )
    assert "ends_on" in error.value.message_dict
    assert not ReflectionPeriod.objects.exists()


def test_it_records_the_outcome(reflection, case_worker):
    services.update_reflection_period(actor=case_worker, period=reflection, expected_version=1, outcome="cooperating")
    reflection.refresh_from_db()
    assert reflection.outcome == "cooperating"


def test_it_refuses_a_stale_edit(reflection, case_worker):
    services.update_reflection_period(actor=case_worker, period=reflection, expected_version=1, notes="a")
    with pytest.raises(StaleEditError):
        services.update_reflection_period(actor=case_worker, period=reflection, expected_version=1, notes="b")


def test_it_deletes(reflection, case_worker):
    services.delete_reflection_period(actor=case_worker, period=reflection)
    assert not ReflectionPeriod.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFLECTION_DELETED).exists()
