import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vigie.audit.models import AuditEvent
from vigie.screening.indicators import INDICATORS, Indicator
from vigie.screening.models import Screening
from vigie.screening.services import GivenAnswer, record_screening
from vigie.screening.tests.conftest import SCREENED_ON, yes_to

I = Indicator  # noqa: E741


def test_it_records_the_interview_and_one_answer_per_indicator(adult, case_worker):
    answers = yes_to(I.DECEPTION, no=(I.ORGAN_REMOVAL,)) | {I.ISOLATION.value: GivenAnswer("yes", " Far from town ")}
    screening = record_screening(
        actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers=answers, place="Centre de Zinder",
        language="Hausa", interpreter_used=True, interpreter="Interprète de l'OIM", notes="Calme.",
    )  # fmt: skip
    stored = dict(screening.answers.values_list("indicator", "answer"))
    assert len(stored) == len(INDICATORS)
    assert stored[I.DECEPTION.value] == "yes"
    assert stored[I.ORGAN_REMOVAL.value] == "no"
    assert stored[I.EXCESSIVE_OVERTIME.value] == "unknown"
    assert screening.answers.get(indicator=I.ISOLATION.value).note == "Far from town"
    assert (screening.case, screening.screened_by, screening.interpreter) == (
        adult.case,
        case_worker,
        "Interprète de l'OIM",
    )


def test_it_writes_its_audit_event_with_the_answers(adult, case_worker):
    screening = record_screening(
        actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers=yes_to(I.DECEPTION)
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.SCREENING_RECORDED)
    assert (event.actor, event.target_id, event.target_label) == (case_worker, str(screening.pk), adult.case.reference)
    assert event.agency_id == adult.case.agency_id
    assert event.changes[f"answer:{I.DECEPTION.value}"] == {"old": None, "new": "yes"}
    assert event.changes["participant"] == {"old": None, "new": adult.pk}


def test_a_refused_screening_leaves_neither_screening_nor_audit_event(adult, case_worker):
    with pytest.raises(ValidationError):
        record_screening(
            actor=case_worker,
            participant=adult,
            screened_on=SCREENED_ON,
            answers={I.DECEPTION.value: GivenAnswer("perhaps")},
        )
    assert not Screening.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SCREENING_RECORDED).exists()


def test_it_refuses_an_indicator_not_in_the_list(adult, case_worker):
    with pytest.raises(ValidationError, match="Unknown indicator: ilo_made_up"):
        record_screening(
            actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers={"ilo_made_up": GivenAnswer("yes")}
        )


def test_it_refuses_a_date_in_the_future(adult, case_worker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record_screening(actor=case_worker, participant=adult, screened_on=tomorrow, answers={})
    assert "screened_on" in refused.value.message_dict


def test_an_interpreter_is_named_only_when_one_was_used(adult, case_worker):
    screening = record_screening(
        actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers={}, interpreter="Quelqu'un"
    )
    assert screening.interpreter == ""
