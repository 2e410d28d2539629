"""SDG indicator 16.2.2: victims of trafficking detected per 100,000 population, by sex, age and form of
exploitation.

The victims are those of the statistics engine (the same figures as `vigie stats victims`), detected in the
country and year asked. The denominator is the country's TOTAL population of that year (World Bank,
SP.POP.TOTL, shipped in data/): the file has no population by sex or age, so the rates by sex, age group or
form are victims of that group per 100,000 inhabitants of the country, not per 100,000 of the group. When
the file has no figure for the year, the nearest earlier year's is used and the metadata says which; with
none earlier, the rate is null.
"""

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigie.analytics.statistics import (
    REGISTER,
    Dimension,
    Source,
    StatisticsError,
    VictimCounts,
    VictimFilters,
    register_snapshot,
    victim_source,
    victim_statistics,
)
from vigie.cases.models import Case
from vigie.reference.models import Country

POPULATION_FILE = Path(__file__).parent / "data" / "world_bank_population.csv"
POPULATION_SOURCE = "World Bank, total population (SP.POP.TOTL), via the datasets/population package"
POPULATION_SOURCE_LABEL = gettext_lazy("World Bank, total population (SP.POP.TOTL)")
PER = 100_000
SDG_DIMENSIONS = (Dimension.SEX, Dimension.AGE_GROUP, Dimension.FORM_OF_EXPLOITATION)


@dataclass(frozen=True)
class SdgRow:
    value: str | int | None  # the value of the `by` dimension; None for the total, or an unknown value
    victims: int
    rate: float | None  # victims per 100,000 population; None without a population


@dataclass(frozen=True)
class SdgIndicator:
    country: str
    year: int
    by: Dimension | None
    population: int | None
    population_year: int | None
    total: SdgRow
    rows: list[SdgRow]  # by the `by` dimension; empty without it
    counts: VictimCounts  # what the rows were taken from (for small-cell protection)
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        by = str(self.by) if self.by else None
        return {
            "country": self.country,
            "year": self.year,
            "population": self.population,
            "population_year": self.population_year,
            "total": {"victims": self.total.victims, "rate": self.total.rate},
            "rows": [{by: row.value, "victims": row.victims, "rate": row.rate} for row in self.rows] if by else [],
            "metadata": self.metadata,
        }


@functools.cache
def _populations() -> dict[str, dict[int, int]]:
    by_country: dict[str, dict[int, int]] = {}
    with POPULATION_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["Value"]:
                by_country.setdefault(row["Country Code"], {})[int(row["Year"])] = round(float(row["Value"]))
    return by_country


def population(iso3: str, year: int) -> tuple[int, int] | None:
    """(population, year of that figure): the year's, else the nearest earlier year's; None if none."""
    years = _populations().get(iso3, {})
    earlier = [y for y in years if y <= year]
    if not earlier:
        return None
    used = max(earlier)
    return years[used], used


def rate(victims: int, population_: int | None) -> float | None:
    return round(victims * PER / population_, 4) if population_ else None


def register_source(cases: QuerySet[Case]) -> Source:
    """The register limited to `cases` (a user's scope), as a source of the statistics engine."""
    return Source(
        REGISTER,
        REGISTER,
        "cases of this instance's register that the user may count",
        "persons recorded as victims or presumed victims (a person in several cases: once per combination)",
        register_snapshot(cases),
    )


def sdg_16_2_2(
    *, country: str, year: int, by: Dimension | None = None, source: str | Source = REGISTER
) -> SdgIndicator:
    """Victims detected in `country` (ISO alpha-2) in `year`, per 100,000 population of the country."""
    if by is not None and by not in SDG_DIMENSIONS:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.") % {"names": by, "known": ", ".join(SDG_DIMENSIONS)}
        )
    iso3 = Country.objects.filter(iso2=country).values_list("iso3", flat=True).first()
    if iso3 is None:
        raise StatisticsError(_("Unknown country %(code)s: not an ISO 3166-1 alpha-2 code.") % {"code": country})
    found = source if isinstance(source, Source) else victim_source(source)
    filters = VictimFilters(year, year, country)
    total_counts = victim_statistics(source=found, dimensions=[Dimension.COUNTRY_OF_DETECTION], filters=filters)
    victims = sum(row.victims for row in total_counts.rows)
    counts = victim_statistics(source=found, dimensions=[by], filters=filters) if by is not None else total_counts
    people = population(iso3, year)
    population_, population_year = people if people else (None, None)
    rows = [SdgRow(row.values[0], row.victims, rate(row.victims, population_)) for row in counts.rows] if by else []
    metadata = {
        "indicator": "SDG 16.2.2: victims of trafficking in persons detected per 100,000 population",
        "victims_source": found.name,
        "victims_source_description": found.description,
        "victims": "victims and presumed victims detected in the country in the year, as `vigie stats victims`",
        "denominator": (
            "total population of the country (all ages, both sexes): the population file has no breakdown "
            "by sex or age, so a rate by sex, age group or form is per 100,000 inhabitants, not per 100,000 "
            "of that group"
        ),
        "population_source": POPULATION_SOURCE,
        "population_note": _population_note(year, population_year),
        "rows_total": sum(row.victims for row in rows) if by else victims,
        "rows_note": counts.metadata.get("victims_in_several_rows_because", {}),
    }
    return SdgIndicator(
        country,
        year,
        by,
        population_,
        population_year,
        SdgRow(None, victims, rate(victims, population_)),
        rows,
        counts,
        metadata,
    )


def _population_note(year: int, population_year: int | None) -> str:
    if population_year is None:
        return "no population figure for this country up to this year: the rate is null"
    if population_year != year:
        return f"no population figure for {year}: the figure of {population_year}, the nearest earlier year"
    return f"population of {year}"
