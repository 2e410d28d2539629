"""Each real file imports whole; the counts are computed here again, straight from the raw file."""

import csv
from collections import Counter

import pytest
from openpyxl import load_workbook

from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.models import DataSet, ImportRun, OfficialStatistic, VictimRecord

from .conftest import CTDC_10_FILE, CTDC_VP_FILE, GLOTIP_FILE

pytestmark = pytest.mark.django_db


def glotip_raw() -> tuple[int, int, Counter[str]]:
    rows = list(load_workbook(GLOTIP_FILE, read_only=True).worksheets[0].iter_rows(min_row=4, values_only=True))
    return len(rows), sum(1 for r in rows if r[11] == "<5"), Counter(r[11] for r in rows)


def test_glotip_imports_every_row_with_censored_values_kept_below_five():
    total, censored, values = glotip_raw()

    run = run_import(importer=importer_for("glotip"), path=GLOTIP_FILE, actor=None, dataset="GLOTIP 2023")

    assert run.status == ImportRun.Status.DONE
    assert (run.rows_read, run.rows_imported, run.rows_rejected, run.rows_skipped) == (total, total, 0, 0)
    assert total == 46556
    stats = OfficialStatistic.objects.filter(dataset__name="GLOTIP 2023")
    assert stats.count() == total
    assert stats.filter(below=5, value__isnull=True).count() == censored == 23076
    assert not stats.filter(value__isnull=True, below__isnull=True).exists()
    with_comma = [v for v in values if "," in v]
    first = with_comma[0]
    assert stats.filter(value_as_written=first)[0].value == int(first.replace(",", ""))
    assert stats.filter(value_as_written="1,030").exists() is ("1,030" in values)


def test_derived_ctdc_copy_keeps_missing_values_missing():
    with CTDC_10_FILE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))

    run = run_import(importer=importer_for("ctdc"), path=CTDC_10_FILE, actor=None, dataset="CTDC 2020")

    assert (run.rows_read, run.rows_imported, run.rows_rejected, run.rows_skipped) == (len(rows), len(rows), 0, 0)
    assert DataSet.objects.get(name="CTDC 2020").kind == DataSet.Kind.CTDC_DERIVED_10
    records = VictimRecord.objects.filter(dataset__name="CTDC 2020")
    assert records.count() == 48801
    assert records.filter(citizenship__isnull=True).count() == sum(1 for r in rows if not r["citizenship"])
    assert records.filter(citizenship="PH").count() == sum(1 for r in rows if r["citizenship"] == "PH")
    assert records.filter(is_forced_labour=True).count() == sum(1 for r in rows if r["isForcedLabour"] == "1.0")
    assert records.filter(is_forced_labour=False).count() == sum(1 for r in rows if r["isForcedLabour"] == "0.0")
    assert records.filter(age_band="9--17").count() == sum(1 for r in rows if r["ageBroad"] == "9--17")
    assert records.filter(year_of_registration="2016").count() == sum(
        1 for r in rows if r["yearOfRegistration"] == "2016.0"
    )


def test_victim_perpetrator_set_keeps_regions_ranges_and_joined_values():
    with CTDC_VP_FILE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))

    run = run_import(importer=importer_for("ctdc"), path=CTDC_VP_FILE, actor=None, dataset="CTDC VP")

    assert (run.rows_read, run.rows_imported, run.rows_rejected, run.rows_skipped) == (len(rows), len(rows), 0, 0)
    assert len(rows) == 21195
    records = VictimRecord.objects.filter(dataset__name="CTDC VP")
    assert records.filter(year_of_registration="2014-2018").count() == sum(
        1 for r in rows if r["yearRegister"] == "2014-2018"
    )
    assert records.filter(citizenship_region="Africa").count() == sum(1 for r in rows if r["UN_COO_Region"] == "Africa")
    assert records.filter(citizenship__isnull=False).count() == 0
    both = sum(1 for r in rows if r["IP_Gender"] == "Female;Male")
    assert (
        sum(1 for p in records.values_list("perpetrator", flat=True) if p.get("gender") == ["Female", "Male"]) == both
    )


def test_importing_a_file_again_creates_no_duplicates():
    first = run_import(importer=importer_for("ctdc"), path=CTDC_VP_FILE, actor=None, dataset="CTDC VP")
    again = run_import(importer=importer_for("ctdc"), path=CTDC_VP_FILE, actor=None, dataset="CTDC VP")

    assert again.rows_read == again.rows_skipped == first.rows_imported == 21195
    assert again.rows_imported == 0
    assert VictimRecord.objects.count() == 21195
