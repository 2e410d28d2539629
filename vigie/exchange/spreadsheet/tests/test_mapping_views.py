"""The mapping pages: upload a file, see the suggestions, fix them, save the mapping, check the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.exchange import mapping_views
from vigie.exchange.models import ColumnMapping, ImportRun

pytestmark = pytest.mark.django_db

CSV = (
    "N° dossier;Nom;Prénom(s);Sexe;Date de naissance;Couleur\n"
    "D-1;Kouyaté;Aïssata;VDT;31/02/2009;bleu\nD-1;Issa;Ali;M;2001;vert\n"
)


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def upload(client, agency, text=CSV, name="registre.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("exchange:mappings"), {"file": file, "agency": agency.pk})


def mapping_post(**overrides):
    data = {
        "name": "Registre ANLTP",
        "date_order": "dmy",
        "column_0": "case_key",
        "column_1": "family_name",
        "column_2": "given_names",
        "column_3": "sex",
        "column_4": "date_of_birth",
        "column_5": "",
        "values_sex": "VDT = female",
    }
    return data | overrides


def test_the_page_suggests_a_field_for_each_column_and_shows_the_first_rows(client, anltp, investigator):
    client.force_login(investigator)

    response = upload(client, anltp)
    page = client.get(response.url)

    assert response.url == reverse("exchange:mapping-new")
    form = page.context["form"]
    assert [form[f"column_{i}"].value() for i in range(6)] == [
        "case_key",
        "family_name",
        "given_names",
        "sex",
        "date_of_birth",
        "",
    ]
    assert '<label for="id_column_1">Nom' in page.content.decode()
    assert page.context["sample"][0][:3] == ["D-1", "Kouyaté", "Aïssata"]


def test_saving_keeps_the_mapping_for_the_agency_and_audits_it(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp)

    response = client.post(reverse("exchange:mapping-new"), mapping_post())

    mapping = ColumnMapping.objects.get()
    assert response.url == reverse("exchange:mapping-edit", args=[mapping.pk])
    assert (mapping.agency, mapping.created_by, mapping.value_maps) == (anltp, investigator, {"sex": {"VDT": "female"}})
    assert mapping.columns["Couleur"] == "" and mapping.columns["Nom"] == "family_name"
    event = AuditEvent.objects.get(action=AuditEvent.Action.MAPPING_SAVED)
    assert (event.actor, event.agency_id, event.target_label) == (investigator, anltp.pk, "Registre ANLTP")


def test_check_reads_the_rows_with_the_mapping_and_imports_nothing(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp)

    page = client.post(reverse("exchange:mapping-new"), mapping_post(check="1"))

    run = page.context["check"]
    assert (run.dry_run, run.rows_read, run.rows_rejected) == (True, 2, 1)
    assert [(p.row_number, p.column, p.value) for p in page.context["problems"]] == [
        (2, "Date de naissance", "31/02/2009")
    ]
    assert Case.objects.count() == 0
    assert ImportRun.objects.get().kind == "spreadsheet"


def test_the_pages_check_reads_the_first_rows_only_and_says_so(client, anltp, investigator, monkeypatch):
    monkeypatch.setattr(mapping_views, "CHECKED_ROWS", 1)  # the file has two rows
    client.force_login(investigator)
    upload(client, anltp)

    page = client.post(reverse("exchange:mapping-new"), mapping_post(check="1"))

    run = page.context["check"]
    assert (run.rows_read, run.first_rows) == (1, 1)
    assert "Only the first 1 rows of the file were read." in page.content.decode()
    assert "The import checks every row of the file before it writes anything." in page.content.decode()
    # The run, and its audit event, say it was a check of the first rows: not of the file.
    assert AuditEvent.objects.get(target_id=run.pk, target_type="exchange.importrun").changes["first_rows"] == 1
    assert "First rows only" in client.get(reverse("exchange:import-run", args=[run.pk])).content.decode()


def test_a_register_with_the_whole_name_in_one_column_is_mapped_checked_and_saved(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp, text="N° dossier;Nom et prénoms;Sexe\nD-1;KOUYATÉ Aïssata;F\n")
    suggested = client.get(reverse("exchange:mapping-new")).context["form"]["column_1"].value()
    assert suggested == "full_name"

    page = client.post(
        reverse("exchange:mapping-new"),
        {"name": "Registre", "date_order": "dmy", "column_0": "case_key", "column_1": suggested, "column_2": "sex"}
        | {"check": "1"},
    )

    assert page.status_code == 200 and not page.context["form"].errors
    assert (page.context["check"].rows_read, page.context["check"].rows_rejected) == (1, 0)
    assert ColumnMapping.objects.get().columns["Nom et prénoms"] == "full_name"


def test_a_mapping_without_any_name_column_is_refused(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp)

    page = client.post(reverse("exchange:mapping-new"), mapping_post(column_1="", column_2=""))

    assert "Choose the column of the given names, of the family name" in str(page.context["form"].non_field_errors())
    assert not ColumnMapping.objects.exists()


def test_two_columns_for_one_field_are_refused(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp)

    page = client.post(reverse("exchange:mapping-new"), mapping_post(column_5="family_name"))

    assert page.status_code == 200
    assert "Choose one column for each field" in str(page.context["form"].non_field_errors())
    assert not ColumnMapping.objects.exists()


def test_a_stale_edit_is_refused(client, anltp, investigator):
    client.force_login(investigator)
    upload(client, anltp)
    client.post(reverse("exchange:mapping-new"), mapping_post())
    mapping = ColumnMapping.objects.get()
    url = reverse("exchange:mapping-edit", args=[mapping.pk])
    client.post(url, mapping_post(name="Nouveau nom", version=1))

    page = client.post(url, mapping_post(name="Autre nom", version=1))

    assert "Someone else changed this record" in str(page.context["form"].non_field_errors())
    assert ColumnMapping.objects.get().name == "Nouveau nom"


def test_the_saved_mapping_opens_with_its_columns_without_a_file(client, anltp, investigator):
    mapping = ColumnMapping.objects.create(name="Ancien", agency=anltp, columns={"Nom": "family_name", "Ville": ""})
    client.force_login(investigator)

    page = client.get(reverse("exchange:mapping-edit", args=[mapping.pk]))

    assert page.context["form"]["column_0"].value() == "family_name"
    assert page.context["form"].headers == ["Nom", "Ville"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, anltp, investigator):
    client.force_login(investigator)

    page = upload(client, anltp, name="photo.png")

    assert page.status_code == 200 and "Choose an Excel file" in str(page.context["form"].errors["file"])


def test_an_old_xls_workbook_is_named_as_such(client, anltp, investigator):
    client.force_login(investigator)

    page = upload(client, anltp, name="registre.xls")

    assert "Excel 97-2003 workbook (.xls)" in str(page.context["form"].errors["file"])


@pytest.mark.parametrize(("role", "status"), [("analyst", 403), ("case_worker", 200), ("clerk", 200)])
def test_the_mapping_pages_are_for_the_roles_that_import(client, request, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("exchange:mappings")).status_code == status


def test_an_agency_not_the_users_own_is_not_offered(client, anltp, naptip, investigator):
    client.force_login(investigator)

    page = upload(client, naptip)

    assert "agency" in page.context["form"].errors


def test_a_spreadsheet_goes_through_the_web_import_check_confirm_and_worker(client, anltp, investigator, settings):
    from vigie.exchange.worker import run_queued_imports

    settings.IMPORT_UPLOAD_DIR = settings.VAR_DIR / "imports"
    settings.CACHES = {**settings.CACHES, "imports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.force_login(investigator)
    upload(client, anltp, text=CSV.replace("31/02/2009", "28/02/2009"))

    response = client.post(reverse("exchange:mapping-new"), mapping_post(**{"import": "1"}))

    check = ImportRun.objects.get()
    assert response.url == reverse("exchange:import-run", args=[check.pk])
    assert (check.kind, check.dry_run, check.mapping, check.agency) == (
        "spreadsheet",
        True,
        ColumnMapping.objects.get(),
        anltp,
    )
    run_queued_imports(once=True)
    check.refresh_from_db()
    assert (check.status, check.rows_imported) == (ImportRun.Status.DONE, 2)
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)
    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported, run.mapping_id) == (ImportRun.Status.DONE, 2, check.mapping_id)
    assert Case.objects.filter(agency=anltp).count() == 1  # both rows carry the same case number
