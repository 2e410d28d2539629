"""Streamed readers of the files people bring: CSV in whatever encoding they were saved in, and XLSX.

Both yield (row number as the user sees it in a spreadsheet, {column header: cell text}) one row at a
time: a file is never loaded whole. A problem with the file itself raises ImportRefused with a message
for the user, in the active language.
"""

import codecs
import csv
import datetime
import functools
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

Row = tuple[int, dict[str, str]]
CHUNK = 1 << 20
# Cells beyond the last header are gathered under this name, so that an importer can refuse the row.
EXTRA_CELLS = "\x00extra"
# "cells/header" of a CSV row with fewer cells than its header, cut by a line break in a cell not quoted.
MISSING_CELLS = "\x00missing"
# After those counts: a row of a file of rejected rows that is still as vigie wrote it (see still_cut).
STILL_CUT = "+"
_CUT_MARK = re.compile(r"(.+) \[(\d+)/(\d+)\]")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (unreadable, wrong columns, too big): nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _decodes_whole(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) first; then Windows-1252, what Excel in French saves as "CSV"; then
    Latin-1. A file with NUL bytes is not text in any of these (UTF-16 without BOM, a binary file)."""
    with path.open("rb") as file:
        head = file.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        file.seek(0)
        for chunk in iter(lambda: file.read(CHUNK), b""):
            if b"\x00" in chunk:
                raise ImportRefused(
                    _(
                        "This file is not a CSV text file, or it was saved in an encoding vigie cannot read. "
                        "Save it again as 'CSV UTF-8' and retry."
                    )
                )
    for encoding in ("utf-8", "cp1252"):
        if _decodes_whole(path, encoding):
            return encoding
    return "latin-1"


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def csv_delimiter(path: Path) -> str:
    """The separator of a CSV file's header (";" where Excel in French saved it), "," for any other file:
    the file of rejected rows is written with it, so that it opens in the same Excel as the file."""
    if path.suffix.lower() not in (".csv", ".txt"):
        return ","
    try:
        with path.open(encoding=detect_encoding(path), newline="") as file:
            return _delimiter(file.readline())
    except (ImportRefused, OSError, UnicodeDecodeError):
        return ","  # the import says what is wrong with the file


def _check_header(header: list[str]) -> list[str]:
    names = [name.strip() for name in header]
    duplicates = sorted({name for name in names if name and names.count(name) > 1})
    if duplicates:
        raise ImportRefused(_("Several columns have the same header: %(names)s.") % {"names": ", ".join(duplicates)})
    return names


def _as_cells(header: list[str], values: list[str]) -> dict[str, str]:
    cells = dict(zip(header, values, strict=False))
    for name in header[len(values) :]:
        cells[name] = ""  # a short row: its trailing cells are empty
    extra = [v for v in values[len(header) :] if v.strip()]
    if extra:
        cells[EXTRA_CELLS] = ";".join(extra)
    return cells


def csv_header(path: Path) -> list[str]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as file:
        first = file.readline()
        if not first.strip():
            raise ImportRefused(_("The file is empty."))
        return _check_header(next(csv.reader([first], delimiter=_delimiter(first))))


def csv_rows(path: Path, *, on_header: Callable[[list[str]], None] | None = None) -> Iterator[Row]:
    """Row 1 is the header (given to `on_header`, which may refuse it); blank lines are not rows, but a row
    of empty cells is (all its values are missing)."""
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as file:
        first = file.readline()
        if not first.strip():
            raise ImportRefused(_("The file is empty."))
        delimiter = _delimiter(first)
        header = _check_header(next(csv.reader([first], delimiter=delimiter)))
        if on_header is not None:
            on_header(header)
        # A file of rejected rows, fixed: the problem cell says whether a row was cut (see still_cut), and a
        # row whose emptied problem cell was deleted whole is not short for it.
        problem_at = rejects_problem_position(header)
        width = len(header) if problem_at is None else problem_at
        reader = csv.reader(file, delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=2):
                if values:
                    cells = _as_cells(header, values)
                    if len(values) < width and any(header[len(values) : width]) and any(v.strip() for v in values):
                        # Excel, LibreOffice and KoBoToolbox write every cell of a row: this one was cut, by a
                        # line break inside a cell not quoted. Refused by the parsers, not half imported.
                        cells[MISSING_CELLS] = f"{len(values)}/{width}"
                    elif problem_at is not None and problem_at < len(values) and (cut := still_cut(values[problem_at])):
                        cells[MISSING_CELLS] = cut
                    yield number, cells
        except csv.Error as error:
            raise ImportRefused(
                _("The CSV file is malformed near line %(line)s: %(error)s") % {"line": reader.line_num, "error": error}
            ) from None


def cut_row_message(cells: str, header: str, *, still: bool = False) -> str:
    if still:
        return _(
            "This row was cut in two by a line break (%(cells)s cells of %(header)s) and is still marked so in this "
            "file of rejected rows: fill in its missing cells (the rest of the row may be the row below), then "
            "empty its problem cell."
        ) % {"cells": cells, "header": header}
    return _(
        "This row has fewer cells than the header (%(cells)s of %(header)s): a line break inside a cell may "
        "have cut it in two. Put the cell between quotes, or remove the line break."
    ) % {"cells": cells, "header": header}


def still_cut(problem_cell: str) -> str | None:
    """MISSING_CELLS's value for a row of a file of rejected rows whose problem cell says it was cut.

    A cut row goes into that file whole, its missing cells empty (their values are in the next row, or lost),
    its problem ending with the counts ("… [4/11]", importing._problem_text). Imported again as it is, it
    would go in without them: it is refused again until the person fixing it empties its problem cell. The
    problem is recognised in each of vigie's languages, as the column's header is."""
    for part in problem_cell.split("; "):
        mark = _CUT_MARK.fullmatch(part.strip())
        if mark is None:
            continue
        message, cells, header = mark.groups()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if message in (cut_row_message(cells, header), cut_row_message(cells, header, still=True)):
                    return f"{cells}/{header}{STILL_CUT}"
    return None


def rejects_problem_column() -> str:
    """The header of the column a file of rejected rows adds, in the active language."""
    return _("problem")


def rejects_problem_position(header: list[str]) -> int | None:
    """Where a file of rejected rows has its problem column: after every other, but maybe before empty
    columns (a spreadsheet saved again writes the cells of its used range); None in any other file."""
    named = [position for position, name in enumerate(header) if name.strip()]
    return named[-1] if named and is_rejects_problem_column(header[named[-1]].strip()) else None


def is_rejects_problem_column(header: str) -> bool:
    """True for that column in any of vigie's languages: a file of rejects is imported again once fixed, maybe
    by someone who works in another language."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if header == rejects_problem_column():
                return True
    return False


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def dated_cell_text(value: Any, number_format: str | None) -> str:
    """A cell's text as cell_text gives it, except a date shown to the month or the year only: typed "mars
    2021" or "03/2021", Excel stores 1 March 2021 and shows it as "mars-21". It stays a month ("2021-03"),
    never becomes the 1st, as in a CSV. A day that is not the first of the month (or of the year) was typed
    as a day, whatever the cell shows: it is kept."""
    if isinstance(value, datetime.date) and number_format:
        precision = _date_precision(number_format)
        if precision == 7 and value.day == 1:
            return value.isoformat()[:7]
        if precision == 4 and (value.month, value.day) == (1, 1):
            return value.isoformat()[:4]
    return cell_text(value)


