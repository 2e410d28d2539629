import io
import json

import pytest
import pyzipper
from django.http import Http404
from django.utils import timezone

from vigie.audit.models import AuditEvent
from vigie.conftest import make_member, second_person
from vigie.exchange.exports import case_json
from vigie.exchange.exports.services import export_case
from vigie.exchange.tests.exports_support import PASSWORD, add_plan, open_archive, rich_case
from vigie.tests.matrix import Role


def export(user, case, password=PASSWORD):
    out = io.BytesIO()
    export_case(actor=user, case_id=case.pk, out=out, password=password)
    (content,) = open_archive(out.getvalue(), password).values()
    return json.loads(content)


@pytest.fixture
def full_case(anltp, investigator):
    case, victim, _ = rich_case(anltp, investigator)
    add_plan(case, victim, second_person(anltp))
    return case


def test_the_document_holds_the_case_its_people_and_timeline(full_case, investigator):
    document = export(investigator, full_case)
    assert document["schema"] == "vigie.case/1"
    assert document["case"]["reference"] == full_case.reference
    assert document["case"]["offences"] == ["tip"]
    assert {p["given_names"] for p in document["persons"]} == {"Aïssata", "Ibrahim"}
    victim = next(p for p in document["persons"] if p["given_names"] == "Aïssata")
    assert victim["phones"][0]["number"] == "+22796123456"
    assert victim["consents"][0]["purpose"] == "data_sharing"
    assert [e["kind"] for e in document["events"]] == ["recruitment", "exploitation"]
    assert document["crossings"][0]["to_country_id"] == "NG"
    assert document["decisions"][0]["kind"] == "victim_identification"


def test_parts_follow_the_need_to_know(full_case, investigator, case_worker, agency_admin):
    assert export(investigator, full_case)["parts"] == ["investigation"]
    assert "assistance" not in export(investigator, full_case)
    by_case_worker = export(case_worker, full_case)
    assert by_case_worker["parts"] == ["assistance"]
    assert by_case_worker["assistance"]["assistance_plans"][0]["goals"] == "Médical : bilan de santé"
    assert export(agency_admin, full_case)["parts"] == ["investigation", "assistance"]


def test_a_case_of_another_agency_is_not_found(full_case, naptip):
    with pytest.raises(Http404):
        export(make_member(naptip, Role.DATA_CLERK), full_case)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_the_export_is_audited_in_the_case(full_case, investigator):
    export(investigator, full_case)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert (event.actor, event.target_label, event.agency_id) == (
        investigator,
        full_case.reference,
        full_case.agency_id,
    )
    assert event.changes["kind"] == "case-json"


def test_the_archive_does_not_open_without_the_password(full_case, investigator):
    out = io.BytesIO()
    export_case(actor=investigator, case_id=full_case.pk, out=out, password=PASSWORD)
    with pyzipper.AESZipFile(io.BytesIO(out.getvalue())) as archive:
        (name,) = archive.namelist()
        with pytest.raises(RuntimeError):
            archive.read(name)
        archive.setpassword(b"not the password at all")
        with pytest.raises(RuntimeError):
            archive.read(name)
    assert b"Kouyat" not in out.getvalue()


def test_the_file_round_trips_through_json_with_each_record_once(full_case, agency_admin):
    """There is no case-json importer: the round trip is the file's own, every value read back as written.
    "vigie.case/1" is a name, not a JSON Schema document: what is checked is that the file says it."""
    out = io.BytesIO()
    export_case(actor=agency_admin, case_id=full_case.pk, out=out, password=PASSWORD)
    (content,) = open_archive(out.getvalue()).values()

    document = json.loads(content)

    assert document["schema"] == case_json.SCHEMA
    assert json.dumps(document, ensure_ascii=False, indent=2).encode() == content
    # What the exporter built, read back from the file, is equal value for value (no tuple, key or number
    # that JSON would change): only the moment of the export differs.
    built = case_json.case_document(agency_admin, full_case, exported_at=timezone.now())
    assert {**document, "exported_at": None} == {**built, "exported_at": None}
    for name, records in [
        ("participants", full_case.participants.all()),
        ("events", full_case.events.all()),
        ("crossings", full_case.crossings.all()),
    ]:
        ids = [r["id"] for r in document[name]]
        assert sorted(ids) == sorted(r.pk for r in records), name
        assert len(set(ids)) == len(ids), name
    persons = [p["id"] for p in document["persons"]]
    assert sorted(persons) == sorted({p.person_id for p in full_case.participants.all()})
