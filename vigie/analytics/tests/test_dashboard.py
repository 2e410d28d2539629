"""The statistics dashboard: figures counted again here from the register the test builds, exact for the roles
that may see names, protected (with secondary suppression) for the others, the same on the page, in its
chart data and in the CSV downloads."""

import csv
import datetime
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from vigie.analytics import dashboard
from vigie.cases.models import Participant
from vigie.cases.services import record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.tests.conftest import CTDC_10_FILE
from vigie.justice import services as justice_services
from vigie.justice.tests.conftest import open_round
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

URL = reverse("analytics:overview")
# IOM's dead and missing migrants: public figures naming nobody, shown as published to every role.
PUBLIC_PANELS = {"dead_and_missing"}
NAMES = ["Aïssata", "Kouyaté", "Moussa", "Issa"]
HIDDEN = {"<5", "x", "*"}

# (victims, year of identification, sex, date of birth, citizenship, forms): all detected in Niger by ANLTP.
# Built so that two cells of sex by age are small and one of them could be worked out from the totals.
SPEC = [
    (7, 2024, "female", "1995-01-01", "NE", ["sexual"]),
    (6, 2024, "male", "2012-06-01", "ML", ["forced_begging"]),
    (2, 2023, "female", "2010-01-01", "NG", ["forced_labour"]),
    (1, 2025, "male", "", None, []),
]


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def victims() -> list[dict[str, Any]]:
    """One entry per victim of SPEC, with what the dashboard counts, worked out by hand."""
    ages = {"1995-01-01": "adult", "2012-06-01": "child", "2010-01-01": "child", "": None}
    return [
        {"year": year, "sex": sex, "age": ages[born], "citizenship": citizenship, "forms": forms}
        for n, year, sex, born, citizenship, forms in SPEC
        for _ in range(n)
    ]


@pytest.fixture
def register(anltp, naptip, investigator, outsider):
    for n, year, sex, born, citizenship, forms in SPEC:
        case = make_case(anltp, investigator, opened_on=datetime.date(year, 2, 1), country_id="NE")
        for _ in range(n):
            nationalities = list(Country.objects.filter(pk=citizenship)) if citizenship else []
            victim = make_participant(
                case, investigator, sex=sex, date_of_birth=born, nationalities=nationalities, family_name="Kouyaté"
            )
            Participant.objects.filter(pk=victim.pk).update(
                identified_on=datetime.date(year, 6, 1), forms_of_exploitation=forms
            )
        make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names="Moussa", family_name="Issa")
    # Another agency's cases, detected in Nigeria: nobody of ANLTP counts them.
    other = make_case(naptip, outsider, country_id="NG")
    for _ in range(9):
        make_participant(other, outsider, sex="female")


def page_figures(response) -> dict[str, dict[str, Any]]:
    """The chart data of the page, as the browser gets it (the json_script element), by panel."""
    text = response.text.split('<script id="dashboard-figures" type="application/json">')[1].split("</script>")[0]
    return {panel["key"]: panel for panel in json.loads(text)["panels"]}


def column(panel: dict[str, Any]) -> dict[str, str]:
    """A one-column panel as {row label: text}, the total included."""
    table = panel["table"]
    return dict(zip([*table["rows"]["labels"], "Total"], [row[0] for row in table["texts"]], strict=True))


def download(client, key: str, **filters: str) -> list[list[str]]:
    response = client.get(reverse("analytics:figure-csv", kwargs={"panel": key}), filters)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_exact_figures_for_a_role_that_may_see_names(client, investigator, register):
    client.force_login(investigator)
    response = client.get(URL)
    figures = page_figures(response)

    by_year = Counter(str(v["year"]) for v in victims())
    assert column(figures["victims_by_year"]) == {k: str(n) for k, n in by_year.items()} | {"Total": "16"}
    by_citizenship = Counter(v["citizenship"] for v in victims())
    assert column(figures["victims_by_citizenship"]) == {
        "Niger": str(by_citizenship["NE"]),
        "Mali": str(by_citizenship["ML"]),
        "Nigeria": str(by_citizenship["NG"]),
        "Unknown": str(by_citizenship[None]),
        "Total": str(len(victims())),
    }
    assert column(figures["victims_by_country"]) == {"Niger": "16", "Total": "16"}
    assert response.context["figures"].victims == "16"


