"""The statistics dashboard: each panel is a table of counts, protected for the roles that may not see
names, and drawn in the page from what was protected (never from the raw counts).

A panel is one entry of PANELS: a key, a title, what it counts, a figure function and a chart kind. A figure
function returns a Table (counts, protected here with its totals) or a Shaped figure that its own module
protected (the justice stages, by justice.protect_person_counts), or that is public (IOM's dead and missing),
with the text the panel says beside it. The counting is the modules' (statistics, flows, justice, smuggling,
sdg); this module lays out and protects.
"""

import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigie.accounts.models import Agency, User
from vigie.analytics.agency_filter import agencies_countable_by
from vigie.analytics.disclosure import SMALL, Shown, protect_table
from vigie.analytics.flows import FlowNode, flow_statistics
from vigie.analytics.justice import (
    JusticeDimension,
    JusticeFilters,
    PersonCounts,
    PersonRow,
    Stage,
    justice_statistics,
    protect_person_counts,
    refuse_isolating_justice_filters,
    time_to_verdict,
)
from vigie.analytics.sdg import POPULATION_SOURCE_LABEL, sdg_16_2_2
from vigie.analytics.selectors import SMALL_CELL_LIMIT, countable_cases, shown
from vigie.analytics.smuggling import (
    IOM_SOURCE_LABEL,
    REGION_ROUTES,
    DeathDimension,
    deaths_and_disappearances,
    refuse_isolating_smuggling_filters,
    smuggled_migrant_statistics,
)
from vigie.analytics.statistics import (
    REGISTER,
    Dimension,
    Form,
    IsolatingFilters,
    Source,
    Value,
    VictimCounts,
    VictimFilters,
    refuse_isolating_filters,
    register_snapshot,
    victim_source,
)
from vigie.cases.models import Case
from vigie.exchange.models import DataSet
from vigie.reference.models import Country

GEOMETRY = Path(__file__).parent / "data" / "africa_50m.geojson"
TOP_CITIZENSHIPS = 10
# The Sankey's countries at each stage of the route, the others grouped: beyond some ten a column of
# countries is a stack of slivers nobody can read. The table and the CSV keep every country.
SANKEY_COUNTRIES = 8
OTHER_COUNTRIES = "other"  # the node id of the group: origin:other, transit1:other, destination:other
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
    NONE = "none"  # the panel has only its text (SDG 16.2.2 before a country is chosen)


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
    protect: bool = False  # the figures are for a role that may not see names
    # The cases the user may count, when the agency filter narrowed `cases` to one agency's (else None).
    scope: "QuerySet[Case] | None" = None

    def count(self, *dimensions: Dimension) -> VictimCounts:
        return self.source.victims.count(dimensions, self.choice.victim_filters)

    def country(self, code: Value) -> str:
        return _("Unknown") if code is None else self.countries.get(str(code), str(code))


@dataclass(frozen=True)
class Panel:
    key: str
    title: Promise
    counts: Promise  # what one unit of the figure is
    # A Table is protected by the dashboard; a Shaped figure comes protected by its own module's rules.
    # None: the panel does not apply to this source.
    figure: "Callable[[FigureContext], Table | Shaped | None]"
    chart: Chart
    row_heading: Promise


PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")


def localized_figure(text: str) -> str:
    """A figure written as the report writes it ("12345" → "12,345", "12 345" in French, "0.52" → "0,52"); a
    hidden one ("<5", "x", "*", "—") as it is."""
    found = PLAIN_NUMBER.match(text)
    if found is None:
        return text
    decimals = found.group(1)
    return formats.number_format(Decimal(text), decimal_pos=len(decimals or ""), force_grouping=True)


