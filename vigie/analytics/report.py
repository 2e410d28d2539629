"""The country-year PDF report (`vigie report`, /statistics/report.pdf), in French or English.

It renders only what the statistics engine counts (vigie.analytics.statistics) and what UNODC published
(official_statistics): no counting of its own. It leaves the system, so every table is protected as for a
role that may not see names: counts from 1 to 4 as "<5", with secondary suppression (disclosure.py),
the totals included; a chart draws a hidden count as hidden.

The report is a list of sections (SECTIONS), each a function from the figures to flowables: adding a
section (the justice chain, smuggling, SDG 16.2.2) is adding one function to the list.
"""

import dataclasses
import datetime
import getpass
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from vigie.accounts.models import Agency, User
from vigie.analytics import report_charts
from vigie.analytics.disclosure import SMALL, ProtectedTable, Shown, protect_linked_table, protect_table
from vigie.analytics.flows import FlowNode, flow_statistics
from vigie.analytics.justice import (
    Durations,
    JusticeDimension,
    JusticeFilters,
    Stage,
    justice_statistics,
    refuse_isolating_justice_filters,
    time_to_verdict,
)
from vigie.analytics.sdg import POPULATION_SOURCE_LABEL, sdg_16_2_2
from vigie.analytics.selectors import SMALL_CELL_LIMIT
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
    OfficialRow,
    Source,
    StatisticsError,
    Value,
    VictimCounts,
    VictimFilters,
    VictimSnapshot,
    count_victims,
    counting_rules,
    official_statistics,
    refuse_isolating_filters,
    register_snapshot,
    sort_key,
    victim_source,
)
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.cases.models import Case
from vigie.exchange.glotip_labels import LabelKind, place_of_label
from vigie.exchange.models import DataSet
from vigie.reference.models import Country

NARROW_NO_BREAK_SPACE = "\u202f"
YEARS_SHOWN = 5  # the chart of victims by year: the chosen year and the four before it
FIRST_YEAR = 1990
REPORT_KIND = "report-pdf"
# As victim_source says it of the whole register: only the rules' keys are shown, in the report's words.
REGISTER_UNIT = "persons recorded as victims or presumed victims (a person in several cases: once per combination)"

SEX_LABELS = {"female": gettext_lazy("Female"), "male": gettext_lazy("Male"), "other": gettext_lazy("Other")}
AGE_LABELS = {"child": gettext_lazy("Children (under 18)"), "adult": gettext_lazy("Adults (18 or over)")}
DETECTION_LABELS = {
    "domestic": gettext_lazy("Domestic (citizens of the country)"),
    "cross_border": gettext_lazy("Cross-border (foreign citizens)"),
}
FORM_LABELS = {
    Form.SEXUAL_EXPLOITATION: gettext_lazy("Sexual exploitation"),
    Form.FORCED_LABOUR: gettext_lazy("Forced labour"),
    Form.FORCED_BEGGING: gettext_lazy("Forced begging"),
    Form.FORCED_CRIMINALITY: gettext_lazy("Forced criminal activity"),
    Form.FORCED_MARRIAGE: gettext_lazy("Forced marriage"),
    Form.ORGAN_REMOVAL: gettext_lazy("Removal of organs"),
    Form.CHILD_SOLDIERING: gettext_lazy("Child soldiering / use by armed groups"),
    Form.MIXED: gettext_lazy("Mixed forms"),
    Form.OTHER: gettext_lazy("Other form"),
}
# GLOTIP's words for the sex-by-age breakdown of detected victims, onto the engine's values.
GLOTIP_SEXES = {"Female": "female", "Male": "male", "Total": None}
GLOTIP_AGES = {"0 to 17 years": "child", "18 years or over": "adult", "Total": None}
GLOTIP_VICTIMS = "detected trafficking victims"


class ReportError(StatisticsError):
    """A report that cannot be made as asked: unknown country, year or language."""


@dataclass(frozen=True)
class ReportRequest:
    country: Country
    year: int
    language: str
    source: str = REGISTER


