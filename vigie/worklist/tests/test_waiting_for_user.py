"""What waits for a user (worklist/selectors.py), with decisions waiting for a second person as the example."""

import datetime

import pytest

from vigie.cases.models import Decision, Participant
from vigie.cases.services import propose_case_closure, propose_victim_identification
from vigie.conftest import make_case, make_participant
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import waiting_for_user
from vigie.worklist.services import set_alert_rule

pytestmark = pytest.mark.django_db

Kind = AlertRule.Kind


@pytest.fixture
def proposal(case, clerk):
    presumed = make_participant(case, clerk, role=Participant.Role.PRESUMED_VICTIM)
    return propose_victim_identification(
        actor=clerk, participant=presumed, grounds="Indicateurs", identified_on=case.opened_on
    )


def proposed_on(decision):
    return decision.proposed_at.date()


def waiting_decisions(user, *, today):
    """The user's items about decisions (other parts list other things about the same presumed victim)."""
    return [i for i in waiting_for_user(user, today=today) if i.kind == Kind.DECISION_AWAITING_SECOND_PERSON]


def test_a_proposal_waits_for_those_who_may_confirm_it(proposal, case_worker, investigator, agency_admin):
    today = proposed_on(proposal)
    for user in (case_worker, investigator, agency_admin):
        [item] = waiting_decisions(user, today=today)
        assert (item.kind, item.case_reference, item.late) == (
            Kind.DECISION_AWAITING_SECOND_PERSON,
            "NE-ANLTP-2025-0001",
            False,
        )
        assert item.since == today
        assert item.due == today + datetime.timedelta(days=AlertRule.DEFAULT_DAYS[Kind.DECISION_AWAITING_SECOND_PERSON])


def test_it_waits_for_no_one_who_may_not_confirm_it(proposal, clerk, analyst, outsider):
    for user in (clerk, analyst, outsider):  # the proposer himself, then roles that may not confirm
        assert waiting_decisions(user, today=proposed_on(proposal)) == []


def test_it_is_late_once_the_agencys_delay_has_passed(proposal, case_worker):
    due = proposed_on(proposal) + datetime.timedelta(days=3)
    assert not waiting_decisions(case_worker, today=due)[0].late
    assert waiting_decisions(case_worker, today=due + datetime.timedelta(days=1))[0].late


def test_the_agency_sets_its_own_delay(proposal, case_worker, agency_admin, anltp):
    set_alert_rule(
        actor=agency_admin,
        agency=anltp,
        kind=Kind.DECISION_AWAITING_SECOND_PERSON,
        days=1,
        enabled=True,
        expected_version=0,
    )
    assert waiting_decisions(case_worker, today=proposed_on(proposal) + datetime.timedelta(days=2))[0].late


def test_a_disabled_alert_lists_the_item_but_never_flags_it(proposal, case_worker, agency_admin, anltp):
    set_alert_rule(
        actor=agency_admin,
        agency=anltp,
        kind=Kind.DECISION_AWAITING_SECOND_PERSON,
        days=1,
        enabled=False,
        expected_version=0,
    )
    [item] = waiting_decisions(case_worker, today=proposed_on(proposal) + datetime.timedelta(days=30))
    assert not item.late


def test_late_items_come_first(proposal, anltp, investigator, prosecutor):
    later_case = make_case(anltp, investigator)
    closure = propose_case_closure(
        actor=investigator, case=later_case, closure_reason="duplicate", closed_on=None, grounds="Doublon"
    )
    # The closure was proposed eight days after the identification: on day ten, only the first is late.
    Decision.objects.filter(pk=closure.pk).update(proposed_at=proposal.proposed_at + datetime.timedelta(days=8))
    items = waiting_decisions(prosecutor, today=proposed_on(proposal) + datetime.timedelta(days=10))
    assert [(i.case_id, i.late) for i in items] == [(proposal.case_id, True), (closure.case_id, False)]
    assert waiting_decisions(prosecutor, today=proposed_on(proposal))[0].case_id == proposal.case_id