@dataclass(frozen=True)
class ShownTable:
    """A panel's table as the user may see it, totals included (last row, and last column when there are
    several): `values` is None where the figure is hidden, `texts` what is written ("12", "<5", "x", "*")."""

    rows: Axis
    columns: Axis
    values: Sequence[Sequence[float | None]]  # counts; rates too (SDG 16.2.2)
    texts: list[list[str]]
    totals: bool = True  # False where a total would add up what does not add up (justice stages, rates)

    @property
    def has_total_column(self) -> bool:
        return self.totals and len(self.columns.keys) > 1

    def header(self) -> list[str]:
        return [*self.columns.labels, _("Total")] if self.has_total_column else list(self.columns.labels)

    def lines(self) -> list[tuple[str, list[str]]]:
        """The rows as written, the totals row last, each with its label."""
        width = len(self.columns.keys) + (1 if self.has_total_column else 0)
        labels = [*self.rows.labels, _("Total")] if self.totals else list(self.rows.labels)
        return [(label, texts[:width]) for label, texts in zip(labels, self.texts, strict=True)]

    def localized_lines(self) -> list[tuple[str, list[str]]]:
        """The rows as the page's table writes them: figures in the user's language, thousands grouped
        (12,345; 12 345 in French), as the PDF report writes them. The CSV keeps lines(): plain numbers."""
        return [(label, [localized_figure(text) for text in texts]) for label, texts in self.lines()]

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": {"keys": self.rows.keys, "labels": self.rows.labels},
            "columns": {"keys": self.columns.keys, "labels": self.columns.labels},
            "values": self.values,
            "texts": self.texts,
            "totals": self.totals,
        }


@dataclass(frozen=True)
class Shaped:
    """A figure already protected (or public), with what the panel says beside it."""

    table: ShownTable | None  # None: no table, only the notes
    notes: list[str] = field(default_factory=list)
    source: str | None = None  # the panel's own source, when not the page's
    counts: str | None = None  # what it counts, when it depends on the figures (SDG: country, year)
    extra: dict[str, Any] = field(default_factory=dict)  # for the chart (the flows' nodes)


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    table: ShownTable | None
    counts: str  # what it counts, of which source
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def chart(self) -> str:
        return str(self.panel.chart) if self.table is not None else str(Chart.NONE)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "chart": self.chart,
            "title": str(self.panel.title),
            "counts": self.counts,
            "notes": self.notes,
            "table": self.table.as_json() if self.table is not None else None,
            **({"extra": self.extra} if self.extra else {}),
        }


@dataclass(frozen=True)
class Dashboard:
    source_label: str
    victims: str  # the victims counted, as shown
    protected: bool
    panels: list[ShownPanel] = field(default_factory=list)
    withheld: bool = False  # the filters single out fewer than 5 victims: nothing is shown
    withheld_because: str = ""  # why, in the user's language
    iso2_of_iso3: dict[str, str] = field(default_factory=dict)  # from the countries the page has read

    @property
    def localized_victims(self) -> str:
        return localized_figure(self.victims)

    def as_json(self) -> dict[str, Any]:
        return {"panels": [panel.as_json() for panel in self.panels], "centroids": map_centroids(self.iso2_of_iso3)}


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


def _node_label(node: FlowNode, context: FigureContext | None, *, other: bool = False) -> str:
    country = _("Other countries") if other or context is None else context.country(node.country)
    if node.stage == "origin":
        return _("%(country)s (origin)") % {"country": country}
    if node.stage == "destination":
        return _("%(country)s (destination)") % {"country": country}
    return _("%(country)s (transit %(step)s)") % {"country": country, "step": node.step}