def report_request(
    *, country: str | None, year: str | int | None, language: str | None, source: str = REGISTER
) -> ReportRequest:
    """The report asked for, checked; a ReportError (in the active language) says what is wrong."""
    languages = [code for code, _name in settings.LANGUAGES]
    if language not in languages:
        raise ReportError(
            _("Unknown language %(code)s; known: %(known)s.") % {"code": language or "", "known": ", ".join(languages)}
        )
    code = (country or "").strip().upper()
    found = Country.objects.filter(iso2=code).first() if code else None
    if found is None:
        raise ReportError(_("Unknown country %(code)s: not an ISO 3166-1 alpha-2 code.") % {"code": code})
    this_year = timezone.localdate().year
    try:
        year_number = int(str(year).strip())
    except ValueError:
        year_number = 0
    if not FIRST_YEAR <= year_number <= this_year:
        raise ReportError(
            _("The year must be a number from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
        )
    known = [REGISTER, *DataSet.objects.exclude(kind=DataSet.Kind.GLOTIP).values_list("name", flat=True)]
    if source not in known:
        raise ReportError(_("Unknown source %(name)s; known: %(known)s.") % {"name": source, "known": ", ".join(known)})
    return ReportRequest(found, year_number, language or settings.LANGUAGE_CODE, source)


def report_source(request: ReportRequest, cases: QuerySet[Case] | None) -> Source:
    """The victims the report counts: the register (only `cases`, when the reader may count only those)
    or an imported data set."""
    if request.source != REGISTER or cases is None:
        return victim_source(request.source)
    return Source(REGISTER, REGISTER, "cases the user may count", REGISTER_UNIT, register_snapshot(cases))


# The figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    value: int | None  # None when the count is hidden


@dataclass(frozen=True)
class FigureTable:
    """A protected table as the report shows it: labelled rows and columns, the totals last."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Cell]]  # the rows, then the totals row; each row's last cell is its total
    note: str = ""
    keys: list[Value] = field(default_factory=list)  # the engine's value of each row, for a list table

    def cell(self, row: int, column: int) -> Cell:
        return self.cells[row][column]

    @property
    def total(self) -> Cell:
        return self.cells[-1][-1]


@dataclass(frozen=True)
class ReportFigures:
    request: ReportRequest
    generated_at: datetime.datetime
    rules: dict[str, str]
    by_year: FigureTable
    sex_age: FigureTable
    forms: FigureTable
    citizenship: FigureTable
    detection: FigureTable
    by_country: FigureTable  # the map's figures: countries of detection in the year
    map_values: dict[str, int | None]  # ISO alpha-3 -> count, None when hidden
    victims: Cell
    flows: "FigureTable | None" = None  # links of the routes, origin → transit → destination, the largest first
    official: list[OfficialRow] = field(default_factory=list)
    counted_for: str = ""  # the user whose cases are counted, when not the whole register
    agency: str = ""  # the lead agency whose cases are counted, when the report is of one agency's
    # The register only (None for an imported data set, which records no proceedings nor migrants):
    justice: "FigureTable | None" = None  # persons by sex (rows) and stage (columns)
    time_to_verdict: str = ""  # the sentence that says it, protected
    smuggled: "FigureTable | None" = None  # smuggled migrants detected, by sex
    dead_and_missing: "FigureTable | None" = None  # IOM, by route: public figures
    sdg: "SdgFigures | None" = None


@dataclass(frozen=True)
class SdgFigures:
    victims: Cell
    rate: str  # victims per 100,000 inhabitants, as written; hidden with a small count
    population: int | None
    population_year: int | None


def number(value: float, *, decimal_pos: int | None = None) -> str:
    """A figure in the report's language, the thousands grouped: 12,345 in English, 12 345 in French (with a
    narrow no-break space, vigie/formats/fr). Every figure the report writes, in tables and charts, is one."""
    return formats.number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def _count(value: int) -> Cell:
    return Cell(number(value), value)


def _cells(table: ProtectedTable) -> list[list[Cell]]:
    return [
        [
            _count(value) if table.shown[i][j] == Shown.VALUE else Cell(table.text(i, j), None)
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(table.values)
    ]


def _grid(counts: VictimCounts, down: Sequence[Value], across: Sequence[Value]) -> list[list[int]]:
    found = {row.values: row.victims for row in counts.rows}
    if len(counts.dimensions) == 1:
        return [[found.get((value,), 0)] for value in down]
    return [[found.get((d, a), 0) for a in across] for d in down]


def _list_table(
    title: str,
    counts: VictimCounts,
    label: Callable[[Value], str],
    *,
    ordered: Sequence[Value] = (),
    note: str = "",
    column: str = "",
) -> FigureTable:
    """One dimension, one category a row, protected with its total; the largest first unless `ordered`."""
    column = column or _("Victims")
    values = list(ordered) or sorted({row.values[0] for row in counts.rows}, key=lambda v: sort_key((v,)))
    if not values:
        return FigureTable(title, [], [column], [[_count(0)]], note)
    # Protected in a fixed order, shown in another: the order of display never depends on a hidden count.
    cells = _cells(protect_table(_grid(counts, values, [])))
    rows = list(zip(values, cells, strict=False))
    if not ordered:
        rows.sort(key=lambda item: (item[1][0].value is None, -(item[1][0].value or 0)))
    return FigureTable(
        title,
        [label(value) for value, _row in rows],
        [column],
        [[row[0]] for _value, row in rows] + [[cells[-1][0]]],
        note,
        [value for value, _row in rows],
    )


def _label_of(labels: dict[Any, Any]) -> Callable[[Value], str]:
    def label(value: Value) -> str:
        return _("Unknown") if value is None else str(labels.get(value, value))

    return label


def report_figures(request: ReportRequest, source: Source, cases: QuerySet[Case] | None = None) -> ReportFigures:
    """Every figure of the report, counted by the engine from one snapshot of the source, protected.
    `cases`: those the reader may count, for the justice chain and the smuggled migrants (None: all)."""
    snapshot, iso2 = source.victims, request.country.iso2
    in_year = VictimFilters(request.year, request.year, iso2)

    years = list(range(request.year - YEARS_SHOWN + 1, request.year + 1))
    by_year_counts = count_victims(snapshot, [Dimension.YEAR], VictimFilters(years[0], request.year, iso2))
    by_year = _list_table(_("Victims detected by year"), by_year_counts, str, ordered=years)

    sexes: list[Value] = ["female", "male", "other", None]
    ages: list[Value] = ["child", "adult", None]
    ages_sorted = sorted(ages, key=lambda age: sort_key((age,)))
    sex_age_counts = count_victims(snapshot, [Dimension.SEX, Dimension.AGE_GROUP], in_year)
    sex_age = FigureTable(
        _("Victims detected by sex and age"),
        [_label_of(SEX_LABELS)(s) for s in sexes],
        [_label_of(AGE_LABELS)(a) for a in ages] + [_("Total")],
        # Protected with the categories in the order of the statistics API, so that it hides what by=sex,age_group
        # hides there; shown with children first.
        _cells(
            protect_linked_table(_grid(sex_age_counts, sexes, ages_sorted)).reordered(
                range(len(sexes)), [ages_sorted.index(age) for age in ages]
            )
        ),
    )

    forms = _list_table(
        _("Victims detected by form of exploitation"),
        count_victims(snapshot, [Dimension.FORM_OF_EXPLOITATION], in_year),
        _label_of(FORM_LABELS),
        note=_("A victim with several forms of exploitation is counted under each: the rows may add up to more."),
    )
    names = dict(Country.objects.values_list("iso2", "name_fr" if translation.get_language() == "fr" else "name_en"))
    citizenship = _list_table(
        _("Victims detected by citizenship"),
        count_victims(snapshot, [Dimension.CITIZENSHIP], in_year),
        _label_of(names),
        note=_("A victim with several citizenships is counted under each: the rows may add up to more."),
    )
    detection = _list_table(
        _("Domestic and cross-border victims"),
        count_victims(snapshot, [Dimension.DETECTION_TYPE], in_year),
        _label_of(DETECTION_LABELS),
        ordered=["domestic", "cross_border", None],
    )
    country_counts = count_victims(
        snapshot, [Dimension.COUNTRY_OF_DETECTION], VictimFilters(request.year, request.year)
    )
    by_country = _list_table(
        _("Victims detected by country of detection, %(year)s") % {"year": request.year},
        country_counts,
        _label_of(names),
    )
    iso3_of = dict(Country.objects.values_list("iso2", "iso3"))
    map_values = {
        iso3_of[str(code)]: row[0].value
        for code, row in zip(by_country.keys, by_country.cells, strict=False)
        if code is not None
    }
    flows = _flows(request, snapshot, cases, in_year, names)
    # The victims, as the sex-by-age table's grand total when every victim is in one of its cells once
    # (the usual case): the key figure then can never differ from what the table protects.
    if sex_age_counts.metadata["rows_total"] == sex_age_counts.metadata["victims"]:
        victims = sex_age.total
    else:
        count = sex_age_counts.metadata["victims"]
        victims = Cell(SMALL, None) if 0 < count < SMALL_CELL_LIMIT else _count(count)
    return ReportFigures(
        request=request,
        generated_at=timezone.now(),
        rules=counting_rules(source.unit),
        by_year=by_year,
        sex_age=sex_age,
        forms=forms,
        citizenship=citizenship,
        detection=detection,
        by_country=by_country,
        map_values=map_values,
        victims=victims,
        flows=flows,
        official=_official(request),
        dead_and_missing=_dead_and_missing(request),
        sdg=_sdg(request, source),
        **(
            _register_only(request, Case.objects.all() if cases is None else cases)
            if request.source == REGISTER
            else {}
        ),
    )


FLOW_LINKS_SHOWN = 25  # the report lists the largest links; the dashboard's table has them all
# Case ids written into one query at most (SQLite allows 32,766 parameters).
FLOW_CASES_LISTED = 20_000


def _flow_node_label(node: FlowNode, names: dict[str, str]) -> str:
    country = _("Unknown") if node.country is None else names.get(node.country, node.country)
    if node.stage == "origin":
        return _("%(country)s (origin)") % {"country": country}
    if node.stage == "destination":
        return _("%(country)s (destination)") % {"country": country}
    return _("%(country)s (transit %(step)s)") % {"country": country, "step": node.step}


def _flows(
    request: ReportRequest,
    snapshot: VictimSnapshot,
    cases: QuerySet[Case] | None,
    filters: VictimFilters,
    names: dict[str, str],
) -> FigureTable:
    """The links of the victims' routes (flows.py), protected as the dashboard's flows table is: sources down,
    targets across, with the totals (so that the report and the dashboard hide the same links)."""
    if request.source == REGISTER:
        # The cases with a victim the filters keep, found in the snapshot the other figures come from (the
        # same rule of detection year and country): the routes of those cases only are read, the filters
        # still deciding. A database query for them would scan every victim of the register.
        kept = snapshot.kept(filters)
        case_ids = np.unique(snapshot.case if kept is None else snapshot.case[kept]).tolist()
        if len(case_ids) <= FLOW_CASES_LISTED:
            cases = Case.objects.filter(pk__in=case_ids)
        else:  # too many to list in one query: the country's cases in the reader's scope
            cases = (Case.objects.all() if cases is None else cases).filter(country_id=request.country.iso2)
    flows = flow_statistics(source=request.source, cases=cases, filters=filters, with_transit=True)
    nodes = {node.id: node for node in flows.nodes}
    order = {node.id: i for i, node in enumerate(flows.nodes)}
    sources = sorted({link.source for link in flows.links}, key=order.__getitem__)
    targets = sorted({link.target for link in flows.links}, key=order.__getitem__)
    title = _("Flows of victims: origin, transit and destination, %(year)s") % {"year": request.year}
    column = _("Victims")
    if not flows.links:
        return FigureTable(title, [], [column], [[_count(0)]])
    found = {(link.source, link.target): link.victims for link in flows.links}
    cells = _cells(protect_table([[found.get((a, b), 0) for b in targets] for a in sources]))
    links = [
        (f"{_flow_node_label(nodes[a], names)} → {_flow_node_label(nodes[b], names)}", cells[i][j])
        for i, a in enumerate(sources)
        for j, b in enumerate(targets)
        if (a, b) in found
    ]
    # Shown first, the largest first; the hidden ones after, in a fixed order: the order never tells a count.
    links.sort(key=lambda link: (link[1].value is None, -(link[1].value or 0)))
    note = _(
        "A victim is counted once on each link of their route: the total adds up the links, not victims. Origin: "
        "the country of recruitment, else the citizenship; destination: the country of exploitation, else of "
        "detection; transit: the countries recorded on the way."
    )
    if len(links) > FLOW_LINKS_SHOWN:
        note += " " + _("The %(shown)s largest of %(all)s links; the dashboard's flows table lists them all.") % {
            "shown": FLOW_LINKS_SHOWN,
            "all": len(links),
        }
        links = links[:FLOW_LINKS_SHOWN]
    return FigureTable(
        title, [label for label, _cell in links], [column], [[cell] for _label, cell in links] + [[cells[-1][-1]]], note
    )


STAGE_LABELS = {
    Stage.SUSPECTED: gettext_lazy("Suspected"),
    Stage.PROSECUTED: gettext_lazy("Prosecuted"),
    Stage.CONVICTED: gettext_lazy("Convicted"),
}


def _register_only(request: ReportRequest, cases: QuerySet[Case] | None) -> dict[str, Any]:
    """The justice chain and the smuggled migrants of the country and year (justice.py, smuggling.py)."""
    cases = Case.objects.all() if cases is None else cases
    iso2 = request.country.iso2
    filters = JusticeFilters(year_from=request.year, year_to=request.year, country=iso2)
    counts = justice_statistics(cases=cases, dimensions=[JusticeDimension.SEX, JusticeDimension.STAGE], filters=filters)
    found = {row.values: row.persons for row in counts.rows}
    sexes: list[Value] = ["female", "male", "other", None]
    # Each stage protected on its own, with its total: the stages are not parts of one whole.
    columns = [_cells(protect_table([[found.get((sex, stage.value), 0)] for sex in sexes])) for stage in Stage]
    justice = FigureTable(
        _("Persons suspected, prosecuted and convicted, %(year)s") % {"year": request.year},
        [_label_of(SEX_LABELS)(sex) for sex in sexes],
        [str(STAGE_LABELS[stage]) for stage in Stage],
        [[column[i][0] for column in columns] for i in range(len(sexes) + 1)],
        _(
            "Persons, not cases. Suspected: year of identification in the case, country of detection; prosecuted "
            "and convicted: year of the charge or verdict, country of the court. A column's total is its persons."
        ),
    )
    smuggled = _list_table(
        _("Smuggled migrants detected, %(year)s") % {"year": request.year},
        # The cases of the country only (the country of detection is the case's): the same rows, without
        # reading every migrant of the register.
        smuggled_migrant_statistics(
            cases=cases.filter(country_id=iso2),
            dimensions=[Dimension.SEX],
            filters=VictimFilters(request.year, request.year, iso2),
        ),
        _label_of(SEX_LABELS),
        ordered=sexes,
        column=_("Smuggled migrants"),
    )
    durations = time_to_verdict(cases=cases, filters=filters)
    return {"justice": justice, "smuggled": smuggled, "time_to_verdict": _time_to_verdict_text(durations)}


def _days(value: float | None) -> str:
    return "" if value is None else number(value, decimal_pos=0 if value == int(value) else 1)


def _time_to_verdict_text(durations: Durations) -> str:
    if durations.count == 0:
        return _("Time from a victim's identification to the first-instance verdict: no person tried this year.")
    if durations.count < SMALL_CELL_LIMIT:
        return _(
            "Time from a victim's identification to the first-instance verdict: withheld, fewer than 5 persons "
            "were tried this year."
        )
    return _(
        "Time from a victim's identification to the first-instance verdict, for the %(persons)s persons convicted "
        "or acquitted at first instance this year: median %(median)s days, quartiles %(q1)s and %(q3)s days."
    ) % {
        "persons": number(durations.count),
        "median": _days(durations.median),
        "q1": _days(durations.first_quartile),
        "q3": _days(durations.third_quartile),
    }


def _dead_and_missing(request: ReportRequest) -> FigureTable:
    """IOM's dead and missing migrants of the year on the routes through the region: public, not protected."""
    counts = deaths_and_disappearances(dimensions=(DeathDimension.ROUTE,), year_from=request.year, year_to=request.year)
    dead = {row["route"]: row["dead_and_missing"] for row in counts.rows}
    values = [dead.get(route, 0) for route in REGION_ROUTES]
    return FigureTable(
        _("Migrants dead or missing on the routes through West and Central Africa, %(year)s") % {"year": request.year},
        [str(label) for label in REGION_ROUTES.values()],
        [_("Dead and missing")],
        [[_count(n)] for n in [*values, sum(values)]],
        _(
            "Source: IOM Missing Migrants Project, a minimum estimate, by year of the incident. Public figures "
            "that name nobody: shown as published, not protected."
        ),
    )


