"""The UNODC GLOTIP questionnaire tables from the register, as an Excel workbook laid out like the official
data_glotip file (one row per indicator, dimension, category, sex, age and year), beside the official
figures for the same country and years, with the definitions used.

The victims come from the statistics engine (the figures of `vigie stats victims`), the persons suspected,
prosecuted and convicted from justice.py. The workbook leaves the system: its counts are always protected
as UNODC publishes them (1 to 4 written "<5", and what would let them be worked out hidden), whoever
downloads it.
"""

import getpass
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from vigie.accounts.models import Agency
from vigie.analytics.agency_filter import agency_key
from vigie.analytics.disclosure import SMALL, ProtectedTable, Shown, protect_table
from vigie.analytics.justice import (
    GLOTIP_FORCED_LABOUR,
    GLOTIP_FORM_LABELS,
    GLOTIP_OTHER_FORMS,
    GLOTIP_SEXUAL,
    JusticeDimension,
    JusticeFilters,
    Stage,
    count_persons,
    glotip_forms,
    refuse_isolating_justice_filters,
    stage_records,
)
from vigie.analytics.selectors import SMALL_CELL_LIMIT
from vigie.analytics.statistics import (
    Dimension,
    StatisticsError,
    Value,
    Victim,
    VictimFilters,
    VictimSnapshot,
    count_victims,
    official_statistics,
    refuse_isolating_filters,
    register_snapshot,
    register_victims,
)
from vigie.assistance.models import VoluntaryReturn
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.cases.models import Case, SuspectedOffence
from vigie.exchange.glotip import COLUMNS
from vigie.exchange.glotip_labels import LabelKind, place_of_label
from vigie.exchange.models import DataSet, OfficialStatistic
from vigie.reference.models import Country

SOURCE = "vigie register"
UNIT = "Counts"
TOTAL = "Total"
UNKNOWN = "Unknown"
NATIONALS = "Nationals"
VICTIMS = "Detected trafficking victims"
FORMAL_CONTACT = "Persons brought into formal contact"
PROSECUTED = "Persons prosecuted"
CONVICTED = "Persons convicted"
OFFENCES = "Offences of trafficking in persons"
BY_FORM = "by form of exploitation"
BY_CITIZENSHIP = "by citizenship"
BY_REPATRIATION = "by country of repatriation"
# The dimensions whose categories are countries: matched with the official figures on ISO codes.
PLACE_DIMENSIONS = {BY_CITIZENSHIP, BY_REPATRIATION}
PERSON_INDICATORS = {Stage.SUSPECTED: FORMAL_CONTACT, Stage.PROSECUTED: PROSECUTED, Stage.CONVICTED: CONVICTED}
# GLOTIP's sexes and ages, with the engine's values they count; the last row and column are the totals.
SEXES: list[tuple[str | None, str]] = [("female", "Female"), ("male", "Male"), ("other", "Other"), (None, UNKNOWN)]
AGES: list[tuple[str | None, str]] = [("child", "0 to 17 years"), ("adult", "18 years or over"), (None, UNKNOWN)]
FORM_CATEGORIES = [GLOTIP_SEXUAL, GLOTIP_FORCED_LABOUR, GLOTIP_OTHER_FORMS]
SIDE_BY_SIDE_COLUMNS = ["Indicator", "Dimension", "Category", "Sex", "Age", "Year"]
_OFFICIAL_KINDS_MATCHED = {LabelKind.UNKNOWN: UNKNOWN, LabelKind.NATIONALS: NATIONALS}

Key = tuple[str, str, str, str, str, int]
Cell = int | str


@dataclass(frozen=True)
class GlotipRow:
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    value: int  # the exact count, never written out
    shown: Cell  # what the workbook shows: the count, "<5", "x" or "*"
    # What the official figures are matched on when it is not the category: an ISO alpha-2 code.
    match: str = ""

    @property
    def key(self) -> Key:
        return (self.indicator, self.dimension, self.category, self.sex, self.age, self.year)

    @property
    def match_key(self) -> Key:
        return (self.indicator, self.dimension, self.match or self.category, self.sex, self.age, self.year)


@dataclass(frozen=True)
class WorkbookResult:
    rows: int
    official_rows: int
    filename: str


