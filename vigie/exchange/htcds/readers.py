"""Reading HTCDS files row by row, streamed: the Excel template, its CSV, and XLSForm (ODK, KoBo) exports.

All three give the same thing: (row number as the user sees it, {HTCDS field name: text}). Columns are
recognised by their HTCDS field name (row 1 of the template), never by their label: the template's
labels of the mailing address are shifted by one column (prs_MailingCity is labelled "Mailing Street").
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from vigie.exchange.htcds.fields import (
    FIELDS,
    FIELDS_BY_NAME,
    SUBMISSION_ID_COLUMNS,
    XLSFORM_METADATA,
    Fate,
    canonical_name,
    squeeze,
)
from vigie.exchange.readers import ImportRefused

SUBMISSION_ID = "_submission_id"
KNOWN_LABELS = {squeeze(f.label) for f in FIELDS} | {"reasonforoutgoingreferral"}


class HtcdsFileError(ImportRefused):
    """The file as a whole cannot be read (not an Excel file, not UTF-8, no HTCDS column); message translated."""


@dataclass
class Layout:
    """What the header says: which position holds which field, and which columns are not imported."""

    positions: list[tuple[int, str]] = field(default_factory=list)
    submission_id_position: int | None = None
    ignored_columns: list[str] = field(default_factory=list)

    @classmethod
    def from_header(cls, header: list[str]) -> "Layout":
        layout = cls()
        seen: set[str] = set()
        for position, raw in enumerate(header):
            title = raw.strip()
            name = canonical_name(title) if title else ""
            if not title:
                # The template's first column holds the row numbers 1 to 1000 and has no name.
                layout.ignored_columns.append(
                    _("column %(letter)s (no name)") % {"letter": get_column_letter(position + 1)}
                )
            elif name in SUBMISSION_ID_COLUMNS and layout.submission_id_position is None:
                layout.submission_id_position = position
            elif name in XLSFORM_METADATA:
                continue  # form metadata (start, end, _submission_time…): when and how, not what
            elif name in FIELDS_BY_NAME and FIELDS_BY_NAME[name].fate != Fate.IGNORED and name not in seen:
                seen.add(name)
                layout.positions.append((position, name))
            else:
                layout.ignored_columns.append(title)
        if not layout.positions:
            raise HtcdsFileError(
                _("No HTCDS column found: the first row must hold HTCDS field names such as prs_FirstName.")
            )
        return layout

    def cells(self, values: list[str]) -> dict[str, str]:
        # Excel leaves out the empty cells at the end of a row.
        cells = {name: values[position] if position < len(values) else "" for position, name in self.positions}
        if self.submission_id_position is not None and self.submission_id_position < len(values):
            cells[SUBMISSION_ID] = values[self.submission_id_position]
        return cells


def cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV would hold: dates in ISO 8601, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _has_data(cells: dict[str, str]) -> bool:
    return any(value for name, value in cells.items() if name != SUBMISSION_ID)


def _is_label_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and sum(squeeze(v) in KNOWN_LABELS for v in filled) * 2 >= len(filled)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        # KoBoToolbox writes CSV exports with semicolons, spreadsheets with commas.
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


class HtcdsReader:
    """Reads one file; after the first row is read, `ignored_columns` lists the columns not imported."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ignored_columns: list[str] = []

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self.path.suffix.lower() in (".csv", ".txt"):
            return self._rows(self._csv_values())
        return self._rows(self._xlsx_values())

    def _rows(self, numbered_values: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, dict[str, str]]]:
        layout: Layout | None = None
        for number, values in numbered_values:
            if layout is None:
                if not any(values):
                    continue
                layout = Layout.from_header(values)
                self.ignored_columns = layout.ignored_columns
                continue
            if number == 2 and _is_label_row(values):
                continue  # the template's second row: the labels of the fields
            cells = layout.cells(values)
            # The template comes with 1000 rows numbered in column A and nothing else: not rows of data.
            if _has_data(cells):
                yield number, cells
        if layout is None:
            raise HtcdsFileError(_("The file is empty."))

    def _xlsx_values(self) -> Iterator[tuple[int, list[str]]]:
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
            raise HtcdsFileError(_("This is not a readable Excel file (.xlsx): %(error)s") % {"error": error}) from None
        try:
            sheet = workbook.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(value) for value in row]
        except (zipfile.BadZipFile, KeyError, EOFError) as error:
            raise HtcdsFileError(_("The Excel file is damaged or truncated: %(error)s") % {"error": error}) from None
        finally:
            workbook.close()

    def _csv_values(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            try:
                sample = text.read(64 * 1024)
                text.seek(0)
                dialect = _dialect(sample)
                for number, row in enumerate(csv.reader(text, dialect), start=1):
                    yield number, [value.strip() for value in row]
            except UnicodeDecodeError:
                raise HtcdsFileError(
                    _("The file is not in UTF-8: save it again as “CSV UTF-8” and import it again.")
                ) from None
            except csv.Error as error:
                raise HtcdsFileError(_("This CSV file cannot be read: %(error)s") % {"error": error}) from None
