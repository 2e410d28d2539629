"""Migrant smuggling: smuggled migrants detected (the register), their routes, and the migrants dead or
missing on the routes (IOM Missing Migrants Project, shipped in data/).

Smuggled migrants are counted like victims (statistics.py: once per combination of values, unknowns null),
by year, sex, age group, citizenship and country of detection; their age group is their age when detected.
"""

import csv
import datetime
import functools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigie.analytics.flows import Flows, register_flows
from vigie.analytics.statistics import (
    REGISTER,
    REGISTER_SEXES,
    Detection,
    Dimension,
    IsolatingFilters,
    Isolation,
    StatisticsError,
    Victim,
    VictimCounts,
    VictimFilters,
    VictimSnapshot,
    _register_age_group,
    isolating,
    loosened,
    parse_dimensions,
)
from vigie.cases.models import Case, Participant
from vigie.people.models import Person
from vigie.reference.models import Country

IOM_FILE = Path(__file__).parent / "data" / "iom_missing_migrants_2014-2025.csv"
IOM_SOURCE = "IOM Missing Migrants Project (missingmigrants.iom.int), incidents 2014 to April 2025"
IOM_SOURCE_LABEL = gettext_lazy(
    "IOM Missing Migrants Project (missingmigrants.iom.int), incidents from 2014 to April 2025"
)
UNIX_EPOCH = datetime.date(1970, 1, 1)
# IOM's routes that touch West and Central Africa, in IOM's words (the file's), with ours for the pages.
REGION_ROUTES: dict[str, Promise] = {
    "Western African Atlantic Route": gettext_lazy("Western African Atlantic route"),
    "Intra-African routes": gettext_lazy("Intra-African routes"),
    "Central Mediterranean Route": gettext_lazy("Central Mediterranean route"),
    "Western Mediterranean Route": gettext_lazy("Western Mediterranean route"),
}

SMUGGLING_DIMENSIONS = (
    Dimension.YEAR,
    Dimension.SEX,
    Dimension.AGE_GROUP,
    Dimension.CITIZENSHIP,
    Dimension.COUNTRY_OF_DETECTION,
)


def parse_smuggling_dimensions(text: str) -> tuple[Dimension, ...]:
    dimensions = parse_dimensions(text)
    # Forms of exploitation and domestic detections do not apply: smuggling is crossing a border, for gain.
    others = [str(d) for d in dimensions if d not in SMUGGLING_DIMENSIONS]
    if others:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.")
            % {"names": ", ".join(others), "known": ", ".join(SMUGGLING_DIMENSIONS)}
        )
    return dimensions


def register_migrants(cases: QuerySet[Case]) -> Iterator[Victim]:
    """The smuggled migrants of these cases, one per person, one detection per case."""
    participants = Participant.objects.filter(case__in=cases, role=Participant.Role.SMUGGLED_MIGRANT)
    nationalities: dict[int, set[str]] = {}
    for person_id, country in (
        # The persons' ids as a subquery: a join through every participation is much slower on SQLite.
        Person.nationalities.through.objects.filter(person_id__in=participants.values("person_id"))
        .values_list("person_id", "country_id")
        .distinct()
    ):
        nationalities.setdefault(person_id, set()).add(country)
    rows = participants.order_by("person_id", "id").values_list(
        "person_id",
        "identified_on",
        "case__opened_on",
        "case__reported_on",
        "case__country_id",
        "person__sex",
        "person__date_of_birth",
        "person__estimated_age",
        "person__age_estimated_on",
    )
    person: int | None = None
    detections: list[Detection] = []
    for person_id, identified_on, opened_on, reported_on, country, sex, born, estimated, estimated_on in rows:
        if person_id != person:
            if person is not None:
                yield Victim(tuple(detections))
            person, detections = person_id, []
        detections.append(
            Detection(
                year=(identified_on or opened_on).year,
                sex=REGISTER_SEXES.get(sex),
                # No exploitation: the age when detected.
                age_group=_register_age_group(
                    born, estimated, estimated_on, None, identified_on or reported_on or opened_on
                ),
                citizenships=tuple(sorted(nationalities.get(person_id, set()))),
                country_of_detection=country,
                forms=(),
            )
        )
    if person is not None:
        yield Victim(tuple(detections))


def smuggled_migrant_statistics(
    *, cases: QuerySet[Case], dimensions: Sequence[Dimension], filters: VictimFilters | None = None
) -> VictimCounts:
    """Smuggled migrants detected in `cases` (the caller's scope), by the dimensions."""
    counts = VictimSnapshot.of(register_migrants(cases)).count(dimensions, filters)
    counts.metadata.update(
        source=REGISTER,
        source_description="cases of this instance's register",
        rules={
            "unit": "persons recorded as smuggled migrants (a person in several cases: once per combination)",
            "combination": "each migrant is counted once per combination of values",
            "age_group": "age when detected (identified, else the case reported or opened)",
            "citizenship": "a migrant with several citizenships is counted once under each",
            "unknown": "null: a value the register does not give; never dropped, never guessed",
        },
    )
    return counts


def smuggling_routes(
    *, cases: QuerySet[Case], filters: VictimFilters | None = None, with_transit: bool = True
) -> Flows:
    """The routes of the smuggled migrants of `cases`: the rules of flows.py, the destination being the
    country of detection (a smuggled migrant is not exploited)."""
    return register_flows(cases, filters=filters, with_transit=with_transit, roles=(Participant.Role.SMUGGLED_MIGRANT,))


def refuse_isolating_smuggling_filters(
    *, cases: QuerySet[Case], filters: VictimFilters, unfiltered_cases: QuerySet[Case] | None = None
) -> None:
    """The rule of statistics.refuse_isolating_filters for the smuggled migrants of `cases` (and the routes,
    which count the same migrants): `unfiltered_cases`, the reader's whole scope when `cases` are narrowed to
    an agency's. The migrants are read again for it (they have no kept snapshot; they are few)."""
    if unfiltered_cases is None and not loosened(filters):
        return  # no filter: the figures without filters themselves
    found = isolating(
        VictimSnapshot.of(register_migrants(cases)),
        filters,
        unfiltered=None if unfiltered_cases is None else VictimSnapshot.of(register_migrants(unfiltered_cases)),
    )
    if found is Isolation.KEEPS_FEW:
        raise IsolatingFilters(
            _(
                "These filters keep fewer than 5 smuggled migrants: the figures would be about those few persons. "
                "Widen the filters."
            )
        )
    if found is Isolation.LEAVES_OUT_FEW:
        raise IsolatingFilters(
            _(
                "These filters leave out fewer than 5 of the smuggled migrants counted without one or more of "
                "them: compared with those figures, they would show those few persons. Widen the filters."
            )
        )


# Deaths and disappearances (IOM Missing Migrants Project) ----------------------------------------------


class DeathDimension(StrEnum):
    ROUTE = "route"
    YEAR = "year"
    COUNTRY = "country"


DEATH_DIMENSION_NAMES = [d.value for d in DeathDimension]


@dataclass(frozen=True)
class Incident:
    year: int
    route: str
    country: str  # ISO alpha-3, as in the file
    dead_and_missing: int
    survivors: int


@dataclass(frozen=True)
class DeathCounts:
    dimensions: tuple[DeathDimension, ...]
    rows: list[dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)


@functools.cache
def iom_incidents() -> tuple[Incident, ...]:
    """The file's incidents, read once per process, row by row (about 20,000 rows)."""
    incidents = []
    with IOM_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            # `t` is the date of the incident as a number of days since 1 January 1970.
            day = UNIX_EPOCH + datetime.timedelta(days=int(float(row["t"])))
            incidents.append(
                Incident(
                    year=day.year,
                    route=row["route"],
                    country=row["geo"],
                    dead_and_missing=round(float(row["dead"] or 0)),
                    survivors=round(float(row["surv"] or 0)),
                )
            )
    return tuple(incidents)


@functools.cache
def _iso2_of_iso3() -> dict[str, str]:
    return dict(Country.objects.values_list("iso3", "iso2"))


def parse_death_dimensions(text: str) -> tuple[DeathDimension, ...]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in DEATH_DIMENSION_NAMES]
    if not names or unknown:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.")
            % {"names": ", ".join(unknown) or "-", "known": ", ".join(DEATH_DIMENSION_NAMES)}
        )
    if len(set(names)) != len(names):
        raise StatisticsError(_("A dimension is named twice in --by."))
    return tuple(DeathDimension(name) for name in names)


def iom_routes() -> list[str]:
    return sorted({incident.route for incident in iom_incidents()})


def deaths_and_disappearances(
    *,
    dimensions: Sequence[DeathDimension] = (DeathDimension.ROUTE, DeathDimension.YEAR),
    year_from: int | None = None,
    year_to: int | None = None,
    country: str | None = None,
    route: str | None = None,
) -> DeathCounts:
    """Migrants dead or missing (IOM's "total number of dead and missing") and incidents, by route, year
    (of the incident) and country of the incident (ISO alpha-2; null where the file's code has none)."""
    if route is not None and route not in iom_routes():
        raise StatisticsError(
            _("Unknown route %(name)s; known: %(known)s.") % {"name": route, "known": "; ".join(iom_routes())}
        )
    iso2 = _iso2_of_iso3()
    iso3 = None
    if country is not None:
        iso3 = next((three for three, two in iso2.items() if two == country), None)
        if iso3 is None:
            raise StatisticsError(_("Unknown country %(code)s: not an ISO 3166-1 alpha-2 code.") % {"code": country})
    dead: Counter[tuple[Any, ...]] = Counter()
    incidents: Counter[tuple[Any, ...]] = Counter()
    for incident in iom_incidents():
        if (year_from is not None and incident.year < year_from) or (year_to is not None and incident.year > year_to):
            continue
        if (iso3 is not None and incident.country != iso3) or (route is not None and incident.route != route):
            continue
        values = {
            DeathDimension.ROUTE: incident.route,
            DeathDimension.YEAR: incident.year,
            DeathDimension.COUNTRY: iso2.get(incident.country),
        }
        key = tuple(values[d] for d in dimensions)
        dead[key] += incident.dead_and_missing
        incidents[key] += 1
    rows = [
        {**dict(zip(dimensions, key, strict=True)), "dead_and_missing": dead[key], "incidents": incidents[key]}
        for key in sorted(dead, key=lambda k: tuple((v is None, str(v)) for v in k))
    ]
    return DeathCounts(
        tuple(dimensions),
        rows,
        {
            "source": IOM_SOURCE,
            "source_file": IOM_FILE.name,
            "dimensions": [str(d) for d in dimensions],
            "filters": {"from": year_from, "to": year_to, "country": country, "route": route},
            "dead_and_missing": sum(dead.values()),
            "incidents": sum(incidents.values()),
            "rules": {
                "dead_and_missing": "IOM's total of dead and missing migrants of each incident (a minimum estimate)",
                "year": "year of the date of the incident (the file's `t`)",
                "route": "the migration route IOM assigns to the incident",
                "country": "country of the incident (ISO alpha-2); null where IOM's code is not a country",
                "incidents": (
                    "rows of the file: an incident IOM splits between routes or countries is one row in each "
                    "('Split Incident'); a 'Cumulative Incident' adds up deaths over a period"
                ),
            },
        },
    )
