"""Decisions that take a second person: formal identification of a victim, closure of a case (cases/services.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from vigie.audit.models import AuditEvent
from vigie.cases.access import get_decision_for_user
from vigie.cases.models import Case, Decision, Participant
from vigie.cases.services import (
    add_participant,
    confirm_decision,
    propose_case_closure,
    propose_victim_identification,
    reject_decision,
    withdraw_decision,
)
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    # The messages are read in English here; French is the default language of the pages.
    with translation.override("en"):
        yield


Action = AuditEvent.Action
TODAY = timezone.localdate()


@pytest.fixture
def presumed(case, clerk) -> Participant:
    return make_participant(case, clerk, role=Participant.Role.PRESUMED_VICTIM)


def propose_identification(
    participant, actor, *, grounds="Recrutée par tromperie, passeport confisqué", identified_on=TODAY
):
    return propose_victim_identification(
        actor=actor, participant=participant, grounds=grounds, identified_on=identified_on
    )


def propose_closure(case, actor, **values):
    values = {"closure_reason": "judgment", "closed_on": None, "grounds": "Jugement rendu le 3 mars"} | values
    return propose_case_closure(actor=actor, case=case, **values)


def test_a_victim_cannot_be_recorded_directly(case, clerk, presumed):
    with pytest.raises(ValidationError) as error:
        add_participant(actor=clerk, case=case, person=presumed.person, role="victim")
    assert "second authorised person" in error.value.message_dict["role"][0]


def test_a_proposed_identification_changes_nothing_until_confirmed(presumed, clerk):
    decision = propose_identification(presumed, clerk)
    assert decision.status == Decision.Status.PROPOSED
    assert Participant.objects.get(pk=presumed.pk).role == "presumed_victim"
    event = AuditEvent.objects.get(action=Action.DECISION_PROPOSED)
    assert (event.actor, event.changes["kind"]["new"]) == (clerk, "victim_identification")


def test_a_second_person_confirms_the_identification(presumed, clerk, case_worker):
    decision = propose_identification(presumed, clerk)
    confirm_decision(actor=case_worker, decision=decision)
    assert Participant.objects.get(pk=presumed.pk).role == "victim"
    saved = Decision.objects.get(pk=decision.pk)
    assert (saved.status, saved.answered_by, saved.proposed_by) == ("confirmed", case_worker, clerk)
    assert AuditEvent.objects.filter(action=Action.DECISION_CONFIRMED, actor=case_worker).exists()
    assert AuditEvent.objects.filter(action=Action.PARTICIPANT_UPDATED, actor=case_worker).exists()


def test_the_proposer_cannot_confirm_his_own_proposal(presumed, investigator):
    decision = propose_identification(presumed, investigator)
    with pytest.raises(ValidationError, match="second authorised person"):
        confirm_decision(actor=investigator, decision=decision)
    assert Participant.objects.get(pk=presumed.pk).role == "presumed_victim"
    assert Decision.objects.get(pk=decision.pk).status == "proposed"


def test_the_database_refuses_a_confirmation_by_the_proposer(presumed, investigator):
    decision = propose_identification(presumed, investigator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            status="confirmed", answered_by=investigator, answered_at=timezone.now()
        )


@pytest.mark.parametrize("role", ["victim", "suspect", "witness", "smuggled_migrant"])
def test_only_a_presumed_victim_is_proposed_for_identification(case, clerk, role):
    participant = make_participant(case, clerk, role=role)
    with pytest.raises(ValidationError, match="presumed victim"):
        propose_identification(participant, clerk)
    assert not Decision.objects.pending().exists()


def test_grounds_are_required(presumed, clerk):
    with pytest.raises(ValidationError) as error:
        propose_identification(presumed, clerk, grounds="  ")
    assert "grounds" in error.value.message_dict


def test_an_identification_cannot_be_dated_in_the_future(presumed, clerk):
    with pytest.raises(ValidationError) as error:
        propose_identification(presumed, clerk, identified_on=TODAY + datetime.timedelta(days=1))
    assert "identified_on" in error.value.message_dict


def test_one_pending_identification_per_person(presumed, clerk, investigator):
    propose_identification(presumed, clerk)
    with pytest.raises(ValidationError, match="already waiting"):
        propose_identification(presumed, investigator)
    assert Decision.objects.count() == 1


def test_a_rejected_proposal_can_be_made_again(presumed, clerk, case_worker):
    decision = propose_identification(presumed, clerk)
    reject_decision(actor=case_worker, decision=decision, reason="Entretien à refaire avec un interprète")
    assert Decision.objects.get(pk=decision.pk).answer_reason == "Entretien à refaire avec un interprète"
    assert Participant.objects.get(pk=presumed.pk).role == "presumed_victim"
    propose_identification(presumed, clerk)
    assert Decision.objects.pending().count() == 1


def test_a_rejection_needs_a_reason(presumed, clerk, case_worker):
    decision = propose_identification(presumed, clerk)
    with pytest.raises(ValidationError) as error:
        reject_decision(actor=case_worker, decision=decision, reason=" ")
    assert "reason" in error.value.message_dict
    assert Decision.objects.get(pk=decision.pk).status == "proposed"


def test_the_proposer_withdraws_and_no_one_else(presumed, clerk, case_worker):
    decision = propose_identification(presumed, clerk)
    with pytest.raises(ValidationError, match="Only the person who proposed"):
        withdraw_decision(actor=case_worker, decision=decision)
    withdraw_decision(actor=clerk, decision=decision)
    assert Decision.objects.get(pk=decision.pk).status == "withdrawn"
    assert AuditEvent.objects.filter(action=Action.DECISION_WITHDRAWN, actor=clerk).exists()


@pytest.mark.parametrize("first", ["confirm", "reject", "withdraw"])
def test_an_answered_decision_cannot_be_answered_again(presumed, clerk, case_worker, investigator, first):
    decision = propose_identification(presumed, clerk)
    stale = Decision.objects.get(pk=decision.pk)
    if first == "confirm":
        confirm_decision(actor=case_worker, decision=decision)
    elif first == "reject":
        reject_decision(actor=case_worker, decision=decision, reason="Non")
    else:
        withdraw_decision(actor=clerk, decision=decision)
    stale.case = decision.case
    with pytest.raises(ValidationError, match="already answered"):
        confirm_decision(actor=investigator, decision=stale)


def test_a_proposal_made_void_by_a_role_change_confirms_nothing(presumed, clerk, case_worker, investigator):
    from vigie.cases.services import update_participant

    decision = propose_identification(presumed, clerk)
    update_participant(actor=investigator, participant=presumed, expected_version=presumed.version, role="witness")
    with pytest.raises(ValidationError, match="no longer recorded as a presumed victim"):
        confirm_decision(actor=case_worker, decision=decision)
    assert Decision.objects.get(pk=decision.pk).status == "proposed"  # the refusal saved nothing


# Closing a case ------------------------------------------------------------------------------------


def test_a_second_person_confirms_the_closure(case, investigator, prosecutor):
    decision = propose_closure(case, investigator, closed_on=datetime.date(2025, 9, 1))
    assert Case.objects.get(pk=case.pk).status == "open"
    confirm_decision(actor=prosecutor, decision=decision)
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, saved.closure_reason, saved.closed_on) == ("closed", "judgment", datetime.date(2025, 9, 1))


def test_closing_an_already_closed_case_is_refused(case, investigator, prosecutor):
    confirm_decision(actor=prosecutor, decision=propose_closure(case, investigator))
    with pytest.raises(ValidationError, match="already closed"):
        propose_closure(case, investigator)


def test_a_closure_confirmed_after_the_case_moved_on_still_follows_the_life_cycle(case, investigator, prosecutor):
    from vigie.cases.services import change_case_status

    decision = propose_closure(case, investigator)
    change_case_status(actor=investigator, case=case, expected_version=case.version, status="under_investigation")
    confirm_decision(actor=prosecutor, decision=decision)
    assert Case.objects.get(pk=case.pk).status == "closed"


# Who may be the second person ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may"),
    [("clerk", False), ("investigator", True), ("prosecutor", True), ("case_worker", True), ("agency_admin", True)],
)
def test_who_may_confirm_an_identification(request, presumed, role, may, coordinator):
    proposer = request.getfixturevalue("agency_admin" if role != "agency_admin" else "investigator")
    decision = propose_identification(presumed, proposer)
    user = request.getfixturevalue(role)
    if may:
        assert get_decision_for_user(user, decision.pk, answer=True) == decision
    else:
        with pytest.raises(PermissionDenied):
            get_decision_for_user(user, decision.pk, answer=True)


@pytest.mark.parametrize(("role", "may"), [("case_worker", False), ("prosecutor", True), ("agency_admin", True)])
def test_who_may_confirm_a_closure(request, case, investigator, role, may):
    decision = propose_closure(case, investigator)
    user = request.getfixturevalue(role)
    if may:
        assert get_decision_for_user(user, decision.pk, answer=True) == decision
    else:
        with pytest.raises(PermissionDenied):
            get_decision_for_user(user, decision.pk, answer=True)
