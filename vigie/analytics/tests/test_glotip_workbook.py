"""The GLOTIP workbook: the official file's layout, the engine's and the justice counts, small cells
protected, and the official figures beside them, checked against the raw GLOTIP file read here."""

import datetime
import io
from collections import defaultdict
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from vigie.analytics.glotip_workbook import official_match, register_rows, write_workbook
from vigie.analytics.statistics import Dimension, VictimFilters, victim_statistics
from vigie.assistance import services as assistance
from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Participant
from vigie.cases.services import add_new_person_to_case
from vigie.conftest import make_case
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.tests.conftest import GLOTIP_FILE
from vigie.justice import services
from vigie.justice.models import Proceeding
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db
D = datetime.date
VICTIMS = "Detected trafficking victims"
SEX_LABELS: dict[Any, str] = {"female": "Female", "male": "Male", "other": "Other", None: "Unknown"}
AGE_LABELS: dict[Any, str] = {"child": "0 to 17 years", "adult": "18 years or over", None: "Unknown"}


def raw_rows():
    sheet = load_workbook(GLOTIP_FILE, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[2]), rows[3:]


@pytest.fixture(scope="module")
def nigeria_file(tmp_path_factory):
    """The real GLOTIP file cut down to Nigeria (its two title lines and header kept), and Nigeria's rows."""
    header, rows = raw_rows()
    nigeria = [row for row in rows if row[0] == "NGA"]
    path = tmp_path_factory.mktemp("glotip") / "nga.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["UNODC"])
    sheet.append(["30/05/2023"])
    sheet.append(header)
    for row in nigeria:
        sheet.append(row)
    book.save(path)
    return path, header, [dict(zip(header, row, strict=True)) for row in nigeria]


def victim(case, actor, *, sex, born, forms, nationalities=("NG",)):
    return add_new_person_to_case(
        actor=actor,
        case=case,
        person_values={
            "given_names": "V",
            "family_name": "W",
            "sex": sex,
            "date_of_birth": born,
            "nationalities": list(Country.objects.filter(iso2__in=nationalities)),
        },
        role=Participant.Role.PRESUMED_VICTIM,
        forms_of_exploitation=forms,
    )


@pytest.fixture
def nigerian_register(naptip, outsider):
    """In Nigeria in 2020: 7 adult women (sexual exploitation), 6 adult men (forced labour), 2 boys (forced
    begging, one a Nigerien), one person of unknown sex and age with no form; 2 suspects, one convicted."""
    case = make_case(naptip, outsider, opened_on=D(2020, 5, 4), country_id="NG", offences=["tip"])
    for _ in range(7):
        victim(case, outsider, sex="female", born="1990", forms=["sexual"])
    for _ in range(6):
        victim(case, outsider, sex="male", born="1985-06", forms=["forced_labour"])
    victim(case, outsider, sex="male", born="2010", forms=["forced_begging"])
    victim(case, outsider, sex="male", born="2011", forms=["forced_begging"], nationalities=("NE",))
    victim(case, outsider, sex="unknown", born="", forms=[], nationalities=())
    suspects = [
        add_new_person_to_case(
            actor=outsider,
            case=case,
            person_values={"given_names": "S", "family_name": str(i), "sex": "male", "date_of_birth": "1970"},
            role=Participant.Role.SUSPECT,
            suspect_role="exploiter",
        )
        for i in range(2)
    ]
    prosecutor = outsider  # NAPTIP's investigator records the proceedings in this test
    round_ = services.open_proceeding(
        actor=prosecutor,
        case=case,
        court_name="Federal High Court, Lagos",
        court_country_id="NG",
        level=Proceeding.Level.FIRST_INSTANCE,
        opened_on=D(2020, 9, 1),
    )
    charge = services.bring_charge(
        actor=prosecutor, proceeding=round_, accused=suspects[0], offence="tip", charged_on=D(2020, 9, 2)
    )
    services.record_verdict(
        actor=prosecutor, charge=charge, proceeding=round_, outcome="convicted", decided_on=D(2020, 12, 1)
    )
    return case


def workbook_of(**kwargs):
    out = io.BytesIO()
    # The sheets' titles and definitions are in the user's language; the figures in GLOTIP's English.
    with translation.override("en"):
        write_workbook(out, cases=Case.objects.all(), **kwargs)
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def padded(lines):
    # A read-only sheet leaves out the empty cells at the end of a line.
    return [(*line, *[None] * (10 - len(line))) for line in lines]


def nigeria() -> Country:
    return Country.objects.get(iso2="NG")


def test_the_figures_have_the_official_files_columns_and_rows(nigerian_register, nigeria_file):
    _path, header, _rows = nigeria_file
    sheets = workbook_of(country=nigeria(), year_from=2020, year_to=2020)
    figures = sheets["Register figures"]
    assert list(figures[0]) == header
    for row in figures[1:]:
        line = dict(zip(header, row, strict=True))
        assert (line["Iso3_code"], line["Year"], line["Unit of measurement"], line["Source"]) == (
            "NGA",
            2020,
            "Counts",
            "vigie register",
        )
    indicators = {row[4] for row in figures[1:]}
    assert indicators == {
        "Detected trafficking victims",
        "Persons brought into formal contact",
        "Persons prosecuted",
        "Persons convicted",
        "Offences of trafficking in persons",
    }
    assert set(sheets) == {"Register figures", "Side by side", "Definitions and sources"}