def find_country(code: str) -> Country:
    """A country by its ISO alpha-2 or alpha-3 code, in any case."""
    code = code.strip().upper()
    found = Country.objects.filter(iso2=code).first() if len(code) == 2 else Country.objects.filter(iso3=code).first()
    if found is None:
        raise StatisticsError(
            _("Unknown country %(code)s: not an ISO 3166-1 alpha-2 or alpha-3 code.") % {"code": code}
        )
    return found


def check_years(year_from: int, year_to: int) -> None:
    if year_from > year_to:
        raise StatisticsError(_("The first year comes after the last."))
    if not 1900 <= year_from <= 2100 or not 1900 <= year_to <= 2100:
        raise StatisticsError(_("Years go from 1900 to 2100."))


# The register's rows ------------------------------------------------------------------------------------


def _shown(table: ProtectedTable, i: int, j: int) -> Cell:
    return table.values[i][j] if table.shown[i][j] == Shown.VALUE else table.text(i, j)


def _sex_age_rows(
    indicator: str, dimension: str, category: str, year: int, counts: dict[tuple[Value, Value], int]
) -> Iterator[GlotipRow]:
    """A sex-by-age table with its totals, protected as one table."""
    cells = [[counts.get((sex, age), 0) for age, _label in AGES] for sex, _label in SEXES]
    table = protect_table(cells)
    sex_labels = [label for _sex, label in SEXES] + [TOTAL]
    age_labels = [label for _age, label in AGES] + [TOTAL]
    for i, sex_label in enumerate(sex_labels):
        for j, age_label in enumerate(age_labels):
            yield GlotipRow(
                indicator, dimension, category, sex_label, age_label, year, table.values[i][j], _shown(table, i, j)
            )


def _category_rows(
    indicator: str, dimension: str, year: int, counts: dict[str, int], names: dict[str, str] | None = None
) -> Iterator[GlotipRow]:
    """One count per category (sex and age totals), protected as a column with its total, the total not
    written: with several values per person (dual nationals) it is not the indicator's total. With `names`,
    the categories are ISO codes (or Nationals, Unknown), written by name and matched on the code."""
    if not counts:
        return

    def label(category: str) -> str:
        return names.get(category, category) if names is not None else category

    categories = sorted(counts, key=lambda c: (c == UNKNOWN, c != NATIONALS, label(c)))
    table = protect_table([[counts[c]] for c in categories])
    for i, category in enumerate(categories):
        match = category if names is not None else ""
        yield GlotipRow(
            indicator, dimension, label(category), TOTAL, TOTAL, year, counts[category], _shown(table, i, 0), match
        )


def _single(indicator: str, year: int, count: int) -> GlotipRow:
    # One figure alone: its own primary suppression is all there is to do.
    shown: Cell = SMALL if 0 < count < SMALL_CELL_LIMIT else count
    return GlotipRow(indicator, TOTAL, TOTAL, TOTAL, TOTAL, year, count, shown)


def _glotip_victims(cases: QuerySet[Case], country: Country) -> VictimSnapshot:
    """The engine's victims with their forms in GLOTIP's three categories and their citizenships as GLOTIP
    lists them (Nationals, or the country's ISO code)."""

    def as_glotip(victim: Victim) -> Victim:
        return Victim(
            tuple(
                replace(
                    detection,
                    forms=glotip_forms(detection.forms),
                    citizenships=tuple(sorted({NATIONALS if c == country.iso2 else c for c in detection.citizenships})),
                )
                for detection in victim.detections
            )
        )

    return VictimSnapshot.of(as_glotip(victim) for victim in register_victims(cases))