@functools.lru_cache(maxsize=256)
def _date_precision(number_format: str) -> int:
    """10 for a format that shows the day (or a time), 7 for the month, 4 for the year alone."""
    # Quoted text, [colours] and [$-locales], and escaped characters are not codes.
    codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    if "d" in codes or "h" in codes or "s" in codes:
        return 10
    if "m" in codes:
        return 7
    return 4 if "y" in codes else 10


# An Office file of the old binary kind: an Excel 97-2003 workbook (.xls), or any workbook with a password.
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


def old_workbook_message() -> str:
    return _(
        "This file is an Excel 97-2003 workbook (.xls), or one protected by a password, which vigie does "
        "not read. Open it in Excel or LibreOffice and save it as .xlsx (Excel workbook) without a password, "
        "or as CSV, then retry."
    )


def unreadable_workbook_message(path: Path | None = None) -> str:
    if path is not None and _starts_with(path, OLE2_SIGNATURE):
        return old_workbook_message()
    return _(
        "This Excel file cannot be read: it may be damaged or cut short. "
        "Open it in Excel or LibreOffice, save it again as .xlsx and retry."
    )


def _starts_with(path: Path, signature: bytes) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(signature)) == signature
    except OSError:
        return False


def _unreadable_workbook(path: Path | None = None) -> ImportRefused:
    return ImportRefused(unreadable_workbook_message(path))


