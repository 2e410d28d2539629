import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_case, make_participant
from vigie.investigations import services
from vigie.investigations.models import Seizure

DAY = datetime.date(2025, 3, 21)


@pytest.mark.parametrize("currency", ["XOF", "XAF", "NGN", "GHS", "eur"])
def test_it_records_a_seizure_in_a_currency_of_the_region(investigation, suspect, investigator, currency):
    seizure = services.record_seizure(
        actor=investigator,
        investigation=investigation,
        kind=Seizure.Kind.CASH,
        taken_on=DAY,
        amount=Decimal("1250000"),
        currency=currency,
        persons=[suspect],
    )
    assert seizure.currency == currency.upper()
    assert list(seizure.persons.all()) == [suspect]
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEIZURE_RECORDED)
    assert event.changes["persons"]["new"] == [suspect.pk]
    assert event.changes["amount"]["new"] == "1250000"


def test_it_refuses_an_unknown_currency(investigation, investigator):
    with pytest.raises(ValidationError) as error:
        services.record_seizure(
            actor=investigator,
            investigation=investigation,
            kind=Seizure.Kind.CASH,
            taken_on=DAY,
            amount=Decimal("10"),
            currency="CFA",
        )
    assert "currency" in error.value.message_dict


def test_it_refuses_an_amount_without_currency(investigation, investigator):
    with pytest.raises(ValidationError) as error:
        services.record_seizure(
            actor=investigator, investigation=investigation, kind=Seizure.Kind.CASH, taken_on=DAY, amount=Decimal("5")
        )
    assert "currency" in error.value.message_dict


def test_it_refuses_a_release_before_the_seizure(investigation, investigator):
    with pytest.raises(ValidationError) as error:
        services.record_seizure(
            actor=investigator,
            investigation=investigation,
            kind=Seizure.Kind.VEHICLE,
            taken_on=DAY,
            released_on=datetime.date(2025, 1, 1),
        )
    assert "released_on" in error.value.message_dict


def test_it_refuses_people_of_another_case(investigation, investigator, anltp):
    other = make_participant(make_case(anltp, investigator), investigator, role=Participant.Role.SUSPECT)
    with pytest.raises(ValidationError) as error:
        services.record_seizure(
            actor=investigator, investigation=investigation, kind=Seizure.Kind.DEVICE, taken_on=DAY, persons=[other]
        )
    assert "persons" in error.value.message_dict
    assert not Seizure.objects.exists()


def test_it_records_the_release_of_a_frozen_account(account, investigator):
    services.update_seizure(
        actor=investigator, seizure=account, expected_version=1, released_on=datetime.date(2025, 9, 1)
    )
    account.refresh_from_db()
    assert account.released_on == datetime.date(2025, 9, 1)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEIZURE_UPDATED).count() == 1


def test_it_refuses_a_stale_seizure_edit(account, investigator):
    services.update_seizure(actor=investigator, seizure=account, expected_version=1, description="Orange Money")
    with pytest.raises(StaleEditError):
        services.update_seizure(actor=investigator, seizure=Seizure.objects.get(pk=account.pk), expected_version=1)


def test_an_account_money_flows_go_through_stays_an_account(account, flow, investigator):
    with pytest.raises(ValidationError) as error:
        services.update_seizure(actor=investigator, seizure=account, expected_version=1, kind=Seizure.Kind.CASH)
    assert "kind" in error.value.message_dict


def test_it_refuses_to_delete_an_account_money_flows_go_through(account, flow, investigator):
    with pytest.raises(ValidationError):
        services.delete_seizure(actor=investigator, seizure=account)
    assert Seizure.objects.filter(pk=account.pk).exists()


def test_it_deletes_a_seizure(account, investigator):
    services.delete_seizure(actor=investigator, seizure=account)
    assert not Seizure.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEIZURE_DELETED).count() == 1