def victim_rows(cases: QuerySet[Case], country: Country, years: Sequence[int]) -> list[GlotipRow]:
    names = _country_names()
    snapshot = _glotip_victims(cases, country)
    filters = VictimFilters(years[0], years[-1], country.iso2)
    by_sex_age = count_victims(snapshot, [Dimension.YEAR, Dimension.SEX, Dimension.AGE_GROUP], filters)
    by_form = count_victims(
        snapshot, [Dimension.YEAR, Dimension.FORM_OF_EXPLOITATION, Dimension.SEX, Dimension.AGE_GROUP], filters
    )
    by_citizenship = count_victims(snapshot, [Dimension.YEAR, Dimension.CITIZENSHIP], filters)
    rows: list[GlotipRow] = []
    for year in years:
        total = {(r.values[1], r.values[2]): r.victims for r in by_sex_age.rows if r.values[0] == year}
        rows.extend(_sex_age_rows(VICTIMS, TOTAL, TOTAL, year, total))
        # Victims whose form is not recorded are a table of their own, "Unknown": counted, not dropped.
        for category in [*FORM_CATEGORIES, None]:
            counts = {(r.values[2], r.values[3]): r.victims for r in by_form.rows if r.values[:2] == (year, category)}
            label = GLOTIP_FORM_LABELS[category] if category is not None else UNKNOWN
            rows.extend(_sex_age_rows(VICTIMS, BY_FORM, label, year, counts))
        citizenships = {str(r.values[1] or UNKNOWN): r.victims for r in by_citizenship.rows if r.values[0] == year}
        rows.extend(_category_rows(VICTIMS, BY_CITIZENSHIP, year, citizenships, names))
    return rows


def repatriation_rows(cases: QuerySet[Case], country: Country, years: Sequence[int]) -> list[GlotipRow]:
    """Victims repatriated to the country, by the country they came back from (GLOTIP's "country of
    repatriation": Nigeria lists Libya, Saudi Arabia, Mali...): the persons whose voluntary return to the
    country was completed in the year, each counted once per country and year."""
    returns = (
        VoluntaryReturn.objects.filter(
            case__in=cases,
            to_country=country,
            status=VoluntaryReturn.Status.COMPLETED,
            returned_on__year__gte=years[0],
            returned_on__year__lte=years[-1],
        )
        .values_list("returned_on__year", "from_country_id", "participant__person_id")
        .distinct()
    )
    persons: dict[tuple[int, str], set[int]] = {}
    for year, origin, person in returns:
        persons.setdefault((year, origin), set()).add(person)
    names = _country_names()
    rows: list[GlotipRow] = []
    for year in years:
        counts = {origin: len(found) for (in_year, origin), found in persons.items() if in_year == year}
        rows.extend(_category_rows(VICTIMS, BY_REPATRIATION, year, counts, names))
    return rows


def _country_names() -> dict[str, str]:
    return dict(Country.objects.values_list("iso2", "name_en"))


def person_rows(cases: QuerySet[Case], country: Country, years: Sequence[int]) -> list[GlotipRow]:
    records = stage_records(cases)
    filters = JusticeFilters(years[0], years[-1], country.iso2, SuspectedOffence.Offence.TRAFFICKING)
    D = JusticeDimension
    by_sex_age = count_persons(records, [D.STAGE, D.YEAR, D.SEX, D.AGE_GROUP], filters)
    by_citizenship = count_persons(records, [D.STAGE, D.YEAR, D.CITIZENSHIP], filters)
    by_form = count_persons(records, [D.STAGE, D.YEAR, D.FORM_OF_EXPLOITATION], filters)
    names = _country_names()
    rows: list[GlotipRow] = []
    for year in years:
        for stage, indicator in PERSON_INDICATORS.items():
            counts = {(r.values[2], r.values[3]): r.persons for r in by_sex_age.rows if r.values[:2] == (stage, year)}
            rows.extend(_sex_age_rows(indicator, TOTAL, TOTAL, year, counts))
        convicted = [r for r in by_citizenship.rows if r.values[:2] == (Stage.CONVICTED, year)]
        rows.extend(
            _category_rows(
                CONVICTED,
                BY_CITIZENSHIP,
                year,
                {_citizenship_code(r.values[2], country): r.persons for r in convicted},
                names,
            )
        )
        forms = {
            GLOTIP_FORM_LABELS[str(r.values[2])] if r.values[2] is not None else UNKNOWN: r.persons
            for r in by_form.rows
            if r.values[:2] == (Stage.CONVICTED, year)
        }
        rows.extend(_category_rows(CONVICTED, BY_FORM, year, forms))
    return rows


def _citizenship_code(code: Value, country: Country) -> str:
    if code is None:
        return UNKNOWN
    return NATIONALS if code == country.iso2 else str(code)


def offence_rows(cases: QuerySet[Case], country: Country, years: Sequence[int]) -> list[GlotipRow]:
    """Offences of trafficking recorded: cases of the country with trafficking among their suspected
    offences, by the year the case was opened."""
    opened = list(
        Case.objects.filter(
            pk__in=cases.values("pk"), country=country, offences__offence=SuspectedOffence.Offence.TRAFFICKING
        )
        .distinct()
        .values_list("opened_on", flat=True)
    )
    return [_single(OFFENCES, year, sum(1 for day in opened if day.year == year)) for year in years]


def register_rows(*, cases: QuerySet[Case], country: Country, year_from: int, year_to: int) -> list[GlotipRow]:
    years = list(range(year_from, year_to + 1))
    rows = [
        *victim_rows(cases, country, years),
        *repatriation_rows(cases, country, years),
        *person_rows(cases, country, years),
        *offence_rows(cases, country, years),
    ]
    order = {name: i for i, name in enumerate([VICTIMS, FORMAL_CONTACT, PROSECUTED, CONVICTED, OFFENCES])}
    return sorted(rows, key=lambda row: (row.year, order[row.indicator]))


# The official figures -----------------------------------------------------------------------------------


@dataclass
class OfficialLine:
    """The official rows that go to one line of the side-by-side sheet."""

    values: list[Cell]  # as published, "<5" kept
    categories: list[str]  # their categories as published


def official_texts(country: Country, year_from: int, year_to: int) -> dict[Key, OfficialLine]:
    """The GLOTIP figures of the country and years, as published ("<5" kept), by the key of the line they go
    to (see official_match), in the file's order. Several rows can share a line (UNODC's unnamed sub-forms
    of "other forms", "Niger" and "Niger Rep" the same year): all are kept."""
    try:
        rows = official_statistics(country=country.iso3)
    except StatisticsError:
        return {}
    found: dict[Key, OfficialLine] = {}
    for row in rows:
        if year_from <= row.year <= year_to:
            match = official_match(row.dimension, row.category, country)
            key = (row.indicator, row.dimension, match, row.sex, row.age, row.year)
            line = found.setdefault(key, OfficialLine([], []))
            line.values.append(row.value if row.value is not None else (row.censored or ""))
            line.categories.append(row.category)
    return found


def official_match(dimension: str, category: str, country: Country) -> str:
    """What an official category is matched with the register's on: in the citizenship and repatriation
    tables, the ISO code of the one country it names (Nationals for the reporting country's citizens),
    Unknown for an unknown one; any other category, and a region or group of countries, as published."""
    place = place_of_label(category) if dimension in PLACE_DIMENSIONS else None
    if place is None:
        return category
    if place.kind == LabelKind.COUNTRY:
        return NATIONALS if dimension == BY_CITIZENSHIP and place.iso2 == country.iso2 else place.iso2
    if place.kind == LabelKind.NATIONALS and dimension != BY_CITIZENSHIP:
        return category
    return _OFFICIAL_KINDS_MATCHED.get(place.kind, category)


def _place(country: Country) -> tuple[str, str, str]:
    """Country, region and subregion as the latest GLOTIP file names them, else the register's name."""
    dataset = DataSet.objects.filter(kind=DataSet.Kind.GLOTIP).order_by("-created_at", "-id").first()
    official = (
        OfficialStatistic.objects.filter(dataset=dataset, iso3=country.iso3)
        .values_list("country", "region", "subregion")
        .first()
        if dataset is not None
        else None
    )
    return official or (country.name_en, "", "")


def side_by_side(rows: Iterable[GlotipRow], official: dict[Key, OfficialLine]) -> list[list[Any]]:
    """Register against official, per line: the register's rows in order, then the official lines it lacks.
    The difference is given only where both sides are one published number; the last column gives the
    official categories as published where they are not the line's."""
    names = _country_names()
    table: list[list[Any]] = []
    seen = set()
    for row in rows:
        seen.add(row.match_key)
        line = official.get(row.match_key)
        values = line.values if line is not None else []
        table.append(
            [*row.key, row.shown, *_official_and_difference(row.shown, values), _published(row.category, line)]
        )
    for key, line in official.items():
        if key not in seen:
            indicator, dimension, match, sex, age, year = key
            category = names.get(match, match) if dimension in PLACE_DIMENSIONS else match
            table.append(
                [
                    indicator,
                    dimension,
                    category,
                    sex,
                    age,
                    year,
                    None,
                    *_official_and_difference(None, line.values),
                    _published(category, line),
                ]
            )
    return table


