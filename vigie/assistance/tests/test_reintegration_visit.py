import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import ReintegrationVisit
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError


def test_it_records_a_visit(visit):
    assert visit.situation == ReintegrationVisit.Situation.WELL
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VISIT_RECORDED).count() == 1


def test_it_refuses_a_next_visit_not_after_this_one(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.record_reintegration_visit(
            actor=case_worker,
            case=case,
            participant=adult_victim,
            visited_on=DAY,
            visited_by="x",
            situation="well",
            next_visit_on=DAY,
        )
    assert "next_visit_on" in error.value.message_dict


def test_it_refuses_a_visit_once_the_file_is_closed(closure, case, adult_victim, case_worker):
    with pytest.raises(ValidationError):
        services.record_reintegration_visit(
            actor=case_worker, case=case, participant=adult_victim, visited_on=DAY, visited_by="x", situation="well"
        )
    assert not ReintegrationVisit.objects.exists()


def test_it_refuses_a_stale_edit(visit, case_worker):
    services.update_reintegration_visit(actor=case_worker, visit=visit, expected_version=1, situation="at_risk")
    with pytest.raises(StaleEditError):
        services.update_reintegration_visit(actor=case_worker, visit=visit, expected_version=1, situation="well")
    visit.refresh_from_db()
    assert visit.situation == "at_risk"


def test_it_deletes(visit, case_worker):
    services.delete_reintegration_visit(actor=case_worker, visit=visit)
    assert not ReintegrationVisit.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VISIT_DELETED).exists()


def test_it_moves_the_next_visit(visit, case_worker):
    services.update_reintegration_visit(
        actor=case_worker, visit=visit, expected_version=1, next_visit_on=DAY + datetime.timedelta(days=30)
    )
    visit.refresh_from_db()
    assert visit.next_visit_on == DAY + datetime.timedelta(days=30)
