"""The statistics dashboard: each panel is a table of counts from the statistics engine, protected for the
roles that may not see names, and drawn in the page from what was protected (never from the raw counts).

A panel is one entry of PANELS: a key, a title, what it counts, a figure function and a chart kind. Adding
a panel (the transit countries, another helper's justice funnel) is one entry and its figure function.
"""

import functools
import itertools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigie.accounts.models import Agency, User
from vigie.analytics.disclosure import Shown, protect_table
from vigie.analytics.selectors import SMALL_CELL_LIMIT, countable_cases, shown
from vigie.analytics.statistics import (
    REGISTER,
    VICTIM_ROLES,
    Dimension,
    Form,
    Source,
    Value,
    VictimCounts,
    VictimFilters,
    VictimSnapshot,
    register_victims,
    victim_source,
)
from vigie.cases.models import Case, Participant
from vigie.exchange.models import DataSet
from vigie.justice.models import Charge, Verdict
from vigie.reference.models import Country

GEOMETRY = Path(__file__).parent / "data" / "africa_50m.geojson"
TOP_CITIZENSHIPS = 10
TOP_FLOW_ENDS = 8
# Two decimals of a degree are about a kilometre: finer than a 1:50m map shows, and a third of the bytes.
MAP_PRECISION = 2
OTHER = "other"
UNKNOWN = ""
VICTIMS = "victims"

FORM_LABELS: dict[str, Promise] = {
    Form.SEXUAL_EXPLOITATION: gettext_lazy("Sexual exploitation"),
    Form.FORCED_LABOUR: gettext_lazy("Forced labour, slavery and similar practices"),
    Form.FORCED_BEGGING: gettext_lazy("Forced begging"),
    Form.FORCED_CRIMINALITY: gettext_lazy("Forced criminal activity"),
    Form.FORCED_MARRIAGE: gettext_lazy("Forced marriage"),
    Form.ORGAN_REMOVAL: gettext_lazy("Removal of organs"),
    Form.CHILD_SOLDIERING: gettext_lazy("Child soldiering / use by armed groups"),
    Form.MIXED: gettext_lazy("Mixed forms"),
    Form.OTHER: gettext_lazy("Other form"),
}
SEX_LABELS: dict[str, Promise] = {
    "female": gettext_lazy("Female (women and girls)"),
    "male": gettext_lazy("Male (men and boys)"),
    "other": gettext_lazy("Other gender identity"),
}
AGE_LABELS: dict[str, Promise] = {"adult": gettext_lazy("Adults"), "child": gettext_lazy("Children")}
DETECTION_LABELS: dict[str, Promise] = {
    "domestic": gettext_lazy("Domestic (detected in a country of citizenship)"),
    "cross_border": gettext_lazy("Cross-border"),
}


class Chart(StrEnum):
    LINE = "line"
    BAR = "bar"
    GROUPED_BAR = "grouped_bar"
    MAP = "map"
    FLOWS = "flows"  # a Sankey diagram and the same flows as lines on the map
    FUNNEL = "funnel"


@dataclass(frozen=True)
class Choice:
    """What the user asked for: the filters of the page."""

    source: str = REGISTER
    year_from: int | None = None
    year_to: int | None = None
    country: str | None = None  # ISO alpha-2 of the country of detection
    agency: int | None = None  # the lead agency of the cases (the register only)

    @property
    def victim_filters(self) -> VictimFilters:
        return VictimFilters(year_from=self.year_from, year_to=self.year_to, country=self.country)


@dataclass(frozen=True)
class Axis:
    keys: list[str]
    labels: list[str]


@dataclass(frozen=True)
class Table:
    """Counts before protection: rows by columns (a one-dimensional figure has the one column VICTIMS)."""

    rows: Axis
    columns: Axis
    cells: list[list[int]]


@dataclass(frozen=True)
class FigureContext:
    source: Source
    choice: Choice
    cases: "QuerySet[Case] | None"  # the cases counted, when the source is the register
    countries: dict[str, str]  # ISO alpha-2 → name in the user's language

    def count(self, *dimensions: Dimension) -> VictimCounts:
        return self.source.victims.count(dimensions, self.choice.victim_filters)

    def country(self, code: Value) -> str:
        return _("Unknown") if code is None else self.countries.get(str(code), str(code))


@dataclass(frozen=True)
class Panel:
    key: str
    title: Promise
    counts: Promise  # what one unit of the figure is
    figure: Callable[[FigureContext], Table | None]  # None: the panel does not apply to this source
    chart: Chart
    row_heading: Promise


