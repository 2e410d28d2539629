"""Each real file through the web's way (upload, check, confirm, the worker), counted from the raw file. The
runner is the one test_real_files.py drives from the command line; the two large files (CTDC's 48,801
records, GLOTIP's 46,556 figures, each read twice: check then import) are marked slow, run on SQLite only."""

import csv

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vigie.exchange.models import ImportRun, OfficialStatistic, VictimRecord
from vigie.exchange.worker import run_queued_imports

from .conftest import CTDC_10_FILE, CTDC_VP_FILE, GLOTIP_FILE

pytestmark = pytest.mark.django_db
Status = ImportRun.Status


def raw_rows(path) -> int:
    if path.suffix == ".xlsx":  # under a two-line title and the header
        return sum(1 for _ in load_workbook(path, read_only=True).worksheets[0].iter_rows(min_row=4))
    with path.open(encoding="utf-8", newline="") as file:
        return sum(1 for _ in csv.DictReader(file))


@pytest.mark.parametrize(
    ("kind", "path", "model"),
    [
        ("ctdc", CTDC_VP_FILE, VictimRecord),
        pytest.param("ctdc", CTDC_10_FILE, VictimRecord, marks=pytest.mark.slow),
        pytest.param("glotip", GLOTIP_FILE, OfficialStatistic, marks=pytest.mark.slow),
    ],
)
def test_a_real_file_is_checked_then_imported_whole(client, analyst, web_imports, kind, path, model):
    client.force_login(analyst)
    with path.open("rb") as file:
        client.post(reverse("exchange:import-new"), {"kind": kind, "file": file, "dataset_name": "Real"})
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)

    rows = raw_rows(path)
    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (check.status, check.rows_read, check.rows_imported) == (Status.DONE, rows, rows)
    assert (run.status, run.rows_read, run.rows_imported, run.rows_rejected, run.rows_skipped) == (
        Status.DONE, rows, rows, 0, 0,
    )  # fmt: skip
    assert model.objects.filter(dataset__name="Real").count() == rows
