import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.investigations import services
from vigie.investigations.models import MoneyFlow, Seizure

Channel = MoneyFlow.Channel


def _flow(investigation, actor, **values):
    defaults = {"amount": Decimal("50000"), "currency": "NGN", "channel": Channel.HAWALA}
    return services.record_money_flow(actor=actor, investigation=investigation, **(defaults | values))


def test_it_records_a_flow_from_a_person_to_a_seized_account(flow):
    assert flow.to_seizure is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.MONEY_FLOW_RECORDED)
    assert event.changes["date"]["new"] == "2025-02"


def test_it_records_a_flow_between_free_text_accounts(investigation, investigator):
    flow = _flow(investigation, investigator, from_account=" GTBank 0123456789 ", to_account="MTN MoMo 233240000000")
    assert flow.from_account == "GTBank 0123456789"


@pytest.mark.parametrize("end", ["from", "to"])
def test_it_refuses_a_flow_with_an_end_missing(investigation, suspect, investigator, end):
    other = "to" if end == "from" else "from"
    with pytest.raises(ValidationError) as error:
        _flow(investigation, investigator, **{f"{other}_participant": suspect})
    assert f"{end}_participant" in error.value.message_dict
    assert not MoneyFlow.objects.exists()


def test_it_refuses_a_seizure_that_is_not_an_account(investigation, suspect, investigator):
    car = services.record_seizure(
        actor=investigator,
        investigation=investigation,
        kind=Seizure.Kind.VEHICLE,
        taken_on=datetime.date(2025, 3, 21),
    )
    with pytest.raises(ValidationError) as error:
        _flow(investigation, investigator, from_participant=suspect, to_seizure=car)
    assert "to_seizure" in error.value.message_dict


def test_it_refuses_an_impossible_partial_date(investigation, suspect, investigator):
    with pytest.raises(ValidationError) as error:
        _flow(investigation, investigator, from_participant=suspect, to_account="x", date="2025-13")
    assert "date" in error.value.message_dict


def test_it_refuses_a_zero_amount(investigation, suspect, investigator):
    with pytest.raises(ValidationError) as error:
        _flow(investigation, investigator, from_participant=suspect, to_account="x", amount=Decimal("0"))
    assert "amount" in error.value.message_dict


def test_the_database_refuses_a_flow_without_origin(flow):
    with pytest.raises(IntegrityError), transaction.atomic():
        MoneyFlow.objects.filter(pk=flow.pk).update(from_participant=None)


def test_it_updates_a_flow(flow, victim, investigator):
    services.update_money_flow(actor=investigator, flow=flow, expected_version=1, to_participant=victim)
    flow.refresh_from_db()
    assert flow.to_participant == victim
    event = AuditEvent.objects.get(action=AuditEvent.Action.MONEY_FLOW_UPDATED)
    assert event.changes == {"to_participant_id": {"old": None, "new": victim.pk}}


def test_it_refuses_a_stale_flow_edit(flow, investigator):
    services.update_money_flow(actor=investigator, flow=flow, expected_version=1, notes="a")
    with pytest.raises(StaleEditError):
        services.update_money_flow(actor=investigator, flow=MoneyFlow.objects.get(pk=flow.pk), expected_version=1)


def test_it_deletes_a_flow(flow, investigator):
    services.delete_money_flow(actor=investigator, flow=flow)
    assert not MoneyFlow.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MONEY_FLOW_DELETED).count() == 1