@dataclass(frozen=True)
class ShownTable:
    """A panel's table as the user may see it, totals included (last row, and last column when there are
    several): `values` is None where the figure is hidden, `texts` what is written ("12", "<5", "x", "*")."""

    rows: Axis
    columns: Axis
    values: list[list[int | None]]
    texts: list[list[str]]

    @property
    def has_total_column(self) -> bool:
        return len(self.columns.keys) > 1

    def header(self) -> list[str]:
        return [*self.columns.labels, _("Total")] if self.has_total_column else list(self.columns.labels)

    def lines(self) -> list[tuple[str, list[str]]]:
        """The rows as written, the totals row last, each with its label."""
        width = len(self.columns.keys) + (1 if self.has_total_column else 0)
        labels = [*self.rows.labels, _("Total")]
        return [(label, texts[:width]) for label, texts in zip(labels, self.texts, strict=True)]

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": {"keys": self.rows.keys, "labels": self.rows.labels},
            "columns": {"keys": self.columns.keys, "labels": self.columns.labels},
            "values": self.values,
            "texts": self.texts,
        }


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    table: ShownTable
    counts: str  # what it counts, of which source

    @property
    def key(self) -> str:
        return self.panel.key

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "chart": str(self.panel.chart),
            "title": str(self.panel.title),
            "counts": self.counts,
            "table": self.table.as_json(),
        }


@dataclass(frozen=True)
class Dashboard:
    source_label: str
    victims: str  # the victims counted, as shown
    protected: bool
    panels: list[ShownPanel] = field(default_factory=list)
    withheld: bool = False  # the filters single out fewer than 5 victims: nothing is shown

    def as_json(self) -> dict[str, Any]:
        return {"panels": [panel.as_json() for panel in self.panels], "centroids": map_centroids()}


# Figures -------------------------------------------------------------------------------------------------


def _one_column(keys: list[str], labels: list[str], counts: list[int]) -> Table:
    return Table(Axis(keys, labels), Axis([VICTIMS], [_("Victims")]), [[n] for n in counts])


def _key(value: Value) -> str:
    return UNKNOWN if value is None else str(value)


def victims_by_year(context: FigureContext) -> Table:
    rows = context.count(Dimension.YEAR).rows
    return _one_column(
        [_key(r.values[0]) for r in rows],
        [_("Unknown") if r.values[0] is None else str(r.values[0]) for r in rows],
        [r.victims for r in rows],
    )


def victims_by_labels(dimension: Dimension, labels: dict[str, Promise]) -> Callable[[FigureContext], Table]:
    def figure(context: FigureContext) -> Table:
        rows = context.count(dimension).rows
        return _one_column(
            [_key(r.values[0]) for r in rows],
            [str(labels.get(str(r.values[0]), _("Unknown"))) for r in rows],
            [r.victims for r in rows],
        )

    return figure


def victims_by_sex_and_age(context: FigureContext) -> Table:
    counts = {row.values: row.victims for row in context.count(Dimension.SEX, Dimension.AGE_GROUP).rows}
    sexes = [*SEX_LABELS, None]
    ages = [*AGE_LABELS, None]
    # Women, men, girls and boys always have their row and column, even at zero: a reader compares them.
    used_sexes = [s for s in sexes if s in ("female", "male") or any(k[0] == s for k in counts)]
    used_ages = [a for a in ages if a in AGE_LABELS or any(k[1] == a for k in counts)]
    return Table(
        Axis([_key(s) for s in used_sexes], [str(SEX_LABELS[s]) if s else _("Unknown") for s in used_sexes]),
        Axis([_key(a) for a in used_ages], [str(AGE_LABELS[a]) if a else _("Unknown age") for a in used_ages]),
        [[counts.get((s, a), 0) for a in used_ages] for s in used_sexes],
    )


def _top(totals: Counter[Value], size: int) -> list[Value]:
    known: list[Value] = sorted((v for v in totals if v is not None), key=lambda v: (-totals[v], str(v)))
    return known[:size]


