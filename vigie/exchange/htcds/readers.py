"""Reading HTCDS files row by row, streamed: the Excel template, its CSV, and XLSForm (ODK, KoBo) exports.

All three give the same thing: (row number as the user sees it, {HTCDS field name: text}). Columns are
recognised by their HTCDS field name (row 1 of the template), never by their label: the template's
labels of the mailing address are shifted by one column (prs_MailingCity is labelled "Mailing Street").

vigie's own HTCDS export (vigie/exchange/exports/htcds.py) keeps the template's sheet as it is and puts the
tables the template has no column for in further sheets, or CSV files beside the main one, keyed by
cas_CaseNumber (and vigie_PersonKey): "Historic Trafficking Events", "Perpetrators", "Support Plans". They
are read after the main sheet, as rows of the same kind: a perpetrator's row, an event of the case, and a
support plan that takes the victim's names from the main sheet's row with the same person key.
"""

import csv
import datetime
import io
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from vigie.exchange.exports.htcds import EVENTS_SHEET, FORMULA_STARTS, PERPETRATORS_SHEET, PLANS_SHEET
from vigie.exchange.htcds.fields import (
    FIELDS,
    FIELDS_BY_NAME,
    SUBMISSION_ID_COLUMNS,
    XLSFORM_METADATA,
    Fate,
    canonical_name,
    squeeze,
)
from vigie.exchange.readers import (
    EXTRA_CELLS,
    MISSING_CELLS,
    ImportRefused,
    detect_encoding,
    rejects_problem_position,
    still_cut,
    unreadable_workbook_message,
    workbook_errors,
)

SUBMISSION_ID = "_submission_id"
# Which part of an export a row comes from (absent for the main sheet), and vigie's key of the person.
PART = "_part"
PERSON_KEY = "vigie_PersonKey"
# The days a case opened and closed, in vigie's export (HTCDS has no such fields).
OPENED_ON, CLOSED_ON = "vigie_OpenedOn", "vigie_ClosedOn"
EVENTS, PERPETRATORS, PLANS = "events", "perpetrators", "plans"
PART_SHEETS = {EVENTS: EVENTS_SHEET, PERPETRATORS: PERPETRATORS_SHEET, PLANS: PLANS_SHEET}
# What a support plan's row takes from the main sheet's row of the same person.
VICTIM_IDENTITY = ("prs_FirstName", "prs_SecondName", "prs_Birthdate", "vic_TraffickingStatus")
KNOWN_LABELS = {squeeze(f.label) for f in FIELDS} | {"reasonforoutgoingreferral"}


# The field of the template's one column without a field name, found by its neighbours.
NAMELESS_FIELD = "cas_ReasonForOutgoingReferral"
NAMELESS_BETWEEN = ("cas_ReferredPrimaryCaseWorker", "cas_OutgoingReferralDate")


def _is_reason_for_outgoing_referral(titles: list[str], position: int) -> bool:
    before, after = NAMELESS_BETWEEN
    if not 0 < position < len(titles) - 1:
        return False
    return (canonical_name(titles[position - 1]), canonical_name(titles[position + 1])) == (before, after)


class HtcdsFileError(ImportRefused):
    """The file as a whole cannot be read (not an Excel file, not UTF-8, no HTCDS column); message translated."""


@dataclass
class Layout:
    """What the header says: which position holds which field, and which columns are not imported."""

    positions: list[tuple[int, str]] = field(default_factory=list)
    submission_id_position: int | None = None
    ignored_columns: list[str] = field(default_factory=list)
    # Columns without a name and, so far, without a value: position -> how the summary calls it.
    nameless: dict[int, str] = field(default_factory=dict)
    # The columns not imported, with what a file of rejected rows calls them: a rejected row goes back whole.
    other_positions: list[tuple[int, str]] = field(default_factory=list)
    _pick: Callable[[list[str]], tuple[str, ...]] = field(default=lambda values: ())
    _names: tuple[str, ...] = ()
    _width: int = 0
    _header_width: int = 0
    _from_csv: bool = False
    _problem_position: int | None = None  # a file of rejected rows: its problem column

    @classmethod
    def from_header(cls, header: list[str], *, numbered_rows: bool = False) -> "Layout":
        """`numbered_rows`: a workbook, whose first column may be the template's row numbers (no name)."""
        layout = cls(_header_width=len(header), _from_csv=not numbered_rows)
        seen: set[str] = set()
        titles = [raw.strip() for raw in header]
        layout._problem_position = rejects_problem_position(titles)
        for position, title in enumerate(titles):
            name = canonical_name(title) if title else ""
            if not title and _is_reason_for_outgoing_referral(titles, position) and NAMELESS_FIELD not in seen:
                # The template's column AJ, "Reason for Outgoing Referral", has a label but no field name.
                seen.add(NAMELESS_FIELD)
                layout.positions.append((position, NAMELESS_FIELD))
            elif position == layout._problem_position:
                continue  # a file of rejected rows, fixed: its problems are not data
            elif not title:
                if position > 0 or not numbered_rows:  # the template's column A numbers its 1000 rows
                    # Listed as not imported once a row has a value in it: a sheet's empty columns before
                    # a stray header (Excel keeps their formatting) are not columns of the file.
                    layout.nameless[position] = _("column %(letter)s (no name)") % {
                        "letter": get_column_letter(position + 1)
                    }
            elif name in (*SUBMISSION_ID_COLUMNS, SUBMISSION_ID) and layout.submission_id_position is None:
                layout.submission_id_position = position
            elif name in (PERSON_KEY, PART, OPENED_ON, CLOSED_ON) and name not in seen:
                # PART: a file of rejected rows (vigie/exchange/importing.py) says which sheet each came from.
                seen.add(name)
                layout.positions.append((position, name))
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
        layout._note_other_positions(titles, numbered_rows=numbered_rows)
        # The cells of a row are picked in one call at C speed: this runs for every row of big files.
        wanted = [position for position, _name in layout.positions]
        if layout.submission_id_position is not None:
            wanted.append(layout.submission_id_position)
        layout._names = tuple(name for _position, name in layout.positions) + (
            (SUBMISSION_ID,) if layout.submission_id_position is not None else ()
        )
        layout._width = max(wanted) + 1
        pick = operator.itemgetter(*wanted)
        layout._pick = pick if len(wanted) > 1 else lambda values: (pick(values),)
        return layout

    def _note_other_positions(self, titles: list[str], *, numbered_rows: bool) -> None:
        read = {position for position, _name in self.positions} | {self.submission_id_position}
        taken = {name for _position, name in self.positions}
        for position, title in enumerate(titles):
            if position in read or position == self._problem_position:
                continue
            if not title and position == 0 and numbered_rows:
                continue  # the template's row numbers
            name = title or _("column %(letter)s (no name)") % {"letter": get_column_letter(position + 1)}
            while name in taken:  # a column repeated: both come back
                name = f"{name} ({get_column_letter(position + 1)})"
            taken.add(name)
            self.other_positions.append((position, name))

    def nameless_filled(self, values: list[str]) -> list[str]:
        """The columns without a name that this row is the first to fill (they are then not imported)."""
        found = [p for p in self.nameless if p < len(values) and values[p].strip()]
        return [self.nameless.pop(p) for p in found]

    def other_cells(self, values: list[str]) -> dict[str, str]:
        """The filled cells of the columns not imported, by the names a file of rejected rows gives them."""
        return {
            name: text
            for position, name in self.other_positions
            if position < len(values) and (text := values[position].strip())
        }

    def cells(self, values: list[str]) -> dict[str, str]:
        short = len(values) < self._width
        if short:
            # A workbook's row leaves out its last empty cells; a CSV's row has them all (as Excel, LibreOffice,
            # KoBoToolbox write them): one without is cut, by a line break inside a cell not quoted.
            cut = len(values) if self._from_csv and any(v.strip() for v in values) else None
            values = values + [""] * (self._width - len(values))
        cells = dict(zip(self._names, map(str.strip, self._pick(values)), strict=True))
        if len(values) > self._header_width and (extra := [v for v in values[self._header_width :] if v.strip()]):
            cells[EXTRA_CELLS] = ";".join(extra)  # refused by the parser: a shifted row
        if short and cut is not None:
            width = self._header_width if self._problem_position is None else self._problem_position
            cells[MISSING_CELLS] = f"{cut}/{width}"  # refused by the parser too
        elif (at := self._problem_position) is not None and at < len(values) and (still := still_cut(values[at])):
            cells[MISSING_CELLS] = still  # cut in the file it came from, and not fixed since
        return cells


def _unguarded(values: list[str]) -> list[str]:
    """A cell that vigie's CSV export guarded against formulas ("'=…", see exports/services.py) as it was.
    Looked for in the joined row first, at C speed: most rows have none."""
    if "\x00'" not in "\x00" + "\x00".join(values):
        return values
    return [value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value for value in values]


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
    """A filled cell besides the row's identifiers (counted at C speed: this runs for every row)."""
    return sum(map(bool, cells.values())) > bool(cells.get(SUBMISSION_ID)) + bool(cells.get(PERSON_KEY))


def _is_label_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and sum(squeeze(v) in KNOWN_LABELS for v in filled) * 2 >= len(filled)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        # KoBoToolbox writes CSV exports with semicolons, spreadsheets with commas.
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        return csv.excel
    # Only the delimiter is taken from the sniffer: from a header without quotes it also guesses that a
    # quote inside a quoted cell is not doubled, and a note holding "quotes" then shifted the row's cells.
    return _WithDelimiter(delimiter)


class _WithDelimiter(csv.excel):
    def __init__(self, delimiter: str) -> None:
        super().__init__()
        self.delimiter = delimiter