def _sdg(request: ReportRequest, source: Source) -> SdgFigures:
    indicator = sdg_16_2_2(country=request.country.iso2, year=request.year, source=source)
    victims = indicator.total.victims
    if 0 < victims < SMALL_CELL_LIMIT:
        # The population is printed beside it: the rate would give the small count back.
        return SdgFigures(Cell(SMALL, None), SMALL, indicator.population, indicator.population_year)
    rate = "—" if indicator.total.rate is None else number(indicator.total.rate, decimal_pos=4)
    return SdgFigures(_count(victims), rate, indicator.population, indicator.population_year)


def _official(request: ReportRequest) -> list[OfficialRow]:
    try:
        return official_statistics(country=request.country.iso3, year=request.year)
    except StatisticsError:  # no GLOTIP data set imported, or no figure for this country
        return []


# The document ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header: ParagraphStyle


def _styles() -> Styles:
    report_charts.register_fonts()
    sheet = getSampleStyleSheet()
    bold, regular = report_charts.FONT_BOLD, report_charts.FONT
    return Styles(
        title=ParagraphStyle("title", parent=sheet["Title"], fontName=bold, fontSize=24, leading=30, spaceAfter=18),
        subtitle=ParagraphStyle(
            "subtitle", parent=sheet["Title"], fontName=bold, fontSize=16, leading=22, spaceAfter=12
        ),
        heading=ParagraphStyle(
            "heading", parent=sheet["Heading2"], fontName=bold, spaceBefore=12, spaceAfter=6, keepWithNext=1
        ),
        body=ParagraphStyle("body", parent=sheet["BodyText"], fontName=regular, fontSize=10, leading=13),
        small=ParagraphStyle(
            "small", parent=sheet["BodyText"], fontName=regular, fontSize=8, leading=10, textColor=colors.grey
        ),
        cell=ParagraphStyle("cell", parent=sheet["BodyText"], fontName=regular, fontSize=8, leading=10),
        header=ParagraphStyle(
            "header", parent=sheet["BodyText"], fontName=regular, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # reportlab's Paragraph breaks lines at a narrow no-break space (and prints it as a space): in running
    # text, a figure's thousands are held together by a no-break space instead. Figures in tables and charts
    # are drawn as they are (see _facts).
    return Paragraph(escape(text.replace(NARROW_NO_BREAK_SPACE, "\xa0")), style)


def _facts(rows: Sequence[tuple[str, str | Paragraph]], styles: Styles) -> Table:
    """Label and figure, one a line: the figures drawn as written (a French 12 345 keeps its narrow space)."""
    table = Table([[_p(label, styles.body), value] for label, value in rows], colWidths=[7 * cm, 9 * cm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (1, 0), (1, -1), report_charts.FONT),
                ("FONTSIZE", (1, 0), (1, -1), styles.body.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table


def _table(figures: FigureTable, styles: Styles, *, first_column: float = 7 * cm) -> list[Flowable]:
    header = ["", *figures.column_labels]
    body = [
        [_p(label, styles.cell), *(cell.text for cell in row)]
        for label, row in zip([*figures.row_labels, _("Total")], figures.cells, strict=True)
    ]
    column = min(3 * cm, (16 * cm - first_column) / len(figures.column_labels))
    table = Table(
        [[_p(h, styles.header) for h in header], *body],
        colWidths=[first_column] + [column] * len(figures.column_labels),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), report_charts.FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, -1), (-1, -1), report_charts.FONT_BOLD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    flowables: list[Flowable] = [table]
    if figures.note:
        flowables.append(_p(figures.note, styles.small))
    return flowables


def _bars(figures: FigureTable) -> list[report_charts.Bar]:
    return [
        report_charts.Bar(label, row[0].value, row[0].text)
        for label, row in zip(figures.row_labels, figures.cells, strict=False)
    ]


Section = Callable[[ReportFigures, Styles], list[Flowable]]


def title_page(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    request = figures.request
    generated = formats.date_format(timezone.localtime(figures.generated_at), "DATETIME_FORMAT")
    return [
        Spacer(1, 5 * cm),
        _p(_("Trafficking in persons: victims detected"), styles.title),
        _p(request.country.name, styles.subtitle),
        _p(str(request.year), styles.subtitle),
        Spacer(1, 2 * cm),
        _p(_("Source: %(source)s.") % {"source": _source_text(figures)}, styles.body),
        _p(_("Generated on %(when)s.") % {"when": generated}, styles.body),
        _p(_("Produced by vigie."), styles.body),
        Spacer(1, 1 * cm),
        _p(_protection_note(), styles.body),
        PageBreak(),
    ]


def _source_text(figures: ReportFigures) -> str:
    if figures.request.source == REGISTER and figures.agency and figures.counted_for:
        return _("the cases of this register led by %(agency)s that %(user)s may count") % {
            "agency": figures.agency,
            "user": figures.counted_for,
        }
    if figures.request.source == REGISTER and figures.agency:
        return _("the cases of this register led by %(agency)s") % {"agency": figures.agency}
    if figures.request.source == REGISTER and figures.counted_for:
        return _("the cases of this register that %(user)s may count") % {"user": figures.counted_for}
    if figures.request.source == REGISTER:
        return _("the cases of this register")
    return _("the imported data set %(name)s") % {"name": figures.request.source}


def _protection_note() -> str:
    return _(
        "Small counts are protected: a count from 1 to 4 is shown as “<5”, as UNODC does, and other figures are "
        "hidden (“x”) where a total would let it be worked out; “*” marks a table withheld whole."
    )


def key_figures(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    sex_age = figures.sex_age
    children = sex_age.cell(-1, 0)
    total = sex_age.total
    share = (
        _("%(percent)s%%") % {"percent": number(round(100 * children.value / total.value))}
        if children.value is not None and total.value
        else "—"
    )
    top_forms = ", ".join(
        f"{label} ({row[0].text})"
        for label, row in list(zip(figures.forms.row_labels, figures.forms.cells, strict=False))[:3]
        if figures.forms.keys and row[0].value
    )
    rows: list[tuple[str, str | Paragraph]] = [
        (_("Victims detected"), figures.victims.text),
        (_("Girls"), sex_age.cell(0, 0).text),
        (_("Boys"), sex_age.cell(1, 0).text),
        (_("Women"), sex_age.cell(0, 1).text),
        (_("Men"), sex_age.cell(1, 1).text),
        (_("Share of children"), share),
        (_("Domestic victims"), figures.detection.cell(0, 0).text),
        (_("Cross-border victims"), figures.detection.cell(1, 0).text),
        # Three forms and their figures may need two lines: a paragraph.
        (_("Main forms of exploitation"), _p(top_forms or "—", styles.body)),
    ]
    return [_p(_("Key figures, %(year)s") % {"year": figures.request.year}, styles.heading), _facts(rows, styles)]


def victims_by_year(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    return [
        KeepTogether(
            [
                _p(figures.by_year.title, styles.heading),
                report_charts.column_chart(_bars(figures.by_year)),
                *_table(figures.by_year, styles),
            ]
        )
    ]


def victims_by_sex_and_age(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    table = figures.sex_age
    bars = [
        report_charts.Bar(label, cell.value, cell.text)
        for label, cell in (
            (_("Girls"), table.cell(0, 0)),
            (_("Boys"), table.cell(1, 0)),
            (_("Women"), table.cell(0, 1)),
            (_("Men"), table.cell(1, 1)),
        )
    ]
    return [KeepTogether([_p(table.title, styles.heading), report_charts.bar_chart(bars), *_table(table, styles)])]


def forms_of_exploitation(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    return [
        KeepTogether(
            [
                _p(figures.forms.title, styles.heading),
                report_charts.bar_chart(_bars(figures.forms)),
                *_table(figures.forms, styles),
            ]
        )
    ]


def citizenship_of_victims(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    table = figures.citizenship
    return [
        KeepTogether([_p(table.title, styles.heading), report_charts.bar_chart(_bars(table)[:12])]),
        *_table(table, styles),
        KeepTogether([_p(figures.detection.title, styles.heading), *_table(figures.detection, styles)]),
    ]


def region_map(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    lowers = [lower for lower, _colour in report_charts.MAP_CLASSES]
    legend = [
        _("No victim recorded"),
        _("Protected count (<5 or hidden)"),
        *(
            _("%(lower)s to %(upper)s") % {"lower": number(low), "upper": number(high - 1)}
            for low, high in itertools.pairwise(lowers)
        ),
        _("%(lower)s or more") % {"lower": number(lowers[-1])},
    ]
    return [
        PageBreak(),
        _p(_("Victims detected in West and Central Africa, %(year)s") % {"year": figures.request.year}, styles.heading),
        report_charts.region_map(figures.map_values, highlight=figures.request.country.iso3, legend=legend),
        _p(_("Countries of detection, from the same source; the country of the report is outlined."), styles.small),
        *_table(figures.by_country, styles),
    ]


def flows_of_victims(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    table = figures.flows
    if table is None:
        return []
    return [
        KeepTogether([_p(table.title, styles.heading), report_charts.bar_chart(_bars(table)[:12])]),
        *_table(table, styles, first_column=10 * cm),
    ]


def criminal_justice(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    heading = _p(_("Criminal justice, %(year)s") % {"year": figures.request.year}, styles.heading)
    if figures.justice is None:
        return [heading, _p(_register_only_note(), styles.body)]
    return [
        KeepTogether([heading, *_table(figures.justice, styles, first_column=5 * cm)]),
        _p(figures.time_to_verdict, styles.body),
    ]


def _register_only_note() -> str:
    return _("Counted from the register only: an imported data set records no proceedings nor smuggled migrants.")


def smuggling(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    heading = _p(_("Migrant smuggling, %(year)s") % {"year": figures.request.year}, styles.heading)
    flowables: list[Flowable] = [heading]
    if figures.smuggled is None:
        flowables.append(_p(_register_only_note(), styles.body))
    else:
        flowables += [_p(figures.smuggled.title, styles.body), *_table(figures.smuggled, styles)]
    if figures.dead_and_missing is not None:
        flowables += [
            Spacer(1, 0.3 * cm),
            _p(figures.dead_and_missing.title, styles.body),
            *_table(figures.dead_and_missing, styles),
        ]
    return [KeepTogether(flowables)]


def sdg_indicator(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    sdg = figures.sdg
    heading = _p(
        _("SDG indicator 16.2.2: victims per 100,000 population, %(year)s") % {"year": figures.request.year},
        styles.heading,
    )
    if sdg is None:
        return []
    population = (
        _("%(population)s in %(year)s") % {"population": number(sdg.population), "year": sdg.population_year}
        if sdg.population is not None
        else _("no figure up to this year: no rate")
    )
    table = _facts(
        [
            (_("Victims detected"), sdg.victims.text),
            (_("Population"), population),
            (_("Victims per 100,000 population"), sdg.rate),
        ],
        styles,
    )
    note = _(
        "Victims detected in the country in the year, from the report's source, per 100,000 inhabitants of the "
        "country. Population: %(source)s; the nearest earlier year's figure when the year has none."
    ) % {"source": str(POPULATION_SOURCE_LABEL)}
    return [KeepTogether([heading, table, _p(note, styles.small)])]


def official_figures(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    heading = _p(
        _("Official figures published by UNODC (GLOTIP), %(year)s") % {"year": figures.request.year}, styles.heading
    )
    if not figures.official:
        return [heading, _p(_("No UNODC GLOTIP figure is imported for this country and year."), styles.body)]
    header = [_("Indicator"), _("Breakdown"), _("Sex"), _("Age"), _("UNODC"), _("This source")]
    rows = [
        [
            _p(row.indicator, styles.cell),
            _p(row.category if row.dimension == "Total" else f"{row.dimension}: {row.category}", styles.cell),
            row.sex,
            _p(row.age, styles.cell),
            row.censored or ("" if row.value is None else number(row.value)),
            _ours(figures, row),
        ]
        for row in figures.official
    ]
    table = Table(
        [[_p(h, styles.cell) for h in header], *rows],
        colWidths=[
            4.5 * cm,
            3.5 * cm,
            1.6 * cm,
            2.8 * cm,
            1.5 * cm,
            2.1 * cm,
        ],  # DejaVu Sans: the indicator on one line,
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), report_charts.FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    note = _("As published by UNODC, in its words; beside them, the same breakdown from this report's source.")
    return [heading, _p(note, styles.small), table]


def _ours(figures: ReportFigures, row: OfficialRow) -> str:
    """The report's protected figure for an official row of detected victims by sex and age, or by
    citizenship (matched on the ISO code, whatever UNODC's spelling), else blank."""
    if row.indicator.casefold() != GLOTIP_VICTIMS:
        return ""
    if row.dimension == "by citizenship" and row.sex == "Total" and row.age == "Total":
        return _ours_by_citizenship(figures, row.category)
    if row.dimension != "Total" or row.category != "Total":
        return ""
    if row.sex not in GLOTIP_SEXES or row.age not in GLOTIP_AGES:
        return ""
    sex, age = GLOTIP_SEXES[row.sex], GLOTIP_AGES[row.age]
    # The sex-by-age table's rows are female, male, other, unknown; its columns child, adult, unknown; totals last.
    i = -1 if sex is None else ["female", "male"].index(sex)
    j = -1 if age is None else ["child", "adult"].index(age)
    return figures.sex_age.cell(i, j).text


def _ours_by_citizenship(figures: ReportFigures, category: str) -> str:
    place = place_of_label(category)
    if place is None or place.kind not in (LabelKind.COUNTRY, LabelKind.NATIONALS):
        return ""  # a region, a group, unknown: nothing of the report's to set beside it
    code = figures.request.country.iso2 if place.kind == LabelKind.NATIONALS else place.iso2
    table = figures.citizenship
    found = [row[0].text for key, row in zip(table.keys, table.cells, strict=False) if key == code]
    # A citizenship the source has no victim of is not a row of the report's table: none, 0.
    return found[0] if found else number(0)


# The engine's counting rules (counting_rules), in the report's words, in its order; then what the report
# adds. A rule the engine adds later is shown in the engine's words until it is written here.
RULE_DEFINITIONS = {
    "unit": (
        gettext_lazy("Victim detected"),
        gettext_lazy(
            "A person the authorities identified as a victim of trafficking, formally or as a presumed victim; "
            "smuggled migrants are not counted."
        ),
    ),
    "combination": (
        gettext_lazy("Counting"),
        gettext_lazy(
            "Each victim is counted once in each breakdown; a person detected in several cases, once for each "
            "combination of values."
        ),
    ),
    "form_of_exploitation": (
        gettext_lazy("Forms of exploitation"),
        gettext_lazy(
            "As UNODC counts them; slavery, servitude and debt bondage go with forced labour, illegal adoption "
            "with other forms; “mixed” only where the source records mixed forms."
        ),
    ),
    "citizenship": (
        gettext_lazy("Citizenship"),
        gettext_lazy("A victim with several citizenships is counted under each."),
    ),
    "detection_type": (
        gettext_lazy("Domestic and cross-border"),
        gettext_lazy("Domestic when the victim is a citizen of the country of detection (a dual national included)."),
    ),
    "unknown": (
        gettext_lazy("Unknown"),
        gettext_lazy("A value the source does not give: never dropped, never guessed."),
    ),
}
REPORT_DEFINITIONS = [
    (gettext_lazy("Year"), gettext_lazy("The year the victim was identified, else the year the case was opened.")),
    (
        gettext_lazy("Children and adults"),
        gettext_lazy(
            "A child is under 18 when first exploited (or, without a date, when identified); where the age is "
            "not certain, it is unknown."
        ),
    ),
]


def definitions_and_sources(figures: ReportFigures, styles: Styles) -> list[Flowable]:
    definitions = [RULE_DEFINITIONS.get(key, (key, text)) for key, text in figures.rules.items()]
    table = Table(
        [[_p(str(term), styles.cell), _p(str(text), styles.cell)] for term, text in definitions + REPORT_DEFINITIONS],
        colWidths=[4 * cm, 12 * cm],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)])
    )
    sources = [
        _("Victims: %(source)s, counted by vigie's statistics engine.") % {"source": _source_text(figures)},
        _("Official figures: UNODC Global Report on Trafficking in Persons country data (GLOTIP), as imported."),
        _("Migrants dead or missing: %(source)s.") % {"source": str(IOM_SOURCE_LABEL)},
        _("Population: %(source)s.") % {"source": str(POPULATION_SOURCE_LABEL)},
        _("Map: Natural Earth 1:50m borders (public domain)."),
        _protection_note(),
    ]
    return [
        _p(_("Definitions"), styles.heading),
        table,
        _p(_("Data sources"), styles.heading),
        *(_p(text, styles.body) for text in sources),
    ]


SECTIONS: list[Section] = [
    title_page,
    key_figures,
    victims_by_year,
    victims_by_sex_and_age,
    forms_of_exploitation,
    citizenship_of_victims,
    region_map,
    flows_of_victims,
    criminal_justice,
    smuggling,
    sdg_indicator,
    official_figures,
    definitions_and_sources,
]


def render_report(figures: ReportFigures, out: IO[bytes]) -> int:
    """Write the PDF of the figures to `out`, in the active language; the number of pages."""
    styles = _styles()
    request = figures.request
    footer = f"vigie — {request.country.name} {request.year}"

    def number_page(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(report_charts.FONT, 8)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, _("Page %(number)s") % {"number": document.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{_('Trafficking in persons: victims detected')} — {request.country.name} {request.year}",
        author="vigie",
        lang=request.language,
    )
    flowables = [flowable for section in SECTIONS for flowable in section(figures, styles)]
    document.build(flowables, onFirstPage=number_page, onLaterPages=number_page)
    return int(document.page)


# Differencing ------------------------------------------------------------------------------------------


def refuse_isolating_report(
    request: ReportRequest,
    source: Source,
    *,
    cases: QuerySet[Case] | None,
    unfiltered_cases: QuerySet[Case] | None = None,
) -> None:
    """The rule of statistics.refuse_isolating_filters for every set of filters the report counts under
    (the country and year; the country and its five years; the year, every country), of
    justice.refuse_isolating_justice_filters for its justice chain and of
    smuggling.refuse_isolating_smuggling_filters for its smuggled migrants: the report leaves the system, and a
    protected figure on the dashboard without filters minus a figure of the report would otherwise be a few
    victims' or suspects' figures."""
    iso2, year = request.country.iso2, request.year
    narrowed = request.source == REGISTER and unfiltered_cases is not None
    unfiltered = register_snapshot(unfiltered_cases) if narrowed else None
    for filters in (
        VictimFilters(year, year, iso2),
        VictimFilters(year - YEARS_SHOWN + 1, year, iso2),
        VictimFilters(year, year),
    ):
        refuse_isolating_filters(source.victims, filters, unfiltered=unfiltered)
    if request.source == REGISTER:
        counted = Case.objects.all() if cases is None else cases
        refuse_isolating_justice_filters(
            cases=counted, filters=JusticeFilters(year, year, iso2), unfiltered_cases=unfiltered_cases
        )
        refuse_isolating_smuggling_filters(
            cases=counted, filters=VictimFilters(year, year, iso2), unfiltered_cases=unfiltered_cases
        )


# The export -----------------------------------------------------------------------------------------


@transaction.atomic
def export_report(
    *,
    actor: User | None,
    request: ReportRequest,
    cases: QuerySet[Case] | None,
    out: IO[bytes],
    ip_address: str | None = None,
    agency: Agency | None = None,
    unfiltered_cases: QuerySet[Case] | None = None,
) -> ReportFigures:
    """Write the report to `out` and audit it as an export. `cases`: those the actor may count (None: the
    whole register, for the command line, which has no user); `unfiltered_cases`, when `cases` are narrowed
    to one agency: those the actor may count. A report whose filters single out fewer than 5 persons is
    refused (IsolatingFilters, in the report's language), before anything is written or audited."""
    with translation.override(request.language):
        source = report_source(request, cases)
        refuse_isolating_report(request, source, cases=cases, unfiltered_cases=unfiltered_cases)
        figures = report_figures(request, source, cases)
        if cases is not None and actor is not None:
            figures = dataclasses.replace(figures, counted_for=actor.get_username())
        if agency is not None:
            figures = dataclasses.replace(figures, agency=str(agency))
        pages = render_report(figures, out)
    record_event(
        actor=actor,
        actor_username="" if actor is not None else _command_line_user(),
        action=AuditEvent.Action.EXPORTED,
        target_label=REPORT_KIND,
        changes={
            "kind": REPORT_KIND,
            "country": request.country.iso2,
            "year": request.year,
            "language": request.language,
            "source": request.source,
            "scope": "whole register" if cases is None else "cases the user may count",
            "agency": agency.pk if agency is not None else None,
            "victims": figures.victims.text,
            "pages": pages,
        },
        ip_address=ip_address,
    )
    return figures


def _command_line_user() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except OSError:  # no user name in this environment (a container, say)
        return "(command line)"
