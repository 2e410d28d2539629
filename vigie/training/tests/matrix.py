"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import MatrixRow, everyone, expect
from vigie.training.catalogue import all_scenarios
from vigie.training.services import record_attempt

# Training holds no victim data: every member of an agency trains, whatever their role; the NAPTIP
# investigator and the partner NGO's case worker too. Answers are the trainee's own.
OWN_ATTEMPT = expect(allowed={"investigator"}, refused_register=404, aggregate=404, outsider=404, partner=404)

MATRIX: dict[str, MatrixRow] = {
    "training:scenarios": ("GET", {}, everyone(200)),
    "training:scenario": ("GET", {"scenario_id": "scenario"}, everyone(200)),
    "training:attempt": ("GET", {"attempt_id": "attempt"}, OWN_ATTEMPT),
    "training:my-scores": ("GET", {}, everyone(200)),
    "training:agency-scores": ("GET", {}, expect(allowed={"agency_admin"}, aggregate=403, outsider=403)),
    "api:training-scenarios": ("GET", {}, everyone(200, anonymous=401)),
    # An empty body: every member gets past the access check, to validation.
    "api:training-attempts": ("POST", {"scenario_id": "scenario"}, everyone(400, anonymous=401)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    scenario = all_scenarios()[0]
    answers = {person.subject_id: "tip" for person in scenario.people}
    return {
        "scenario": scenario,
        "attempt": record_attempt(actor=base["investigator"], scenario_id=scenario.id, answers=answers),
    }
