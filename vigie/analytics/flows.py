"""Flows of victims (or of smuggled migrants) from their country of origin, through the countries of transit
the register records, to their country of destination: the links of a Sankey diagram and the routes.

Where each country comes from (the register):
- origin: the country of the person's earliest recruitment event that has a country; else the person's
  citizenship when there is exactly one; else unknown (null). A dual national recruited nowhere recorded
  has no origin we could tell without guessing.
- destination: the country of the person's earliest exploitation event that has a country; else the
  country of detection of the case (for smuggled migrants, who are not exploited: the country of detection).
- transit: the countries of the person's events (recruitment, transport, harbouring, exploitation,
  interception, rescue; not return) and of the border crossings the person is a traveller of, in date order
  (undated ones after the dated ones), each country once, leaving out the origin and the destination, and
  stopping when the destination is reached (what follows, a journey back, is not a transit).
Imported CTDC data sets record citizenship and country of exploitation only: origin → destination.

A person is counted once per link and once per route, whatever the number of cases they were detected in;
a person with several routes (several cases with different journeys) is in each, and the metadata says how
many. Node ids are qualified by stage and step ("origin:NG", "transit1:NE", "transit2:DZ",
"destination:LY"), so that the links always form a DAG, as a Sankey diagram needs.
"""

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigie.analytics.disclosure import SMALL, SUPPRESSED, WITHHELD, Shown, protect_table
from vigie.analytics.statistics import (
    REGISTER,
    VICTIM_ROLES,
    Detection,
    StatisticsError,
    VictimFilters,
    _day_range,
    dataset_victims,
)
from vigie.cases.models import BorderCrossing, Case, Event, Participant
from vigie.exchange.models import DataSet
from vigie.people.models import Person

UNKNOWN = "unknown"
ORIGIN, DESTINATION = "origin", "destination"
# Events that place a person on the way to exploitation; a return is the journey back.
JOURNEY_EVENTS = (
    Event.Kind.RECRUITMENT,
    Event.Kind.TRANSPORT,
    Event.Kind.HARBOURING,
    Event.Kind.EXPLOITATION,
    Event.Kind.INTERCEPTION,
    Event.Kind.RESCUE,
)
# Within one day (or an undated stretch), the order of the stages of a journey.
STAGE_ORDER = {
    Event.Kind.RECRUITMENT: 0,
    Event.Kind.TRANSPORT: 1,
    "crossing": 1,
    Event.Kind.HARBOURING: 2,
    Event.Kind.EXPLOITATION: 3,
    Event.Kind.INTERCEPTION: 4,
    Event.Kind.RESCUE: 4,
}


@dataclass(frozen=True)
class Journey:
    """Where one detection of one person went: origin, transit countries in order, destination."""

    origin: str | None
    transit: tuple[str, ...]
    destination: str | None

    def stops(self, *, with_transit: bool) -> list[tuple[str, str | None]]:
        """The path as (node id, country): stage-qualified so that it never goes back to a node."""
        transit = [(f"transit{i}:{c}", c) for i, c in enumerate(self.transit, 1)] if with_transit else []
        return [
            (f"{ORIGIN}:{self.origin or UNKNOWN}", self.origin),
            *transit,
            (f"{DESTINATION}:{self.destination or UNKNOWN}", self.destination),
        ]


@dataclass(frozen=True)
class FlowNode:
    id: str
    stage: str  # origin, transit or destination
    step: int  # 0 for the origin, 1… for the transit countries in order, one more than the longest for the destination
    country: str | None  # ISO alpha-2, None when unknown


@dataclass(frozen=True)
class FlowLink:
    source: str
    target: str
    victims: int


@dataclass(frozen=True)
class FlowRoute:
    origin: str | None
    transit: tuple[str, ...]
    destination: str | None
    victims: int


@dataclass(frozen=True)
class Flows:
    nodes: list[FlowNode]
    links: list[FlowLink]
    routes: list[FlowRoute]
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": [{**node.__dict__} for node in self.nodes],
            "links": [{**link.__dict__} for link in self.links],
            "routes": [{**route.__dict__, "transit": list(route.transit)} for route in self.routes],
            "metadata": self.metadata,
        }