def flows_through_transit(context: FigureContext) -> Shaped:
    """Origin → transit countries → destination (flows.py): the links as a table, sources down and targets
    across, as flows.protected_flows lays them out; a Sankey node is a country at a stage of the route."""
    flows = flow_statistics(
        source=context.choice.source, cases=context.cases, filters=context.choice.victim_filters, with_transit=True
    )
    nodes = {node.id: node for node in flows.nodes}
    order = {node.id: i for i, node in enumerate(flows.nodes)}  # by step, then id
    sources = sorted({link.source for link in flows.links}, key=order.__getitem__)
    targets = sorted({link.target for link in flows.links}, key=order.__getitem__)
    victims = {(link.source, link.target): link.victims for link in flows.links}
    table = Table(
        Axis(sources, [_node_label(nodes[n], context) for n in sources]),
        Axis(targets, [_node_label(nodes[n], context) for n in targets]),
        [[victims.get((s, t), 0) for t in targets] for s in sources],
    )
    shown = shown_table(table, protect=context.protect)
    extra = {
        "nodes": {
            node.id: {"name": context.country(node.country), "country": node.country, "stage": node.stage}
            for node in flows.nodes
        },
        "sankey": sankey_of(
            shown,
            nodes,
            names={n: context.country(node.country) for n, node in nodes.items()},
            labels={n: _node_label(node, context) for n, node in nodes.items()},
        ),
    }
    notes = []
    if extra["sankey"]["grouped"]:
        notes.append(
            _(
                "The diagram draws the %(largest)s countries with the most victims at each stage of the route and "
                "groups the others as “Other countries”; the table and the CSV give every country."
            )
            % {"largest": SANKEY_COUNTRIES}
        )
    return Shaped(shown, notes=notes, extra=extra)


def sankey_of(
    shown: ShownTable,
    nodes: dict[str, FlowNode],
    *,
    names: dict[str, str],
    labels: dict[str, str],
    largest: int | None = None,
) -> dict[str, Any]:
    """The Sankey diagram of the flow table as the user may see it (protected first): the links shown, and
    at each stage (origin, each transit step, destination) the `largest` countries by victims shown, the
    others grouped into one "Other countries" node. Only what is shown is added up, so a group tells
    nothing that the table does not; hidden links are left out, as the table hides them. A node is drawn
    with its country's name (`names`), a link described with the stages (`labels`: "Niger (transit 1)")."""
    largest = SANKEY_COUNTRIES if largest is None else largest
    links = [
        (source, target, int(value))
        for i, source in enumerate(shown.rows.keys)
        for j, target in enumerate(shown.columns.keys)
        if (value := shown.values[i][j]) is not None and value > 0
    ]
    into: Counter[str] = Counter()
    out_of: Counter[str] = Counter()
    for source, target, victims in links:
        out_of[source] += victims
        into[target] += victims
    stages: dict[str, list[str]] = {}
    for node in sorted(into.keys() | out_of.keys()):
        stages.setdefault(node.split(":")[0], []).append(node)
    drawn_as: dict[str, str] = {}
    grouped = 0
    for stage, members in stages.items():
        countries = sorted(
            (n for n in members if nodes[n].country is not None), key=lambda n: (-max(into[n], out_of[n]), n)
        )
        # Grouping a single country would only rename it: a group has two at least.
        others = countries[largest:] if len(countries) > largest + 1 else []
        grouped += len(others)
        drawn_as.update(dict.fromkeys(others, f"{stage}:{OTHER_COUNTRIES}"))
    merged: Counter[tuple[str, str]] = Counter()
    for source, target, victims in links:
        merged[drawn_as.get(source, source), drawn_as.get(target, target)] += victims

    def label(node: str) -> str:
        if node in labels:
            return labels[node]
        stage = node.split(":")[0]
        step = int(stage.removeprefix("transit")) if stage.startswith("transit") else 0
        return _node_label(FlowNode(node, "transit" if step else stage, step, None), None, other=True)

    drawn = sorted({n for pair in merged for n in pair})
    return {
        "nodes": [{"id": n, "name": names.get(n) or _("Other countries")} for n in drawn],
        "links": [
            {"source": s, "target": t, "value": v, "text": str(v), "label": f"{label(s)} → {label(t)}"}
            for (s, t), v in merged.items()
        ],
        "grouped": grouped,
    }


def _justice_filters(choice: Choice) -> JusticeFilters:
    return JusticeFilters(year_from=choice.year_from, year_to=choice.year_to, country=choice.country)


STAGE_LABELS: dict[Stage, Promise] = {
    Stage.SUSPECTED: gettext_lazy("Suspected"),
    Stage.PROSECUTED: gettext_lazy("Prosecuted"),
    Stage.CONVICTED: gettext_lazy("Convicted"),
}


