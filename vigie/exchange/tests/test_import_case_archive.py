"""A case's password-protected case_archive, as vigie exports it, imported from the web: the password opens the
archive during the upload and is kept nowhere; a wrong one, or a file that is no case_archive, keeps nothing."""

import zipfile

import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.conftest import make_member
from vigie.exchange.models import ImportRun
from vigie.exchange.tests.exports_support import PASSWORD
from vigie.exchange.worker import run_queued_imports
from vigie.tests.matrix import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def naptip_admin(client, naptip):
    user = make_member(naptip, Role.AGENCY_ADMIN)
    client.force_login(user)
    return user


def upload(client, path, agency, **fields):
    with path.open("rb") as file:
        data = {"kind": "case-json", "file": file, "agency": agency.pk, **fields}
        return client.post(reverse("exchange:import-new"), data, HTTP_ACCEPT_LANGUAGE="en")


def kept_files(uploads):
    return [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []


def test_the_archive_is_checked_confirmed_and_imported(client, case_archive, naptip, naptip_admin, web_imports):
    response = upload(client, case_archive, naptip, password=PASSWORD)

    check = ImportRun.objects.get()
    assert response.status_code == 302
    stored = web_imports / check.stored_path
    # What waits for the worker is the decrypted case, as any uploaded .json: the worker needs no password.
    assert stored.name == "upload.json" and stored.read_bytes().lstrip().startswith(b"{")
    assert check.file_name.startswith("case.zip: ") and check.file_name.endswith(".json")
    run_queued_imports(once=True)
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)

    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 1)
    assert Case.objects.filter(agency=naptip).count() == 1
    assert kept_files(web_imports) == []


def test_the_password_is_kept_nowhere(client, case_archive, naptip, naptip_admin, web_imports):
    upload(client, case_archive, naptip, password=PASSWORD)
    run_queued_imports(once=True)

    rows = [str(list(run.__dict__.values())) for run in ImportRun.objects.all()]
    rows += [str(event.changes) for event in AuditEvent.objects.all()]
    assert rows and not any(PASSWORD in row for row in rows)
    assert not any(PASSWORD.encode() in path.read_bytes() for path in kept_files(web_imports))


@pytest.mark.parametrize(
    ("password", "message"),
    [("pas le bon mot de passe", "Wrong password for this archive."), ("", "This archive is protected")],
)
def test_a_wrong_or_missing_password_keeps_nothing(
    client, case_archive, naptip, naptip_admin, web_imports, password, message
):
    response = upload(client, case_archive, naptip, password=password)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "pas le bon" not in response.content.decode()  # the form does not send the password back
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []


def test_a_file_named_zip_that_is_no_archive_is_refused(client, tmp_path, naptip, naptip_admin, web_imports):
    fake = tmp_path / "case.zip"
    fake.write_text("{}", encoding="utf-8")

    response = upload(client, fake, naptip, password=PASSWORD)

    assert "This file is not a ZIP archive" in response.content.decode()
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []


def test_the_error_is_in_the_users_language(client, case_archive, naptip, naptip_admin, web_imports):
    with case_archive.open("rb") as file:
        response = client.post(
            reverse("exchange:import-new"),
            {"kind": "case-json", "file": file, "agency": naptip.pk, "password": "faux"},
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert "Mot de passe incorrect pour cette archive." in response.content.decode()


def test_an_archive_that_inflates_past_the_limit_keeps_nothing(
    client, tmp_path, naptip, naptip_admin, web_imports, settings
):
    import pyzipper

    settings.VIGIE_IMPORT_MAX_BYTES = 100_000
    bomb = tmp_path / "case.zip"
    with pyzipper.AESZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as out:
        out.setpassword(PASSWORD.encode())
        out.writestr("case.json", b'{"padding": "' + b" " * 1_000_000 + b'"}')
    assert bomb.stat().st_size < 100_000

    response = upload(client, bomb, naptip, password=PASSWORD)

    assert "larger than the limit of 0.1 MB" in response.content.decode()
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []
