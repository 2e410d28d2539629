"""UNODC's Global Report on Trafficking in Persons country data (data_glotip.xlsx) into OfficialStatistic.

What the 2023-05-30 file holds (46,556 rows under a two-line title): every value is text; 23,076 are
"<5" (censored: kept as "below 5", never 0 or 5), 410 distinct values have a thousands comma ("1,030"),
the rest are whole numbers. Besides ISO codes, the code column has UNODC's regional aggregates (SAM, SAF,
CAR, CAS, EEU, MCA, MCN, with no country name) and "Aruba/Curacao"; Sark has no code. 336 groups of
rows share country, indicator, dimension, category, sex, age and year (mostly "Other forms of
exploitation", whose sub-forms are not named), 255 rows repeat another one entirely: each is a row of
the source and is kept, numbered by occurrence (see keys.ContentKeys). Anything else than a whole
number, "<N" or an empty cell is refused with the row and the value.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from vigie.exchange.bulk import insert_rows
from vigie.exchange.importing import RowProblem, RowRejected, dataset_of, row_shape_problems
from vigie.exchange.keys import ContentKeys
from vigie.exchange.models import DataSet, ImportRun, OfficialStatistic
from vigie.exchange.readers import (
    csv_rows,
    estimated_csv_rows,
    estimated_sheet_rows,
    require_columns,
    xlsx_rows,
)

COLUMNS = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
]
REQUIRED_TEXT = ["Indicator", "Dimension", "Sex", "Age", "Unit of measurement"]
WHOLE_NUMBER = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$|^\d+$")
CENSORED = re.compile(r"^<\s*(\d+)$")
FIELDS = {
    "iso3": "Iso3_code",
    "country": "Country",
    "region": "Region",
    "subregion": "Subregion",
    "indicator": "Indicator",
    "dimension": "Dimension",
    "category": "Category",
    "sex": "Sex",
    "age": "Age",
    "unit": "Unit of measurement",
    "source": "Source",
}

# The order of the values parse() returns.
RECORD_FIELDS = ["row_number", *FIELDS, "year", "value", "below", "value_as_written"]


def parse_count(text: str) -> tuple[int | None, int | None]:
    """(value, below) from a published count: "1,030" -> (1030, None); "<5" -> (None, 5); "" -> missing."""
    text = text.strip()
    if not text:
        return None, None
    if WHOLE_NUMBER.match(text):
        return int(re.sub(r"\D", "", text)), None
    censored = CENSORED.match(text)
    if censored:
        return None, int(censored.group(1))
    raise ValueError(text)


def _require_columns(header: list[str]) -> None:
    require_columns(header, COLUMNS)


class GlotipImporter:
    kind = "glotip"
    source = "UNODC, Global Report on Trafficking in Persons"
    # Reading the workbook is most of the import: a big one is read in a second process while this one
    # writes (importing.py). Rows, keys and parse use no database.
    parse_aside = True

    def __init__(self) -> None:
        self.keys = ContentKeys()
        self.max_lengths = {name: getattr(OfficialStatistic._meta.get_field(name), "max_length", 0) for name in FIELDS}

    def dataset_kind(self, path: Path) -> str:
        return DataSet.Kind.GLOTIP

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        if path.suffix.lower() in (".csv", ".txt"):
            # Its file of rejected rows, corrected (or the sheet saved as CSV): the same columns.
            return csv_rows(path, on_header=_require_columns)
        return xlsx_rows(path, is_header=lambda cells: "Iso3_code" in cells, on_header=_require_columns)

    def estimated_rows(self, path: Path) -> int | None:
        if path.suffix.lower() in (".csv", ".txt"):
            return estimated_csv_rows(path)
        # UNODC puts a title and a note above the table's header.
        return estimated_sheet_rows(path, lambda names: names[:1], header_rows=3)

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        return self.keys.key([cells.get(name, "") for name in COLUMNS])

    def parse(self, row_number: int, cells: dict[str, str]) -> tuple[Any, ...]:
        problems: list[RowProblem] = []

        def problem(column: str, message: str) -> None:
            problems.append(RowProblem(row_number, column, cells.get(column, ""), message))

        problems.extend(row_shape_problems(row_number, cells))
        for column in REQUIRED_TEXT:
            if not cells.get(column):
                problem(column, _("This cell is empty; it is required."))
        for name, column in FIELDS.items():
            if len(cells.get(column, "")) > (self.max_lengths[name] or 0):
                problem(column, _("Too long: at most %(max)s characters.") % {"max": self.max_lengths[name]})
        year = _year(cells.get("Year", ""))
        if year is None:
            problem("Year", _("Not a year between 1900 and 2100."))
        value: int | None = None
        below: int | None = None
        try:
            value, below = parse_count(cells.get("txtVALUE", ""))
        except ValueError:
            problem(
                "txtVALUE", _("Not a count: expected a whole number such as 1,030, or a censored value such as <5.")
            )
        if problems or year is None:
            raise RowRejected(problems)
        return (
            row_number,
            *(cells.get(column, "") for column in FIELDS.values()),
            year,
            value,
            below,
            cells.get("txtVALUE", "")[:30],
        )

    def write(self, records: list[tuple[Any, ...]], *, run: ImportRun) -> int:
        dataset = dataset_of(run)
        return insert_rows(
            OfficialStatistic, ["dataset", "run", *RECORD_FIELDS], [(dataset.pk, run.pk, *r) for r in records]
        )


def _year(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        return None
    return int(text)
