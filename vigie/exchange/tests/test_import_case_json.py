import copy
import datetime
import io
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Decision
from vigie.conftest import make_member, second_person
from vigie.exchange.case_json_import import CaseJsonImporter, case_schema
from vigie.exchange.exports import case_json
from vigie.exchange.exports.services import export_case
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportRun
from vigie.exchange.tests.exports_support import PASSWORD, add_plan, rich_case
from vigie.investigations.services import open_investigation, record_arrest
from vigie.people.models import Person
from vigie.tests.matrix import Role

pytestmark = pytest.mark.django_db

# Fields that name the register the record lives in, who typed it and when: they differ between the two
# registers by design (see MAPPING.md) and are left out of the comparison.
NOT_COMPARED = {
    "agency_id",
    "recorded_by_agency_id",
    "case_id",
    "reference",
    "number",
    "year",
    "created_at",
    "updated_at",
    "recorded_at",
    "proposed_at",
    "proposed_by_id",
    "answered_by_id",
    "answered_at",
    "recorded_by_id",
    "lead_investigator_id",
    "case_worker_id",
}
# Which list a link points into, for the records this test builds.
LINKS = {
    "person_id": "persons",
    "participant_id": "participants",
    "procured_by_id": "participants",
    "suspect_id": "participants",
    "investigation_id": "investigations",
    "participants": "participants",
    "travellers": "participants",
}


def comparable(document):
    """The document with ids replaced by their rank in their list: the same case in two registers."""
    document = copy.deepcopy(document)
    lists = {
        "persons": document["persons"],
        "participants": document["participants"],
        "investigations": document["investigation"]["investigations"],
    }
    ranks = {
        name: {r["id"]: i for i, r in enumerate(sorted(records, key=lambda r: r["id"]))}
        for name, records in lists.items()
    }

    def clean(record):
        out = {}
        for key, value in record.items():
            if key in NOT_COMPARED:
                continue
            if key == "id":
                continue
            if key in LINKS and isinstance(value, list):
                value = sorted(ranks[LINKS[key]][v] for v in value)
            elif key in LINKS and value is not None:
                value = ranks[LINKS[key]][value]
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                value = [clean(v) for v in value]
            out[key] = value
        return out

    result = {"case": clean(document["case"])}
    result["persons"] = sorted((clean(p) for p in document["persons"]), key=lambda p: p["given_names"])
    for name in ("participants", "events", "crossings", "decisions"):
        result[name] = [clean(r) for r in document[name]]
    for part in ("investigation", "assistance"):
        result[part] = {name: [clean(r) for r in records] for name, records in document[part].items()}
    return result


@pytest.fixture
def full_case(anltp, investigator):
    case, victim, suspect = rich_case(anltp, investigator)
    add_plan(case, victim, second_person(anltp))
    investigation = open_investigation(
        actor=investigator,
        case=case,
        agency=anltp,
        lead_unit="Brigade des mineurs",
        opened_on=datetime.date(2025, 3, 14),
        lead_investigator=investigator,
    )
    record_arrest(
        actor=investigator, investigation=investigation, suspect=suspect, arrested_on=datetime.date(2025, 3, 15)
    )
    return case


def document_of(user, case):
    return json.loads(json.dumps(case_json.case_document(user, case, exported_at=timezone.now())))


def write_json(tmp_path, document, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def import_file(path, user, agency, **options):
    return run_import(importer=CaseJsonImporter(), path=path, actor=user, agency=agency, language="en", **options)


def test_the_export_validates_against_the_published_schema(full_case, agency_admin):
    jsonschema.Draft202012Validator.check_schema(case_schema())
    jsonschema.validate(document_of(agency_admin, full_case), case_schema())


def test_export_import_export_gives_the_same_case(full_case, agency_admin, naptip, tmp_path):
    exported = document_of(agency_admin, full_case)
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)

    run = import_file(write_json(tmp_path, exported), admin_of_naptip, naptip)

    assert run.status == ImportRun.Status.DONE, run.error_summary
    copied = Case.objects.get(agency=naptip)
    again = document_of(admin_of_naptip, copied)
    assert again["parts"] == ["investigation", "assistance"]
    assert len(again["investigation"]["arrests"]) == 1
    assert comparable(again) == comparable(exported)


def test_the_copy_is_a_case_of_the_chosen_agency_with_its_own_reference(full_case, agency_admin, naptip, tmp_path):
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)
    import_file(write_json(tmp_path, document_of(agency_admin, full_case)), admin_of_naptip, naptip)

    copied = Case.objects.get(agency=naptip)
    assert copied.reference != full_case.reference
    assert set(Person.objects.filter(participations__case=copied).values_list("recorded_by_agency", flat=True)) == {
        naptip.pk
    }
    identification = Decision.objects.get(case=copied)
    assert identification.status == "confirmed"
    assert identification.answered_by == admin_of_naptip
    assert identification.proposed_by.username == "case-json-import"
    assert not identification.proposed_by.is_active
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_IMPORTED)
    assert event.target_label == copied.reference
    assert event.changes["source_reference"] == full_case.reference


