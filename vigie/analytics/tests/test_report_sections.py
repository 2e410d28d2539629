"""The report's sections on criminal justice, migrant smuggling and SDG 16.2.2: figures worked out here from
the register the test builds (and from IOM's and the World Bank's files, read again), protected as the rest."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.utils import translation

from vigie.analytics import dashboard, report
from vigie.analytics.report import export_report, report_request
from vigie.analytics.tests.report_support import IDENTIFIED, add_victims, pdf_text, report_register  # noqa: F401
from vigie.cases.models import Participant
from vigie.cases.services import record_crossing, record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.justice import services as justice_services
from vigie.justice.tests.conftest import open_round
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db
DATA = Path(report.__file__).parent / "data"


def make_report(country="NE", year=2024, language="en"):
    out = io.BytesIO()
    figures = export_report(
        actor=None, request=report_request(country=country, year=year, language=language), cases=None, out=out
    )
    return figures, pdf_text(out.getvalue())


@pytest.fixture
def trial(anltp, investigator, prosecutor) -> list[int]:
    """A case of Niger opened in 2024, its victim identified on 1 May 2024: 7 men and 2 women suspected, 6 men
    charged, 5 convicted 10 days apart from 1 September 2024. The days to each verdict, worked out here."""
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 3, 1), country_id="NE")
    add_victims(case, investigator, [("female", "1990", "NE", "sexual", 1)], IDENTIFIED)
    men = [
        make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names=f"Suspect {n}", sex="male")
        for n in range(7)
    ]
    for n in range(2):
        make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names=f"Other {n}", sex="female")
    proceeding = open_round(prosecutor, case, opened_on=datetime.date(2024, 4, 1))
    days = []
    for n, man in enumerate(men[:6]):
        charge = justice_services.bring_charge(
            actor=prosecutor,
            proceeding=proceeding,
            accused=man,
            offence="tip",
            charged_on=datetime.date(2024, 4, 2),
            law_key="NE-tip-2010",
            provision="art. 10",
        )
        if n < 5:
            decided = datetime.date(2024, 9, 1) + datetime.timedelta(days=10 * n)
            justice_services.record_verdict(
                actor=prosecutor, charge=charge, proceeding=proceeding, outcome="convicted", decided_on=decided
            )
            days.append((decided - IDENTIFIED).days)
    return days


def test_the_justice_section_counts_persons_by_sex_and_stage_protected(trial):
    figures, text = make_report()

    table = figures.justice
    assert table is not None
    assert table.column_labels == ["Suspected", "Prosecuted", "Convicted"]
    assert table.row_labels == ["Female", "Male", "Other", "Unknown"]
    # Suspected: 2 women are a small count, and the 7 men beside the total 9 would give it away.
    assert [row[0].text for row in table.cells] == ["<5", "x", "0", "0", "9"]
    assert [row[1].text for row in table.cells] == ["0", "6", "0", "0", "6"]
    assert [row[2].text for row in table.cells] == ["0", "5", "0", "0", "5"]
    assert "Male x 6 5\n" in text
    # Five verdicts 10 days apart: the median the third, the quartiles the second and the fourth.
    assert f"median {trial[2]} days, quartiles {trial[1]} and {trial[3]} days" in figures.time_to_verdict
    assert "for the 5 persons convicted" in text.replace("\n", " ")


def test_the_time_to_verdict_is_withheld_under_five_persons(anltp, investigator, prosecutor):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 3, 1), country_id="NE")
    suspect = make_participant(case, investigator, role=Participant.Role.SUSPECT, sex="male")
    proceeding = open_round(prosecutor, case, opened_on=datetime.date(2024, 4, 1))
    charge = justice_services.bring_charge(
        actor=prosecutor,
        proceeding=proceeding,
        accused=suspect,
        offence="tip",
        charged_on=datetime.date(2024, 4, 2),
        law_key="NE-tip-2010",
        provision="art. 10",
    )
    justice_services.record_verdict(
        actor=prosecutor,
        charge=charge,
        proceeding=proceeding,
        outcome="convicted",
        decided_on=datetime.date(2024, 9, 1),
    )
    figures, _text = make_report()
    assert "withheld, fewer than 5 persons" in figures.time_to_verdict
    for stage in range(3):
        assert [row[stage].value for row in figures.justice.cells] == [0, None, 0, 0, None]


def iom_dead_and_missing(year: int) -> dict[str, int]:
    found: dict[str, int] = {}
    with (DATA / "iom_missing_migrants_2014-2025.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(float(row["t"])))).year == year:
                found[row["route"]] = found.get(row["route"], 0) + round(float(row["dead"] or 0))
    return found


def test_the_smuggling_section_counts_migrants_detected_and_iom_dead_and_missing(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 3, 1), country_id="NE")
    for _ in range(6):
        make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, sex="male")
    make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, sex="female")

    figures, text = make_report()

    smuggled = figures.smuggled
    assert smuggled is not None
    # 1 woman: "<5", and the 6 men hidden too, or the total 7 would give her away.
    assert [row[0].text for row in smuggled.cells] == ["<5", "x", "0", "0", "7"]
    dead = iom_dead_and_missing(2024)
    routes = [
        "Western African Atlantic Route",
        "Intra-African routes",
        "Central Mediterranean Route",
        "Western Mediterranean Route",
    ]
    assert [row[0].value for row in figures.dead_and_missing.cells] == [
        *(dead.get(r, 0) for r in routes),
        sum(dead.get(r, 0) for r in routes),
    ]
    assert f"Central Mediterranean route {dead['Central Mediterranean Route']:,}\n" in text  # 1,810: grouped
    assert "IOM Missing Migrants Project" in text


def niger_population(year: int) -> int:
    with (DATA / "world_bank_population.csv").open(encoding="utf-8") as file:
        rows = csv.DictReader(file)
        return next(round(float(r["Value"])) for r in rows if r["Country Code"] == "NER" and r["Year"] == str(year))


@pytest.mark.usefixtures("report_register")
def test_the_sdg_section_gives_victims_per_100000_with_the_population_and_its_year(anltp, investigator):
    figures, text = make_report()

    population = niger_population(2024)
    assert figures.sdg is not None
    assert (figures.sdg.victims.value, figures.sdg.population, figures.sdg.population_year) == (16, population, 2024)
    assert figures.sdg.rate == f"{16 * 100_000 / population:.4f}"
    assert f"Victims per 100,000 population {figures.sdg.rate}\n" in text
    assert f"Population {population:,} in 2024\n" in text

    french = make_report(language="fr")[1]
    assert "Indicateur ODD 16.2.2" in french


def test_the_sdg_rate_of_a_small_count_is_hidden(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 3, 1), country_id="NE")
    add_victims(case, investigator, [("female", "1990", "NE", "sexual", 2)], IDENTIFIED)
    figures, _text = make_report()
    assert (figures.sdg.victims.text, figures.sdg.rate) == ("<5", "<5")


@pytest.mark.usefixtures("report_register")
def test_the_flows_section_lists_the_links_protected_as_the_dashboard_shows_them(anltp, investigator, sysadmin):
    """Niger 2024: 15 Nigeriens and a Malian without journeys (origin their citizenship, destination Niger),
    and 5 Nigerians recruited at home who crossed into Benin then Niger (Benin is their transit)."""
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 6, 1), country_id="NE")
    travellers = [
        make_participant(
            case, investigator, given_names=f"Ada {n}", nationalities=list(Country.objects.filter(iso2="NG"))
        )
        for n in range(5)
    ]
    Participant.objects.filter(pk__in=[p.pk for p in travellers]).update(identified_on=IDENTIFIED)
    record_event_in_case(
        actor=investigator, case=case, kind="recruitment", date="2024-01", country_id="NG", participants=travellers
    )
    for day, (left, entered) in enumerate([("NG", "BJ"), ("BJ", "NE")], start=1):
        record_crossing(
            actor=investigator,
            case=case,
            from_country_id=left,
            to_country_id=entered,
            date=f"2024-02-0{day}",
            travellers=travellers,
        )

    figures, text = make_report()

    expected = {
        "Niger (origin) → Niger (destination)": 15,
        "Mali (origin) → Niger (destination)": 1,
        "Nigeria (origin) → Benin (transit 1)": 5,
        "Benin (transit 1) → Niger (destination)": 5,
    }
    shown = dict(zip(figures.flows.row_labels, figures.flows.cells, strict=False))
    assert set(shown) == set(expected)
    assert shown["Mali (origin) → Niger (destination)"][0].text == "<5"
    for label, cell in shown.items():
        assert cell[0].value in (expected[label], None), label
    # The dashboard's flows table of the same country and year hides the same links, with the same marks.
    with translation.override("en"):
        board = dashboard.build(sysadmin, dashboard.Choice(year_from=2024, year_to=2024, country="NE"), protect=True)
    table = next(panel.table for panel in board.panels if panel.panel.key == "flows")
    assert table is not None
    board_texts = {
        f"{row} → {column}": table.texts[i][j]
        for i, row in enumerate(table.rows.labels)
        for j, column in enumerate(table.columns.labels)
        if table.values[i][j] != 0
    }
    assert {label: cell[0].text for label, cell in shown.items()} == {k: board_texts[k] for k in shown}
    assert "Flows of victims: origin, transit and destination, 2024" in text
    assert "Nigeria (origin) → Benin (transit 1)" in text