class HtcdsReader:
    """Reads one file; once its rows are read, `ignored_columns` lists the columns not imported (those with a
    name from the header on, those without once a row fills them)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ignored_columns: list[str] = []
        self.parts: list[str] = []  # the export's further parts found in the file (or beside it)
        # A file of rejected rows (vigie/exchange/importing.py) from an export's sheets: its rows say which.
        self.has_part_column = False
        # Main sheet's person key (with the case number) -> the cells a support plan's row takes from it.
        self.victims: dict[tuple[str, str], dict[str, str]] = {}
        # The row last read, with its sheet's layout: if it is rejected, it goes back with all its columns.
        self._current: tuple[Layout, list[str]] | None = None

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self.path.suffix.lower() in (".csv", ".txt"):
            companions = {
                part: self.path.with_name(f"{self.path.stem}-{part}{self.path.suffix}") for part in PART_SHEETS
            }
            self.parts = [part for part, path in companions.items() if path.is_file()]
            main = self._rows(self._csv_values(self.path))
            return self._with_parts(main, lambda part: self._csv_values(companions[part]))
        return self._xlsx_rows()

    def other_cells(self) -> dict[str, str]:
        """The filled cells of the row last read that are not imported (a misspelt column, an agency's own)."""
        if self._current is None:
            return {}
        layout, values = self._current
        return layout.other_cells(values)

    def _with_parts(
        self, main: Iterator[tuple[int, dict[str, str]]], values_of: Callable[[str], Iterator[tuple[int, list[str]]]]
    ) -> Iterator[tuple[int, dict[str, str]]]:
        remember = PLANS in self.parts
        for number, cells in main:
            if remember and (key := cells.get(PERSON_KEY)):
                self.victims[(cells.get("cas_CaseNumber", ""), key)] = {n: cells.get(n, "") for n in VICTIM_IDENTITY}
            yield number, cells
        for part in self.parts:
            for number, cells in self._rows(values_of(part), sheet=PART_SHEETS[part]):
                cells[PART] = part
                if part == PLANS:
                    cells |= self.victims.get((cells.get("cas_CaseNumber", ""), cells.get(PERSON_KEY, "")), {})
                yield number, cells

    def _rows(
        self, numbered_values: Iterator[tuple[int, list[str]]], *, sheet: str = ""
    ) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of the main sheet, or (`sheet`) of one of the export's further sheets."""
        main_sheet = not sheet
        layout: Layout | None = None
        for number, values in numbered_values:
            if layout is None:
                if not any(values):
                    continue
                layout = Layout.from_header(values, numbered_rows=self.path.suffix.lower() not in (".csv", ".txt"))
                if not main_sheet:
                    self.ignored_columns += [f"{sheet}: {column}" for column in layout.ignored_columns]
                else:
                    self.ignored_columns = list(layout.ignored_columns)
                    self.has_part_column = any(name == PART for _position, name in layout.positions)
                continue
            if number == 2 and _is_label_row(values):
                continue  # the template's second row: the labels of the fields
            cells = layout.cells(values)
            if layout.nameless and (filled := layout.nameless_filled(values)):
                self.ignored_columns += [f"{sheet}: {column}" if sheet else column for column in filled]
            # The template comes with 1000 rows numbered in column A and nothing else: not rows of data.
            if _has_data(cells):
                self._current = (layout, values)
                yield number, cells
        if layout is None and main_sheet:
            raise HtcdsFileError(_("The file is empty."))

    def _xlsx_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except workbook_errors():
            raise HtcdsFileError(unreadable_workbook_message(self.path)) from None
        try:
            names = workbook.sheetnames
            self.parts = [part for part, sheet in PART_SHEETS.items() if sheet in names[1:]]
            main = self._rows(self._sheet_values(workbook.worksheets[0]))
            yield from self._with_parts(main, lambda part: self._sheet_values(workbook[PART_SHEETS[part]]))
        finally:
            workbook.close()

    def _sheet_values(self, sheet: Any) -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(value) for value in row]
        except workbook_errors():
            # Cut short or damaged inside a sheet, seen only when its rows are read.
            raise HtcdsFileError(unreadable_workbook_message()) from None

    def _csv_values(self, path: Path) -> Iterator[tuple[int, list[str]]]:
        try:
            # UTF-8, or Windows-1252: what Excel in French saves as "CSV (séparateur : point-virgule)".
            encoding = detect_encoding(path)
        except ImportRefused as refusal:  # not text (UTF-16 without its mark, a binary file)
            raise HtcdsFileError(refusal.message) from None
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                sample = text.read(64 * 1024)
                text.seek(0)
                dialect = _dialect(sample)
                # Values are stripped by Layout.cells, only those of the columns read.
                for number, values in enumerate(csv.reader(text, dialect), start=1):
                    yield number, _unguarded(values)
            except UnicodeDecodeError:
                raise HtcdsFileError(
                    _("The file is not in UTF-8: save it again as “CSV UTF-8” and import it again.")
                ) from None
            except csv.Error as error:
                raise HtcdsFileError(_("This CSV file cannot be read: %(error)s") % {"error": error}) from None