def justice_chain(context: FigureContext) -> Shaped | None:
    """Persons suspected, prosecuted and convicted (justice.py: each stage its own year and country), and
    the time from a victim's identification to the first-instance verdict. The stages are not parts of a
    whole: no total row; protected by justice.protect_person_counts."""
    if context.cases is None:
        return None
    filters = _justice_filters(context.choice)
    if context.protect:
        try:
            refuse_isolating_justice_filters(cases=context.cases, filters=filters, unfiltered_cases=context.scope)
        except IsolatingFilters as refused:
            return Shaped(None, notes=[str(refused)])
    counts = justice_statistics(cases=context.cases, dimensions=[JusticeDimension.STAGE], filters=filters)
    persons = {row.values[0]: row.persons for row in counts.rows}
    # Every stage, zeros included, so that the protected layout does not depend on which stages have persons.
    rows = [PersonRow((stage.value,), persons.get(stage.value, 0)) for stage in Stage]
    marks = protect_person_counts(PersonCounts(counts.dimensions, rows)) if context.protect else [None] * len(rows)
    table = ShownTable(
        Axis([stage.value for stage in Stage], [str(STAGE_LABELS[stage]) for stage in Stage]),
        Axis(["persons"], [_("Persons")]),
        [[row.persons if mark is None else None] for row, mark in zip(rows, marks, strict=True)],
        [[str(row.persons) if mark is None else mark] for row, mark in zip(rows, marks, strict=True)],
        totals=False,
    )
    return Shaped(table, notes=[time_to_verdict_text(context.cases, filters, protect=context.protect)])


def _days(value: float | None) -> str:
    return "" if value is None else formats.number_format(value, decimal_pos=0 if value == int(value) else 1)


def time_to_verdict_text(cases: "QuerySet[Case]", filters: JusticeFilters, *, protect: bool) -> str:
    durations = time_to_verdict(cases=cases, filters=filters)
    if durations.count == 0:
        return _("Time from a victim's identification to the first-instance verdict: no person tried in the period.")
    if protect and durations.count < SMALL_CELL_LIMIT:
        return _(
            "Time from a victim's identification to the first-instance verdict: withheld, fewer than 5 persons "
            "were tried in the period."
        )
    return _(
        "Time from a victim's identification to the first-instance verdict, for the %(persons)s persons convicted "
        "or acquitted at first instance in the period: median %(median)s days, quartiles %(q1)s and %(q3)s days."
    ) % {
        "persons": durations.count,
        "median": _days(durations.median),
        "q1": _days(durations.first_quartile),
        "q3": _days(durations.third_quartile),
    }


def smuggled_migrants_by_year(context: FigureContext) -> Table | Shaped | None:
    if context.cases is None:
        return None
    if context.protect:
        try:
            refuse_isolating_smuggling_filters(
                cases=context.cases, filters=context.choice.victim_filters, unfiltered_cases=context.scope
            )
        except IsolatingFilters as refused:
            return Shaped(None, notes=[str(refused)])
    rows = smuggled_migrant_statistics(
        cases=context.cases, dimensions=[Dimension.YEAR], filters=context.choice.victim_filters
    ).rows
    return Table(
        Axis(
            [_key(r.values[0]) for r in rows], [_("Unknown") if r.values[0] is None else str(r.values[0]) for r in rows]
        ),
        Axis(["migrants"], [_("Smuggled migrants")]),
        [[r.victims] for r in rows],
    )


def dead_and_missing_on_the_routes(context: FigureContext) -> Shaped:
    """IOM's dead and missing migrants by year (rows) and route (columns): public figures naming nobody,
    shown as published whoever looks; the period applies, not the country nor the agency."""
    choice = context.choice
    counts = deaths_and_disappearances(
        dimensions=(DeathDimension.YEAR, DeathDimension.ROUTE), year_from=choice.year_from, year_to=choice.year_to
    )
    dead = {
        (row["year"], row["route"]): row["dead_and_missing"] for row in counts.rows if row["route"] in REGION_ROUTES
    }
    years = sorted({year for year, _route in dead})
    table = Table(
        Axis([str(y) for y in years], [str(y) for y in years]),
        Axis(list(REGION_ROUTES), [str(label) for label in REGION_ROUTES.values()]),
        [[dead.get((year, route), 0) for route in REGION_ROUTES] for year in years],
    )
    note = _(
        "Public figures of the IOM Missing Migrants Project, a minimum estimate: they name nobody and are shown "
        "as published, not protected. The period applies (year of the incident); the country and agency do not."
    )
    return Shaped(shown_table(table, protect=False), notes=[note], source=str(IOM_SOURCE_LABEL))


