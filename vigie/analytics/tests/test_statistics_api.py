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

from vigie.analytics.report import report_figures, report_request
from vigie.analytics.statistics import REGISTER, victim_source
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


# Linked tables: the reviewer recovered a hidden cell from by=sex,age_group and by=age_group ------------------

# (victims, sex, date of birth): 4 girls, a woman of unknown age, 6 men and 8 boys, detected in Niger in 2024.
# Protected alone, by=sex,age_group showed the 8 boys and hid the children's total, which by=age_group showed:
# 12 - 8 = 4 girls.
REVIEWERS_REGISTER = [
    (4, "female", "2015-05-01"),
    (1, "female", ""),
    (6, "male", "1990-05-01"),
    (8, "male", "2015-05-01"),
]


@pytest.fixture
def reviewers_register(anltp, investigator):
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2024, 3, 1))
    for n, sex, born in REVIEWERS_REGISTER:
        for _ in range(n):
            make_participant(case, investigator, sex=sex, date_of_birth=born)


def hidden_by_sex_and_age(rows: list[dict[str, Any]]) -> dict[tuple[Any, Any], str]:
    return {(row["sex"], row["age_group"]): row["censored"] for row in rows if row["censored"]}


def shown_one_way(user, dimension: str) -> dict[Any, int]:
    _status, body = get(user, "victims", by=dimension)
    return {row[dimension]: row["victims"] for row in body["rows"] if row["censored"] is None}


def test_a_two_way_table_and_its_one_way_tables_give_no_small_count_away_together(reviewers_register, analyst):
    _status, by_sex_age = get(analyst, "victims", by="sex,age_group")
    _status, by_age_sex = get(analyst, "victims", by="age_group,sex")
    children = shown_one_way(analyst, "age_group").get("child")

    hidden = hidden_by_sex_and_age(by_sex_age["rows"])
    assert hidden[("female", "child")] == "<5"
    assert children == 12  # the children's total is shown, as by=age_group shows it: then the 8 boys are not
    assert hidden[("male", "child")] == "x"
    assert hidden_by_sex_and_age(by_age_sex["rows"]) == hidden  # whichever order the dimensions are asked in


def test_every_total_a_one_way_table_shows_leaves_no_hidden_cell_alone_in_its_row_or_column(
    reviewers_register, analyst
):
    _status, body = get(analyst, "victims", by="sex,age_group")
    hidden = hidden_by_sex_and_age(body["rows"])

    # A shown total with exactly one hidden cell under it gives that cell away: none must be.
    for position, dimension in ((0, "sex"), (1, "age_group")):
        for value in shown_one_way(analyst, dimension):
            assert sum(key[position] == value for key in hidden) != 1, (dimension, value)
    # And the other way round: a total the one-way table hides is not to be had by adding shown cells.
    for position, dimension in ((0, "sex"), (1, "age_group")):
        values = {row[dimension] for row in body["rows"]}
        for value in values - set(shown_one_way(analyst, dimension)):
            assert any(key[position] == value for key in hidden), (dimension, value)


def test_the_command_line_protects_the_reviewers_tables_as_the_api_does(reviewers_register, analyst):
    _status, body = get(analyst, "victims", by="sex,age_group")

    protected = stats("victims", "--by", "sex,age_group", "--protect-small-cells")

    assert protected == body["rows"]
    assert hidden_by_sex_and_age(protected)[("male", "child")] == "x"


def test_more_than_two_dimensions_are_refused_to_protected_roles_with_the_reason(
    reviewers_register, analyst, investigator, settings
):
    settings.LANGUAGE_CODE = "en"
    assert get(investigator, "victims", by="year,sex,age_group")[0] == 200  # names seen: nothing to protect

    status, body = get(analyst, "victims", by="year,sex,age_group")

    assert status == 400
    assert "one or two dimensions" in body["detail"]


def test_the_dashboard_the_report_and_the_api_hide_the_same_figures_of_sex_by_age(
    client, reviewers_register, analyst, settings
):
    settings.LANGUAGE_CODE = "en"
    _status, body = get(analyst, "victims", by="age_group,sex", country="NE", **{"from": "2024", "to": "2024"})
    api = {(row["sex"], row["age_group"]): row["censored"] for row in body["rows"]}
    by_sex = {row["sex"]: row["censored"] for row in get(analyst, "victims", by="sex")[1]["rows"]}
    by_age = {row["age_group"]: row["censored"] for row in get(analyst, "victims", by="age_group")[1]["rows"]}
    sexes, ages = ["female", "male"], ["adult", "child", None]
    # The grid as the API and its one-way tables show it, the totals last: None where a figure is shown.
    expected = [[api.get((s, a)) for a in ages] + [by_sex[s]] for s in sexes] + [[by_age[a] for a in ages] + [None]]

    client.force_login(analyst)
    page = client.get(reverse("analytics:overview"))
    text = page.text.split('<script id="dashboard-figures" type="application/json">')[1].split("</script>")[0]
    panel = next(p for p in json.loads(text)["panels"] if p["key"] == "victims_by_sex_and_age")["table"]
    report = report_figures(
        report_request(country="NE", year=2024, language="en"), victim_source(REGISTER)
    ).sex_age  # rows female, male, other, unknown; columns children, adults, unknown age

    assert [[t if t in ("<5", "x", "*") else None for t in row] for row in panel["texts"]] == expected
    report_rows = [report.cells[0], report.cells[1], report.cells[-1]]
    assert [[cell.text if cell.value is None else None for cell in (r[1], r[0], r[2], r[3])] for r in report_rows] == (
        expected
    )


@pytest.mark.parametrize("path", ["victims", "flows", "smuggling", "sdg", "justice", "official", "deaths"])
def test_an_unknown_parameter_is_refused_not_ignored(db, analyst, path):
    """agnecy=ANLTP ignored would give every agency's figures as if they were ANLTP's."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(analyst)
    response = client.get(f"{BASE}/{path}/", {"agnecy": "ANLTP", "format": "json"})
    body = response.json()

    assert response.status_code == 400
    assert list(body) == ["agnecy"]
    assert body["agnecy"][0].startswith("Unknown parameter. Known: ")


def test_the_refusal_of_an_unknown_parameter_speaks_french(db, analyst):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(analyst)
    body = client.get(f"{BASE}/victims/", {"by": "sex", "pays": "NE"}).json()
    assert body["pays"][0].startswith("Paramètre inconnu. Connus : ")
    assert "country" in body["pays"][0]
