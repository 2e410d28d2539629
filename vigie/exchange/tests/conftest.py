import csv
from pathlib import Path

import pytest

from vigie.exchange.ctdc import GLOBAL_2018, GLOBAL_2018_OTHERS, SYNTHETIC_2024

DATA = Path(__file__).parent / "data"
GLOTIP_FILE = DATA / "data_glotip_2023-05-30.xlsx"
CTDC_10_FILE = DATA / "ctdc_global_2020-04-14_derived_10cols.csv"
CTDC_VP_FILE = DATA / "ctdc_victim_perpetrator_synthetic_2022-12-01.csv"
# The column orders of the layouts that have a dictionary but no data file (see data/SOURCES.md).
COLUMNS_2018 = [column for _field, column, _how in GLOBAL_2018] + GLOBAL_2018_OTHERS
COLUMNS_2024 = [column for _field, column, _how in SYNTHETIC_2024]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ctdc_10_rows(count: int, *, start: int = 0) -> list[list[str]]:
    """Rows of the derived 10-column layout, varied so that they are not all alike."""
    genders, ages, countries = ["Female", "Male"], ["9--17", "18--20", "30--38", ""], ["NE", "NG", "ML", "", "BF"]
    return [
        [
            str(i),
            f"{2010 + i % 10}.0",
            "Case Management",
            genders[i % 2],
            ages[i % 4],
            countries[i % 5],
            ["1.0", "0.0", ""][i % 3],
            "Threats",
            "",
            "Labor",
            "Agriculture",
        ]
        for i in range(start, start + count)
    ]


CTDC_10_HEADER = [
    "",
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "citizenship",
    "isForcedLabour",
    "control_category",
    "RecruiterCategory",
    "ExploitType",
    "Labor_Type",
]


@pytest.fixture
def ctdc_small(tmp_path) -> Path:
    return write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(25))


@pytest.fixture
def web_imports(settings, tmp_path: Path) -> Path:
    """Uploads in a directory of the test's own, and progress in this process's memory."""
    uploads = tmp_path / "imports"
    settings.IMPORT_UPLOAD_DIR = uploads
    settings.CACHES = {**settings.CACHES, "imports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return uploads


@pytest.fixture
def case_archive(tmp_path, anltp, investigator, agency_admin) -> Path:
    """A rich case of ANLTP exported as the password-protected archive (password: exports_support.PASSWORD)."""
    import io

    from vigie.exchange.exports.services import export_case
    from vigie.exchange.tests.exports_support import PASSWORD, rich_case

    case, _victim, _suspect = rich_case(anltp, investigator)
    out = io.BytesIO()
    export_case(actor=agency_admin, case_id=case.pk, out=out, password=PASSWORD)
    path = Path(tmp_path) / "case.zip"
    path.write_bytes(out.getvalue())
    return path
