"""Flows from origin through transit to destination: a register built by hand, whose links and routes are
worked out by hand below, and a CTDC data set counted again from its raw file."""

import csv
import datetime
import io
import json
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vigie.analytics.flows import Journey, flow_statistics, journey_of, protected_flows, register_flows
from vigie.analytics.selectors import countable_cases
from vigie.analytics.statistics import VictimFilters
from vigie.cases.models import Case, Participant
from vigie.cases.services import add_participant, record_crossing, record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import
from vigie.exchange.tests.conftest import CTDC_10_FILE
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

PRESUMED = Participant.Role.PRESUMED_VICTIM


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def countries(*codes: str) -> list[Country]:
    return list(Country.objects.filter(iso2__in=codes))


def victim(case: Case, actor, *citizenships: str, **person) -> Participant:
    # Presumed victims: identified_on stays empty, so the year of detection is the year the case was opened.
    return make_participant(case, actor, role=PRESUMED, nationalities=countries(*citizenships), **person)


def event(case: Case, actor, kind: str, date: str, country: str, *people: Participant) -> None:
    record_event_in_case(actor=actor, case=case, kind=kind, date=date, country_id=country, participants=people)


def crossing(case: Case, actor, date: str, from_country: str, to_country: str, *people: Participant) -> None:
    record_crossing(
        actor=actor, case=case, from_country_id=from_country, to_country_id=to_country, date=date, travellers=people
    )


@pytest.fixture
def register(anltp, naptip, investigator, outsider):
    """Five victims detected in Niger in 2024 (one of them again in a second case), one migrant, one victim of
    2022, and one victim of NAPTIP's in Nigeria."""
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 5, 2), country_id="NE")
    # Recruited in Nigeria, crossed into Niger then Libya, exploited in Libya.
    amina = victim(case, investigator, "NG")
    event(case, investigator, "recruitment", "2024-01", "NG", amina)
    crossing(case, investigator, "2024-02", "NG", "NE", amina)
    event(case, investigator, "transport", "2024-02-20", "NE", amina)
    crossing(case, investigator, "2024-03", "NE", "LY", amina)
    event(case, investigator, "exploitation", "2024-04", "LY", amina)
    # A Nigerian citizen who crossed into Niger and was detected there: no transit.
    bola = victim(case, investigator, "NG", given_names="Bola")
    crossing(case, investigator, "2024-02", "NG", "NE", bola)
    # Recruited in Mali, through Burkina Faso and Niger to Libya; the journey back through Niger is no transit.
    kadi = victim(case, investigator, "ML", given_names="Kadi")
    event(case, investigator, "recruitment", "2024-01-05", "ML", kadi)
    crossing(case, investigator, "2024-02-01", "ML", "BF", kadi)
    crossing(case, investigator, "2024-02-15", "BF", "NE", kadi)
    crossing(case, investigator, "2024-03-01", "NE", "LY", kadi)
    event(case, investigator, "exploitation", "2024-03-10", "LY", kadi)
    crossing(case, investigator, "2024-04-20", "LY", "DZ", kadi)
    event(case, investigator, "return", "2024-04-30", "NE", kadi)
    # A Nigerien exploited at home, and a dual national of whom no journey is recorded: origin unknown.
    victim(case, investigator, "NE", given_names="Hawa")
    victim(case, investigator, "NE", "NG", given_names="Zara")
    # A smuggled migrant is not a victim.
    migrant = make_participant(
        case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, nationalities=countries("SN")
    )
    crossing(case, investigator, "2024-02", "SN", "ML", migrant)
    # Amina again, in a second case in 2024 with nothing of her journey recorded.
    second = make_case(anltp, investigator, opened_on=datetime.date(2024, 9, 1), country_id="NE")
    add_participant(actor=investigator, case=second, person=amina.person, role=PRESUMED)
    # A victim of 2022, and one of NAPTIP's cases, which ANLTP's users do not count.
    victim(make_case(anltp, investigator, opened_on=datetime.date(2022, 1, 3), country_id="NE"), investigator, "BJ")
    victim(make_case(naptip, outsider, opened_on=datetime.date(2024, 2, 2), country_id="NG"), outsider, "TG")
    return case


def links_of(flows) -> dict[tuple[str, str], int]:
    return {(link.source, link.target): link.victims for link in flows.links}


def routes_of(flows) -> dict[tuple[Any, ...], int]:
    return {(r.origin, r.transit, r.destination): r.victims for r in flows.routes}


def test_links_and_routes_with_transit_count_each_person_once_per_link(register, analyst):
    flows = register_flows(countable_cases(analyst), filters=VictimFilters(2024, 2024), with_transit=True)

    assert links_of(flows) == {
        ("origin:NG", "transit1:NE"): 1,  # Amina
        ("transit1:NE", "destination:LY"): 1,
        ("origin:NG", "destination:NE"): 2,  # Amina's second case, and Bola
        ("origin:ML", "transit1:BF"): 1,  # Kadi
        ("transit1:BF", "transit2:NE"): 1,
        ("transit2:NE", "destination:LY"): 1,
        ("origin:NE", "destination:NE"): 1,  # Hawa
        ("origin:unknown", "destination:NE"): 1,  # Zara, a dual national
    }
    assert routes_of(flows) == {
        ("NG", ("NE",), "LY"): 1,
        ("NG", (), "NE"): 2,
        ("ML", ("BF", "NE"), "LY"): 1,
        ("NE", (), "NE"): 1,
        (None, (), "NE"): 1,
    }
    assert flows.metadata["victims"] == 5
    assert flows.metadata["victims_with_several_routes"] == 1


