import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.conftest import make_case
from vigie.justice import services
from vigie.justice.models import Proceeding
from vigie.justice.tests.conftest import D, decide, open_round

Status = Proceeding.Status
LEGAL = [(current, new) for current, targets in services.PROCEEDING_TRANSITIONS.items() for new in sorted(targets)]
ILLEGAL = [(current, new) for current in Status.values for new in Status.values if (current, new) not in LEGAL]


def test_it_opens_a_round_and_audits_it(case, prosecutor):
    proceeding = open_round(prosecutor, case)
    assert proceeding.status == Status.PENDING
    event = AuditEvent.objects.get(action=AuditEvent.Action.PROCEEDING_OPENED)
    assert event.target_id == str(proceeding.pk)
    assert event.target_label == case.reference
    assert event.changes["court_name"]["new"].startswith("Tribunal")


def test_it_opens_an_appeal_one_level_above_a_decided_round(proceeding, prosecutor):
    decide(prosecutor, proceeding)
    appeal = open_round(
        prosecutor,
        proceeding.case,
        level="appeal",
        appeal_of=proceeding,
        appealed_by="defence",
        opened_on=D(2025, 9, 5),
    )
    assert appeal.appeal_of == proceeding


def test_it_refuses_an_appeal_of_a_pending_round(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        open_round(prosecutor, proceeding.case, level="appeal", appeal_of=proceeding, appealed_by="defence")
    assert "appeal_of" in error.value.message_dict


def test_it_refuses_an_appeal_at_the_wrong_level(proceeding, prosecutor):
    decide(prosecutor, proceeding)
    with pytest.raises(ValidationError) as error:
        open_round(
            prosecutor,
            proceeding.case,
            level="supreme",
            appeal_of=proceeding,
            appealed_by="defence",
            opened_on=D(2025, 10, 1),
        )
    assert "level" in error.value.message_dict


def test_it_refuses_an_appeal_without_appellant(proceeding, prosecutor):
    decide(prosecutor, proceeding)
    with pytest.raises(ValidationError) as error:
        open_round(prosecutor, proceeding.case, level="appeal", appeal_of=proceeding, opened_on=D(2025, 10, 1))
    assert "appealed_by" in error.value.message_dict


def test_it_refuses_an_appeal_of_another_cases_round(proceeding, prosecutor, anltp, investigator):
    decide(prosecutor, proceeding)
    other = make_case(anltp, investigator)
    with pytest.raises(ValidationError) as error:
        open_round(
            prosecutor, other, level="appeal", appeal_of=proceeding, appealed_by="defence", opened_on=D(2025, 10, 1)
        )
    assert "appeal_of" in error.value.message_dict


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_it_allows_each_legal_transition(proceeding, prosecutor, current, new):
    Proceeding.objects.filter(pk=proceeding.pk).update(status=current)
    proceeding.status = current
    court = "Pôle judiciaire spécialisé de Niamey" if new == Status.TRANSFERRED else ""
    services.change_proceeding_status(
        actor=prosecutor,
        proceeding=proceeding,
        expected_version=proceeding.version,
        status=new,
        on=D(2025, 6, 1),
        transferred_to=court,
    )
    proceeding.refresh_from_db()
    assert proceeding.status == new
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PROCEEDING_STATUS_CHANGED).exists()


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_it_refuses_each_illegal_transition(proceeding, prosecutor, current, new):
    Proceeding.objects.filter(pk=proceeding.pk).update(status=current)
    proceeding.status = current
    with pytest.raises(ValidationError) as error:
        services.change_proceeding_status(
            actor=prosecutor, proceeding=proceeding, expected_version=proceeding.version, status=new, on=D(2025, 6, 1)
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(current).label) in message and str(Status(new).label) in message
    proceeding.refresh_from_db()
    assert proceeding.status == current
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PROCEEDING_STATUS_CHANGED).exists()


def test_it_refuses_a_stale_edit(proceeding, prosecutor, investigator):
    services.update_proceeding(actor=investigator, proceeding=proceeding, expected_version=1, reference="RP 12/2025")
    stale = Proceeding.objects.get(pk=proceeding.pk)
    stale.version = 1
    with pytest.raises(StaleEditError):
        services.update_proceeding(actor=prosecutor, proceeding=stale, expected_version=1, reference="RP 13/2025")
    proceeding.refresh_from_db()
    assert proceeding.reference == "RP 12/2025"


def test_it_refuses_to_delete_a_round_with_charges(charge, prosecutor):
    with pytest.raises(ValidationError):
        services.delete_proceeding(actor=prosecutor, proceeding=charge.proceeding)
    assert Proceeding.objects.filter(pk=charge.proceeding_id).exists()


def test_it_deletes_an_empty_round_and_audits_it(proceeding, prosecutor):
    services.delete_proceeding(actor=prosecutor, proceeding=proceeding)
    assert not Proceeding.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PROCEEDING_DELETED).exists()


def test_a_transfer_records_the_court_the_case_went_to(proceeding, prosecutor):
    services.change_proceeding_status(
        actor=prosecutor,
        proceeding=proceeding,
        expected_version=1,
        status="transferred",
        on=D(2025, 6, 1),
        transferred_to="  Pôle judiciaire spécialisé de Niamey ",
    )
    proceeding.refresh_from_db()
    assert proceeding.transferred_to == "Pôle judiciaire spécialisé de Niamey"
    event = AuditEvent.objects.get(action=AuditEvent.Action.PROCEEDING_STATUS_CHANGED)
    assert event.changes["transferred_to"]["new"] == "Pôle judiciaire spécialisé de Niamey"


def test_a_transfer_without_the_court_is_refused(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        services.change_proceeding_status(
            actor=prosecutor, proceeding=proceeding, expected_version=1, status="transferred", on=D(2025, 6, 1)
        )
    assert "transferred_to" in error.value.message_dict


def test_only_a_transfer_names_a_court(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        services.change_proceeding_status(
            actor=prosecutor,
            proceeding=proceeding,
            expected_version=1,
            status="decided",
            on=D(2025, 6, 1),
            transferred_to="Cour d'appel",
        )
    assert "transferred_to" in error.value.message_dict
