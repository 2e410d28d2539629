"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.tests.matrix import MatrixRow, everyone

# Every role may count the cases in its scope (protected for the roles that may not see names).
STATISTICS = everyone(200, anonymous=401)
# Called without a query string, these lack a required parameter (by; country and year): past the access
# check, the answer is 400, as for the writes of other apps sent with an empty body.
INCOMPLETE_QUESTION = everyone(400, anonymous=401)

MATRIX: dict[str, MatrixRow] = {
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
    return {"glotip": dataset}