def test_without_transit_links_go_from_origin_to_destination(register, analyst):
    flows = register_flows(countable_cases(analyst), filters=VictimFilters(2024, 2024), with_transit=False)

    assert links_of(flows) == {
        ("origin:NG", "destination:LY"): 1,
        ("origin:NG", "destination:NE"): 2,
        ("origin:ML", "destination:LY"): 1,
        ("origin:NE", "destination:NE"): 1,
        ("origin:unknown", "destination:NE"): 1,
    }


def test_a_crossing_into_the_destination_still_counts_the_country_it_left():
    day = datetime.date(2024, 3, 1)
    # A Nigerian citizen of whom only the crossing from Niger into Libya and the exploitation in Libya are known.
    steps = [(day, 1, 1, "crossing", ("NE", "LY")), (day, 3, 2, "exploitation", ("LY",))]

    assert journey_of(steps, {"NG"}, "NE") == Journey("NG", ("NE",), "LY")


def test_the_links_form_a_dag_with_stage_qualified_nodes(register, analyst):
    flows = register_flows(countable_cases(analyst), with_transit=True)

    step = {node.id: node.step for node in flows.nodes}
    assert all(step[link.source] < step[link.target] for link in flows.links)
    assert {node.id for node in flows.nodes} == {link.source for link in flows.links} | {
        link.target for link in flows.links
    }
    stages = {node.id: node.stage for node in flows.nodes}
    assert (
        stages["origin:NG"] == "origin"
        and stages["transit2:NE"] == "transit"
        and stages["destination:NE"] == "destination"
    )


def test_the_scope_and_the_filters_decide_who_is_counted(register, sysadmin, analyst):
    everything = register_flows(countable_cases(sysadmin), with_transit=False)
    assert links_of(everything)[("origin:TG", "destination:NG")] == 1
    assert links_of(everything)[("origin:BJ", "destination:NE")] == 1
    assert everything.metadata["victims"] == 7

    nigeria = register_flows(countable_cases(sysadmin), filters=VictimFilters(country="NG"), with_transit=False)
    assert links_of(nigeria) == {("origin:TG", "destination:NG"): 1}
    assert ("origin:TG", "destination:NG") not in links_of(register_flows(countable_cases(analyst)))


def test_smuggled_migrants_have_their_own_routes(register, analyst):
    flows = register_flows(countable_cases(analyst), roles=[Participant.Role.SMUGGLED_MIGRANT], with_transit=True)

    # Origin: citizenship (SN); destination: the country of detection; Mali on the way.
    assert routes_of(flows) == {("SN", ("ML",), "NE"): 1}


def test_the_command_prints_the_same_links_as_json_and_csv(register):
    data = json.loads(stats("flows", "--with-transit", "--from", "2024", "--to", "2024", "--country", "ne"))
    expected = links_of(register_flows(Case.objects.all(), filters=VictimFilters(2024, 2024, "NE")))
    assert {(link["source"], link["target"]): link["victims"] for link in data["links"]} == expected
    assert data["metadata"]["rules"]["origin"].startswith("country of the earliest recruitment event")

    rows = list(csv.DictReader(io.StringIO(stats("flows", "--format", "csv", "--with-transit"))))
    assert {(r["source"], r["target"]): int(r["victims"]) for r in rows} == links_of(flow_statistics(with_transit=True))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX"], "XX"),
        (["--from", "2025", "--to", "2024"], "--from"),
        (["--source", "nothing"], "nothing"),
    ],
)
def test_bad_input_exits_2_with_a_message(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        stats("flows", *args)
    assert error.value.returncode == 2


def test_protected_flows_hide_small_links_and_what_gives_them_away(anltp, investigator, analyst):
    case = make_case(anltp, investigator, country_id="NE")
    for _ in range(6):
        victim(case, investigator, "NG")
    for _ in range(2):
        victim(case, investigator, "ML")
    flows = register_flows(countable_cases(analyst), with_transit=False)

    data = protected_flows(flows)

    # The 2 is "<5"; the 6 is hidden too, or the total of the destination (8) would give the 2 away.
    assert [(link["source"], link["victims"], link["censored"]) for link in data["links"]] == [
        ("origin:NG", None, "x"),
        ("origin:ML", None, "<5"),
    ]
    assert data["metadata"]["hidden_cells"] == 4
    assert data["metadata"]["victims"] == 8
    assert links_of(flows) == {("origin:NG", "destination:NE"): 6, ("origin:ML", "destination:NE"): 2}


def test_a_ctdc_data_set_flows_from_citizenship_to_country_of_exploitation(db):
    run_import(importer=importer_for("ctdc"), path=CTDC_10_FILE, actor=None, dataset="CTDC 2020")
    with CTDC_10_FILE.open(encoding="utf-8", newline="") as file:
        raw = list(csv.DictReader(file))

    flows = flow_statistics(source="CTDC 2020", with_transit=True)

    # This copy has no country of exploitation: every destination is unknown.
    expected = Counter((f"origin:{r['citizenship'] or 'unknown'}", "destination:unknown") for r in raw)
    assert links_of(flows) == dict(expected)
    assert flows.metadata["rules"]["transit"] == "not recorded by this source"