def count_flows(journeys_by_person: Iterable[Sequence[Journey]], *, with_transit: bool) -> Flows:
    """Links and routes of these persons (each a sequence of journeys, one per kept detection)."""
    links: Counter[tuple[str, str]] = Counter()
    routes: Counter[Journey] = Counter()
    nodes: dict[str, FlowNode] = {}
    persons = several_routes = 0
    for journeys in journeys_by_person:
        if not journeys:
            continue
        persons += 1
        person_links: set[tuple[str, str]] = set()
        person_routes = {j if with_transit else Journey(j.origin, (), j.destination) for j in journeys}
        several_routes += len(person_routes) > 1
        for journey in person_routes:
            stops = journey.stops(with_transit=with_transit)
            for step, (node_id, country) in enumerate(stops):
                stage = ORIGIN if step == 0 else DESTINATION if step == len(stops) - 1 else "transit"
                nodes.setdefault(node_id, FlowNode(node_id, stage, step, country))
            person_links.update((a[0], b[0]) for a, b in itertools.pairwise(stops))
        links.update(person_links)
        routes.update(person_routes)
    # Every destination in the last column, after the longest transit: steps then order the whole diagram.
    last = 1 + max((node.step for node in nodes.values() if node.stage == "transit"), default=0)
    nodes = {key: FlowNode(n.id, n.stage, last, n.country) if n.stage == DESTINATION else n for key, n in nodes.items()}
    return Flows(
        nodes=sorted(nodes.values(), key=lambda n: (n.step, n.id)),
        links=[FlowLink(a, b, n) for (a, b), n in sorted(links.items(), key=lambda item: (-item[1], item[0]))],
        routes=[
            FlowRoute(r.origin, r.transit, r.destination, n)
            for r, n in sorted(routes.items(), key=lambda item: (-item[1], _route_key(item[0])))
        ],
        metadata={
            "victims": persons,
            "victims_with_several_routes": several_routes,
            "with_transit": with_transit,
        },
    )


def _route_key(journey: Journey) -> tuple[str, tuple[str, ...], str]:
    return (journey.origin or "~", journey.transit, journey.destination or "~")


def flow_rules(*, transit_recorded: bool) -> dict[str, str]:
    rules = {
        "unit": "persons: each counted once per link and once per route, whatever the number of their cases",
        "origin": (
            "country of the earliest recruitment event with a country, else the citizenship when there is "
            "exactly one, else unknown"
        ),
        "destination": "country of the earliest exploitation event with a country, else the country of detection",
        "transit": (
            "countries of the person's events (not returns) and border crossings in date order, each once, "
            "without origin and destination, until the destination is reached"
        ),
        "nodes": "ids qualified by stage and step (origin:NG, transit1:NE, destination:LY): the links form a DAG",
        "filters": "period and country are those of the detection (year of identification, country of the case)",
    }
    if not transit_recorded:
        rules["origin"] = "citizenship (when exactly one), else unknown"
        rules["destination"] = "country of exploitation"
        rules["transit"] = "not recorded by this source"
    return rules


# The register ------------------------------------------------------------------------------------------


def register_flows(
    cases: QuerySet[Case],
    *,
    filters: VictimFilters | None = None,
    with_transit: bool = True,
    roles: Sequence[str] = VICTIM_ROLES,
) -> Flows:
    """Flows of the persons who have one of `roles` (victims and presumed victims by default) in `cases`
    (the caller's scope: countable_cases(user) for a user, an agency's cases…), detected within `filters`."""
    flows = count_flows(
        register_journeys(cases, filters=filters or VictimFilters(), roles=roles), with_transit=with_transit
    )
    flows.metadata.update(
        source=REGISTER,
        source_description="cases of this instance's register",
        filters=(filters or VictimFilters()).as_dict(),
        rules=flow_rules(transit_recorded=True),
    )
    return flows


def register_journeys(
    cases: QuerySet[Case], *, filters: VictimFilters, roles: Sequence[str] = VICTIM_ROLES
) -> Iterator[list[Journey]]:
    """For each person, the journeys of their detections that the filters keep (one query per table)."""
    participants = Participant.objects.filter(case__in=cases, role__in=roles)
    citizenships: dict[int, set[str]] = {}
    for person_id, country in (
        Person.nationalities.through.objects.filter(person__participations__in=participants)
        .values_list("person_id", "country_id")
        .distinct()
    ):
        citizenships.setdefault(person_id, set()).add(country)
    # (date, stage order, id, kind, countries) for each participant: events, then crossings.
    steps: dict[int, list[tuple[datetime.date, int, int, str, tuple[str, ...]]]] = {}
    for participant_id, kind, date, event_id, country in (
        Event.participants.through.objects.filter(participant__in=participants, event__kind__in=JOURNEY_EVENTS)
        .exclude(event__country=None)
        .values_list("participant_id", "event__kind", "event__date", "event_id", "event__country_id")
    ):
        steps.setdefault(participant_id, []).append((_start(date), STAGE_ORDER[kind], event_id, kind, (country,)))
    for participant_id, date, crossing_id, from_country, to_country in BorderCrossing.travellers.through.objects.filter(
        participant__in=participants
    ).values_list(
        "participant_id",
        "bordercrossing__date",
        "bordercrossing_id",
        "bordercrossing__from_country_id",
        "bordercrossing__to_country_id",
    ):
        steps.setdefault(participant_id, []).append(
            (_start(date), STAGE_ORDER["crossing"], crossing_id, "crossing", (from_country, to_country))
        )
    rows = participants.order_by("person_id", "id").values_list(
        "id", "person_id", "identified_on", "case__opened_on", "case__country_id"
    )
    journeys: list[Journey] = []
    current: int | None = None
    for participant_id, person_id, identified_on, opened_on, detected_in in rows.iterator(chunk_size=10_000):
        if person_id != current:
            if current is not None:
                yield journeys
            current, journeys = person_id, []
        detection = Detection((identified_on or opened_on).year, None, None, (), detected_in, ())
        if filters.keep(detection):
            person_citizenships = citizenships.get(person_id, set())
            journeys.append(journey_of(sorted(steps.get(participant_id, [])), person_citizenships, detected_in))
    if current is not None:
        yield journeys


