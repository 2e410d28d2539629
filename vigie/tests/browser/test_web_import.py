"""Imports from the web: an analyst brings in a CTDC file, an investigator an HTCDS file; each sees the check
(the preview), confirms, and follows the import to its end (the page polls the worker's progress)."""

import pytest
from playwright.sync_api import expect

from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv
from vigie.exchange.models import ImportRun, VictimRecord
from vigie.exchange.tests.conftest import CTDC_10_HEADER, ctdc_10_rows
from vigie.exchange.tests.conftest import write_csv as write_plain_csv
from vigie.exchange.worker import run_queued_imports

pytestmark = pytest.mark.browser


@pytest.fixture
def web_imports(settings, tmp_path):
    # The live server runs in a thread of this process: it shares the memory cache with the worker below.
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    settings.CACHES = {**settings.CACHES, "imports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def check_then_import(page, path, *, kind_label: str, fill) -> None:
    page.get_by_role("link", name="Importations").click()
    page.get_by_role("link", name="Importer un fichier").click()
    page.get_by_label(kind_label).check()
    fill(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("En attente du programme d'importation")).to_be_visible()
    run_queued_imports(once=True)
    # The progress fragment, polled every 2 s, reloads the page when the check is done.
    expect(page.get_by_role("button", name="Confirmer l'importation")).to_be_visible(timeout=8000)
    expect(page.get_by_role("table", name="Premières lignes valides")).to_be_visible()
    page.get_by_role("button", name="Confirmer l'importation").click()
    run_queued_imports(once=True)
    expect(page.get_by_role("row", name="Importées")).to_be_visible(timeout=8000)


def test_an_analyst_imports_a_ctdc_file(page, log_in, analyst, web_imports, tmp_path):
    path = write_plain_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(25))
    log_in(analyst)
    check_then_import(
        page,
        path,
        kind_label="Données mondiales CTDC (fiches anonymes) dans un jeu de données",
        fill=lambda p: p.get_by_label("Nom du jeu de données").fill("CTDC navigateur"),
    )
    expect(page.get_by_role("row", name="Importées 25")).to_be_visible()
    assert VictimRecord.objects.filter(dataset__name="CTDC navigateur").count() == 25


def test_an_investigator_imports_an_htcds_file(page, log_in, investigator, anltp, web_imports, tmp_path):
    path = tmp_path / "dossiers.csv"
    write_csv(path, list(generate_htcds_rows(8, seed=3)), ALL_COLUMNS)
    log_in(investigator)
    check_then_import(
        page,
        path,
        kind_label="HTCDS v2.0 (modèle Excel, CSV, export XLSForm, ou export HTCDS de vigie dans son archive "
        "protégée par mot de passe) dans le registre des affaires",
        fill=lambda p: None,
    )
    expect(page.get_by_role("row", name="Importées 8")).to_be_visible()
    assert ImportRun.objects.filter(dry_run=False, agency=anltp, status="done").count() == 1
