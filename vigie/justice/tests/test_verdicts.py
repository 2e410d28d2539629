from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant
from vigie.justice import selectors, services
from vigie.justice.models import Compensation, Sentence, Verdict
from vigie.justice.tests.conftest import D, open_round


def convict(charge, actor, proceeding=None, **overrides):
    values = {"outcome": "convicted", "decided_on": D(2025, 9, 1)} | overrides
    return services.record_verdict(actor=actor, charge=charge, proceeding=proceeding or charge.proceeding, **values)


def test_it_records_a_conviction_and_audits_it(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    assert verdict.outcome == "convicted"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VERDICT_RECORDED, target_id=str(verdict.pk)).exists()


def test_it_requires_a_reason_for_an_acquittal(charge, prosecutor):
    with pytest.raises(ValidationError) as error:
        convict(charge, prosecutor, outcome="acquitted")
    assert "reason" in error.value.message_dict


def test_it_refuses_a_verdict_in_a_round_unrelated_to_the_charge(charge, prosecutor):
    other = open_round(prosecutor, charge.case, level="investigating_judge")
    with pytest.raises(ValidationError) as error:
        convict(charge, prosecutor, proceeding=other)
    assert "proceeding" in error.value.message_dict


def test_the_appeal_verdict_overrides_the_first_instance(charge, prosecutor):
    convict(charge, prosecutor)
    appeal = open_round(
        prosecutor,
        charge.case,
        level="appeal",
        appeal_of=charge.proceeding,
        appealed_by="defence",
        opened_on=D(2025, 9, 10),
    )
    convict(
        charge,
        prosecutor,
        proceeding=appeal,
        outcome="acquitted",
        reason="insufficient_evidence",
        decided_on=D(2026, 2, 1),
    )
    [first_round] = selectors.proceedings_page(charge.case)
    [row] = first_round.charges
    assert row.outcome is not None and row.outcome.outcome == "acquitted"
    assert first_round.appeals[0].proceeding == appeal


def test_it_refuses_a_stale_verdict_edit(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    services.update_verdict(actor=prosecutor, verdict=verdict, expected_version=1, notes="Appel interjeté")
    with pytest.raises(StaleEditError):
        services.update_verdict(actor=prosecutor, verdict=verdict, expected_version=1, notes="autre")


def test_it_records_a_sentence_with_compensation_to_each_victim(charge, prosecutor, victim, investigator):
    second = make_participant(charge.case, investigator, given_names="Fatouma")
    verdict = convict(charge, prosecutor)
    sentence = services.record_sentence(
        actor=prosecutor,
        verdict=verdict,
        prison_months=60,
        suspended_months=12,
        fine_amount=Decimal("1000000"),
        fine_currency="XOF",
        compensations=[(victim, Decimal("500000"), "XOF"), (second, Decimal("250000"), "XOF")],
    )
    assert Compensation.objects.filter(sentence=sentence).count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.SENTENCE_RECORDED)
    assert event.changes["compensations"]["new"] == {str(victim.pk): "500000.00 XOF", str(second.pk): "250000.00 XOF"}


def test_it_corrects_a_sentence_and_replaces_its_compensations(charge, prosecutor, victim):
    verdict = convict(charge, prosecutor)
    sentence = services.record_sentence(
        actor=prosecutor, verdict=verdict, prison_months=24, compensations=[(victim, Decimal(1), "XOF")]
    )
    services.record_sentence(actor=prosecutor, verdict=verdict, expected_version=sentence.version, prison_months=36)
    sentence.refresh_from_db()
    assert sentence.prison_months == 36
    assert not sentence.compensations.exists()


def test_it_refuses_a_sentence_without_conviction(charge, prosecutor):
    verdict = convict(charge, prosecutor, outcome="dismissed", reason="procedural_defect")
    with pytest.raises(ValidationError):
        services.record_sentence(actor=prosecutor, verdict=verdict, prison_months=12)
    assert not Sentence.objects.exists()