def test_sex_and_age_are_counted_as_women_men_girls_and_boys(client, investigator, register):
    client.force_login(investigator)
    panel = page_figures(client.get(URL))["victims_by_sex_and_age"]
    expected = Counter((v["sex"], v["age"]) for v in victims())

    table = panel["table"]
    assert table["rows"]["keys"] == ["female", "male"]
    assert table["columns"]["keys"] == ["adult", "child", ""]
    cells = [[expected[sex, age or None] for age in ("adult", "child", None)] for sex in ("female", "male")]
    assert table["values"][:2] == [[*row, sum(row)] for row in cells]
    assert table["values"][2] == [sum(col) for col in zip(*table["values"][:2], strict=True)]


def test_the_csv_holds_the_figures_of_the_page(client, investigator, register):
    client.force_login(investigator)
    by_form = Counter(form for v in victims() for form in v["forms"] or [None])

    rows = download(client, "victims_by_form")

    assert rows[0] == ["Form of exploitation", "Victims"]
    assert dict(rows[1:]) == {
        "Sexual exploitation": str(by_form["sexual"]),
        "Forced begging": str(by_form["forced_begging"]),
        "Forced labour, slavery and similar practices": str(by_form["forced_labour"]),
        "Unknown": str(by_form[None]),
        "Total": "16",
    }


def test_the_filters_narrow_every_figure(client, investigator, register):
    client.force_login(investigator)
    in_2024 = [v for v in victims() if v["year"] == 2024]

    figures = page_figures(client.get(URL, {"year_from": "2024", "year_to": "2024", "country": "NE"}))

    assert column(figures["victims_by_year"]) == {"2024": str(len(in_2024)), "Total": str(len(in_2024))}
    assert column(figures["victims_by_detection_type"]) == {
        "Domestic (detected in a country of citizenship)": "7",
        "Cross-border": "6",
        "Total": "13",
    }
    assert download(client, "victims_by_year", year_from="2025")[1:] == [["2025", "1"], ["Total", "1"]]


def test_the_agency_filter_offers_only_agencies_the_user_may_count(client, investigator, anltp, naptip, register):
    client.force_login(investigator)
    response = client.get(URL)
    offered = [value for value, _label in response.context["form"].fields["agency"].choices if value]
    assert offered == [anltp.pk]
    assert offered == [value for value, _label in response.context["report_form"].fields["agency"].choices if value]

    refused = client.get(URL, {"agency": naptip.pk})
    assert refused.context["figures"] is None
    assert f"No agency {naptip.pk} among those whose cases you may count." in refused.text
    # A code is read as everywhere else (agency_filter.agency_to_count).
    assert page_figures(client.get(URL, {"agency": "ANLTP"})) == page_figures(client.get(URL, {"agency": anltp.pk}))


def test_a_coordinator_counts_every_agency_detecting_in_the_country(client, coordinator, register, naptip, outsider):
    other = make_case(naptip, outsider, country_id="NE")
    for _ in range(5):
        make_participant(other, outsider, sex="female")
    client.force_login(coordinator)

    figures = page_figures(client.get(URL))
    assert column(figures["victims_by_country"]) == {"Niger": "21", "Total": "21"}
    only_naptip = page_figures(client.get(URL, {"agency": naptip.pk}))
    assert column(only_naptip["victims_by_country"]) == {"Niger": "5", "Total": "5"}


