"""An HTCDS export's password-protected archive (XLSX, or CSV with its companion files) imported as it is,
on the command line and from the web: the same records come back in another agency's register, importing
it again adds nothing, and an archive that cannot be opened whole (wrong password, not vigie's, several
or no data files, inflating past the limit) writes nothing at all."""

import io
import zipfile
from pathlib import Path

import pytest
import pyzipper
from django.core.management import CommandError, call_command
from django.urls import reverse

from vigie.cases.models import Case
from vigie.cases.selectors import CaseFilters
from vigie.conftest import make_member
from vigie.exchange.exports.services import export_cases
from vigie.exchange.htcds.tests.test_round_trip import build_register, content
from vigie.exchange.models import ImportedCase, ImportRun
from vigie.exchange.tests.exports_support import PASSWORD
from vigie.exchange.worker import run_queued_imports
from vigie.tests.matrix import Role

pytestmark = pytest.mark.django_db


def export_archive(user, kind: str, path: Path) -> Path:
    with path.open("wb") as out:
        export_cases(actor=user, kind=kind, filters=CaseFilters(), out=out, password=PASSWORD)
    return path


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(f"{PASSWORD}\n", encoding="utf-8")
    return path


def import_archive(path: Path, agency, user, password_file: Path) -> None:
    call_command(
        "import",
        "htcds",
        str(path),
        "--agency",
        f"{agency.country_id}/{agency.code}",
        "--as",
        user.username,
        "--password-file",
        str(password_file),
        "--lang",
        "en",
    )


def assert_same_records(source_agency, receiving_agency) -> None:
    sources = {case.reference: case for case in Case.objects.filter(agency=source_agency)}
    keys = ImportedCase.objects.filter(agency=receiving_agency).select_related("case")
    imported = {key.number.removeprefix("HTCDS "): key.case for key in keys if key.case is not None}
    assert sorted(imported) == sorted(sources)
    for reference, source in sources.items():
        assert content(imported[reference]) == content(source), reference


@pytest.mark.parametrize("kind", ["htcds-xlsx", "htcds-csv"])
def test_the_archive_imported_on_the_command_line_gives_the_same_records(
    kind, tmp_path, anltp, naptip, investigator, agency_admin, outsider, password_file, capsys
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, kind, tmp_path / "export.zip")

    import_archive(archive, naptip, outsider, password_file)

    run = ImportRun.objects.get()
    assert (run.status, run.rows_rejected) == (ImportRun.Status.DONE, 0)
    assert run.file_name.startswith("export.zip: htcds-")
    assert_same_records(anltp, naptip)
    assert "imported" in capsys.readouterr().out


def test_importing_the_archive_again_adds_nothing(
    tmp_path, anltp, naptip, investigator, agency_admin, outsider, password_file
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, "htcds-csv", tmp_path / "export.zip")
    import_archive(archive, naptip, outsider, password_file)

    import_archive(archive, naptip, outsider, password_file)

    first, again = ImportRun.objects.order_by("pk")
    assert (again.rows_read, again.rows_imported, again.rows_skipped) == (first.rows_read, 0, first.rows_read)
    assert Case.objects.filter(agency=naptip).count() == 3


def test_the_password_may_come_from_the_environment(
    tmp_path, anltp, naptip, investigator, agency_admin, outsider, monkeypatch
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, "htcds-xlsx", tmp_path / "export.zip")
    monkeypatch.setenv("VIGIE_ARCHIVE_PASSWORD", PASSWORD)

    call_command("import", "htcds", str(archive), "--agency", naptip.code, "--as", outsider.username)

    assert Case.objects.filter(agency=naptip).count() == 3


def test_a_wrong_password_on_the_command_line_writes_nothing(
    tmp_path, anltp, naptip, investigator, agency_admin, outsider
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, "htcds-xlsx", tmp_path / "export.zip")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the password", encoding="utf-8")

    with pytest.raises(CommandError, match="Wrong password for this archive"):
        import_archive(archive, naptip, outsider, wrong)

    assert not ImportRun.objects.exists()
    assert not Case.objects.filter(agency=naptip).exists()


# From the web ---------------------------------------------------------------------------------------


@pytest.fixture
def naptip_admin(client, naptip):
    user = make_member(naptip, Role.AGENCY_ADMIN)
    client.force_login(user)
    return user


def upload(client, path: Path, agency, **fields):
    with path.open("rb") as file:
        data = {"kind": "htcds", "file": file, "agency": agency.pk, **fields}
        return client.post(reverse("exchange:import-new"), data, HTTP_ACCEPT_LANGUAGE="en")


def kept_files(uploads: Path) -> list[Path]:
    return [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []


@pytest.mark.parametrize("kind", ["htcds-xlsx", "htcds-csv"])
def test_the_archive_uploaded_is_checked_confirmed_and_gives_the_same_records(
    kind, client, tmp_path, anltp, naptip, investigator, agency_admin, naptip_admin, web_imports
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, kind, tmp_path / "export.zip")

    response = upload(client, archive, naptip, password=PASSWORD)

    assert response.status_code == 302
    check = ImportRun.objects.get()
    # The worker reads the decrypted files, named by us: the CSV's companions beside the main file.
    stored = sorted(path.name for path in kept_files(web_imports))
    assert (
        stored
        == {
            "htcds-xlsx": ["upload.xlsx"],
            "htcds-csv": ["upload-events.csv", "upload-perpetrators.csv", "upload-plans.csv", "upload.csv"],
        }[kind]
    )
    run_queued_imports(once=True)
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)

    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_rejected) == (ImportRun.Status.DONE, 0)
    assert_same_records(anltp, naptip)
    assert kept_files(web_imports) == []


