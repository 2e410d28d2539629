import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.training.models import Attempt
from vigie.training.services import record_attempt

pytestmark = pytest.mark.django_db

# Issa (15) is trafficked; Adama (24) works freely at the same gold site.
GOLD_SITE = "gold-site-burkina"


def test_it_grades_each_person_against_the_engine(analyst):
    attempt = record_attempt(actor=analyst, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "som"})
    assert (attempt.correct, attempt.total, attempt.score) == (1, 2, 50)
    assert attempt.answers == {"v1": {"given": "tip", "expected": "tip"}, "w1": {"given": "som", "expected": "neither"}}
    assert attempt.user == analyst


def test_it_keeps_every_attempt(investigator):
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "both", "w1": "neither"})
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    assert sorted(Attempt.objects.values_list("score", flat=True)) == [50, 100]


def test_it_is_audited(investigator):
    attempt = record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.TRAINING_ATTEMPT_RECORDED)
    assert (event.actor, event.target_id, event.target_label) == (investigator, str(attempt.pk), GOLD_SITE)
    assert event.changes == {"scenario": GOLD_SITE, "score": 100}


def test_it_refuses_an_unknown_scenario(investigator):
    with pytest.raises(ValidationError) as error:
        record_attempt(actor=investigator, scenario_id="no-such-story", answers={})
    assert "scenario_id" in error.value.message_dict
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TRAINING_ATTEMPT_RECORDED).exists()


@pytest.mark.parametrize(
    "answers",
    [
        {"v1": "tip"},  # a person left out
        {"v1": "tip", "w1": "neither", "x9": "som"},  # a person not in the story
        {"v1": "tip", "w1": "maybe"},  # not an answer
    ],
)
def test_it_wants_one_answer_per_person(investigator, answers):
    with pytest.raises(ValidationError) as error:
        record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers=answers)
    assert "answers" in error.value.message_dict
    assert not Attempt.objects.exists()