def assert_no_line_has_one_hidden_cell(texts: list[list[str]]) -> None:
    """A row or column of the grid (its total included) with one hidden figure gives it away: total - rest."""
    lines = [*(texts if len(texts[0]) > 1 else []), *zip(*texts, strict=True)]
    for line in lines:
        assert sum(text in HIDDEN for text in line) != 1, line


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_small_counts_are_protected_for_roles_that_see_aggregates_only(client, request, register, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    figures = page_figures(response)

    assert response.context["protect"] is True
    if role != "sysadmin":  # who counts every agency's cases, NAPTIP's too
        assert column(figures["victims_by_year"]) == {"2023": "<5", "2024": "13", "2025": "<5", "Total": "16"}
    for key, panel in figures.items():
        table = panel["table"]
        if key in PUBLIC_PANELS or table is None:
            continue
        for values, texts in zip(table["values"], table["texts"], strict=True):
            for value, text in zip(values, texts, strict=True):
                # A hidden figure reaches the browser as null: no small count in the chart data.
                assert (value is None) == (text in HIDDEN)
                assert value is None or not 0 < value < 5
        if not table["totals"]:
            continue  # stages or rates, not parts of a total: a hidden one cannot be worked out from it
        assert_no_line_has_one_hidden_cell(
            [row[: len(table["columns"]["keys"]) + 1] for row in table["texts"]]
            if len(table["columns"]["keys"]) > 1
            else [row[:1] for row in table["texts"]]
        )


def test_secondary_suppression_hides_a_count_that_the_totals_would_give_away(client, analyst, register):
    client.force_login(analyst)
    table = page_figures(client.get(URL))["victims_by_sex_and_age"]["table"]

    # Girls (2) and the man of unknown age (1) are small. With no adult man, the adults' total would be the
    # women's 7, and 9 - 7 would give the girls: the women and that total go; the boys' 6 too, or 7 - 6 - 0
    # would give the man of unknown age.
    assert table["texts"] == [
        ["x", "<5", "0", "9"],
        ["0", "x", "<5", "7"],
        ["x", "8", "<5", "16"],
    ]
    rows = download(client, "victims_by_sex_and_age")
    assert rows == [
        ["Sex", "Adults", "Children", "Unknown age", "Total"],
        ["Female (women and girls)", "x", "<5", "0", "9"],
        ["Male (men and boys)", "0", "x", "<5", "7"],
        ["Total", "x", "8", "<5", "16"],
    ]


def test_the_page_never_shows_a_name_nor_an_unprotected_small_count(client, analyst, register):
    client.force_login(analyst)
    response = client.get(URL)
    for name in NAMES:
        assert name not in response.text
    public = response.text.split('id="panel-dead_and_missing"')[1].split("</section>")[0]
    tables = response.text.replace(public, "").split("<table")[1:]
    assert tables
    for table in tables:
        cells = [cell.split("</td>")[0] for cell in table.split('<td class="num">')[1:]]
        assert not {"1", "2", "3", "4"} & set(cells)


def test_the_csv_of_an_analyst_is_protected_like_the_page(client, analyst, register):
    client.force_login(analyst)
    figures = page_figures(client.get(URL))
    for key, panel in figures.items():
        rows = download(client, key)
        if panel["table"] is None:
            assert rows == [[note] for note in panel["notes"]]
            continue
        width = len(panel["table"]["columns"]["keys"])
        width += 1 if width > 1 and panel["table"]["totals"] else 0
        assert [row[1:] for row in rows[1:]] == [texts[:width] for texts in panel["table"]["texts"]]


def test_bad_filters_are_refused_with_a_clear_message(client, investigator, register):
    client.force_login(investigator)
    response = client.get(URL, {"year_from": "2025", "year_to": "2023"})
    assert response.context["figures"] is None
    assert "The first year of the period comes after the last one." in response.text

    csv_response = client.get(reverse("analytics:figure-csv", kwargs={"panel": "flows"}), {"year_from": "abc"})
    assert csv_response.status_code == 400
    assert client.get(reverse("analytics:figure-csv", kwargs={"panel": "nothing"})).status_code == 404


def test_the_page_reads_the_register_once_for_every_panel(
    client, investigator, register, django_assert_max_num_queries
):
    client.force_login(investigator)
    # The victims once for every panel; the justice chain, the smuggled migrants and the flows read their own
    # records (a few queries each), and the session a few more; the countries, data sources and lead agencies
    # once for both forms and the figures' names; on PostgreSQL, where the change log is followed from a
    # database snapshot, the log's position (one more).
    with django_assert_max_num_queries(32):
        response = client.get(URL)
    assert len(page_figures(response)) == len(dashboard.PANELS)


def test_the_rule_against_isolating_filters_reads_no_more_for_a_protected_role(
    client, analyst, register, django_assert_max_num_queries
):
    # The victims counted without the filters come from the same snapshot as the figures: no count of its own.
    client.force_login(analyst)
    with django_assert_max_num_queries(39):
        response = client.get(URL)
    assert len(page_figures(response)) == len(dashboard.PANELS)
    with django_assert_max_num_queries(39):
        assert client.get(URL, {"year_to": "2024"}).context["figures"].withheld is True


def test_an_imported_ctdc_data_set_is_a_source(client, investigator, register):
    run_import(importer=importer_for("ctdc"), path=CTDC_10_FILE, actor=None, dataset="CTDC 2020")
    with CTDC_10_FILE.open(encoding="utf-8", newline="") as file:
        years = Counter(str(int(float(r["yearOfRegistration"]))) for r in csv.DictReader(file))
    client.force_login(investigator)

    response = client.get(URL, {"source": "CTDC 2020"})
    figures = page_figures(response)

    assert column(figures["victims_by_year"]) == {k: str(n) for k, n in sorted(years.items())} | {
        "Total": str(years.total())
    }
    assert "justice" not in figures
    assert "smuggled_migrants_by_year" not in figures
    assert "imported data set CTDC 2020" in figures["victims_by_year"]["counts"]


def test_the_flows_go_from_citizenship_to_country_of_detection_without_journey_events(client, investigator, register):
    # No recruitment nor exploitation recorded: origin is the one citizenship, destination the detection's.
    client.force_login(investigator)
    table = page_figures(client.get(URL))["flows"]["table"]
    by_origin = Counter(f"origin:{v['citizenship'] or 'unknown'}" for v in victims())
    assert table["columns"]["keys"] == ["destination:NE"]
    assert dict(zip(table["rows"]["keys"], [row[0] for row in table["values"]], strict=False)) == by_origin


def test_the_flows_follow_the_route_through_transit_countries(client, anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 2, 1), country_id="NE")
    travellers = [make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM) for _ in range(6)]
    record_event_in_case(
        actor=investigator, case=case, kind="recruitment", date="2024-01-02", country_id="NG", participants=travellers
    )
    record_event_in_case(
        actor=investigator, case=case, kind="transport", date="2024-01-05", country_id="NE", participants=travellers
    )
    record_event_in_case(
        actor=investigator, case=case, kind="exploitation", date="2024-01-20", country_id="LY", participants=travellers
    )
    client.force_login(investigator)

    panel = page_figures(client.get(URL))["flows"]

    # Nigeria → Niger (transit) → Libya: two links of the 6 persons, the lines on the map following them.
    table = panel["table"]
    assert table["rows"]["keys"] == ["origin:NG", "transit1:NE"]
    assert table["columns"]["keys"] == ["transit1:NE", "destination:LY"]
    assert table["values"][:2] == [[6, 0, 6], [0, 6, 6]]
    assert panel["extra"]["nodes"]["transit1:NE"] == {"name": "Niger", "country": "NE", "stage": "transit"}
    assert table["rows"]["labels"] == ["Nigeria (origin)", "Niger (transit 1)"]


