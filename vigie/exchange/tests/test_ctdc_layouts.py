"""The layouts with a dictionary but no data file: small files written from the dictionaries' variables."""

import pytest

from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.models import DataSet, VictimRecord

from .conftest import COLUMNS_2018, COLUMNS_2024, write_csv

pytestmark = pytest.mark.django_db


def row_2018(**values: str) -> list[str]:
    return [values.get(column, "-99") for column in COLUMNS_2018]


def test_2018_layout_reads_minus_99_as_missing_00_as_unknown_and_na_as_namibia(tmp_path):
    assert len(COLUMNS_2018) == 62
    rows = [
        row_2018(
            yearOfRegistration="2016",
            Datasource="Case Management",
            gender="Female",
            ageBroad="18--20",
            citizenship="NA",
            CountryOfExploitation="ZA",
            isForcedLabour="1",
            isSexualExploit="0",
        ),
        row_2018(yearOfRegistration="2017", Datasource="Hotline", citizenship="00", meansOfControlThreats="1"),
    ]
    # 63 columns: the 62 variables behind a row index, as the 2020 release was saved.
    path = write_csv(
        tmp_path / "ctdc2018.csv", ["", *COLUMNS_2018], [[str(i), *r] for i, r in enumerate(rows)], delimiter=";"
    )

    run = run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="CTDC 2018")

    assert (run.status, run.rows_imported) == ("done", 2)
    assert DataSet.objects.get().kind == DataSet.Kind.CTDC_GLOBAL_2018
    namibian, unknown = VictimRecord.objects.order_by("row_number")
    assert (namibian.citizenship, namibian.country_of_exploitation) == ("NA", "ZA")
    assert (namibian.is_forced_labour, namibian.is_sexual_exploitation, namibian.is_other_exploitation) == (
        True,
        False,
        None,
    )
    assert namibian.age_band == "18--20"
    assert (unknown.citizenship, unknown.gender, unknown.age_band) == ("ZZ", None, None)
    assert unknown.other_columns == {"meansOfControlThreats": "1"}


def test_2024_synthetic_layout_reads_alpha3_countries_and_flags_one_or_empty(tmp_path):
    values = {
        "yearOfRegistration": "2021",
        "gender": "Woman",
        "ageBroad": "09--17",
        "citizenship": "NER",
        "CountryOfExploitation": "NGA",
        "traffickMonths": "0--12",
        "meansThreats": "1",
        "isForcedLabour": "1",
    }
    header = [c if c != "meansWithholdDocs" else "meansWithholdDocuments" for c in COLUMNS_2024]
    path = write_csv(tmp_path / "ctdc2024.csv", header, [[values.get(c, "") for c in COLUMNS_2024]])

    run = run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset="CTDC 2024")

    assert (run.status, run.rows_imported) == ("done", 1)
    record = VictimRecord.objects.get()
    assert (record.citizenship, record.country_of_exploitation, record.age_band) == ("NE", "NG", "09--17")
    assert (record.means_threats, record.is_forced_labour, record.is_sexual_exploitation) == (True, True, None)
    assert record.trafficking_months == "0--12"


def test_an_unknown_header_is_refused(tmp_path):
    run = run_import(
        importer=importer_for("ctdc"),
        path=write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "2"]]),
        actor=None,
        dataset="X",
        language="en",
    )

    assert run.status == "refused"
    assert "not a CTDC file" in run.error_summary