def victims_by_citizenship(context: FigureContext) -> Table:
    totals: Counter[Value] = Counter({r.values[0]: r.victims for r in context.count(Dimension.CITIZENSHIP).rows})
    top = _top(totals, TOP_CITIZENSHIPS)
    other = sum(n for v, n in totals.items() if v is not None and v not in top)
    keys, labels, counts = [str(v) for v in top], [context.country(v) for v in top], [totals[v] for v in top]
    if other:
        keys, labels, counts = [*keys, OTHER], [*labels, _("Other countries")], [*counts, other]
    if totals[None]:
        keys, labels, counts = [*keys, UNKNOWN], [*labels, _("Unknown")], [*counts, totals[None]]
    return _one_column(keys, labels, counts)


def victims_by_country_of_detection(context: FigureContext) -> Table:
    rows = context.count(Dimension.COUNTRY_OF_DETECTION).rows
    ordered = sorted(rows, key=lambda r: (r.values[0] is None, context.country(r.values[0])))
    return _one_column(
        [_key(r.values[0]) for r in ordered],
        [context.country(r.values[0]) for r in ordered],
        [r.victims for r in ordered],
    )


def flows_citizenship_to_detection(context: FigureContext) -> Table:
    rows = context.count(Dimension.CITIZENSHIP, Dimension.COUNTRY_OF_DETECTION).rows
    by_citizenship: Counter[Value] = Counter()
    by_detection: Counter[Value] = Counter()
    for row in rows:
        by_citizenship[row.values[0]] += row.victims
        by_detection[row.values[1]] += row.victims
    # The largest flows by name, the rest together: a Sankey of forty countries a side cannot be read.
    citizenships, detections = _top(by_citizenship, TOP_FLOW_ENDS), _top(by_detection, TOP_FLOW_ENDS)

    def end(value: Value, top: list[Value]) -> str:
        return UNKNOWN if value is None else (str(value) if value in top else OTHER)

    cells: Counter[tuple[str, str]] = Counter()
    for row in rows:
        cells[end(row.values[0], citizenships), end(row.values[1], detections)] += row.victims
    row_keys = [str(v) for v in citizenships] + [k for k in (OTHER, UNKNOWN) if any(c[0] == k for c in cells)]
    column_keys = [str(v) for v in detections] + [k for k in (OTHER, UNKNOWN) if any(c[1] == k for c in cells)]

    def label(key: str) -> str:
        return {OTHER: _("Other countries"), UNKNOWN: _("Unknown")}.get(key) or context.country(key)

    return Table(
        Axis(row_keys, [label(k) for k in row_keys]),
        Axis(column_keys, [label(k) for k in column_keys]),
        [[cells[r, c] for c in column_keys] for r in row_keys],
    )


def justice_funnel(context: FigureContext) -> Table | None:
    """Persons suspected, prosecuted (charged) and convicted in the cases counted: a stand-in for the
    justice statistics of vigie/analytics/justice.py, to be swapped for them. Each stage is the persons
    (not participations) of the one before; the period is that of the case's opening."""
    if context.cases is None:
        return None
    cases = context.cases
    choice = context.choice
    if choice.year_from is not None:
        cases = cases.filter(opened_on__year__gte=choice.year_from)
    if choice.year_to is not None:
        cases = cases.filter(opened_on__year__lte=choice.year_to)
    if choice.country is not None:
        cases = cases.filter(country_id=choice.country)
    suspects = Participant.objects.filter(case__in=cases, role=Participant.Role.SUSPECT)
    suspected = set(suspects.values_list("person_id", flat=True))
    prosecuted = set(
        Charge.objects.filter(accused__in=suspects).values_list("accused__person_id", flat=True).distinct()
    )
    convicted = set(
        Verdict.objects.filter(charge__accused__in=suspects, outcome=Verdict.Outcome.CONVICTED)
        .values_list("charge__accused__person_id", flat=True)
        .distinct()
    )
    # Disjoint parts, so that protection with a total hides what one stage minus the next would tell.
    only_convicted = convicted & prosecuted
    return Table(
        Axis(
            ["convicted", "prosecuted_not_convicted", "suspected_not_prosecuted"],
            [_("Convicted"), _("Prosecuted, not (yet) convicted"), _("Suspected, not (yet) prosecuted")],
        ),
        Axis(["persons"], [_("Persons")]),
        [[len(only_convicted)], [len(prosecuted - only_convicted)], [len(suspected - prosecuted)]],
    )