def test_victims_are_the_engines_figures_and_small_ones_are_protected(nigerian_register):
    rows = {
        row.key: row for row in register_rows(cases=Case.objects.all(), country=nigeria(), year_from=2020, year_to=2020)
    }
    engine = victim_statistics(
        source="register",
        dimensions=[Dimension.YEAR, Dimension.SEX, Dimension.AGE_GROUP],
        filters=VictimFilters(2020, 2020, "NG"),
    )
    assert engine.rows
    for found in engine.rows:
        _year, sex, age = found.values
        key = ("Detected trafficking victims", "Total", "Total", SEX_LABELS[sex], AGE_LABELS[age], 2020)
        assert rows[key].value == found.victims
    # By hand: 7 women, 8 men (6 adults, 2 boys), 1 unknown: 16 victims.
    total = rows[("Detected trafficking victims", "Total", "Total", "Total", "Total", 2020)]
    assert total.value == 16
    boys = rows[("Detected trafficking victims", "Total", "Total", "Male", "0 to 17 years", 2020)]
    assert (boys.value, boys.shown) == (2, "<5")
    # No count from 1 to 4 is ever written, and a written number is the exact count.
    for row in rows.values():
        if 0 < row.value < 5:
            assert row.shown == "<5"
        if isinstance(row.shown, int):
            assert row.shown == row.value
    forms = {
        key[2]: row.value
        for key, row in rows.items()
        if key[:2] == (VICTIMS, "by form of exploitation") and key[3:5] == ("Total", "Total")
    }
    assert forms == {"Sexual exploitation": 7, "Forced labour": 6, "Other forms of exploitation": 2, "Unknown": 1}
    citizenships = {key[2]: row.value for key, row in rows.items() if key[:2] == (VICTIMS, "by citizenship")}
    assert citizenships == {"Nationals": 14, "Niger": 1, "Unknown": 1}


def test_persons_and_offences_are_the_justice_counts(nigerian_register):
    rows = {
        row.key: row for row in register_rows(cases=Case.objects.all(), country=nigeria(), year_from=2020, year_to=2020)
    }
    total = ("Total", "Total", "Total", "Total", 2020)
    assert rows[("Persons brought into formal contact", *total)].value == 2
    assert rows[("Persons prosecuted", *total)].value == 1
    assert rows[("Persons convicted", *total)].value == 1
    assert rows[("Persons convicted", "Total", "Total", "Male", "18 years or over", 2020)].shown == "<5"
    assert (
        rows[("Persons convicted", "by form of exploitation", "Sexual exploitation", "Total", "Total", 2020)].value == 1
    )
    assert rows[("Offences of trafficking in persons", *total)].value == 1


def official_as_published(nigeria_rows, years):
    """From the raw file: each line's values as written, "1,152" read as 1152, "<5" kept."""
    found = defaultdict(list)
    for row in nigeria_rows:
        if int(row["Year"]) in years:
            category = official_match(row["Dimension"], row["Category"] or "", nigeria())
            key = (row["Indicator"], row["Dimension"], category, row["Sex"], row["Age"], int(row["Year"]))
            text = str(row["txtVALUE"])
            found[key].append(text if text.startswith("<") else int(text.replace(",", "")))
    return found


def test_side_by_side_gives_the_official_figures_as_published(nigerian_register, nigeria_file):
    path, _header, nigeria_rows = nigeria_file
    run_import(importer=importer_for("glotip"), path=path, actor=None, dataset="GLOTIP 2023")
    sheets = workbook_of(country=nigeria(), year_from=2019, year_to=2021)
    header, *lines = padded(sheets["Side by side"])
    assert list(header) == [
        "Indicator",
        "Dimension",
        "Category",
        "Sex",
        "Age",
        "Year",
        "Register (vigie)",
        "Official (GLOTIP)",
        "Difference",
        "Official category as published",
    ]
    names = dict(Country.objects.values_list("iso2", "name_en"))
    by_key = {tuple(line[:6]): line[6:] for line in lines}
    expected = official_as_published(nigeria_rows, range(2019, 2022))
    assert expected
    for (indicator, dimension, category, *rest), values in expected.items():
        key = (indicator, dimension, names.get(category, category), *rest)
        register, official, difference, _published = by_key[key]
        if len(values) == 1:
            assert official == values[0]
            if isinstance(register, int) and isinstance(official, int):
                assert difference == register - official
            else:
                assert difference is None
        else:
            assert official == " + ".join(str(v) for v in values)
            assert difference is None
    total_2020 = by_key[("Detected trafficking victims", "Total", "Total", "Total", "Total", 2020)]
    assert total_2020 == (16, 1087, 16 - 1087, None)
    assert by_key[("Detected trafficking victims", "by citizenship", "Mali", "Total", "Total", 2019)] == (
        None,
        "<5",
        None,
        None,
    )
    # Country, region and subregion as the official file names them.
    figures = sheets["Register figures"]
    assert {row[1:4] for row in figures[1:]} == {("Nigeria", "Africa", "Sub-Saharan Africa")}