def test_importing_the_same_case_again_creates_nothing(full_case, agency_admin, naptip, tmp_path):
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)
    path = write_json(tmp_path, document_of(agency_admin, full_case))
    import_file(path, admin_of_naptip, naptip)

    run = import_file(path, admin_of_naptip, naptip)

    assert (run.rows_read, run.rows_imported, run.rows_skipped) == (1, 0, 1)
    assert Case.objects.filter(agency=naptip).count() == 1


def test_a_list_of_cases_imports_each(full_case, agency_admin, naptip, investigator, anltp, tmp_path):
    other, _victim, _suspect = rich_case(anltp, investigator, title="Autre dossier")
    path = write_json(tmp_path, [document_of(agency_admin, full_case), document_of(agency_admin, other)])

    run = import_file(path, make_member(naptip, Role.AGENCY_ADMIN), naptip)

    assert (run.rows_read, run.rows_imported) == (2, 2)
    assert sorted(Case.objects.filter(agency=naptip).values_list("title", flat=True)) == [
        "Autre dossier",
        full_case.title,
    ]


def test_bad_records_are_rejected_with_their_path_and_nothing_is_written(full_case, agency_admin, naptip, tmp_path):
    document = document_of(agency_admin, full_case)
    victim_index = next(i for i, p in enumerate(document["persons"]) if p["given_names"] == "Aïssata")
    document["persons"][victim_index]["sex"] = "robot"
    document["events"][0]["date"] = "2021-02-31"
    document["participants"][0]["person_id"] = 999999
    before = Case.objects.count()

    run = import_file(write_json(tmp_path, document), make_member(naptip, Role.AGENCY_ADMIN), naptip)

    assert run.status == ImportRun.Status.REFUSED
    problems = {(p.column, p.value): p.message for p in run.rejected_rows.all()}
    assert f"persons[{victim_index}].sex" in {column for column, _value in problems}
    assert ("events[0].date", "2021-02-31") in problems
    assert problems[("participants[0].person_id", "999999")] == "This refers to a record that is not in the file."
    assert Case.objects.count() == before


def test_a_document_of_another_format_is_rejected_by_the_schema(agency_admin, naptip, tmp_path):
    document = {"schema": "other/1", "case": {"id": "x"}}

    run = import_file(write_json(tmp_path, document), make_member(naptip, Role.AGENCY_ADMIN), naptip)

    problems = {p.column: p.message for p in run.rejected_rows.all()}
    assert problems["schema"] == "This is not a case exported by vigie (schema vigie.case/1)."
    assert problems["case.id"] == "Wrong kind of value: expected integer."
    assert problems["persons"] == "This part of the case is missing."


def test_a_truncated_file_is_refused(full_case, agency_admin, naptip, tmp_path):
    text = json.dumps(document_of(agency_admin, full_case))
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")

    run = import_file(path, make_member(naptip, Role.AGENCY_ADMIN), naptip)

    assert run.status == ImportRun.Status.REFUSED
    assert run.error_summary.startswith("This file is not valid JSON (line 1, column")
    assert not Case.objects.filter(agency=naptip).exists()


def test_the_command_reads_the_export_archive_with_its_password(full_case, agency_admin, naptip, tmp_path, capsys):
    out = io.BytesIO()
    export_case(actor=agency_admin, case_id=full_case.pk, out=out, password=PASSWORD)
    archive = tmp_path / "case.zip"
    archive.write_bytes(out.getvalue())
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)
    common = ["import", "case-json", str(archive), "--agency", "NAPTIP", "--as", admin_of_naptip.username]

    wrong, right = tmp_path / "wrong.txt", tmp_path / "right.txt"
    wrong.write_text("pas le bon mot de passe")
    right.write_text(PASSWORD)

    with pytest.raises(CommandError, match="Wrong password"):
        call_command(*common, "--password-file", wrong, "--lang", "en")
    call_command(*common, "--password-file", right, "--lang", "en")

    assert "Read 1, imported 1, rejected 0" in capsys.readouterr().out
    assert Case.objects.filter(agency=naptip).count() == 1


def test_the_command_needs_a_user_to_confirm_the_decisions(full_case, agency_admin, naptip, tmp_path):
    path = write_json(tmp_path, document_of(agency_admin, full_case))

    with pytest.raises(CommandError, match="--as USERNAME"):
        call_command("import", "case-json", str(path), "--agency", "NAPTIP", "--lang", "en")
    assert not Case.objects.filter(agency=naptip).exists()