def _sdg_year(context: FigureContext) -> int:
    """The year asked, else the latest year with victims detected in the country, else this year."""
    if context.choice.year_to is not None:
        return context.choice.year_to
    years = [r.values[0] for r in context.count(Dimension.YEAR).rows if isinstance(r.values[0], int)]
    return max(years) if years else context.choice.year_from or timezone.localdate().year


SDG_BREAKDOWNS: list[tuple[Dimension, dict[str, Promise]]] = [
    (Dimension.SEX, SEX_LABELS),
    (Dimension.AGE_GROUP, AGE_LABELS),
]


def sdg_indicator(context: FigureContext) -> Shaped:
    """SDG 16.2.2 (sdg.py) for the country chosen, from the page's source in the user's scope: victims
    detected per 100,000 inhabitants, in total, by sex and by age group. Each breakdown is protected with
    its total; a rate is hidden with its count (the population would give the count back)."""
    country = context.choice.country
    if country is None:
        return Shaped(None, notes=[_("Choose a country in the filters to see its SDG indicator 16.2.2.")])
    year = _sdg_year(context)
    keys: list[str] = ["total"]
    labels: list[str] = [_("All victims")]
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    indicator = sdg_16_2_2(country=country, year=year, source=context.source)
    for dimension, names in SDG_BREAKDOWNS:
        rows = sdg_16_2_2(country=country, year=year, by=dimension, source=context.source).rows
        counts = [row.victims for row in rows]
        if not counts:
            continue
        protected = protect_table([[n] for n in counts]) if context.protect else None
        for i, row in enumerate(rows):
            hidden = protected is not None and protected.shown[i][0] != Shown.VALUE
            keys.append(f"{dimension}:{_key(row.value)}")
            labels.append(str(names.get(str(row.value), _("Unknown"))))
            values.append([None, None] if hidden else [row.rate, row.victims])
            texts.append(
                [protected.text(i, 0), protected.text(i, 0)]
                if hidden and protected
                else [_rate(row.rate), str(row.victims)]
            )
    total = indicator.total
    small_total = context.protect and 0 < total.victims < SMALL_CELL_LIMIT
    values.insert(0, [None, None] if small_total else [total.rate, total.victims])
    texts.insert(0, [SMALL, SMALL] if small_total else [_rate(total.rate), str(total.victims)])
    table = ShownTable(
        Axis(keys, labels),
        Axis(["rate", "victims"], [_("Victims per 100,000 population"), _("Victims detected")]),
        values,
        texts,
        totals=False,
    )
    return Shaped(
        table, notes=[_sdg_note(indicator.population, indicator.population_year)], counts=_sdg_counts(context, year)
    )


def _rate(rate: float | None) -> str:
    return "—" if rate is None else formats.number_format(rate, decimal_pos=4)


def _sdg_counts(context: FigureContext, year: int) -> str:
    return _(
        "victims detected in %(country)s in %(year)s per 100,000 inhabitants of the country (a rate by sex or age "
        "group is per 100,000 of the whole population, which the population file does not break down)"
    ) % {"country": context.country(context.choice.country), "year": year}