def test_the_map_is_west_and_central_africa_and_its_neighbours_named_by_iso_code(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("analytics:map"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    geometry = json.loads(dashboard.map_geometry())
    names = {feature["properties"]["name"] for feature in geometry["features"]}
    region = set(Country.objects.of_vigie_region().values_list("iso2", flat=True))
    assert region - {"CV"} <= names  # Cabo Verde: islands too small for a 1:50m map of a region? kept if present
    assert {"DZ", "LY", "SD"} <= names
    assert not {"ZA", "EG", "KE", "MA"} & names
    longitude, latitude = dashboard.map_centroids()["NE"]
    assert 0 < longitude < 16 and 11 < latitude < 24  # inside Niger's bounding box


@pytest.mark.parametrize("role", ["analyst", "investigator"])
def test_an_empty_register_shows_zeros(client, request, role):
    client.force_login(request.getfixturevalue(role))
    figures = page_figures(client.get(URL))
    assert column(figures["victims_by_year"]) == {"Total": "0"}
    assert figures["flows"]["table"]["texts"] == [["0"]]
    assert figures["justice"]["table"]["texts"] == [["0"], ["0"], ["0"]]
    assert column(figures["smuggled_migrants_by_year"]) == {"Total": "0"}
    assert download(client, "victims_by_sex_and_age")[-1] == ["Total", "0", "0", "0"]


def _tried(anltp, investigator, prosecutor, *, suspects: int, charged: int, convicted: int) -> list[int]:
    """A case detected in Niger, its victim identified on 10 January 2025; the convictions 10 days apart from
    1 September 2025. The days from the identification to each verdict, worked out here."""
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2024, 11, 3))
    victim = make_participant(case, investigator, role=Participant.Role.VICTIM)
    Participant.objects.filter(pk=victim.pk).update(identified_on=datetime.date(2025, 1, 10))
    people = [
        make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names=f"Suspect {n}", sex="male")
        for n in range(suspects)
    ]
    proceeding = open_round(prosecutor, case)
    charges = [
        justice_services.bring_charge(
            actor=prosecutor,
            proceeding=proceeding,
            accused=suspect,
            offence="tip",
            charged_on=datetime.date(2025, 4, 2),
            law_key="NE-tip-2010",
            provision="art. 10",
        )
        for suspect in people[:charged]
    ]
    days = []
    for n, charge in enumerate(charges[:convicted]):
        decided = datetime.date(2025, 9, 1) + datetime.timedelta(days=10 * n)
        justice_services.record_verdict(
            actor=prosecutor, charge=charge, proceeding=proceeding, outcome="convicted", decided_on=decided
        )
        days.append((decided - datetime.date(2025, 1, 10)).days)
    return days


