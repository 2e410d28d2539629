"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import MatrixRow

MATRIX: dict[str, MatrixRow] = {}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    return {}
