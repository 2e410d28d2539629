import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.referrals.models import Referral
from vigie.referrals.services import ALLOWED_TRANSITIONS, TRANSITIONS, move_referral

pytestmark = pytest.mark.django_db
Status = Referral.Status

ACTIONS = {
    "accept": "referral.accepted",
    "decline": "referral.declined",
    "start": "referral.started",
    "complete": "referral.completed",
    "withdraw": "referral.withdrawn",
}
LEGAL = [(start, transition) for transition, (starts, _target) in TRANSITIONS.items() for start in sorted(starts)]
ILLEGAL = [
    (start, transition)
    for transition, (starts, _target) in TRANSITIONS.items()
    for start in Status.values
    if start not in starts
]


def _put_in(referral: Referral, status: str) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        status=status, reason="déjà" if status in ("declined", "withdrawn") else ""
    )
    return Referral.objects.select_related("case").get(pk=referral.pk)


def test_the_life_cycle_table_matches_the_transitions():
    assert ALLOWED_TRANSITIONS[Status.PROPOSED] == {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}
    assert ALLOWED_TRANSITIONS[Status.COMPLETED] == set()


@pytest.mark.parametrize(("start", "transition"), LEGAL)
def test_it_takes_each_legal_step_and_audits_it(referral, shelter_worker, start, transition):
    referral = _put_in(referral, start)
    moved = move_referral(
        actor=shelter_worker,
        referral=referral,
        transition=transition,
        expected_version=referral.version,
        reason="Complet",
    )
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == moved.status == TRANSITIONS[transition][1]
    assert stored.version == 2
    event = AuditEvent.objects.get(target_id=str(referral.pk), actor=shelter_worker)
    assert event.action == ACTIONS[transition]
    assert event.changes["status"] == {"old": start, "new": TRANSITIONS[transition][1]}


@pytest.mark.parametrize(("start", "transition"), ILLEGAL)
def test_it_refuses_each_illegal_step_and_saves_nothing(referral, shelter_worker, start, transition):
    referral = _put_in(referral, start)
    with pytest.raises(ValidationError) as error:
        move_referral(
            actor=shelter_worker,
            referral=referral,
            transition=transition,
            expected_version=referral.version,
            reason="x",
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(start).label) in message and str(Status(TRANSITIONS[transition][1]).label) in message
    assert Referral.objects.get(pk=referral.pk).status == start
    assert not AuditEvent.objects.filter(target_id=str(referral.pk), actor=shelter_worker).exists()


@pytest.mark.parametrize("transition", ["decline", "withdraw"])
def test_it_requires_a_reason_to_decline_or_withdraw(referral, shelter_worker, transition):
    with pytest.raises(ValidationError, match="Say why"):
        move_referral(actor=shelter_worker, referral=referral, transition=transition, expected_version=1, reason=" ")
    assert Referral.objects.get(pk=referral.pk).status == Status.PROPOSED


def test_it_records_who_answered_and_when(referral, shelter_worker):
    move_referral(actor=shelter_worker, referral=referral, transition="accept", expected_version=1)
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.answered_by == shelter_worker and stored.answered_at is not None


def test_it_refuses_a_stale_answer(referral, shelter_worker, case_worker):
    move_referral(actor=case_worker, referral=referral, transition="withdraw", expected_version=1, reason="Retrouvée")
    stale = Referral.objects.get(pk=referral.pk)
    stale.status, stale.version = Status.PROPOSED, 1
    with pytest.raises(StaleEditError):
        move_referral(actor=shelter_worker, referral=stale, transition="accept", expected_version=1)
    assert Referral.objects.get(pk=referral.pk).status == Status.WITHDRAWN
