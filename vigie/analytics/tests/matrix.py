"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from types import SimpleNamespace
from typing import Any

from vigie.tests.matrix import MatrixRow, everyone

# Every role may count the cases in its scope (protected for the roles that may not see names).
STATISTICS = everyone(200, anonymous=401)
# Called without a query string, these lack a required parameter (by; country and year): past the access
# check, the answer is 400, as for the writes of other apps sent with an empty body.
INCOMPLETE_QUESTION = everyone(400, anonymous=401)

# Every member of an agency sees statistics: exact figures of the cases they may count, or protected ones
# for the roles that see aggregates only (tested in test_dashboard.py). The map is public borders.
MATRIX: dict[str, MatrixRow] = {
    "analytics:overview": ("GET", {}, everyone(200)),
    "analytics:figure-csv": ("GET", {"panel": "panel"}, everyone(200)),
    "analytics:map": ("GET", {}, everyone(200)),
    # Everyone who sees statistics may ask for the PDF report; without a country and year it answers 400.
    "analytics:report": ("GET", {}, everyone(400)),
    # The justice figures and the GLOTIP workbook: without a query string, the workbook covers the user's
    # agency's country and the last five complete years.
    "analytics:glotip-workbook": ("GET", {}, everyone(200)),
    "api:statistics-justice": ("GET", {}, STATISTICS),
    "api:statistics-victims": ("GET", {}, INCOMPLETE_QUESTION),
    "api:statistics-official": ("GET", {}, STATISTICS),
    "api:statistics-flows": ("GET", {}, STATISTICS),
    "api:statistics-smuggling": ("GET", {}, INCOMPLETE_QUESTION),
    "api:statistics-deaths": ("GET", {}, STATISTICS),
    "api:statistics-sdg": ("GET", {}, INCOMPLETE_QUESTION),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    from vigie.exchange.models import DataSet, ImportRun, OfficialStatistic

    run = ImportRun.objects.create(
        kind="glotip", file_name="data_glotip.xlsx", sha256="1" * 64, size=10, status=ImportRun.Status.DONE
    )
    dataset = DataSet.objects.create(name="GLOTIP", kind=DataSet.Kind.GLOTIP)
    OfficialStatistic.objects.create(
        dataset=dataset,
        run=run,
        row_number=2,
        iso3="NER",
        country="Niger",
        indicator="Detected trafficking victims",
        dimension="Total",
        sex="Total",
        age="Total",
        year=2020,
        unit="Counts",
        value=114,
    )
    # The figure URL takes a panel's key: an object whose pk is that key.
    return {"glotip": dataset, "panel": SimpleNamespace(pk="victims_by_year")}
