"""Rows of the permission matrix (vigie/tests/test_permission_matrix.py) for the justice statistics and the
GLOTIP workbook: aggregates over the cases each user may count, so every role gets them, protected for
those who may not see names."""

from typing import Any

from vigie.tests.matrix import MatrixRow, everyone

MATRIX: dict[str, MatrixRow] = {
    "analytics:glotip-workbook": ("GET", {}, everyone(200)),
    "api:statistics-justice": ("GET", {}, everyone(200, anonymous=401)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    return {}  # the shared case, with its victims and suspect, is enough
