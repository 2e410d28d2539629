"""Smuggled migrants detected (the register) and migrants dead or missing on the routes (IOM), the latter
counted again here from the raw CSV file with the csv module."""

import csv
import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from vigie.analytics.smuggling import IOM_FILE, DeathDimension, deaths_and_disappearances, smuggled_migrant_statistics
from vigie.analytics.statistics import Dimension, VictimFilters
from vigie.cases.models import Case, Participant
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

MIGRANT = Participant.Role.SMUGGLED_MIGRANT


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def raw_iom() -> list[dict[str, str]]:
    with IOM_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def incident_year(row: dict[str, str]) -> int:
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=float(row["t"]))).year


def test_western_african_atlantic_route_2020_to_2023_matches_the_raw_file(db):
    expected_dead: Counter[int] = Counter()
    expected_incidents: Counter[int] = Counter()
    for row in raw_iom():
        if row["route"] == "Western African Atlantic Route" and 2020 <= incident_year(row) <= 2023:
            expected_dead[incident_year(row)] += int(float(row["dead"]))
            expected_incidents[incident_year(row)] += 1

    counts = deaths_and_disappearances(
        dimensions=[DeathDimension.ROUTE, DeathDimension.YEAR],
        year_from=2020,
        year_to=2023,
        route="Western African Atlantic Route",
    )

    assert counts.rows == [
        {"route": "Western African Atlantic Route", "year": y, "dead_and_missing": expected_dead[y], "incidents": n}
        for y, n in sorted(expected_incidents.items())
    ]
    assert sum(expected_dead.values()) > 1000  # the deadliest years of the Canary Islands route


def test_every_route_and_year_adds_up_to_the_file(db):
    rows = raw_iom()
    counts = deaths_and_disappearances()

    expected: Counter[tuple[str, int]] = Counter()
    for row in rows:
        expected[(row["route"], incident_year(row))] += int(float(row["dead"]))
    assert {(r["route"], r["year"]): r["dead_and_missing"] for r in counts.rows} == dict(expected)
    assert counts.metadata["incidents"] == len(rows) == 19669
    assert counts.metadata["source"].startswith("IOM Missing Migrants Project")


def test_the_country_filter_reads_the_iso_alpha_3_code_of_the_file(db):
    niger = Country.objects.get(iso2="NE").iso3
    expected = sum(int(float(r["dead"])) for r in raw_iom() if r["geo"] == niger and incident_year(r) == 2019)

    data = json.loads(stats("deaths", "--by", "country,year", "--country", "NE", "--from", "2019", "--to", "2019"))

    assert data["rows"] == [
        {"country": "NE", "year": 2019, "dead_and_missing": expected, "incidents": data["rows"][0]["incidents"]}
    ]
    assert expected > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deaths", "--by", "cause"], "cause"),
        (["deaths", "--route", "Moon Route"], "Moon Route"),
        (["deaths", "--country", "QQ"], "QQ"),
        (["smuggling", "--by", "form_of_exploitation"], "form_of_exploitation"),
        (["smuggling"], "--by"),
    ],
)
def test_bad_input_exits_2_with_a_message(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        stats(*args)
    assert error.value.returncode == 2


@pytest.fixture
def migrants(anltp, investigator):
    niger = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2024, 6, 1))
    for sex in ("male", "male", "male", "female"):
        make_participant(niger, investigator, role=MIGRANT, sex=sex, nationalities=[Country.objects.get(iso2="SN")])
    make_participant(niger, investigator, role=MIGRANT, sex="male", date_of_birth="2010-01-01")
    make_participant(niger, investigator, role=Participant.Role.PRESUMED_VICTIM, sex="male")
    mali = make_case(anltp, investigator, country_id="ML", opened_on=datetime.date(2023, 6, 1))
    make_participant(mali, investigator, role=MIGRANT, sex="female")
    return niger


@pytest.mark.django_db
def test_smuggled_migrants_by_year_sex_and_country(migrants):
    counts = smuggled_migrant_statistics(
        cases=Case.objects.all(), dimensions=[Dimension.YEAR, Dimension.SEX, Dimension.COUNTRY_OF_DETECTION]
    )

    # Counted by hand from the fixture; the presumed victim is not a migrant.
    assert counts.as_dicts() == [
        {"year": 2023, "sex": "female", "country_of_detection": "ML", "victims": 1},
        {"year": 2024, "sex": "female", "country_of_detection": "NE", "victims": 1},
        {"year": 2024, "sex": "male", "country_of_detection": "NE", "victims": 4},
    ]


@pytest.mark.django_db
def test_the_age_group_is_the_age_when_detected_and_the_command_says_migrants(migrants):
    data = json.loads(stats("smuggling", "--by", "age_group,citizenship", "--country", "NE", "--from", "2024"))

    assert data["rows"] == [
        {"age_group": "child", "citizenship": None, "migrants": 1},  # born 2010, detected 2024
        {"age_group": None, "citizenship": "SN", "migrants": 4},
    ]
    counts = smuggled_migrant_statistics(
        cases=Case.objects.all(), dimensions=[Dimension.AGE_GROUP], filters=VictimFilters(2024, None, "NE")
    )
    assert sum(row.victims for row in counts.rows) == 5
