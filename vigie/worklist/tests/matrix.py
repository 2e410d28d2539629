"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import REGISTER_LIST, MatrixRow, expect

MATRIX: dict[str, MatrixRow] = {
    "worklist:waiting": ("GET", {}, REGISTER_LIST),
    "worklist:alert-rules": ("GET", {}, expect(allowed={"agency_admin"}, aggregate=403, outsider=403)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    return {}