def test_the_same_archive_uploaded_again_would_import_nothing(
    client, tmp_path, anltp, naptip, investigator, agency_admin, naptip_admin, web_imports
):
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, "htcds-xlsx", tmp_path / "export.zip")
    upload(client, archive, naptip, password=PASSWORD)
    run_queued_imports(once=True)
    client.post(reverse("exchange:import-confirm", args=[ImportRun.objects.get().pk]))
    run_queued_imports(once=True)

    upload(client, archive, naptip, password=PASSWORD)
    run_queued_imports(once=True)

    again = ImportRun.objects.order_by("pk").last()
    assert again is not None and again.dry_run
    assert (again.rows_imported, again.rows_skipped) == (0, again.rows_read)
    assert Case.objects.filter(agency=naptip).count() == 3


def _plain_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def _encrypted_zip(path: Path, members: dict[str, bytes]) -> Path:
    with pyzipper.AESZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as out:
        out.setpassword(PASSWORD.encode())
        for name, data in members.items():
            out.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "encrypted", "message"),
    [
        ({"a.xlsx": b"x", "b.xlsx": b"y"}, True, "it holds 2"),
        ({"a.csv": b"x", "b.xlsx": b"y"}, True, "it holds 2"),
        ({"notes.txt": b"x"}, True, "it holds 0"),
        ({"htcds.csv": b"prs_FirstName\r\nA\r\n", "other-data.csv": b"x"}, True, "it holds 2"),
        ({"htcds.csv": b"prs_FirstName\r\nA\r\n"}, False, "not protected by a password"),
    ],
    ids=["two-workbooks", "workbook-and-csv", "no-data-file", "two-csv", "not-encrypted"],
)
def test_an_archive_that_is_not_one_htcds_export_writes_nothing(
    client, tmp_path, naptip, naptip_admin, web_imports, members, encrypted, message
):
    archive = (_encrypted_zip if encrypted else _plain_zip)(tmp_path / "export.zip", members)

    response = upload(client, archive, naptip, password=PASSWORD)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []


def test_a_wrong_password_on_the_web_writes_nothing_and_says_so_in_french(
    client, tmp_path, naptip, naptip_admin, web_imports
):
    archive = _encrypted_zip(tmp_path / "export.zip", {"htcds.xlsx": b"x"})

    with archive.open("rb") as file:
        response = client.post(
            reverse("exchange:import-new"),
            {"kind": "htcds", "file": file, "agency": naptip.pk, "password": "pas le bon"},
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert "Mot de passe incorrect pour cette archive." in response.content.decode()
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []


def test_an_archive_that_inflates_past_the_limit_writes_nothing(
    client, tmp_path, naptip, naptip_admin, web_imports, settings
):
    settings.VIGIE_IMPORT_MAX_BYTES = 100_000
    main = b"prs_FirstName\r\n" + b"A\r\n" * 20_000
    companion = b"cas_CaseNumber\r\n" + b"1\r\n" * 20_000  # together past the limit, each under it
    archive = _encrypted_zip(tmp_path / "export.zip", {"htcds.csv": main, "htcds-events.csv": companion})
    assert archive.stat().st_size < 100_000

    response = upload(client, archive, naptip, password=PASSWORD)

    assert "larger than the limit of 0.1 MB" in response.content.decode()
    assert not ImportRun.objects.exists() and kept_files(web_imports) == []


def test_an_archive_that_inflates_a_hundredfold_is_refused_on_the_command_line(
    tmp_path, naptip, outsider, password_file
):
    archive = _encrypted_zip(tmp_path / "bomb.zip", {"htcds.csv": b"prs_FirstName\r\n" + b" " * 60_000_000})

    with pytest.raises(CommandError, match="larger than the limit"):
        import_archive(archive, naptip, outsider, password_file)

    assert not ImportRun.objects.exists()


def test_the_plain_xlsx_of_an_archive_still_imports(tmp_path, anltp, naptip, investigator, agency_admin, outsider):
    """A workbook is a ZIP too: only a file named .zip is taken for an archive."""
    build_register(anltp, investigator, agency_admin)
    archive = export_archive(agency_admin, "htcds-xlsx", tmp_path / "export.zip")
    with pyzipper.AESZipFile(io.BytesIO(archive.read_bytes())) as opened:
        opened.setpassword(PASSWORD.encode())
        [name] = opened.namelist()
        workbook = tmp_path / name
        workbook.write_bytes(opened.read(name))

    call_command("import", "htcds", str(workbook), "--agency", naptip.code, "--as", outsider.username)

    assert Case.objects.filter(agency=naptip).count() == 3