PANELS: list[Panel] = [
    Panel(
        "victims_by_year",
        gettext_lazy("Victims detected by year"),
        gettext_lazy("victims detected, unique persons (once per year they were detected in)"),
        victims_by_year,
        Chart.LINE,
        gettext_lazy("Year"),
    ),
    Panel(
        "victims_by_sex_and_age",
        gettext_lazy("Victims by sex and age group"),
        gettext_lazy("victims detected, unique persons; a child is under 18 when first exploited"),
        victims_by_sex_and_age,
        Chart.GROUPED_BAR,
        gettext_lazy("Sex"),
    ),
    Panel(
        "victims_by_form",
        gettext_lazy("Victims by form of exploitation"),
        gettext_lazy("victims detected, unique persons; a victim of several forms is counted under each"),
        victims_by_labels(Dimension.FORM_OF_EXPLOITATION, FORM_LABELS),
        Chart.BAR,
        gettext_lazy("Form of exploitation"),
    ),
    Panel(
        "victims_by_citizenship",
        gettext_lazy("Victims by citizenship"),
        gettext_lazy("victims detected, unique persons; a dual national is counted under each citizenship"),
        victims_by_citizenship,
        Chart.BAR,
        gettext_lazy("Citizenship"),
    ),
    Panel(
        "victims_by_detection_type",
        gettext_lazy("Domestic and cross-border trafficking"),
        gettext_lazy("victims detected, unique persons, by whether detected in a country of their citizenship"),
        victims_by_labels(Dimension.DETECTION_TYPE, DETECTION_LABELS),
        Chart.BAR,
        gettext_lazy("Detection"),
    ),
    Panel(
        "victims_by_country",
        gettext_lazy("Victims by country of detection"),
        gettext_lazy("victims detected, unique persons, by the country where they were detected"),
        victims_by_country_of_detection,
        Chart.MAP,
        gettext_lazy("Country of detection"),
    ),
    Panel(
        "flows",
        gettext_lazy("Flows: from citizenship to country of detection"),
        gettext_lazy("victims detected, unique persons, by citizenship (rows) and country of detection (columns)"),
        flows_citizenship_to_detection,
        Chart.FLOWS,
        gettext_lazy("Citizenship"),
    ),
    Panel(
        "justice_funnel",
        gettext_lazy("Criminal justice: suspected, prosecuted, convicted"),
        gettext_lazy("persons recorded as suspects in the cases counted, by how far their prosecution went"),
        justice_funnel,
        Chart.FUNNEL,
        gettext_lazy("Stage"),
    ),
]
PANELS_BY_KEY = {panel.key: panel for panel in PANELS}


# Protection ----------------------------------------------------------------------------------------------


def shown_table(table: Table, *, protect: bool) -> ShownTable:
    if not table.cells or not table.cells[0]:
        # Nothing counted: only the totals, zeros, which protect nobody and need no protection.
        zeros: list[int | None] = [0] * (len(table.columns.keys) + 1)
        return ShownTable(Axis([], []), table.columns, [zeros], [["0"] * len(zeros)])
    if not protect:
        grid = [[*row, sum(row)] for row in table.cells]
        grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
        return ShownTable(table.rows, table.columns, [list(r) for r in grid], [[str(v) for v in r] for r in grid])
    protected = protect_table(table.cells)
    values: list[list[int | None]] = [
        [v if how == Shown.VALUE else None for v, how in zip(row, hows, strict=True)]
        for row, hows in zip(protected.values, protected.shown, strict=True)
    ]
    return ShownTable(table.rows, table.columns, values, protected.texts())


# The page ------------------------------------------------------------------------------------------------


def counted_cases(user: User, choice: Choice) -> "QuerySet[Case]":
    cases = countable_cases(user)
    return cases.filter(agency_id=choice.agency) if choice.agency is not None else cases


def agencies_to_choose(user: User) -> "QuerySet[Agency]":
    """The lead agencies of the cases the user may count."""
    return Agency.objects.filter(pk__in=countable_cases(user).values("agency_id")).order_by("name")


def datasets_to_choose() -> "QuerySet[DataSet]":
    return DataSet.objects.exclude(kind=DataSet.Kind.GLOTIP).order_by("name")


def read_source(user: User, choice: Choice) -> tuple[Source, "QuerySet[Case] | None", str]:
    """The victims to count, read once for every panel; the cases when it is the register; its label."""
    if choice.source == REGISTER:
        cases = counted_cases(user, choice)
        source = Source(
            REGISTER,
            REGISTER,
            "cases of this instance's register that the user may count",
            "persons recorded as victims or presumed victims",
            VictimSnapshot.of(register_victims(cases)),
        )
        return source, cases, _("register of the cases you may count")
    return victim_source(choice.source), None, _("imported data set %(name)s") % {"name": choice.source}