def test_the_sheets_are_named_in_the_users_language(nigerian_register):
    out = io.BytesIO()
    with translation.override("fr"):
        write_workbook(out, cases=Case.objects.all(), country=nigeria(), year_from=2020, year_to=2020)
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    assert book.sheetnames == ["Chiffres du registre", "Côte à côte", "Définitions et sources"]


def test_without_official_figures_the_workbook_says_so(nigerian_register):
    sheets = workbook_of(country=nigeria(), year_from=2020, year_to=2020)
    assert all(line[7] is None for line in padded(sheets["Side by side"])[1:])
    notes = dict(sheets["Definitions and sources"][1:])
    assert "No official GLOTIP figure" in notes["Side by side"]
    assert "<5" in notes["Small counts"]


def test_the_export_is_audited(nigerian_register):
    from vigie.analytics.glotip_workbook import export_glotip_workbook

    export_glotip_workbook(
        actor=None, cases=Case.objects.all(), country=nigeria(), year_from=2020, year_to=2020, out=io.BytesIO()
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.changes["kind"] == "glotip_workbook"
    assert (event.changes["country"], event.changes["from"], event.changes["to"]) == ("NG", 2020, 2020)
    assert event.actor_username.endswith("(command line)")


def test_citizenships_line_up_on_codes_not_names(nigerian_register, nigeria_file):
    """UNODC writes "Niger Rep" where the register says Niger, "Cameroonian" for the persons convicted:
    each goes to the register's line for that country; a region stays apart."""
    path, _header, _rows = nigeria_file
    run_import(importer=importer_for("glotip"), path=path, actor=None, dataset="GLOTIP 2023")
    lines = padded(workbook_of(country=nigeria(), year_from=2019, year_to=2021)["Side by side"])[1:]
    by_key = {tuple(line[:6]): line[6:] for line in lines}
    citizenship = ("Detected trafficking victims", "by citizenship")
    # The register's one Nigerien victim of 2020, beside UNODC's "Niger Rep" of 2020.
    assert by_key[(*citizenship, "Niger", "Total", "Total", 2020)] == ("<5", "<5", None, "Niger Rep")
    assert (*citizenship, "Niger Rep", "Total", "Total", 2020) not in by_key
    # 14 Nigerians, hidden (x) so that the Nigerien and the unknown cannot be worked out from the total.
    assert by_key[(*citizenship, "Nationals", "Total", "Total", 2020)] == ("x", 1068, None, None)
    assert by_key[(*citizenship, "Cameroon", "Total", "Total", 2021)] == (None, 12, None, None)
    convicted = ("Persons convicted", "by citizenship")
    assert by_key[(*convicted, "Cameroon", "Total", "Total", 2021)] == (None, "<5", None, "Cameroonian")
    assert by_key[(*citizenship, "Central africa", "Total", "Total", 2019)] == (None, "<5", None, None)
    repatriation = ("Detected trafficking victims", "by country of repatriation")
    assert by_key[(*repatriation, "Benin", "Total", "Total", 2020)] == (None, 22, None, "Benin Rep")
    assert by_key[(*repatriation, "Abroad", "Total", "Total", 2019)] == (None, 211, None, None)


def test_victims_repatriated_are_counted_by_the_country_they_returned_from(nigerian_register, outsider):
    women = list(nigerian_register.participants.filter(person__sex="female").order_by("pk"))

    def returned(participant, origin, on, *, complete=True):
        planned = assistance.plan_voluntary_return(
            actor=outsider,
            case=nigerian_register,
            participant=participant,
            from_country_id=origin,
            to_country_id="NG",
            consent_given=True,
            consent_on=D(2020, 1, 2),
            planned_on=D(2020, 1, 3),
        )
        if complete:
            assistance.change_return_status(
                actor=outsider, voluntary_return=planned, expected_version=1, status="completed", returned_on=on
            )

    returned(women[0], "LY", D(2020, 3, 1))
    returned(women[0], "LY", D(2020, 8, 1))  # the same person twice in a year: once
    returned(women[1], "LY", D(2020, 6, 1))
    returned(women[2], "ML", D(2021, 2, 1))
    returned(women[3], "ML", D(2020, 2, 1), complete=False)  # planned, never completed
    rows = {
        row.key: row for row in register_rows(cases=Case.objects.all(), country=nigeria(), year_from=2020, year_to=2021)
    }
    repatriated = {(key[2], key[5]): row.value for key, row in rows.items() if key[1] == "by country of repatriation"}
    assert repatriated == {("Libya", 2020): 2, ("Mali", 2021): 1}
    assert rows[(VICTIMS, "by country of repatriation", "Libya", "Total", "Total", 2020)].shown == "<5"