# What openpyxl raises, when opening a workbook or reading its rows, for a damaged or cut file: its zip
# (BadZipFile, zlib.error, EOFError), a part missing (KeyError) or cut inside its XML (ParseError), a value
# that cannot be what it claims (ValueError, TypeError).
_WORKBOOK_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ParseError, OSError, ValueError, TypeError)


def workbook_errors() -> tuple[type[Exception], ...]:
    # openpyxl refuses a file by its name's ending (a .zip, no ending at all) with an exception of its own;
    # imported here, as openpyxl is, to keep it out of the command's start.
    from openpyxl.utils.exceptions import InvalidFileException

    return (*_WORKBOOK_ERRORS, InvalidFileException)


def xlsx_rows(
    path: Path,
    *,
    is_header: Callable[[list[str]], bool],
    on_header: Callable[[list[str]], None] | None = None,
    search_rows: int = 20,
    sheet: str = "",
    dates_as_shown: bool = False,
) -> Iterator[Row]:
    """The sheet named `sheet`, or the first one, from the row `is_header` recognises (UNODC puts a title
    above the table). Rows of empty cells are skipped: Excel keeps formatted empty rows at the end of sheets.
    `dates_as_shown`: a date cell shown to the month or year is read as such (dated_cell_text); the cells'
    formats are then read too, which costs time where no date is expected."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except workbook_errors():
        raise _unreadable_workbook(path) from None
    try:
        if sheet not in workbook.sheetnames and len(workbook.sheetnames) == 1:
            sheet = ""  # a mapping saved for one sheet of a workbook, used for a file that has only one
        if sheet and sheet not in workbook.sheetnames:
            raise ImportRefused(
                _("The workbook has no sheet named “%(sheet)s”. Its sheets: %(names)s.")
                % {"sheet": sheet, "names": ", ".join(workbook.sheetnames)}
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = worksheet.iter_rows() if dates_as_shown else worksheet.iter_rows(values_only=True)
        header: list[str] | None = None
        try:
            for number, values in enumerate(rows, start=1):
                if dates_as_shown:
                    texts = [dated_cell_text(c.value, c.number_format) for c in values]
                else:
                    texts = [cell_text(v) for v in values]
                if header is None:
                    if is_header(texts):
                        header = _check_header(texts)
                        if on_header is not None:
                            on_header(header)
                    elif number >= search_rows:
                        break
                    continue
                if any(texts):
                    yield number, _as_cells(header, texts)
        except _WORKBOOK_ERRORS:
            raise _unreadable_workbook() from None
        if header is None:
            if sheet:
                raise ImportRefused(
                    _("No table with the expected column headers was found in the sheet “%(sheet)s”.")
                    % {"sheet": sheet}
                )
            raise ImportRefused(_("No table with the expected column headers was found in the first sheet."))
    finally:
        workbook.close()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in their order; none for a CSV file."""
    from openpyxl import load_workbook

    if path.suffix.lower() in (".csv", ".txt"):
        return []
    try:
        workbook = load_workbook(path, read_only=True)
    except workbook_errors():
        raise _unreadable_workbook(path) from None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


# Row counts for progress bars: estimates, read quickly before the import. A CSV's lines (a cell holding
# line breaks counts more than once); a sheet's last row as the workbook records it (the template's 1,000
# numbered rows count though they are empty). The runner ends the bar at the rows really read.


def estimated_csv_rows(path: Path) -> int:
    """The lines of a CSV file after its header."""
    lines, last = 0, b"\n"
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    # A last row without its newline is a row too.
    return max(lines - 1 + (last != b"\n"), 0)


def estimated_sheet_rows(path: Path, sheets: Callable[[list[str]], list[str]], *, header_rows: int = 1) -> int | None:
    """The rows of the sheets that `sheets` picks from a workbook's sheet names (the first is the workbook's
    first sheet), after their header; None when the workbook does not say (or cannot be opened: the import
    will say why)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except workbook_errors():
        return None
    try:
        counts: list[int | None] = [
            workbook[name].max_row for name in sheets(workbook.sheetnames) if name in workbook.sheetnames
        ]
    finally:
        workbook.close()
    if not counts or None in counts:
        return None
    return sum(max((count or 0) - header_rows, 0) for count in counts)


def require_columns(header: list[str] | set[str], required: list[str]) -> None:
    missing = [name for name in required if name not in set(header)]
    if missing:
        raise ImportRefused(_("Columns missing from the file: %(names)s.") % {"names": ", ".join(missing)})
