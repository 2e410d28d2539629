"""The flows' Sankey diagram groups the countries beyond the largest at each stage into "Other countries",
adding up only the links the user is shown; the table and the CSV keep every country."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from vigie.analytics.dashboard import SANKEY_COUNTRIES, Axis, ShownTable, sankey_of
from vigie.analytics.flows import FlowNode
from vigie.analytics.tests.test_dashboard import page_figures
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

ORIGINS = [f"origin:{code}" for code in ("NG", "ML", "BF", "TD", "CM", "BJ", "TG", "GH", "SN", "GN", "CI", "LR")]


def flows_to_niger(victims: list[int | None]) -> tuple[ShownTable, dict[str, FlowNode]]:
    """Origins down, Niger across, as the dashboard shows them: None is a hidden link."""
    rows = ORIGINS[: len(victims)]
    shown = ShownTable(Axis(rows, rows), Axis(["destination:NE"], ["Niger (destination)"]), [[v] for v in victims], [])
    nodes = {n: FlowNode(n, "origin", 0, n.split(":")[1]) for n in rows}
    nodes["origin:unknown"] = FlowNode("origin:unknown", "origin", 0, None)
    nodes["destination:NE"] = FlowNode("destination:NE", "destination", 1, "NE")
    return shown, nodes


def sankey(shown, nodes, largest):
    names = {n: f"name {n}" for n in nodes}
    return sankey_of(shown, nodes, names=names, labels={n: f"label {n}" for n in nodes}, largest=largest)


def test_the_countries_beyond_the_largest_are_one_node_of_the_shown_links_only():
    # Twelve origins; the 11th link is hidden: it is not added to the group, as the table does not show it.
    victims: list[int | None] = [40, 35, 30, 25, 20, 18, 16, 14, 12, 10, None, 6]
    with translation.override("en"):
        drawn = sankey(*flows_to_niger(victims), largest=8)

    links = {(link["source"], link["target"]): link["value"] for link in drawn["links"]}
    assert links == {
        **{(origin, "destination:NE"): n for origin, n in zip(ORIGINS[:8], victims[:8], strict=True)},
        ("origin:other", "destination:NE"): 12 + 10 + 6,
    }
    assert drawn["grouped"] == 3
    names = {node["id"]: node["name"] for node in drawn["nodes"]}
    assert names["origin:other"] == "Other countries"
    assert names["origin:NG"] == "name origin:NG"
    other = next(link for link in drawn["links"] if link["source"] == "origin:other")
    assert other["label"] == "Other countries (origin) → label destination:NE"
    assert other["text"] == "28"


def test_a_single_country_beyond_the_largest_is_not_grouped():
    drawn = sankey(*flows_to_niger([9, 8, 7]), largest=2)
    assert drawn["grouped"] == 0
    assert {link["source"] for link in drawn["links"]} == set(ORIGINS[:3])


def test_the_unknown_origin_is_drawn_on_its_own():
    shown, nodes = flows_to_niger([9, 8, 7, 6])
    shown = ShownTable(
        Axis([*shown.rows.keys, "origin:unknown"], [*shown.rows.labels, "Unknown (origin)"]),
        shown.columns,
        [*shown.values, [1]],
        [],
    )
    drawn = sankey(shown, nodes, largest=1)
    assert {link["source"] for link in drawn["links"]} == {"origin:NG", "origin:other", "origin:unknown"}


@pytest.mark.django_db
def test_the_dashboard_draws_the_group_and_its_table_keeps_every_country(client, anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 2, 1), country_id="NE")
    for origin in ORIGINS:
        make_participant(case, investigator, nationalities=[Country.objects.get(pk=origin.split(":")[1])])
    client.force_login(investigator)

    response = client.get(reverse("analytics:overview"))

    panel = page_figures(response)["flows"]
    assert sorted(panel["table"]["rows"]["keys"]) == sorted(ORIGINS)
    origins = [node["id"] for node in panel["extra"]["sankey"]["nodes"] if node["id"].startswith("origin:")]
    assert len(origins) == SANKEY_COUNTRIES + 1
    assert "origin:other" in origins
    assert "regroupe les autres sous « Autres pays » ; le tableau et le CSV donnent tous les pays." in response.text
