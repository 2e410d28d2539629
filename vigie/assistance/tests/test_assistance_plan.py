import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import AssistancePlan
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError

Status = AssistancePlan.Status
LEGAL = [(Status.ACTIVE, Status.COMPLETED), (Status.ACTIVE, Status.STOPPED)]
ILLEGAL = [(current, wanted) for current in Status.values for wanted in Status.values if (current, wanted) not in LEGAL]


def _put_in(plan, status, actor):
    if status != Status.ACTIVE:
        services.change_plan_status(
            actor=actor, plan=plan, expected_version=plan.version, status=status, ended_on=DAY, stop_reason="x"
        )


def test_it_records_an_active_plan(plan):
    assert plan.status == Status.ACTIVE
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_RECORDED).count() == 1


def test_it_refuses_a_plan_without_goals(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.record_assistance_plan(
            actor=case_worker, case=case, participant=adult_victim, agreed_on=DAY, goals=" "
        )
    assert "goals" in error.value.message_dict


def test_it_refuses_a_plan_not_drawn_up_with_the_person(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.record_assistance_plan(
            actor=case_worker, case=case, participant=adult_victim, agreed_on=DAY, goals="a", agreed_with_person=False
        )
    assert "agreed_with_person" in error.value.message_dict


@pytest.mark.parametrize(("current", "wanted"), LEGAL)
def test_it_makes_each_legal_transition(plan, case_worker, current, wanted):
    services.change_plan_status(
        actor=case_worker, plan=plan, expected_version=1, status=wanted, ended_on=DAY, stop_reason="Départ"
    )
    plan.refresh_from_db()
    assert (plan.status, plan.ended_on) == (wanted, DAY)
    assert plan.stop_reason == ("Départ" if wanted == Status.STOPPED else "")
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_STATUS_CHANGED)
    assert event.changes["status"] == {"old": current, "new": wanted}


@pytest.mark.parametrize(("current", "wanted"), ILLEGAL)
def test_it_refuses_each_illegal_transition(plan, case_worker, current, wanted):
    _put_in(plan, current, case_worker)
    plan.refresh_from_db()
    version = plan.version
    with pytest.raises(ValidationError) as error:
        services.change_plan_status(
            actor=case_worker, plan=plan, expected_version=version, status=wanted, ended_on=DAY, stop_reason="x"
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(current).label) in message and str(Status(wanted).label) in message
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (current, version)


def test_it_refuses_to_stop_without_a_reason(plan, case_worker):
    with pytest.raises(ValidationError) as error:
        services.change_plan_status(actor=case_worker, plan=plan, expected_version=1, status="stopped", ended_on=DAY)
    assert "stop_reason" in error.value.message_dict


def test_it_refuses_an_end_before_the_agreement(plan, case_worker):
    with pytest.raises(ValidationError):
        services.change_plan_status(
            actor=case_worker,
            plan=plan,
            expected_version=1,
            status="completed",
            ended_on=DAY - datetime.timedelta(days=1),
        )


def test_it_refuses_a_stale_edit(plan, case_worker):
    services.update_assistance_plan(actor=case_worker, plan=plan, expected_version=1, goals="Logement")
    with pytest.raises(StaleEditError):
        services.update_assistance_plan(actor=case_worker, plan=plan, expected_version=1, goals="Formation")
    plan.refresh_from_db()
    assert plan.goals == "Logement"


def test_it_refuses_a_new_plan_once_the_file_is_closed(closure, case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        services.record_assistance_plan(
            actor=case_worker, case=case, participant=adult_victim, agreed_on=DAY, goals="a"
        )
    assert "closed" in error.value.messages[0]