def country_names() -> dict[str, str]:
    return {country.iso2: country.name for country in Country.objects.only("iso2", "name_en", "name_fr")}


def build(user: User, choice: Choice, *, protect: bool, keys: Sequence[str] | None = None) -> Dashboard:
    source, cases, source_label = read_source(user, choice)
    context = FigureContext(source, choice, cases, country_names())
    victims = source.victims.count([Dimension.YEAR], choice.victim_filters).metadata["victims"]
    if protect and 0 < _victims_without_filters(source, user, choice) - victims < SMALL_CELL_LIMIT:
        # Not even the number counted: the unfiltered total minus it would be the number left out.
        return Dashboard(source_label, "—", protect, withheld=True)
    panels = []
    for panel in PANELS if keys is None else [PANELS_BY_KEY[key] for key in keys]:
        table = panel.figure(context)
        if table is not None:
            counts = _("%(what)s — %(source)s") % {"what": panel.counts, "source": source_label}
            panels.append(ShownPanel(panel, shown_table(table, protect=protect), counts))
    return Dashboard(source_label, shown(victims, protect=protect), protect, panels)


def _victims_without_filters(source: Source, user: User, choice: Choice) -> int:
    """The victims the page would count without the filters. Comparing a filtered page with the unfiltered
    one shows the figures of the victims the filters leave out: when they are fewer than 5, each one's
    sex, age and citizenship would be there to read, so such filters are refused to protected roles."""
    if choice.source != REGISTER:
        return source.victims.victims
    victims = Participant.objects.filter(case__in=countable_cases(user), role__in=VICTIM_ROLES)
    return victims.values("person_id").distinct().count()


# The map -------------------------------------------------------------------------------------------------


def _rounded(coordinates: Any) -> Any:
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(coordinates[0], MAP_PRECISION), round(coordinates[1], MAP_PRECISION)]
    return [_rounded(part) for part in coordinates]


def _points(geometry: dict[str, Any]) -> set[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return {(round(x, 3), round(y, 3)) for polygon in polygons for ring in polygon for x, y in ring}


@functools.cache
def _region_features() -> list[dict[str, Any]]:
    """West and Central Africa and the countries that border it; the rest of Africa is left out."""
    features = json.loads(GEOMETRY.read_text(encoding="utf-8"))["features"]
    region = [f for f in features if f["properties"]["region"] != "other"]
    region_points = set().union(*(_points(f["geometry"]) for f in region))
    neighbours = [
        f for f in features if f["properties"]["region"] == "other" and _points(f["geometry"]) & region_points
    ]
    return region + neighbours


def _iso2_of() -> dict[str, str]:
    return dict(Country.objects.values_list("iso3", "iso2"))


def map_geometry() -> bytes:
    """The map's GeoJSON, each country named by its ISO alpha-2 code (the engine's), coordinates rounded."""
    iso2 = _iso2_of()
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": iso2.get(f["properties"]["iso3"], f["properties"]["iso3"])},
                    "geometry": {"type": f["geometry"]["type"], "coordinates": _rounded(f["geometry"]["coordinates"])},
                }
                for f in _region_features()
            ],
        },
        separators=(",", ":"),
    ).encode()


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    area = x_sum = y_sum = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        x_sum += (x0 + x1) * cross
        y_sum += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area / 2), x_sum / (3 * area), y_sum / (3 * area)


def map_centroids() -> dict[str, list[float]]:
    """Where a flow line starts or ends: the centre of each country's largest polygon (islands aside)."""
    iso2 = _iso2_of()
    centroids = {}
    for feature in _region_features():
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        _area, x, y = max(_ring_centroid(polygon[0]) for polygon in polygons)
        centroids[iso2.get(feature["properties"]["iso3"], feature["properties"]["iso3"])] = [round(x, 2), round(y, 2)]
    return centroids


def page_texts(map_url: str) -> dict[str, Any]:
    """What the page's script writes, in the user's language, and where it finds the map."""
    return {
        "locale": "FR" if translation.get_language() == "fr" else "EN",
        "map_url": map_url,
        "hidden": _("hidden"),
        "victims": _("Victims"),
        "save_svg": _("Save as SVG"),
        "table": _("Table"),
        "close": _("Close"),
        "hidden_flows": _("Flows hidden to protect small counts (see the table):"),
        "suspected": _("Suspected"),
        "prosecuted": _("Prosecuted"),
        "convicted": _("Convicted"),
    }
