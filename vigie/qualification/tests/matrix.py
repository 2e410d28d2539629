"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import API_READ, MatrixRow, everyone

MATRIX: dict[str, MatrixRow] = {
    # The qualification of a case: as the case itself (its investigation or assistance roles, which together
    # are every register role here; the partner NGO through its assistance share).
    "api:case-qualification": ("GET", {"case_id": "case"}, API_READ),
    "api:case-qualification-without-slash": ("GET", {"case_id": "case"}, API_READ),
    # Facts sent by the caller, nothing of the register read: any signed-in user; an empty body is invalid.
    "api:qualify": ("POST", {}, everyone(400, anonymous=401)),
    "api:qualify-without-slash": ("POST", {}, everyone(400, anonymous=401)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    return {}
