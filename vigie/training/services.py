from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigie.accounts.models import User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.training.catalogue import engine_answers, find_scenario, qualification_of
from vigie.training.models import Answer, Attempt


@transaction.atomic
def record_attempt(*, actor: User, scenario_id: str, answers: Mapping[str, str]) -> Attempt:
    """Grade the trainee's answer for each person against what the engine says today, and keep it."""
    scenario = find_scenario(scenario_id)
    if scenario is None:
        raise ValidationError({"scenario_id": _("There is no such training scenario.")})
    subject_ids = [person.subject_id for person in scenario.people]
    missing = [s for s in subject_ids if answers.get(s) not in Answer.values]
    if missing or set(answers) - set(subject_ids):
        raise ValidationError({"answers": _("Answer once for each person of the scenario.")})
    expected = engine_answers(qualification_of(scenario))
    graded = {s: {"given": answers[s], "expected": expected[s]} for s in subject_ids}
    correct = sum(1 for g in graded.values() if g["given"] == g["expected"])
    attempt = Attempt(
        user=actor,
        scenario_id=scenario.id,
        answers=graded,
        correct=correct,
        total=len(subject_ids),
        score=round(100 * correct / len(subject_ids)),
    )
    attempt.full_clean()
    attempt.save()
    record_event(
        actor=actor,
        action=AuditEvent.Action.TRAINING_ATTEMPT_RECORDED,
        target=attempt,
        target_label=scenario.id,
        changes={"scenario": scenario.id, "score": attempt.score},
    )
    return attempt
