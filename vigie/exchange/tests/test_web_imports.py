"""Imports from the web: upload, check (dry run) with preview, confirm, the worker, cancel, rejects, list."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Decision, Participant
from vigie.cases.services import delete_case
from vigie.conftest import make_member
from vigie.exchange import services
from vigie.exchange.heartbeat import cache_key, note_progress
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportRun, VictimRecord
from vigie.exchange.views import rejects_file_name
from vigie.exchange.worker import run_queued_imports
from vigie.reference.codelists import Sex

from .conftest import CTDC_10_HEADER, ctdc_10_rows
from .conftest import write_csv as write_plain_csv

pytestmark = pytest.mark.django_db

Status = ImportRun.Status
Action = AuditEvent.Action


def upload(client, path: Path, **fields):
    with path.open("rb") as file:
        data = {"kind": "ctdc", "dataset_name": "CTDC test", "file": file, **fields}
        return client.post(reverse("exchange:import-new"), data)


def ctdc_file(tmp_path: Path, rows: int = 25, bad: int = 0) -> Path:
    body = ctdc_10_rows(rows)
    for row in body[:bad]:
        row[1] = "not a year"
    return write_plain_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, body)


def htcds_file(tmp_path: Path, rows: int = 12) -> Path:
    path = tmp_path / "dossiers.csv"
    write_csv(path, list(generate_htcds_rows(rows, seed=6)), ALL_COLUMNS)
    return path


def test_an_analyst_checks_then_imports_a_ctdc_file(client, analyst, web_imports, tmp_path):
    client.force_login(analyst)
    response = upload(client, ctdc_file(tmp_path))
    check = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("exchange:import-run", args=[check.pk])
    assert check.dry_run and check.status == Status.QUEUED and (web_imports / check.stored_path).is_file()

    assert run_queued_imports(once=True) == 1
    page = client.get(reverse("exchange:import-run", args=[check.pk])).content.decode()
    assert "Confirm the import" in page or "Confirmer" in page
    assert VictimRecord.objects.count() == 0

    response = client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert response.url == reverse("exchange:import-run", args=[run.pk]) and run.checked_by == check
    stored = web_imports / run.stored_path
    call_command("run-imports", "--once")
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.rows_imported) == (Status.DONE, 25, 25)
    assert VictimRecord.objects.filter(dataset__name="CTDC test").count() == 25
    assert not stored.exists() and run.stored_path == ""


def test_the_check_shows_the_first_valid_rows_and_rejected_ones(client, analyst, web_imports, tmp_path):
    client.force_login(analyst)
    upload(client, ctdc_file(tmp_path, bad=3))
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    assert (check.status, check.rows_rejected, check.rows_imported) == (Status.REFUSED, 3, 22)
    assert len(check.preview) == 10 and check.preview[0]["row"] == 5
    page = client.get(reverse("exchange:import-run", args=[check.pk])).content.decode()
    assert "not a year" in page and 'name="keep_valid"' in page

    # Every rejected row, not only those the page lists, to correct before importing the file whole.
    rejects_url = reverse("exchange:import-rejects", args=[check.pk])
    assert rejects_url in page
    content = b"".join(client.get(rejects_url).streaming_content).decode("utf-8-sig")
    assert content.count("not a year") == 3


def test_keep_valid_imports_the_valid_rows_and_returns_the_rejected_ones(client, analyst, web_imports, tmp_path):
    client.force_login(analyst)
    upload(client, ctdc_file(tmp_path, bad=3))
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    client.post(reverse("exchange:import-confirm", args=[check.pk]), {"keep_valid": "1"})
    run_queued_imports(once=True)
    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported, run.rows_rejected) == (Status.DONE, 22, 3)

    response = client.get(reverse("exchange:import-rejects", args=[run.pk]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and content.count("not a year") == 3
    assert AuditEvent.objects.filter(action=Action.IMPORT_REJECTS_DOWNLOADED, target_id=str(run.pk)).exists()


def test_an_investigator_imports_an_htcds_file_into_the_register_and_sees_names_audited(
    client, investigator, anltp, web_imports, tmp_path
):
    client.force_login(investigator)
    upload(client, htcds_file(tmp_path), kind="htcds", agency=anltp.pk, dataset_name="")
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    assert check.status == Status.DONE and check.agency == anltp and check.rows_imported == 12
    first = check.preview[0]["cells"]
    # Role and sex as the register's pages show them, in the run's language: not vigie's codes.
    with translation.override(check.language or "fr"):
        assert first[1][1] in {str(label) for label in Participant.Role.labels}
        assert first[4][1] in {str(label) for label in Sex.labels}
    assert first[1][1] not in Participant.Role.values and first[4][1] not in Sex.values
    page = client.get(reverse("exchange:import-run", args=[check.pk])).content.decode()
    assert first[2][1] in page  # the given names, as the register shows them to an investigator
    assert AuditEvent.objects.filter(action=Action.IMPORT_PREVIEW_VIEWED, actor=investigator).count() == 1

    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)
    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported) == (Status.DONE, 12)
    assert ImportRun.objects.get(pk=check.pk).preview == []


def test_a_system_admin_sees_the_counts_of_a_register_import_not_its_rows(
    client, investigator, sysadmin, anltp, web_imports, tmp_path
):
    client.force_login(investigator)
    upload(client, htcds_file(tmp_path), kind="htcds", agency=anltp.pk)
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    client.force_login(sysadmin)
    page = client.get(reverse("exchange:import-run", args=[check.pk])).content.decode()
    assert check.preview[0]["cells"][3][1] not in page
    assert client.post(reverse("exchange:import-confirm", args=[check.pk])).status_code == 403


def test_a_data_clerk_prepares_a_file_and_an_investigator_confirms_its_import(
    client, clerk, investigator, anltp, web_imports, tmp_path
):
    # The import confirms the file's victim identifications in the importer's name (the second person):
    # a clerk uploads and checks the file, one of the roles that confirm identifications imports it.
    client.force_login(clerk)
    upload(client, htcds_file(tmp_path), kind="htcds", agency=anltp.pk, dataset_name="")
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    assert (check.status, check.started_by, check.rows_imported) == (Status.DONE, clerk, 12)
    page = client.get(reverse("exchange:import-run", args=[check.pk]))
    assert page.context["can_confirm"] and not page.context["may_confirm"]
    assert reverse("exchange:import-confirm", args=[check.pk]) not in page.content.decode()
    assert client.post(reverse("exchange:import-confirm", args=[check.pk])).status_code == 403

    client.force_login(investigator)
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)

    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported, run.started_by) == (Status.DONE, 12, investigator)
    assert Decision.objects.filter(case__agency=anltp, status="confirmed").exclude(answered_by=clerk).exists()
    assert not Decision.objects.filter(answered_by=clerk).exists()


def test_an_analyst_may_not_import_into_the_register(client, analyst, anltp, web_imports, tmp_path):
    client.force_login(analyst)
    response = upload(client, htcds_file(tmp_path), kind="htcds", agency=anltp.pk)
    assert response.status_code == 400 and not ImportRun.objects.exists()


def test_a_file_over_the_limit_is_refused_with_a_clear_message(client, analyst, settings, web_imports, tmp_path):
    settings.VIGIE_IMPORT_MAX_BYTES = 100
    client.force_login(analyst)
    response = upload(client, ctdc_file(tmp_path))
    problems = response.context["form"].errors["file"]
    assert response.status_code == 400 and problems[0] in response.content.decode()
    assert "MB" in problems[0] or "Mo" in problems[0]
    assert not ImportRun.objects.exists() and not web_imports.exists()


def test_cancelling_a_queued_check_deletes_its_file(client, analyst, web_imports, tmp_path):
    client.force_login(analyst)
    upload(client, ctdc_file(tmp_path))
    check = ImportRun.objects.get()
    stored = web_imports / check.stored_path
    client.post(reverse("exchange:import-cancel", args=[check.pk]))
    check.refresh_from_db()
    assert check.status == Status.CANCELLED and not stored.exists() and check.stored_path == ""
    assert run_queued_imports(once=True) == 0
    assert AuditEvent.objects.filter(action=Action.IMPORT_CANCELLED, actor=analyst).exists()


def test_a_check_given_up_or_left_unconfirmed_takes_its_rejected_rows_with_it(client, analyst, web_imports, tmp_path):
    # They hold what the file says of people: kept only for a check that leads somewhere.
    import datetime

    from django.utils import timezone

    from vigie.exchange.worker import clean_up_old_files

    client.force_login(analyst)
    for _ in range(2):
        upload(client, ctdc_file(tmp_path, bad=3))
        run_queued_imports(once=True)
    given_up, left = ImportRun.objects.order_by("pk")
    rejects = {run.pk: web_imports / run.rejects_path for run in (given_up, left)}
    assert all(path.is_file() for path in rejects.values())

    client.post(reverse("exchange:import-cancel", args=[given_up.pk]))
    ImportRun.objects.filter(pk=left.pk).update(finished_at=timezone.now() - datetime.timedelta(days=2))
    clean_up_old_files()

    for run in (given_up, left):
        run.refresh_from_db()
        assert run.rejects_path == "" and not rejects[run.pk].exists()


def test_cancelling_a_running_import_rolls_it_back_and_names_who_cancelled(analyst, sysadmin, web_imports, tmp_path):
    file = ctdc_file(tmp_path, rows=2500)
    run = services.start_web_import(
        actor=analyst,
        kind="ctdc",
        upload=SimpleUploadedFile("big.csv", file.read_bytes()),
        dataset_name="CTDC test",
    )
    ImportRun.objects.filter(pk=run.pk).update(dry_run=False)
    run.refresh_from_db()
    # What the cancel button does once the worker has claimed the run.
    ImportRun.objects.filter(pk=run.pk).update(status=Status.RUNNING)
    run.status = Status.RUNNING
    services.cancel_import(actor=sysadmin, run=run)  # not who started it
    assert caches["imports"].get(cache_key(run, "cancel")) == sysadmin.pk
    ImportRun.objects.filter(pk=run.pk).update(status=Status.QUEUED)
    run_queued_imports(once=True)
    run.refresh_from_db()
    assert run.status == Status.CANCELLED and VictimRecord.objects.count() == 0 and run.stored_path == ""
    assert run.cancelled_by == sysadmin
    cancelled = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT_CANCELLED, target_id=str(run.pk))
    assert (cancelled.actor, cancelled.changes["started_by"]) == (sysadmin, analyst.get_username())


def test_after_cancel_the_page_says_the_import_is_stopping_instead_of_offering_cancel_again(
    client, analyst, web_imports, tmp_path
):
    client.force_login(analyst)
    upload(client, ctdc_file(tmp_path))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, dry_run=False)
    note_progress(run, 1000, 5000)  # the worker's heartbeat

    page = client.post(reverse("exchange:import-cancel", args=[run.pk]), follow=True).content.decode()

    assert "l'import s'arrête dans quelques instants" in page
    assert reverse("exchange:import-cancel", args=[run.pk]) not in page


def test_the_progress_fragment_reloads_the_page_when_the_run_ends(client, analyst, web_imports, tmp_path):
    client.force_login(analyst)
    upload(client, ctdc_file(tmp_path))
    check = ImportRun.objects.get()
    url = reverse("exchange:import-progress", args=[check.pk])
    waiting = client.get(url)
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "HX-Refresh" not in waiting.headers
    run_queued_imports(once=True)
    assert client.get(url).headers["HX-Refresh"] == "true"


def test_the_list_shows_each_user_their_imports(
    client, investigator, analyst, sysadmin, naptip, anltp, web_imports, tmp_path
):
    outsider = make_member(naptip, "investigator", username="investigator-naptip")
    for user, fields in (
        (investigator, {"kind": "htcds", "agency": anltp.pk}),
        (outsider, {"kind": "htcds", "agency": naptip.pk}),
        (analyst, {}),
    ):
        client.force_login(user)
        upload(client, htcds_file(tmp_path) if fields else ctdc_file(tmp_path), **fields)
    seen = {}
    for user in (investigator, outsider, analyst, sysadmin):
        client.force_login(user)
        seen[user.username] = list(client.get(reverse("exchange:imports")).context["page"].object_list)
    assert [r.agency for r in seen[investigator.username]] == [anltp]
    assert [r.agency for r in seen[outsider.username]] == [naptip]
    assert [r.kind for r in seen[analyst.username]] == ["ctdc"]
    assert len(seen[sysadmin.username]) == 3


@pytest.mark.parametrize("role", ["agency_admin", "case_worker", "clerk", "investigator", "prosecutor"])
def test_register_roles_are_offered_the_register_imports(client, role, request):
    client.force_login(request.getfixturevalue(role))
    form = client.get(reverse("exchange:import-new")).context["form"]
    assert [kind for kind, _label in form.fields["kind"].choices] == ["case-json", "htcds"]


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_aggregate_roles_are_offered_the_data_sets(client, role, request):
    client.force_login(request.getfixturevalue(role))
    form = client.get(reverse("exchange:import-new")).context["form"]
    assert [kind for kind, _label in form.fields["kind"].choices] == ["ctdc", "glotip"]


def test_a_spreadsheet_left_on_the_mapping_pages_is_deleted_after_a_day(settings, tmp_path, web_imports):
    import os
    import time

    from vigie.exchange.worker import clean_up_old_files

    settings.VAR_DIR = tmp_path
    kept = tmp_path / "mapping-uploads"
    kept.mkdir()
    (old := kept / "old.xlsx").write_bytes(b"x")
    (recent := kept / "recent.csv").write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    clean_up_old_files()

    assert not old.exists() and recent.exists()


def test_a_worker_stopped_mid_import_cancels_it_and_deletes_its_file(analyst, web_imports, tmp_path, monkeypatch):
    import os
    import signal

    from vigie.exchange import importing

    monkeypatch.setattr(importing, "CHECK_EVERY", 10)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    check = services.start_web_import(
        actor=analyst,
        kind="ctdc",
        upload=SimpleUploadedFile("ctdc.csv", ctdc_file(tmp_path, rows=60).read_bytes()),
        dataset_name="CTDC test",
    )

    def stop_at_thirty(run, done, total):  # systemctl stop, while the worker is at row 30
        if done == 30:
            os.kill(os.getpid(), signal.SIGTERM)

    def unhandled(signum, frame):  # what the test process would do without the command's handler: die
        raise RuntimeError("SIGTERM reached the process")

    monkeypatch.setattr(importing, "note_progress", stop_at_thirty)
    previous = signal.signal(signal.SIGTERM, unhandled)
    try:
        call_command("run-imports", "--once")
    finally:
        signal.signal(signal.SIGTERM, previous)

    check.refresh_from_db()
    assert (check.status, check.rows_read, check.stored_path) == (Status.CANCELLED, 30, "")
    assert kept_files(web_imports) == []
    assert not VictimRecord.objects.exists()
    # Said as what it was: no person cancelled it.
    assert check.error_summary.startswith("Arrêtée avec le programme d'importation")
    cancelled = AuditEvent.objects.get(action=Action.IMPORT_CANCELLED)
    assert (cancelled.changes["error"], cancelled.changes["rows_written"]) == (check.error_summary, 0)


def kept_files(uploads: Path) -> list[Path]:
    return [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []


def test_the_rows_of_a_case_deleted_in_vigie_are_counted_apart_on_the_pages(
    client, investigator, anltp, web_imports, tmp_path
):
    header = ["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "cas_Status"]
    first = write_plain_csv(tmp_path / "a.csv", header, [["C1", "Awa", "Sow", "Active"], ["C2", "Ali", "Ba", "Active"]])
    run_import(importer=HtcdsImporter(), path=first, actor=investigator, agency=anltp)
    delete_case(actor=investigator, case=Case.objects.get(title="HTCDS C1"))
    edited = write_plain_csv(
        tmp_path / "b.csv", header, [["C1", "Awa", "Sow", "Closed"], ["C2", "Ali", "Ba", "Closed"]]
    )
    client.force_login(investigator)

    upload(client, edited, kind="htcds", agency=anltp.pk, dataset_name="")
    run_queued_imports(once=True)

    check = ImportRun.objects.get(dry_run=True)
    assert (check.rows_imported, check.rows_of_deleted_cases) == (1, 1)
    page = client.get(reverse("exchange:import-run", args=[check.pk])).content.decode()
    assert "Lignes de dossiers supprimés ou de personnes retirées dans vigie, non réimportées" in page
    listed = client.get(reverse("exchange:imports")).content.decode()
    assert "(et 1 ligne d'un dossier supprimé ou d'une personne retirée)" in listed


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("dossiers.csv", "dossiers-rejected.csv"),
        ("inv.zip: htcds-2026-11-29.csv", "htcds-2026-11-29-rejected.csv"),
        ("Registre ANLTP: mars/avril 2021.xlsx", "mars-avril-2021-rejected.csv"),
        ("Suivi été.xlsx", "Suivi-été-rejected.csv"),
    ],
)
def test_the_file_of_rejected_rows_is_named_after_the_file_with_no_character_systems_refuse(file_name, expected):
    assert rejects_file_name(file_name) == expected
