"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import READ, MatrixRow, everyone

MATRIX: dict[str, MatrixRow] = {
    # Every role exports something: named records for the register roles, anonymous CTDC records for the
    # roles that see aggregates only; what each may choose is tested in test_export_views.
    "exchange:export": ("GET", {}, everyone(200)),
    "exchange:export-case": ("GET", {"case_id": "case"}, READ),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    return {}