def _sdg_note(population: int | None, population_year: int | None) -> str:
    if population is None:
        return _("No population figure for this country up to this year: no rate.")
    return _("Population: %(population)s in %(year)s (%(source)s).") % {
        "population": formats.number_format(population, force_grouping=True),
        "year": population_year,
        "source": POPULATION_SOURCE_LABEL,
    }


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
        gettext_lazy("Flows: from origin through transit countries to destination"),
        gettext_lazy(
            "victims detected, unique persons, once per step of their route: from (rows) a country of origin or "
            "transit to (columns) the next country of the route"
        ),
        flows_through_transit,
        Chart.FLOWS,
        gettext_lazy("From"),
    ),
    Panel(
        "justice",
        gettext_lazy("Criminal justice: suspected, prosecuted, convicted"),
        gettext_lazy(
            "persons, not cases: suspects (year of identification, country of detection), charged and convicted "
            "(year of the charge or verdict, country of the court)"
        ),
        justice_chain,
        Chart.FUNNEL,
        gettext_lazy("Stage"),
    ),
    Panel(
        "smuggled_migrants_by_year",
        gettext_lazy("Smuggled migrants detected by year"),
        gettext_lazy("smuggled migrants detected, unique persons (once per year they were detected in)"),
        smuggled_migrants_by_year,
        Chart.LINE,
        gettext_lazy("Year"),
    ),
    Panel(
        "dead_and_missing",
        gettext_lazy("Migrants dead or missing on the routes"),
        gettext_lazy(
            "migrants dead or missing, by year of the incident and route, on the routes that touch West and "
            "Central Africa"
        ),
        dead_and_missing_on_the_routes,
        Chart.GROUPED_BAR,
        gettext_lazy("Year"),
    ),
    Panel(
        "sdg_16_2_2",
        gettext_lazy("SDG indicator 16.2.2: victims per 100,000 population"),
        gettext_lazy("victims detected per 100,000 inhabitants of the country"),
        sdg_indicator,
        Chart.BAR,
        gettext_lazy("Victims"),
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
    return agencies_countable_by(user)


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
            register_snapshot(cases),
        )
        if choice.agency is not None:
            agency = Agency.objects.filter(pk=choice.agency).values_list("name", flat=True).first()
            return source, cases, _("register of the cases led by %(agency)s that you may count") % {"agency": agency}
        return source, cases, _("register of the cases you may count")
    return victim_source(choice.source), None, _("imported data set %(name)s") % {"name": choice.source}


def build(
    user: User,
    choice: Choice,
    *,
    protect: bool,
    keys: Sequence[str] | None = None,
    countries: Sequence[Country] | None = None,
) -> Dashboard:
    """The page's figures; `countries`: the countries the page has read already, for their names."""
    countries = list(Country.objects.all()) if countries is None else countries
    source, cases, source_label = read_source(user, choice)
    # The cases counted without the filters, when the agency filter narrowed them (else those counted).
    scope = countable_cases(user) if cases is not None and choice.agency is not None else None
    names = {country.iso2: country.name for country in countries}
    context = FigureContext(source, choice, cases, names, protect, scope)
    if protect:
        try:
            refuse_isolating_filters(
                source.victims, choice.victim_filters, unfiltered=register_snapshot(scope) if scope else None
            )
        except IsolatingFilters as refused:
            # Not even the number counted: the unfiltered total minus it would be the number left out.
            return Dashboard(source_label, "—", protect, withheld=True, withheld_because=str(refused))
    victims = source.victims.victims_kept(choice.victim_filters)
    panels = []
    for panel in PANELS if keys is None else [PANELS_BY_KEY[key] for key in keys]:
        figure = panel.figure(context)
        if figure is None:
            continue
        shaped = Shaped(shown_table(figure, protect=protect)) if isinstance(figure, Table) else figure
        what, origin = shaped.counts or panel.counts, shaped.source or source_label
        counts = _("%(what)s — %(source)s") % {"what": what, "source": origin}
        panels.append(ShownPanel(panel, shaped.table, counts, shaped.notes, shaped.extra))
    return Dashboard(
        source_label, shown(victims, protect=protect), protect, panels, iso2_of_iso3={c.iso3: c.iso2 for c in countries}
    )


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


def map_centroids(iso2_of_iso3: dict[str, str] | None = None) -> dict[str, list[float]]:
    """Where a flow line starts or ends: the centre of each country's largest polygon (islands aside)."""
    iso2 = iso2_of_iso3 or _iso2_of()
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
        "save_svg": _("Save as SVG"),
        "table": _("Table"),
        "close": _("Close"),
        "hidden_flows": _("Flows hidden to protect small counts (see the table):"),
    }