def test_a_dry_run_counts_and_writes_nothing(full_case, agency_admin, naptip, tmp_path):
    path = write_json(tmp_path, document_of(agency_admin, full_case))

    run = import_file(path, make_member(naptip, Role.AGENCY_ADMIN), naptip, dry_run=True)

    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 1)
    assert not Case.objects.filter(agency=naptip).exists()


def test_messages_are_in_the_users_language(agency_admin, naptip, tmp_path):
    path = write_json(tmp_path, {"schema": "vigie.case/1"})

    run = run_import(importer=CaseJsonImporter(), path=path, actor=agency_admin, agency=naptip, language="fr")

    problems = {p.column: p.message for p in run.rejected_rows.all()}
    assert problems["case"] == "Cette partie du dossier manque."


def test_a_case_json_goes_through_the_web_import_check_confirm_and_worker(
    client, full_case, agency_admin, naptip, settings, tmp_path
):
    from django.urls import reverse

    from vigie.exchange.worker import run_queued_imports

    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    settings.CACHES = {**settings.CACHES, "imports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    path = write_json(tmp_path, document_of(agency_admin, full_case), name="NE-ANLTP-2025-0001.json")
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)
    client.force_login(admin_of_naptip)

    with path.open("rb") as file:
        client.post(reverse("exchange:import-new"), {"kind": "case-json", "file": file, "agency": naptip.pk})
    run_queued_imports(once=True)
    check = ImportRun.objects.get()
    assert (check.kind, check.status, check.rows_imported) == ("case-json", ImportRun.Status.DONE, 1)
    client.post(reverse("exchange:import-confirm", args=[check.pk]))
    run_queued_imports(once=True)

    run = ImportRun.objects.exclude(pk=check.pk).get()
    assert (run.status, run.rows_imported) == (ImportRun.Status.DONE, 1)
    assert Case.objects.filter(agency=naptip).count() == 1
    assert ImportRun.objects.get(pk=check.pk).preview == []


def test_the_preview_of_a_case_json_check_names_the_case_not_the_whole_document(full_case, agency_admin):
    from vigie.exchange.worker import preview_cells

    document = document_of(agency_admin, full_case)

    with translation.override("en"):
        cells = preview_cells("case-json", {"document": json.dumps(document)}, document)

    assert cells == [("Case number", full_case.reference), ("Title", full_case.title), ("People", "2")]


def test_a_referral_to_another_agency_of_the_source_is_refused_with_the_record_named(
    full_case, agency_admin, naptip, tmp_path
):
    document = document_of(agency_admin, full_case)
    plan = document["assistance"]["assistance_plans"][0]
    document["assistance"]["referrals"] = [
        {
            "id": 1,
            "case_id": plan["case_id"],
            "participant_id": plan["participant_id"],
            "referring_agency_id": document["case"]["agency_id"],
            "to_agency_id": 424242,  # an agency of the source's register
            "to_provider_id": None,
            "services": ["shelter"],
            "status": "proposed",
            "proposed_by_id": 1,
            "proposed_at": "2025-03-20T10:00:00+00:00",
        }
    ]

    run = import_file(write_json(tmp_path, document), make_member(naptip, Role.AGENCY_ADMIN), naptip)

    assert run.status == ImportRun.Status.REFUSED
    assert not run.rejected_rows.exists()  # the link is emptied only when writing: the check could not judge it
    assert run.error_summary.startswith("assistance.referrals[0]")
    assert not Case.objects.filter(agency=naptip).exists()


def test_the_command_refuses_a_case_archive_that_inflates_past_the_limit(naptip, tmp_path, settings):
    """Read in memory: a small archive of a few kilobytes must not become gigabytes."""
    import zipfile

    import pyzipper

    settings.VIGIE_IMPORT_MAX_BYTES = 100_000  # and the archive is far smaller than a hundredth of the file
    bomb = tmp_path / "case.zip"
    with pyzipper.AESZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as out:
        out.setpassword(PASSWORD.encode())
        out.writestr("case.json", b'{"padding": "' + b" " * 2_000_000 + b'"}')
    assert bomb.stat().st_size * 100 < 2_000_000
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD)
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)

    with pytest.raises(CommandError, match=r"larger than the limit of 0\.\d+ MB"):
        call_command(
            "import", "case-json", str(bomb), "--agency", "NAPTIP", "--as", admin_of_naptip.username,
            "--password-file", password, "--lang", "en",
        )  # fmt: skip
    assert not Case.objects.filter(agency=naptip).exists()