def _published(category: str, line: OfficialLine | None) -> str | None:
    if line is None or set(line.categories) == {category}:
        return None
    return " + ".join(dict.fromkeys(line.categories))


def _official_and_difference(register: Cell | None, values: list[Cell]) -> tuple[Cell | None, int | None]:
    if not values:
        return None, None
    text: Cell = values[0] if len(values) == 1 else " + ".join(str(v) for v in values)
    both_numbers = isinstance(register, int) and isinstance(text, int)
    return text, (register - text) if both_numbers else None  # type: ignore[operator]


# The workbook -------------------------------------------------------------------------------------------


def definitions(country: Country, year_from: int, year_to: int, official_found: bool) -> list[tuple[str, str]]:
    return [
        (_("Country and years"), f"{country.iso3} ({country.name_en}), {year_from}-{year_to}"),
        (_("Source"), _("The register of this vigie instance: the cases counted are those the requester may count.")),
        (
            _("Small counts"),
            _(
                "The workbook leaves the system: counts from 1 to 4 are always written <5, as UNODC publishes "
                "them, and counts that would let them be worked out from the totals are hidden (x). A table where "
                "nothing less protects them is withheld (*). Protection holds within each sex-by-age table and "
                "each list of categories."
            ),
        ),
        (
            VICTIMS,
            _(
                "Persons recorded as victims or presumed victims in a case detected in the country, counted by the "
                "statistics engine (the figures of vigie stats victims): the year of their identification, else of "
                "the case's opening; the age when first exploited, else when identified; once per combination of "
                "values."
            ),
        ),
        (
            BY_FORM,
            _(
                "Sexual exploitation; Forced labour (with slavery, servitude and debt bondage); Other forms of "
                "exploitation (forced begging, forced criminality, forced marriage, organ removal, child "
                "soldiering, illegal adoption, other forms, and the register's mixed forms). A victim with "
                "several forms is counted under each category."
            ),
        ),
        (
            BY_CITIZENSHIP,
            _("Nationals: citizens of the country (dual nationals included); other citizenships by English name."),
        ),
        (
            FORMAL_CONTACT,
            _(
                "Persons recorded as suspects in a trafficking case detected in the country; year of their "
                "identification in the case, else of the case's opening. A person is counted once per year."
            ),
        ),
        (PROSECUTED, _("Persons charged with trafficking before a court of the country, by the year of the charge.")),
        (
            CONVICTED,
            _(
                "Persons convicted of trafficking by a court of the country, whether or not the conviction was "
                "upheld on appeal, by the year of the verdict. By form: the forms of exploitation of the victims "
                "of the case."
            ),
        ),
        (OFFENCES, _("Cases detected in the country with trafficking among their suspected offences, by year opened.")),
        (_("Ages"), _("0 to 17 years: certainly under 18; 18 years or over: certainly adult; else Unknown.")),
        (
            BY_REPATRIATION,
            _(
                "Victims whose voluntary return to the country was recorded as completed (assistance: voluntary "
                "return), by the country they returned from, as GLOTIP lists repatriations (Nigeria's figures "
                "name Libya, Saudi Arabia, Mali...), by the year of return; a person counted once per country "
                "and year. Returns recorded only as a case event, or planned and not completed, are not counted. "
                "Victims sent back from the country to another are not in this table: GLOTIP does not ask for "
                "them."
            ),
        ),
        (
            _("Side by side"),
            _(
                "The official GLOTIP figures of the latest imported GLOTIP file, as published. Where several "
                "official rows share a line (sub-forms UNODC does not name, or two spellings of one country), "
                "they are joined with +. Citizenships and countries of repatriation are matched on ISO codes, "
                "not names: the last column gives the categories as UNODC published them where they differ "
                '("Niger Rep", "Alemania"); regions and groups of countries stay as published. The '
                "difference is the register's figure minus the official one, when both are numbers."
            )
            if official_found
            else _("No official GLOTIP figure is imported for this country and these years."),
        ),
    ]


