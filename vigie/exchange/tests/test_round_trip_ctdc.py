"""CTDC round trip: what vigie's ctdc-csv export writes, the CTDC importer reads back (2018/2020 global
layout) as the same records, code for code.

The export is k-anonymised (vigie.exchange.exports.ctdc.k_anonymous): the register below has two groups of
eleven victims that share every quasi-identifier, so both are released whole, and one victim alone, who is
withheld and so never reaches the file nor the data set.
"""

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from vigie.cases.models import Participant
from vigie.cases.selectors import CaseFilters
from vigie.cases.services import add_new_person_to_case
from vigie.conftest import make_case
from vigie.exchange.ctdc import CtdcImporter
from vigie.exchange.exports import ctdc
from vigie.exchange.exports.services import export_cases
from vigie.exchange.importing import run_import
from vigie.exchange.models import DataSet, ImportRun, VictimRecord
from vigie.exchange.tests.exports_support import csv_rows, rich_case
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

# The coded variables the importer models, with the VictimRecord field each one fills.
FIELD_OF_COLUMN = {
    "yearOfRegistration": "year_of_registration",
    "Datasource": "data_source",
    "gender": "gender",
    "ageBroad": "age_band",
    "majorityStatus": "majority_status",
    "citizenship": "citizenship",
    "CountryOfExploitation": "country_of_exploitation",
    "isForcedLabour": "is_forced_labour",
    "isSexualExploit": "is_sexual_exploitation",
    "isOtherExploit": "is_other_exploitation",
    "meansOfControlFalsePromises": "means_false_promises",
    "meansOfControlPsychoactiveSubstances": "means_drugs_alcohol",
    "meansOfControlExcessiveWorkingHours": "means_excessive_work_hours",
    "meansOfControlWithholdsDocuments": "means_withhold_documents",
    "typeOfLabourAgriculture": "labour_agriculture",
    "typeOfLabourConstruction": "labour_construction",
    "typeOfLabourDomesticWork": "labour_domestic_work",
    "typeOfLabourHospitality": "labour_hospitality",
    "typeOfSexProstitution": "sex_prostitution",
    "typeOfSexPornography": "sex_pornography",
    "recruiterRelationIntimatePartner": "recruiter_intimate_partner",
    "recruiterRelationFriend": "recruiter_friend",
    "recruiterRelationFamily": "recruiter_family",
    "recruiterRelationOther": "recruiter_other",
}
FLAGS = {"1": True, "0": False}
FLAG_PREFIXES = ("is_", "means_", "labour_", "sex_", "recruiter_")


def read(field: str, text: str) -> Any:
    if text == ctdc.MISSING:
        return None
    return FLAGS[text] if field.startswith(FLAG_PREFIXES) else text


def adult_farm_worker(agency, actor, nationality: str = "NE") -> None:
    """A man of 34 in forced agricultural labour, deceived and without his papers; no dated exploitation."""
    case = make_case(agency, actor, title="Travail forcé, plantation")
    add_new_person_to_case(
        actor=actor,
        case=case,
        person_values={
            "given_names": "Moussa",
            "family_name": "Abdou",
            "sex": "male",
            "date_of_birth": "1991-01-20",
            "nationalities": [Country.objects.get(pk=nationality)],
        },
        role=Participant.Role.PRESUMED_VICTIM,
        forms_of_exploitation=["forced_labour"],
        means_of_control=["false_promises", "withholds_documents"],
        sector="A",
    )


def build_register(agency, actor) -> None:
    for _ in range(ctdc.K_ANONYMITY):
        rich_case(agency, actor)  # a girl of 15, begging and sexually exploited in Nigeria
        adult_farm_worker(agency, actor)
    adult_farm_worker(agency, actor, nationality="ML")  # alone of his kind: withheld


def exported_rows(user, folder: Path) -> tuple[Path, list[dict[str, str]]]:
    out = io.BytesIO()
    result = export_cases(actor=user, kind="ctdc-csv", filters=CaseFilters(), out=out)
    assert result.records == 2 * ctdc.K_ANONYMITY
    path = folder / "ctdc.csv"
    path.write_bytes(out.getvalue())
    return path, csv_rows(out.getvalue())


def expected(row: dict[str, str]) -> tuple[Any, ...]:
    """The record the importer should make of an exported row: "-99" is missing, flags are booleans, and
    the variables it does not model are kept as written."""
    texts = {FIELD_OF_COLUMN[column]: text for column, text in row.items() if column in FIELD_OF_COLUMN}
    values: dict[str, Any] = {field: read(field, text) for field, text in texts.items()}
    others = {column: text for column, text in row.items() if column not in FIELD_OF_COLUMN and text != ctdc.MISSING}
    return (*(values[field] for field in sorted(values)), sorted(others.items()))


def imported(record: VictimRecord) -> tuple[Any, ...]:
    fields = sorted(FIELD_OF_COLUMN.values())
    return (*(getattr(record, field) for field in fields), sorted(record.other_columns.items()))


def test_an_export_imported_as_a_data_set_gives_the_same_records(tmp_path, anltp, investigator, agency_admin):
    build_register(anltp, investigator)
    path, rows = exported_rows(agency_admin, tmp_path)

    run = run_import(importer=CtdcImporter(), path=path, actor=agency_admin, dataset="Export ANLTP")

    assert (run.status, run.rows_read, run.rows_rejected, run.rows_skipped) == (ImportRun.Status.DONE, 22, 0, 0)
    assert DataSet.objects.get(name="Export ANLTP").kind == DataSet.Kind.CTDC_GLOBAL_2018
    records = VictimRecord.objects.filter(run=run).order_by("row_number")
    # Record by record, in the file's order (the header is row 1).
    assert [r.row_number for r in records] == list(range(2, 24))
    assert [imported(r) for r in records] == [expected(row) for row in rows]


def test_the_records_carry_the_victims_codes(tmp_path, anltp, investigator, agency_admin):
    build_register(anltp, investigator)
    path, _rows = exported_rows(agency_admin, tmp_path)

    run = run_import(importer=CtdcImporter(), path=path, actor=agency_admin, dataset="Export ANLTP")

    kinds = Counter(
        VictimRecord.objects.filter(run=run).values_list(
            "gender", "majority_status", "citizenship", "country_of_exploitation", "is_forced_labour",
            "is_sexual_exploitation", "labour_agriculture", "means_withhold_documents",
        )
    )  # fmt: skip
    assert kinds == {
        ("Female", "Minor", "NG", "NG", True, True, False, False): 11,  # begging: labour, not farm work
        ("Male", "Adult", "NE", None, True, False, True, True): 11,
    }
    girl = VictimRecord.objects.filter(run=run, gender="Female").first()
    assert girl is not None
    assert girl.other_columns["majorityStatusAtExploit"] == "Minor"
    assert girl.other_columns["MajorityEntry"] == "Minor"
    assert not VictimRecord.objects.filter(citizenship="ML").exists()  # withheld by k-anonymity
