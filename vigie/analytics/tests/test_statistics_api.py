"""The statistics API: the command line's figures over the user's scope, protected for the roles that may
not see names, and a clear 400 for a question it cannot answer."""

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from vigie.cases.models import Participant
from vigie.cases.services import record_crossing
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

BASE = "/api/v1/statistics"


def stats(*args: str) -> Any:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return json.loads(out.getvalue())


def get(user, path: str, **query) -> tuple[int, dict[str, Any]]:
    client = Client()
    client.force_login(user)
    response = client.get(f"{BASE}/{path}/", query)
    return response.status_code, response.json()


@pytest.fixture
def register(anltp, investigator):
    """In Niger in 2024: 8 women and 3 men presumed victims from Nigeria, who crossed into Niger."""
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2024, 3, 1))
    nigeria = list(Country.objects.filter(iso2="NG"))
    people = [
        make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM, nationalities=nigeria)
        for _ in range(8)
    ] + [
        make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM, sex="male", nationalities=nigeria)
        for _ in range(3)
    ]
    record_crossing(
        actor=investigator, case=case, from_country_id="NG", to_country_id="NE", date="2024-02", travellers=people
    )
    make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, sex="male")
    return case


def test_victims_are_those_of_the_command_line_for_a_register_role(register, investigator):
    status, body = get(investigator, "victims", by="sex,citizenship", **{"from": "2024", "to": "2024"})

    assert status == 200
    expected = stats("victims", "--by", "sex,citizenship", "--from", "2024", "--to", "2024", "--with-metadata")
    assert body["rows"] == expected["rows"]
    assert body["metadata"]["protected"] is False


def test_an_analyst_gets_small_counts_as_less_than_5_and_what_gives_them_away_hidden(register, analyst):
    status, body = get(analyst, "victims", by="sex")

    assert status == 200
    # 3 men: "<5"; the 8 women would give the 3 away with the total (11): hidden too.
    assert body["rows"] == [
        {"sex": "female", "victims": None, "censored": "x"},
        {"sex": "male", "victims": None, "censored": "<5"},
    ]
    assert body["metadata"]["hidden_cells"] == 2
    assert body["metadata"]["protected"] is True
    assert "<5" in body["metadata"]["small_cells"]


def test_the_scope_is_the_users_countable_cases(register, outsider):
    status, body = get(outsider, "victims", by="sex")

    assert status == 200
    assert body["rows"] == []


def test_flows_are_those_of_the_command_line(register, investigator, analyst):
    status, body = get(investigator, "flows", with_transit="true")

    assert status == 200
    expected = stats("flows", "--with-transit")
    assert body["links"] == expected["links"] == [{"source": "origin:NG", "target": "destination:NE", "victims": 11}]
    assert body["routes"] == expected["routes"]
    _status, protected = get(analyst, "flows")
    assert protected["links"] == [{"source": "origin:NG", "target": "destination:NE", "victims": 11, "censored": None}]


def test_smuggling_counts_migrants_and_an_analyst_gets_less_than_5(register, investigator, analyst):
    assert get(investigator, "smuggling", by="sex")[1]["rows"] == [{"sex": "male", "migrants": 1}]
    assert get(investigator, "smuggling", by="sex")[1]["rows"] == stats("smuggling", "--by", "sex")["rows"]

    status, body = get(analyst, "smuggling", by="sex")
    assert status == 200
    assert body["rows"][0]["migrants"] is None
    assert body["rows"][0]["censored"] in {"<5", "*"}


def test_deaths_are_those_of_the_command_line(db, analyst):
    status, body = get(analyst, "deaths", by="route,year", route="Central Mediterranean Route", **{"from": "2016"})

    assert status == 200
    assert body == stats("deaths", "--by", "route,year", "--route", "Central Mediterranean Route", "--from", "2016")


def test_sdg_is_that_of_the_command_line_and_hides_a_rate_with_its_count(register, investigator, analyst):
    status, body = get(investigator, "sdg", country="NE", year="2024", by="sex")

    assert status == 200
    assert body == {**stats("sdg", "--country", "NE", "--year", "2024", "--by", "sex"), "metadata": body["metadata"]}
    assert body["total"]["victims"] == 11
    _status, protected = get(analyst, "sdg", country="NE", year="2024", by="sex")
    male = next(row for row in protected["rows"] if row["sex"] == "male")
    assert male == {"sex": "male", "victims": None, "rate": None, "censored": "<5"}


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("victims", {"by": "colour"}, "detail"),
        ("victims", {"by": "sex", "source": "nothing"}, "detail"),
        ("victims", {"by": "sex", "from": "2025", "to": "2024"}, "from"),
        ("flows", {"country": "QQ"}, "country"),
        ("deaths", {"route": "Moon Route"}, "detail"),
        ("sdg", {"country": "NE"}, "year"),
        ("smuggling", {}, "by"),
    ],
)
def test_a_question_it_cannot_answer_is_a_400_saying_why(db, analyst, path, query, field):
    status, body = get(analyst, path, **query)

    assert status == 400
    assert field in body


def test_official_figures_without_a_glotip_data_set_is_a_400(db, analyst):
    status, body = get(analyst, "official")

    assert status == 400
    assert "glotip" in body["detail"]


def test_the_schema_documents_each_operation_and_its_query_parameters(analyst):
    client = Client()
    client.force_login(analyst)
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]

    parameters = {
        path.removeprefix(f"{BASE}/"): {p["name"] for p in ops["get"].get("parameters", [])}
        for path, ops in paths.items()
        if path.startswith(BASE)
    }
    assert parameters == {
        "victims/": {"by", "from", "to", "country", "source", "agency"},
        "official/": {"country", "indicator", "year"},
        "flows/": {"from", "to", "country", "with_transit", "source", "agency"},
        "smuggling/": {"by", "routes", "with_transit", "from", "to", "country", "agency"},
        "deaths/": {"by", "route", "from", "to", "country"},
        "sdg/": {"country", "year", "by", "source", "agency"},
        "justice/": {"by", "from", "to", "country", "offence", "agency"},
    }
