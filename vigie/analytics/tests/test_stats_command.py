"""`vigie stats victims` and `vigie stats official`, per the contract: figures from the real CTDC and GLOTIP
files counted again here from the raw files, unknowns kept, CSV and JSON shapes, exit status 2."""

import csv
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from openpyxl import load_workbook

from vigie.conftest import make_case, make_participant
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.tests.conftest import CTDC_10_FILE, GLOTIP_FILE

pytestmark = pytest.mark.django_db

# The derived copy's ExploitType in the contract's values; "Slavery/Similar" goes with forced labour.
FORMS = {
    "Sexual": "sexual_exploitation",
    "Labor": "forced_labour",
    "Slavery/Similar": "forced_labour",
    "Forced Marriage": "forced_marriage",
    "Other": "other",
}


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def ctdc(django_db_setup, django_db_blocker):
    """The CTDC file's 48,801 rows, imported once for the tests of TestTheCtdcFile, which only read them.

    The import stays in a transaction rolled back after the class (each test's own is a savepoint inside
    it): importing the file for each test took longer than the tests themselves.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        run_import(importer=importer_for("ctdc"), path=CTDC_10_FILE, actor=None, dataset="CTDC 2020")
        with CTDC_10_FILE.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        yield rows
        transaction.set_rollback(True)


def raw_forms(row: dict[str, str]) -> set[str | None]:
    if row["ExploitType"] == "Multiple":
        return {"mixed"}
    forms: set[str | None] = {FORMS[row["ExploitType"]]} if row["ExploitType"] else set()
    if row["isForcedLabour"] == "1.0":
        forms.add("forced_labour")
    return forms or {None}


def raw_age_group(band: str) -> str | None:
    return None if not band else "child" if band in ("0--8", "9--17") else "adult"


class TestTheCtdcFile:
    def test_ctdc_victims_by_sex_age_and_year_match_the_raw_file(self, ctdc):
        rows = json.loads(stats("victims", "--by", "sex,age_group,year", "--source", "CTDC 2020"))

        expected = Counter(
            (r["gender"].lower(), raw_age_group(r["ageBroad"]), int(float(r["yearOfRegistration"]))) for r in ctdc
        )
        assert {(r["sex"], r["age_group"], r["year"]): r["victims"] for r in rows} == dict(expected)
        assert sum(r["victims"] for r in rows) == len(ctdc) == 48801
        assert list(rows[0]) == ["sex", "age_group", "year", "victims"]
        keys = [(r["sex"], r["age_group"] is None, r["age_group"] or "", r["year"]) for r in rows]
        assert keys == sorted(keys)  # sorted by the dimensions, unknown last

    def test_ctdc_citizenship_keeps_unknowns_and_the_country_of_detection_is_unknown_in_this_copy(self, ctdc):
        rows = json.loads(
            stats("victims", "--by", "citizenship,country_of_detection,detection_type", "--source", "CTDC 2020")
        )

        expected = Counter((r["citizenship"] or None, None, None) for r in ctdc)
        assert {(r["citizenship"], r["country_of_detection"], r["detection_type"]): r["victims"] for r in rows} == dict(
            expected
        )
        assert expected[(None, None, None)] > 0

    def test_ctdc_forms_count_each_form_and_mixed_only_where_the_source_says_multiple(self, ctdc):
        result = json.loads(
            stats("victims", "--by", "form_of_exploitation", "--source", "CTDC 2020", "--with-metadata")
        )

        expected = Counter(form for r in ctdc for form in raw_forms(r))
        assert {r["form_of_exploitation"]: r["victims"] for r in result["rows"]} == dict(expected)
        assert expected["mixed"] == sum(1 for r in ctdc if r["ExploitType"] == "Multiple")
        several = sum(1 for r in ctdc if len(raw_forms(r)) > 1)
        metadata = result["metadata"]
        assert several > 0
        assert metadata["victims"] == len(ctdc)
        assert metadata["victims_in_several_rows_because"] == {"several_forms_of_exploitation": several}
        assert metadata["rows_total"] == len(ctdc) + several
        assert metadata["source_kind"] == "ctdc_derived_10"

    def test_csv_has_a_header_and_empty_cells_for_unknown(self, ctdc):
        text = stats("victims", "--by", "age_group", "--source", "CTDC 2020", "--format", "csv")

        lines = text.splitlines()
        assert lines[0] == "age_group,victims"
        empty = sum(1 for r in ctdc if not r["ageBroad"])
        assert lines[1:] == [
            f"adult,{sum(1 for r in ctdc if raw_age_group(r['ageBroad']) == 'adult')}",
            f"child,{sum(1 for r in ctdc if raw_age_group(r['ageBroad']) == 'child')}",
            f",{empty}",
        ]

    def test_the_period_filter_leaves_out_other_years(self, ctdc):
        rows = json.loads(stats("victims", "--by", "year", "--source", "CTDC 2020", "--from", "2017", "--to", "2018"))

        assert rows == [
            {"year": 2017, "victims": sum(1 for r in ctdc if r["yearOfRegistration"] == "2017.0")},
            {"year": 2018, "victims": sum(1 for r in ctdc if r["yearOfRegistration"] == "2018.0")},
        ]


def test_the_register_is_the_default_source_and_the_country_filters_the_country_of_detection(anltp, investigator):
    make_participant(make_case(anltp, investigator, country_id="NE"), investigator)
    make_participant(make_case(anltp, investigator, country_id="NG"), investigator, sex="male")

    assert json.loads(stats("victims", "--by", "sex", "--country", "ng")) == [{"sex": "male", "victims": 1}]


def test_small_cells_are_protected_only_when_asked(anltp, investigator):
    case = make_case(anltp, investigator, country_id="NE")
    for _ in range(3):
        make_participant(case, investigator, sex="male")
    for _ in range(7):
        make_participant(case, investigator)
    for _ in range(9):
        make_participant(case, investigator, sex="unknown")

    assert json.loads(stats("victims", "--by", "sex"))[1] == {"sex": "male", "victims": 3}
    protected = json.loads(stats("victims", "--by", "sex", "--protect-small-cells", "--with-metadata"))
    # The 3 is hidden, and so is the smallest other count: the total would give the 3 away otherwise.
    assert protected["rows"] == [
        {"sex": "female", "victims": None, "censored": "x"},
        {"sex": "male", "victims": None, "censored": "<5"},
        {"sex": None, "victims": 9, "censored": None},
    ]
    assert set(protected["metadata"]["small_cells"]) == {"<5", "x", "*"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["victims", "--by", "sex,colour"], "Unknown dimension colour"),
        (["victims", "--by", "sex", "--source", "nowhere"], "Unknown source nowhere"),
        (["victims", "--by", "sex", "--country", "XQ"], "Unknown country XQ"),
        (["victims", "--by", "sex", "--from", "2020", "--to", "2019"], "--from comes after --to"),
        (["victims", "--by", "sex", "--format", "csv", "--with-metadata"], "--with-metadata goes with"),
        (["official"], "No UNODC GLOTIP data set"),
        (["victims", "--by", "year,sex,age_group", "--protect-small-cells"], "one or two dimensions only"),
    ],
)
def test_questions_that_cannot_be_answered_exit_with_status_2_and_say_why(db, settings, args, message):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError) as error:
        call_command("stats", *args)

    assert error.value.returncode == 2
    assert message in str(error.value)


def test_official_figures_are_listed_as_published_with_censored_values(db, settings):
    settings.LANGUAGE_CODE = "en"
    run_import(importer=importer_for("glotip"), path=GLOTIP_FILE, actor=None, dataset="GLOTIP 2023")
    raw = list(load_workbook(GLOTIP_FILE, read_only=True).worksheets[0].iter_rows(min_row=4, values_only=True))
    nigeria = [r for r in raw if r[0] == "NGA"]

    rows = json.loads(stats("official", "--country", "nga"))

    assert len(rows) == len(nigeria) > 0
    assert list(rows[0]) == ["country", "indicator", "dimension", "category", "sex", "age", "year", "value", "censored"]
    censored = [r for r in rows if r["censored"] is not None]
    assert len(censored) == sum(1 for r in nigeria if r[11] == "<5")
    assert all(r["value"] is None and r["censored"] == "<5" for r in censored)
    numbers = [r for r in rows if r["censored"] is None]
    assert sum(r["value"] for r in numbers) == sum(int(str(r[11]).replace(",", "")) for r in nigeria if r[11] != "<5")

    victims_2020 = json.loads(
        stats("official", "--country", "NGA", "--indicator", "detected trafficking victims", "--year", "2020")
    )
    assert victims_2020
    assert len(victims_2020) == sum(
        1 for r in nigeria if r[4] == "Detected trafficking victims" and str(r[9]).removesuffix(".0") == "2020"
    )

    text = stats("official", "--country", "NGA", "--year", "2020", "--format", "csv")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["country", "indicator", "dimension", "category", "sex", "age", "year", "value", "censored"]
    assert all(line[0] == "NGA" and line[6] == "2020" for line in lines[1:])
    assert any(line[7] == "" and line[8] == "<5" for line in lines[1:])

    with pytest.raises(CommandError) as error:
        call_command("stats", "official", "--indicator", "unicorns")
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command("stats", "official", "--country", "XXX")
    assert error.value.returncode == 2


@pytest.mark.parametrize("subcommand", [["victims", "--by", "sex"], ["flows"], ["justice", "--by", "stage"]])
def test_lang_chooses_the_language_of_the_messages_whatever_the_instances(db, settings, subcommand):
    settings.LANGUAGE_CODE = "fr"
    with pytest.raises(CommandError, match="Unknown country XQ"):
        call_command("stats", *subcommand, "--country", "XQ", "--lang", "en")
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="Pays inconnu") as error:
        call_command("stats", *subcommand, "--country", "XQ", "--lang", "fr")
    assert error.value.returncode == 2