def test_it_refuses_a_suspended_part_longer_than_the_term(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    with pytest.raises(ValidationError) as error:
        services.record_sentence(actor=prosecutor, verdict=verdict, prison_months=12, suspended_months=24)
    assert "suspended_months" in error.value.message_dict


def test_it_refuses_a_fine_without_currency(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    with pytest.raises(ValidationError) as error:
        services.record_sentence(actor=prosecutor, verdict=verdict, fine_amount=Decimal(100))
    assert "fine_currency" in error.value.message_dict


def test_it_refuses_compensation_to_someone_who_is_not_a_victim(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    with pytest.raises(ValidationError) as error:
        services.record_sentence(actor=prosecutor, verdict=verdict, compensations=[(charge.accused, Decimal(5), "XOF")])
    assert "compensations" in error.value.message_dict


def test_it_refuses_to_turn_a_sentenced_conviction_into_an_acquittal(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    services.record_sentence(actor=prosecutor, verdict=verdict, prison_months=12)
    with pytest.raises(ValidationError):
        services.update_verdict(
            actor=prosecutor, verdict=verdict, expected_version=1, outcome="acquitted", reason="insufficient_evidence"
        )
    assert Verdict.objects.get().outcome == "convicted"


def test_it_deletes_a_verdict_with_its_sentence(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    services.record_sentence(actor=prosecutor, verdict=verdict, prison_months=12)
    services.delete_verdict(actor=prosecutor, verdict=verdict)
    assert not Sentence.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VERDICT_DELETED)
    assert event.changes["sentence"]["old"]["prison_months"] == 12


def test_it_refuses_an_empty_sentence(charge, prosecutor):
    verdict = convict(charge, prosecutor)
    with pytest.raises(ValidationError):
        services.record_sentence(actor=prosecutor, verdict=verdict)
    assert not Sentence.objects.exists()


def test_the_first_verdict_decides_a_pending_round_in_the_same_call(charge, prosecutor):
    verdict = convict(charge, prosecutor, decided_on=D(2025, 9, 3))
    round_ = charge.proceeding
    round_.refresh_from_db()
    assert (round_.status, round_.status_changed_on) == ("decided", D(2025, 9, 3))
    moved = AuditEvent.objects.get(action=AuditEvent.Action.PROCEEDING_STATUS_CHANGED, target_id=str(round_.pk))
    assert moved.changes["status"] == {"old": "pending", "new": "decided"}
    recorded = AuditEvent.objects.get(action=AuditEvent.Action.VERDICT_RECORDED, target_id=str(verdict.pk))
    assert recorded.pk < moved.pk


def test_a_second_verdict_leaves_a_decided_round_as_it_is(charge, prosecutor, investigator):
    other = make_participant(charge.case, investigator, role="suspect", given_names="Sani", sex="male")
    second = services.bring_charge(
        actor=prosecutor, proceeding=charge.proceeding, accused=other, offence="tip", charged_on=D(2025, 4, 2)
    )
    convict(charge, prosecutor, decided_on=D(2025, 9, 1))
    convict(second, prosecutor, decided_on=D(2025, 9, 8))
    charge.proceeding.refresh_from_db()
    assert charge.proceeding.status_changed_on == D(2025, 9, 1)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PROCEEDING_STATUS_CHANGED).count() == 1


@pytest.mark.parametrize("status", ["withdrawn", "transferred"])
def test_it_refuses_a_verdict_in_a_withdrawn_or_transferred_round(charge, prosecutor, status):
    court = "Pôle judiciaire spécialisé de Niamey" if status == "transferred" else ""
    services.change_proceeding_status(
        actor=prosecutor,
        proceeding=charge.proceeding,
        expected_version=charge.proceeding.version,
        status=status,
        on=D(2025, 6, 1),
        transferred_to=court,
    )
    with pytest.raises(ValidationError) as error:
        convict(charge, prosecutor)
    assert "proceeding" in error.value.message_dict
    assert not Verdict.objects.exists()
