"""A 50 MB file (the web's default limit): refused on the web with a clear message and nothing stored,
imported whole from the command line, streamed, with memory that does not grow with the file."""

import csv
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vigie.exchange.models import DataSet, ImportRun, VictimRecord

from .conftest import COLUMNS_2018

pytestmark = pytest.mark.django_db
FIFTY_MB = 50 * 1024 * 1024


def write_ctdc_2018(path, *, min_bytes: int) -> int:
    """The CTDC 2018/2020 layout (63 columns, -99 for missing), written row by row until the file is
    `min_bytes` long; returns the number of rows."""
    genders, ages, countries = ["Female", "Male", "-99"], ["9--17", "18--20", "30--38", "-99"], ["NE", "NG", "ML", "00"]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["", *COLUMNS_2018])
        rows = 0
        while file.tell() < min_bytes:
            for _ in range(1000):
                values = dict.fromkeys(COLUMNS_2018, "-99")
                values |= {
                    "yearOfRegistration": str(2002 + rows % 17),
                    "Datasource": "Case Management",
                    "gender": genders[rows % 3],
                    "ageBroad": ages[rows % 4],
                    "citizenship": countries[rows % 4],
                    "isForcedLabour": str(rows % 2),
                }
                writer.writerow([str(rows), *values.values()])
                rows += 1
    return rows


@pytest.fixture(scope="module")
def fifty_mb_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "ctdc_2018_50mb.csv"
    rows = write_ctdc_2018(path, min_bytes=FIFTY_MB + 1)
    return path, rows


@pytest.mark.slow
def test_a_50_mb_file_imports_whole_from_the_command_line_in_flat_memory(fifty_mb_file, settings, capsys):
    settings.DEBUG = False  # with DEBUG, Django keeps every query it ran
    path, rows = fifty_mb_file
    assert path.stat().st_size > FIFTY_MB

    tracemalloc.start()
    try:
        call_command("import", "ctdc", str(path), "--dataset", "CTDC 50 MB", "--lang", "en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    run = ImportRun.objects.get()
    assert (run.status, run.rows_read, run.rows_imported, run.rows_rejected) == ("done", rows, rows, 0)
    assert VictimRecord.objects.filter(dataset=DataSet.objects.get(name="CTDC 50 MB")).count() == rows
    assert f"Read {rows:,}".replace(",", "") in capsys.readouterr().out.replace(",", "")
    # Streamed in batches: the import holds a small fraction of the file, never the file.
    assert peak < FIFTY_MB / 5, peak


def test_the_command_refuses_a_file_over_a_limit_given_and_changes_nothing(tmp_path):
    path = tmp_path / "ctdc_2018.csv"
    write_ctdc_2018(path, min_bytes=20_000)

    with pytest.raises(CommandError, match="too big"):
        call_command("import", "ctdc", str(path), "--dataset", "CTDC", "--max-mb", "0.01", "--lang", "en")

    assert ImportRun.objects.get().status == "refused"
    assert not VictimRecord.objects.exists() and not DataSet.objects.exists()


def over_the_limit(tmp_path, settings, limit: int = 2000):
    """A file over a small limit: the same refusal as a 50 MB file under the default one, without writing 50 MB."""
    settings.VIGIE_IMPORT_MAX_BYTES = limit
    path = tmp_path / "ctdc_2018.csv"
    write_ctdc_2018(path, min_bytes=limit + 1)
    return path


def test_on_the_web_a_file_over_the_limit_is_refused_in_french_and_nothing_is_stored(
    client, analyst, settings, web_imports, tmp_path
):
    path = over_the_limit(tmp_path, settings)
    client.force_login(analyst)

    with path.open("rb") as file:
        response = client.post(
            reverse("exchange:import-new"),
            {"kind": "ctdc", "dataset_name": "CTDC", "file": file},
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert response.status_code == 400
    size = round(path.stat().st_size / 1048576, 1)
    assert response.context["form"].errors["file"] == [
        f"Le fichier est trop volumineux ({size} Mo) ; la limite est de 0.0 Mo. Découpez-le et importez chaque partie."
    ]
    assert not ImportRun.objects.exists()
    assert not web_imports.exists() or not any(web_imports.iterdir())


def test_the_mapping_page_refuses_a_file_over_the_limit_before_keeping_it(
    client, anltp, investigator, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"
    path = over_the_limit(tmp_path, settings)
    client.force_login(investigator)

    with path.open("rb") as file:
        response = client.post(
            reverse("exchange:mappings"), {"file": file, "agency": anltp.pk}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert "The file is too big" in response.context["form"].errors["file"][0]
    assert not (settings.VAR_DIR / "mapping-uploads").exists()
