"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from types import SimpleNamespace
from typing import Any

from vigie.tests.matrix import MatrixRow, everyone

# Every member of an agency sees statistics: exact figures of the cases they may count, or protected ones
# for the roles that see aggregates only (tested in test_dashboard.py). The map is public borders.
MATRIX: dict[str, MatrixRow] = {
    "analytics:overview": ("GET", {}, everyone(200)),
    "analytics:figure-csv": ("GET", {"panel": "panel"}, everyone(200)),
    "analytics:map": ("GET", {}, everyone(200)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    # The URL takes a panel's key: an object whose pk is that key.
    return {"panel": SimpleNamespace(pk="victims_by_year")}