def test_the_justice_panel_counts_persons_suspected_prosecuted_and_convicted(
    client, anltp, investigator, prosecutor, analyst
):
    days = _tried(anltp, investigator, prosecutor, suspects=7, charged=6, convicted=5)
    client.force_login(investigator)

    panel = page_figures(client.get(URL))["justice"]

    # justice.py's stages: the 7 suspects of the case, the 6 charged, the 5 convicted; no total of stages.
    assert panel["table"]["rows"]["keys"] == ["suspected", "prosecuted", "convicted"]
    assert panel["table"]["values"] == [[7], [6], [5]]
    assert panel["table"]["totals"] is False
    # Five verdicts 10 days apart: median the third, quartiles the second and the fourth (inclusive method).
    assert panel["notes"] == [
        "Time from a victim's identification to the first-instance verdict, for the 5 persons convicted or "
        f"acquitted at first instance in the period: median {days[2]} days, quartiles {days[1]} and {days[3]} days."
    ]
    # The year of each stage is its own: suspects identified in 2024 (the case's opening), charges in 2025.
    in_2024 = page_figures(client.get(URL, {"year_from": "2024", "year_to": "2024"}))["justice"]
    assert in_2024["table"]["values"] == [[7], [0], [0]]
    assert "no person tried in the period" in in_2024["notes"][0]

    client.force_login(analyst)
    assert page_figures(client.get(URL))["justice"]["table"]["texts"] == [["7"], ["6"], ["5"]]


def test_the_justice_panel_protects_small_counts_and_withholds_a_short_time_to_verdict(
    client, anltp, investigator, prosecutor, analyst
):
    days = _tried(anltp, investigator, prosecutor, suspects=8, charged=3, convicted=3)
    client.force_login(analyst)
    panel = page_figures(client.get(URL))["justice"]
    assert panel["table"]["texts"] == [["8"], ["<5"], ["<5"]]
    assert panel["table"]["values"] == [[8], [None], [None]]
    assert "withheld, fewer than 5 persons" in panel["notes"][0]

    client.force_login(investigator)
    panel = page_figures(client.get(URL))["justice"]
    assert panel["table"]["values"] == [[8], [3], [3]]
    assert f"median {days[1]} days" in panel["notes"][0]


def test_the_figures_speak_french(client, investigator, register):
    client.force_login(investigator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    figures = page_figures(client.get(URL))
    assert figures["victims_by_year"]["title"] == "Victimes détectées par année"
    assert "registre des dossiers que vous pouvez compter" in figures["victims_by_year"]["counts"]
    rows = download(client, "victims_by_citizenship")
    assert rows[0] == ["Nationalité", "Victimes"]
    assert ["Inconnu", "1"] in rows


def test_filters_that_leave_out_fewer_than_five_victims_are_refused_to_protected_roles(
    client, analyst, investigator, register
):
    # Without 2025's one victim, the page minus the unfiltered one would be that victim's sex, age, citizenship.
    client.force_login(analyst)
    response = client.get(URL, {"year_to": "2024"})
    assert response.context["figures"].withheld is True
    assert response.context["figures"].panels == []
    assert "leave out fewer than 5" in response.text
    csv_response = client.get(reverse("analytics:figure-csv", kwargs={"panel": "victims_by_year"}), {"year_to": "2024"})
    assert csv_response.status_code == 400
    # Leaving out 2023 and 2025 (3 victims) is refused too; and so is keeping 2025's one victim alone.
    assert client.get(URL, {"year_from": "2024", "year_to": "2024"}).context["figures"].withheld is True
    kept_alone = client.get(URL, {"year_from": "2025"})
    assert kept_alone.context["figures"].withheld is True
    assert "keep fewer than 5 victims" in kept_alone.text

    client.force_login(investigator)
    assert column(page_figures(client.get(URL, {"year_to": "2024"}))["victims_by_year"]) == {
        "2023": "2",
        "2024": "13",
        "Total": "15",
    }


def test_smuggled_migrants_are_counted_by_year_in_the_users_scope(
    client, anltp, naptip, investigator, outsider, analyst
):
    for year, migrants in ((2024, 3), (2025, 6)):
        case = make_case(anltp, investigator, opened_on=datetime.date(year, 3, 1), country_id="NE")
        for _ in range(migrants):
            make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT)
    other = make_case(naptip, outsider, opened_on=datetime.date(2025, 3, 1), country_id="NG")
    make_participant(other, outsider, role=Participant.Role.SMUGGLED_MIGRANT)

    client.force_login(investigator)
    panel = page_figures(client.get(URL))["smuggled_migrants_by_year"]
    assert column(panel) == {"2024": "3", "2025": "6", "Total": "9"}
    assert panel["table"]["columns"]["labels"] == ["Smuggled migrants"]

    client.force_login(analyst)
    # 3 is small, and 6 would give it away beside the total 9.
    assert column(page_figures(client.get(URL))["smuggled_migrants_by_year"]) == {
        "2024": "<5",
        "2025": "x",
        "Total": "9",
    }