def write_workbook(
    out: IO[bytes],
    *,
    cases: QuerySet[Case],
    country: Country,
    year_from: int,
    year_to: int,
    agency: Agency | None = None,
) -> WorkbookResult:
    """`cases`: those counted; `agency`: the lead agency they were limited to, which the notes then name."""
    check_years(year_from, year_to)
    rows = register_rows(cases=cases, country=country, year_from=year_from, year_to=year_to)
    official = official_texts(country, year_from, year_to)
    name, region, subregion = _place(country)
    book = Workbook(write_only=True)
    figures = book.create_sheet(_("Register figures"))
    figures.append(COLUMNS)
    for row in rows:
        figures.append([country.iso3, name, region, subregion, *row.key[:5], row.year, UNIT, row.shown, SOURCE])
    compared = book.create_sheet(_("Side by side"))
    compared.append(
        [
            *SIDE_BY_SIDE_COLUMNS,
            _("Register (vigie)"),
            _("Official (GLOTIP)"),
            _("Difference"),
            _("Official category as published"),
        ]
    )
    for line in side_by_side(rows, official):
        compared.append(line)
    notes = book.create_sheet(_("Definitions and sources"))
    notes.append([_("Term"), _("Definition")])
    if agency is not None:
        # First, as the workbook's header: a reader must not take one agency's figures for the country's.
        notes.append(
            [
                _("Cases counted"),
                _("Only the cases of the register led by %(agency)s (%(key)s): not the whole country's figures.")
                % {"agency": agency.name, "key": agency_key(agency)},
            ]
        )
    for term, text in definitions(country, year_from, year_to, bool(official)):
        notes.append([term, text])
    book.save(out)
    return WorkbookResult(
        rows=len(rows),
        official_rows=sum(len(line.values) for line in official.values()),
        filename=f"glotip_{country.iso3}_{year_from}-{year_to}{f'_{agency_key(agency)}' if agency else ''}.xlsx",
    )


def refuse_isolating_workbook(
    *,
    cases: QuerySet[Case],
    country: Country,
    year_from: int,
    year_to: int,
    unfiltered_cases: QuerySet[Case] | None = None,
) -> None:
    """The rules of statistics.refuse_isolating_filters (victims) and justice.refuse_isolating_justice_filters
    (persons suspected, prosecuted, convicted) for the workbook's country and period: it is always protected,
    and it leaves the system."""
    narrowed = unfiltered_cases is not None
    refuse_isolating_filters(
        register_snapshot(cases),
        VictimFilters(year_from, year_to, country.iso2),
        unfiltered=register_snapshot(unfiltered_cases) if narrowed else None,
    )
    refuse_isolating_justice_filters(
        cases=cases, filters=JusticeFilters(year_from, year_to, country.iso2), unfiltered_cases=unfiltered_cases
    )


@transaction.atomic
def export_glotip_workbook(
    *,
    actor: Any,
    cases: QuerySet[Case],
    country: Country,
    year_from: int,
    year_to: int,
    out: IO[bytes],
    ip_address: str | None = None,
    agency: Agency | None = None,
    unfiltered_cases: QuerySet[Case] | None = None,
) -> WorkbookResult:
    """Write the workbook and audit it as an export; `actor` None is the command line (the system user).
    `agency`: the lead agency `cases` are limited to, if any; `unfiltered_cases` then: those the actor may
    count. Filters that single out fewer than 5 persons are refused (IsolatingFilters) before anything is
    written or audited."""
    refuse_isolating_workbook(
        cases=cases, country=country, year_from=year_from, year_to=year_to, unfiltered_cases=unfiltered_cases
    )
    result = write_workbook(out, cases=cases, country=country, year_from=year_from, year_to=year_to, agency=agency)
    record_event(
        actor=actor,
        actor_username="" if actor is not None else f"{getpass.getuser()} (command line)",
        action=AuditEvent.Action.EXPORTED,
        target_label="glotip_workbook",
        changes={
            "kind": "glotip_workbook",
            "country": country.iso2,
            "from": year_from,
            "to": year_to,
            "agency": agency.pk if agency is not None else None,
            "rows": result.rows,
            "protected": True,
        },
        ip_address=ip_address,
    )
    return result
