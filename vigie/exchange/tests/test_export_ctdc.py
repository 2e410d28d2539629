import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vigie.audit.models import AuditEvent
from vigie.cases.selectors import CaseFilters
from vigie.conftest import make_case
from vigie.exchange.exports import ctdc
from vigie.exchange.exports.services import export_cases
from vigie.exchange.tests.exports_support import PASSWORD, add_victim, csv_rows, open_archive, rich_case

# Everything that could name or single out a person, as it is written in the register of these tests.
IDENTIFYING_VALUES = ["Aïssata", "Kouyaté", "Ibrahim", "Moussa", "2009-05-14", "+22796123456", "Mirriah", "Kano"]


NO_FILTERS = CaseFilters()


def eleven_alike(agency, actor) -> None:
    """Eleven victims who share every coded value: k-anonymity lets them all through."""
    for _ in range(ctdc.K_ANONYMITY):
        rich_case(agency, actor)


def export(user, filters=NO_FILTERS, password=None) -> tuple[bytes, Any]:
    out = io.BytesIO()
    result = export_cases(actor=user, kind="ctdc-csv", filters=filters, out=out, password=password)
    return out.getvalue(), result


def test_the_columns_are_ctdcs_global_layout(anltp, investigator):
    eleven_alike(anltp, investigator)
    data, _ = export(investigator)
    header = data.decode().splitlines()[0].split(",")
    assert len(header) == 62
    assert header[:8] == [
        "yearOfRegistration",
        "Datasource",
        "gender",
        "ageBroad",
        "majorityStatus",
        "majorityStatusAtExploit",
        "MajorityEntry",
        "citizenship",
    ]
    assert header[-6] == "CountryOfExploitation"


def test_a_victim_is_coded_as_ctdc_codes_it(anltp, investigator):
    eleven_alike(anltp, investigator)
    row = csv_rows(export(investigator)[0])[0]
    assert row["yearOfRegistration"] == "2025"  # the year the case was opened
    assert row["Datasource"] == "Case management"
    assert row["gender"] == "Female"
    assert row["citizenship"] == "NG"
    assert row["CountryOfExploitation"] == "NG"
    assert row["majorityStatusAtExploit"] == "Minor"  # 15 in January 2025
    assert row["MajorityEntry"] == "Minor"
    assert row["isForcedLabour"] == "1"  # forced begging is forced labour in CTDC
    assert row["isSexualExploit"] == "1"
    assert row["isSexAndLabour"] == "1"
    assert row["isForcedMarriage"] == "0"
    assert row["typeOfLabourBegging"] == "1"
    assert row["typeOfLabourDomesticWork"] == "1"
    assert row["typeOfLabourConstruction"] == "0"
    assert row["meansOfControlDebtBondage"] == "1"
    assert row["meansOfControlRestrictsMovement"] == "1"
    assert row["meansOfControlSexualAbuse"] == "0"
    assert row["meansOfControlNotSpecified"] == "0"
    assert row["meansOfControlUsesChildren"] == "-99"  # never recorded: missing
    assert row["typeOfSexProstitution"] == "-99"
    assert row["isAbduction"] == "-99"


def test_ages_fall_in_the_codebooks_bands():
    assert [ctdc.age_band(a) for a in (None, 0, 8, 9, 17, 18, 29, 30, 47, 48, 90)] == [
        "-99", "0--8", "0--8", "9--17", "9--17", "18--20", "27--29", "30--38", "39--47", "48+", "48+",
    ]  # fmt: skip


def test_unknown_facts_are_missing_not_no(anltp, investigator):
    for _ in range(ctdc.K_ANONYMITY):
        case = make_case(anltp, investigator)
        from vigie.cases.services import add_new_person_to_case

        add_new_person_to_case(
            actor=investigator, case=case, person_values={"given_names": "X"}, role="presumed_victim"
        )
    row = csv_rows(export(investigator)[0])[0]
    assert row["ageBroad"] == "-99"
    assert row["citizenship"] == "-99"
    assert row["isForcedLabour"] == "-99"
    assert row["meansOfControlDebtBondage"] == "-99"
    assert row["meansOfControlNotSpecified"] == "1"
    assert row["CountryOfExploitation"] == "-99"


def test_records_shared_by_fewer_than_eleven_are_withheld(anltp, investigator):
    eleven_alike(anltp, investigator)
    add_victim(make_case(anltp, investigator), investigator, sex="male")
    data, result = export(investigator)
    assert len(csv_rows(data)) == 11
    assert (result.records, result.withheld) == (11, 1)
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED).changes["withheld"] == 1


def test_the_analysts_file_has_no_identifying_value(anltp, investigator, analyst):
    eleven_alike(anltp, investigator)
    data, result = export(analyst)
    assert result.records == 11
    text = data.decode()
    for value in IDENTIFYING_VALUES:
        assert value not in text
    assert "Mendicité" not in text  # the event's description


def test_an_analyst_cannot_search_names_through_the_export(anltp, investigator, analyst):
    # Whether a name gives records would tell whether that person is in the register. Refused, not left
    # out: the file would be another than the one asked for, and the audit would record a filter not applied.
    eleven_alike(anltp, investigator)
    with pytest.raises(ValidationError, match="recherche par nom"):
        export(analyst, CaseFilters(query="Nobody Atall"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
    assert export(investigator, CaseFilters(query="Nobody Atall"))[1].records == 0  # who sees names may


def test_the_anonymous_export_is_by_whole_years(anltp, investigator, analyst):
    # Two exports whose periods differ by a day differ by the victims of that day's cases: who knows when a
    # person's case was opened would read that person's record. Refused, with the reason.
    eleven_alike(anltp, investigator)
    year = timezone.localdate().year
    with pytest.raises(ValidationError, match="années entières"):
        export(analyst, CaseFilters(opened_from=datetime.date(year, 1, 1), opened_to=datetime.date(year, 7, 4)))
    with pytest.raises(ValidationError, match="années entières"):
        export(analyst, CaseFilters(opened_from=datetime.date(year, 7, 5)))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
    whole = CaseFilters(opened_from=datetime.date(year - 1, 1, 1), opened_to=datetime.date(year, 12, 31))
    assert export(analyst, whole)[1].records == ctdc.K_ANONYMITY


def test_with_a_password_it_is_an_encrypted_archive(anltp, investigator):
    eleven_alike(anltp, investigator)
    data, result = export(investigator, password=PASSWORD)
    assert result.filename.endswith(".zip")
    (content,) = open_archive(data).values()
    assert len(csv_rows(content)) == 11


def test_a_rare_age_band_is_dropped_before_the_record(anltp, investigator):
    """Eleven victims alike but for their ages: no band has eleven, so each record loses its band and all
    eleven are released, still telling minors from adults."""
    for year in range(1995, 1995 + ctdc.K_ANONYMITY):
        add_victim(make_case(anltp, investigator), investigator, date_of_birth=str(year))
    rows = csv_rows(export(investigator)[0])
    assert len(rows) == ctdc.K_ANONYMITY
    assert {(r["ageBroad"], r["majorityStatus"]) for r in rows} == {("-99", "Adult")}
