from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts import permissions
from vigie.training.catalogue import Scenario, find_scenario
from vigie.training.models import Attempt


def get_scenario_for_user(user: Any, scenario_id: str) -> Scenario:
    if not permissions.can_train(user):
        raise PermissionDenied
    scenario = find_scenario(scenario_id)
    if scenario is None:
        raise Http404
    return scenario


def get_attempt_for_user(user: Any, attempt_id: int) -> Attempt:
    """A trainee reads their own answers only; their administrator sees scores, not answers."""
    if not permissions.can_train(user):
        raise PermissionDenied
    attempt = Attempt.objects.filter(pk=attempt_id, user=user).first()
    if attempt is None or find_scenario(attempt.scenario_id) is None:
        raise Http404
    return attempt
