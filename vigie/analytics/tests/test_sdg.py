"""SDG 16.2.2: victims (the engine's figures) per 100,000 population, the population read here again from the
World Bank file with the csv module."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from vigie.analytics.sdg import POPULATION_FILE, sdg_16_2_2
from vigie.analytics.statistics import Dimension, VictimFilters, victim_statistics
from vigie.cases.models import Participant
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def raw_population(iso3: str, year: int) -> int | None:
    with POPULATION_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["Country Code"] == iso3 and row["Year"] == str(year):
                return int(row["Value"])
    return None


@pytest.fixture
def niger_2023(anltp, investigator):
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2023, 4, 1))
    for _ in range(5):
        make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM)
    for _ in range(2):
        make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM, sex="male")
    # Another year, and a migrant: neither counts.
    other = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2022, 4, 1))
    make_participant(other, investigator, role=Participant.Role.PRESUMED_VICTIM)
    make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT)
    return case


def test_the_rate_is_victims_times_100000_over_the_population_of_the_year(niger_2023):
    population = raw_population("NER", 2023)
    assert population is not None

    indicator = sdg_16_2_2(country="NE", year=2023)

    assert indicator.total.victims == 7
    assert indicator.population == population
    assert indicator.population_year == 2023
    assert indicator.total.rate == round(7 * 100_000 / population, 4)


def test_by_sex_the_victims_are_those_of_stats_victims_over_the_total_population(niger_2023):
    population = raw_population("NER", 2023)
    assert population is not None
    engine = victim_statistics(source="register", dimensions=[Dimension.SEX], filters=VictimFilters(2023, 2023, "NE"))

    data = json.loads(stats("sdg", "--country", "ne", "--year", "2023", "--by", "sex"))

    assert [(row["sex"], row["victims"]) for row in data["rows"]] == [
        (row.values[0], row.victims) for row in engine.rows
    ]
    assert data["rows"] == [
        {"sex": "female", "victims": 5, "rate": round(5 * 100_000 / population, 4)},
        {"sex": "male", "victims": 2, "rate": round(2 * 100_000 / population, 4)},
    ]
    assert "total population" in data["metadata"]["denominator"]


def test_a_year_without_population_takes_the_nearest_earlier_and_says_so(anltp, investigator):
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2025, 2, 1))
    make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM)
    assert raw_population("NER", 2025) is None

    indicator = sdg_16_2_2(country="NE", year=2025)

    assert indicator.population_year == 2024
    assert indicator.population == raw_population("NER", 2024)
    assert "2024" in indicator.metadata["population_note"]


def test_no_population_at_all_gives_a_null_rate(db):
    indicator = sdg_16_2_2(country="NE", year=1950)

    assert indicator.population is None
    assert indicator.total.rate is None
    assert "null" in indicator.metadata["population_note"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--country", "QQ", "--year", "2023"], "QQ"), (["--country", "NE", "--year", "2023", "--by", "year"], "year")],
)
def test_bad_input_exits_2(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        stats("sdg", *args)
    assert error.value.returncode == 2