def iom_dead_and_missing(year_from: int, year_to: int) -> dict[tuple[int, str], int]:
    """IOM's file read again here: dead and missing by (year, route) on the four routes of the region."""
    routes = {
        "Western African Atlantic Route",
        "Intra-African routes",
        "Central Mediterranean Route",
        "Western Mediterranean Route",
    }
    found: Counter[tuple[int, str]] = Counter()
    with (Path(dashboard.__file__).parent / "data" / "iom_missing_migrants_2014-2025.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(float(row["t"])))).year
            if row["route"] in routes and year_from <= year <= year_to:
                found[year, row["route"]] += round(float(row["dead"] or 0))
    return found


def test_the_dead_and_missing_on_the_routes_are_iom_public_figures(client, analyst):
    client.force_login(analyst)
    panel = page_figures(client.get(URL, {"year_from": "2022", "year_to": "2023", "country": "ML"}))["dead_and_missing"]

    expected = iom_dead_and_missing(2022, 2023)
    table = panel["table"]
    assert table["rows"]["keys"] == ["2022", "2023"]
    assert table["columns"]["labels"] == [
        "Western African Atlantic route",
        "Intra-African routes",
        "Central Mediterranean route",
        "Western Mediterranean route",
    ]
    for i, year in enumerate((2022, 2023)):
        assert table["values"][i][:4] == [expected[year, route] for route in table["columns"]["keys"]]
    # Public: shown as published even to an analyst, and said so; the country filter does not apply to it.
    assert table["values"][-1][-1] == sum(expected.values())
    assert "IOM Missing Migrants Project" in panel["counts"]
    assert "not protected" in panel["notes"][0]


def niger_population(year: int) -> int:
    with (Path(dashboard.__file__).parent / "data" / "world_bank_population.csv").open(encoding="utf-8") as f:
        return next(
            round(float(r["Value"])) for r in csv.DictReader(f) if r["Country Code"] == "NER" and r["Year"] == str(year)
        )


def test_sdg_16_2_2_needs_a_country_then_gives_victims_per_100000_by_sex_and_age(client, investigator, register):
    client.force_login(investigator)
    panel = page_figures(client.get(URL))["sdg_16_2_2"]
    assert panel["table"] is None
    assert panel["notes"] == ["Choose a country in the filters to see its SDG indicator 16.2.2."]

    panel = page_figures(client.get(URL, {"country": "NE", "year_to": "2024"}))["sdg_16_2_2"]

    # 2024 in Niger: 7 women, 6 boys (born 2012), per 100,000 inhabitants of Niger that year.
    population = niger_population(2024)
    table = panel["table"]
    assert table["rows"]["keys"] == ["total", "sex:female", "sex:male", "age_group:adult", "age_group:child"]
    assert [row[1] for row in table["values"]] == [13, 7, 6, 7, 6]
    assert [row[0] for row in table["values"]] == [round(n * 100_000 / population, 4) for n in (13, 7, 6, 7, 6)]
    assert "in Niger in 2024" in panel["counts"]
    assert "in 2024 (World Bank" in panel["notes"][0]


def test_the_download_block_offers_the_report_and_the_workbook_for_the_filters(client, analyst):
    client.force_login(analyst)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    response = client.get(URL, {"country": "NE", "year_from": "2021", "year_to": "2023"})

    form = response.context["report_form"]
    assert (form["country"].value(), form["year"].value(), form["lang"].value()) == ("NE", 2023, "fr")
    assert f'action="{reverse("analytics:report")}"' in response.text
    assert response.context["workbook_url"] == reverse("analytics:glotip-workbook") + "?country=NE&from=2021&to=2023"
    assert response.context["workbook_url"].replace("&", "&amp;") in response.text
