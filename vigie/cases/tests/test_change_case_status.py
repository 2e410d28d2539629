import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.services import change_case_status, propose_case_closure
from vigie.concurrency import StaleEditError
from vigie.conftest import close_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    # The messages are read in English here; French is the default language of the pages.
    with translation.override("en"):
        yield


Status = Case.Status
OPEN, INVESTIGATION, REFERRED, CLOSED = (
    Status.OPEN,
    Status.UNDER_INVESTIGATION,
    Status.REFERRED_FOR_PROSECUTION,
    Status.CLOSED,
)

# The life cycle of a case, as the agencies described it. Reopening a closed case (new evidence)
# sends it back to investigation.
ALLOWED = {
    (OPEN, INVESTIGATION),
    (OPEN, CLOSED),
    (INVESTIGATION, REFERRED),
    (INVESTIGATION, CLOSED),
    (INVESTIGATION, OPEN),
    (REFERRED, CLOSED),
    (REFERRED, INVESTIGATION),
    (CLOSED, INVESTIGATION),
}
EVERY_PAIR = [(current, new) for current in Status.values for new in Status.values]
# How to bring a new case to each status through allowed steps.
PATH_TO = {OPEN: [], INVESTIGATION: [INVESTIGATION], REFERRED: [INVESTIGATION, REFERRED], CLOSED: [CLOSED]}


def change(case, actor, status, **values):
    if status == CLOSED and case.status != CLOSED:
        # Closing takes a second person: proposed by the actor, confirmed by another (test_decisions.py).
        return close_case(case, actor, **values)
    return change_case_status(actor=actor, case=case, expected_version=case.version, status=status, **values)


def propose_closure(case, actor, **values):
    return propose_case_closure(actor=actor, case=case, grounds="Dossier complet", **({"closed_on": None} | values))


def bring_to(case, actor, status):
    for step in PATH_TO[status]:
        change(case, actor, step, closure_reason=Case.ClosureReason.OTHER if step == CLOSED else "")
    return case


@pytest.mark.parametrize(("current", "new"), sorted(ALLOWED))
def test_it_allows_each_step_of_the_life_cycle(case, investigator, current, new):
    bring_to(case, investigator, current)
    change(case, investigator, new, closure_reason=Case.ClosureReason.JUDGMENT if new == CLOSED else "")
    assert Case.objects.get(pk=case.pk).status == new


@pytest.mark.parametrize(("current", "new"), sorted(set(EVERY_PAIR) - ALLOWED))
def test_it_refuses_any_other_step_with_a_message_naming_both_statuses(case, investigator, current, new):
    bring_to(case, investigator, current)
    version = case.version
    with pytest.raises(ValidationError) as error:
        change(case, investigator, new, closure_reason=Case.ClosureReason.JUDGMENT)
    [message] = error.value.message_dict["status"]
    assert str(Status(current).label) in message
    assert str(Status(new).label) in message
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, saved.version) == (current, version)


def test_it_refuses_to_close_without_a_second_person(case, investigator):
    with pytest.raises(ValidationError) as error:
        change_case_status(
            actor=investigator, case=case, expected_version=case.version, status=CLOSED, closure_reason="judgment"
        )
    [message] = error.value.message_dict["status"]
    assert "second person" in message
    assert Case.objects.get(pk=case.pk).status == OPEN


def test_it_refuses_an_unknown_status(case, investigator):
    with pytest.raises(ValidationError) as error:
        change(case, investigator, "archived")
    assert "status" in error.value.message_dict


def test_it_requires_a_reason_to_close_and_saves_nothing(case, investigator):
    with pytest.raises(ValidationError) as error:
        propose_closure(case, investigator, closure_reason="")
    assert "closure_reason" in error.value.message_dict
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, saved.closed_on, saved.version) == (OPEN, None, 1)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CASE_STATUS_CHANGED).exists()


def test_it_refuses_a_reason_that_is_not_in_the_list(case, investigator):
    with pytest.raises(ValidationError) as error:
        propose_closure(case, investigator, closure_reason="bored")
    assert "closure_reason" in error.value.message_dict


def test_it_closes_on_the_given_day_with_the_reason(case, investigator):
    change(
        case, investigator, CLOSED, closure_reason=Case.ClosureReason.NO_OFFENCE, closed_on=datetime.date(2025, 9, 1)
    )
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, saved.closure_reason, saved.closed_on) == (CLOSED, "no_offence", datetime.date(2025, 9, 1))


def test_it_closes_today_when_no_day_is_given(case, investigator):
    change(case, investigator, CLOSED, closure_reason=Case.ClosureReason.DUPLICATE)
    assert Case.objects.get(pk=case.pk).closed_on == timezone.localdate()


def test_it_refuses_to_close_before_the_case_was_opened(case, investigator):
    with pytest.raises(ValidationError) as error:
        propose_closure(
            case, investigator, closure_reason="other", closed_on=case.opened_on - datetime.timedelta(days=1)
        )
    assert "closed_on" in error.value.message_dict
    assert Case.objects.get(pk=case.pk).status == OPEN


def test_reopening_clears_the_reason_and_the_closing_day(case, investigator):
    bring_to(case, investigator, CLOSED)
    change(case, investigator, INVESTIGATION)
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, saved.closure_reason, saved.closed_on) == (INVESTIGATION, "", None)


def test_it_records_the_old_and_new_status(case, investigator):
    change(case, investigator, CLOSED, closure_reason="judgment", closed_on=datetime.date(2025, 9, 1))
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_STATUS_CHANGED)
    assert event.actor and event.actor.username == "second-anltp"  # the person who confirmed the closure
    assert event.changes == {
        "status": {"old": "open", "new": "closed"},
        "closure_reason": {"old": "", "new": "judgment"},
        "closed_on": {"old": None, "new": "2025-09-01"},
    }


def test_it_refuses_a_stale_change(case, investigator, prosecutor):
    seen_by_prosecutor = Case.objects.get(pk=case.pk)
    change(case, investigator, INVESTIGATION)
    with pytest.raises(StaleEditError):
        change_case_status(actor=prosecutor, case=seen_by_prosecutor, expected_version=1, status=INVESTIGATION)
    assert Case.objects.get(pk=case.pk).status == INVESTIGATION