def _start(date: str) -> datetime.date:
    # Undated steps go after the dated ones (then in the order of the stages of a journey).
    return _day_range(date)[0] if date else datetime.date.max


def journey_of(
    steps: Sequence[tuple[datetime.date, int, int, str, tuple[str, ...]]],
    citizenships: set[str],
    detected_in: str | None,
) -> Journey:
    """The journey from the person's steps (sorted by date, stage and id), citizenships and country of detection."""
    recruited = [countries[0] for _date, _order, _id, kind, countries in steps if kind == Event.Kind.RECRUITMENT]
    exploited = [countries[0] for _date, _order, _id, kind, countries in steps if kind == Event.Kind.EXPLOITATION]
    origin = recruited[0] if recruited else (next(iter(citizenships)) if len(citizenships) == 1 else None)
    destination = exploited[0] if exploited else detected_in
    transit: list[str] = []
    for country in (country for *_rest, countries in steps for country in countries):
        if country == destination:
            break
        if country != origin and country not in transit:
            transit.append(country)
    return Journey(origin, tuple(transit), destination)


# Imported CTDC data sets -------------------------------------------------------------------------------


def dataset_flows(dataset: DataSet, *, filters: VictimFilters | None = None) -> Flows:
    """Citizenship → country of exploitation of the anonymous records (no transit in CTDC data)."""
    filters = filters or VictimFilters()
    flows = count_flows(_dataset_journeys(dataset, filters), with_transit=False)
    flows.metadata.update(
        source=dataset.name,
        source_description=dataset.get_kind_display(),
        filters=filters.as_dict(),
        rules=flow_rules(transit_recorded=False),
    )
    return flows


def _dataset_journeys(dataset: DataSet, filters: VictimFilters) -> Iterator[list[Journey]]:
    for victim in dataset_victims(dataset):
        kept = [d for d in victim.detections if filters.keep(d)]
        yield [
            Journey(d.citizenships[0] if len(d.citizenships) == 1 else None, (), d.country_of_detection) for d in kept
        ]


def flow_statistics(
    *,
    source: str = REGISTER,
    cases: QuerySet[Case] | None = None,
    filters: VictimFilters | None = None,
    with_transit: bool = True,
) -> Flows:
    """The flows `vigie stats flows` prints: the register (all cases, or the `cases` given) or a CTDC data set."""
    if source == REGISTER:
        return register_flows(
            Case.objects.all() if cases is None else cases, filters=filters, with_transit=with_transit
        )
    dataset = DataSet.objects.filter(name=source).exclude(kind=DataSet.Kind.GLOTIP).first()
    if dataset is None:
        known = [REGISTER, *DataSet.objects.exclude(kind=DataSet.Kind.GLOTIP).values_list("name", flat=True)]
        raise StatisticsError(
            _("Unknown source %(name)s; known: %(known)s.") % {"name": source, "known": ", ".join(known)}
        )
    return dataset_flows(dataset, filters=filters)


# Small cells ---------------------------------------------------------------------------------------------


def protected_flows(flows: Flows) -> dict[str, Any]:
    """The flows as a role that may not see names is shown them: links laid out as a table (sources down,
    targets across) and routes as one row, each protected with its totals (disclosure.py); a hidden figure
    is null with its mark in "censored". Protection holds within each table, not across the node balances
    of the diagram (what flows into a transit country flows out of it)."""
    data = flows.as_dict()
    sources = sorted({link.source for link in flows.links})
    targets = sorted({link.target for link in flows.links})
    if flows.links:
        cells = [[0] * len(targets) for _ in sources]
        for link in flows.links:
            cells[sources.index(link.source)][targets.index(link.target)] = link.victims
        table = protect_table(cells)
        for row, link in zip(data["links"], flows.links, strict=True):
            i, j = sources.index(link.source), targets.index(link.target)
            _hide(row, table.shown[i][j], table.text(i, j))
    if flows.routes:
        table = protect_table([[route.victims for route in flows.routes]])
        for j, row in enumerate(data["routes"]):
            _hide(row, table.shown[0][j], table.text(0, j))
    victims = flows.metadata["victims"]
    if 0 < victims < 5:
        data["metadata"] = {**data["metadata"], "victims": None, "victims_censored": SMALL}
    data["metadata"]["small_cells"] = small_cells_legend()
    data["metadata"]["hidden_cells"] = sum(row["censored"] is not None for row in [*data["links"], *data["routes"]])
    return data


def _hide(row: dict[str, Any], shown: Shown, text: str) -> None:
    row["censored"] = None if shown == Shown.VALUE else text
    if shown != Shown.VALUE:
        row["victims"] = None


def small_cells_legend() -> dict[str, str]:
    return {
        SMALL: _("a count from 1 to 4"),
        SUPPRESSED: _("hidden so that a count below 5 cannot be worked out from the totals"),
        WITHHELD: _("withheld: no figure of this table can be shown without giving away a count below 5"),
    }
