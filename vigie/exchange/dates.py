"""Dates as people type them in agency spreadsheets, read into the register's partial dates.

The register stores "2021", "2021-03" or "2021-03-12" (vigie/reference/partial_dates.py): a date known
to the month stays a month, never becomes the 1st. Accepted: 12/03/2021, 12-03-2021, 12.03.2021 (day
first, as written in West and Central Africa, unless the mapping says month first), 2021-03-12, 2021/03/12,
"mars 2021", "March 2021", "Mar 2021", "12 mars 2021", "12-Mar-2021", "March 12, 2021", "03/2021",
"2021-03", "2021/03", "2021", any of the days with a time (left out), an Excel date cell (read as ISO text,
possibly with a time) and an Excel serial number (44267 is 12 March 2021). A year in two digits (12/03/21)
is refused: 21 could be 1921 or 2021, and a date of birth is where it matters.
"""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

DAY_FIRST = "dmy"
MONTH_FIRST = "mdy"

# A time after the day is left out (the register keeps days): Excel writes "12/03/2021 14:30" in a CSV.
TIME = r"(?:[t ]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?"
NUMERIC_DAY = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){TIME}$")
ISO_DAY = re.compile(rf"^(\d{{4}})[\-/.](\d{{1,2}})[\-/.](\d{{1,2}}){TIME}$")
NUMERIC_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})[\-/](\d{1,2})$")
YEAR = re.compile(r"^(\d{4})$")
# 12/03/21, 12-03-21, 12.03.21 (with a time too): refused with its reason, not as "not a date".
TWO_DIGIT_YEAR = re.compile(rf"^\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](\d{{2}}){TIME}$")
# "12 mars 2021", "1er mars 2021", "mars 2021", "12-Mar-2021" (Excel's d-mmm-yyyy), "mars-2021".
WORDED_MONTH = re.compile(rf"^(?:(\d{{1,2}})(?:er)?[\s\-/]+)?([a-z]+)\.?,?[\s\-/]+(\d{{4}}){TIME}$")
# "March 12, 2021", "Mar 12 2021": the English order.
MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
# Excel counts days from 30 December 1899 (its 1900 leap-year bug makes that the right origin after
# February 1900). 20000 is 1954, 80000 is 2119: a plain number outside that range is not a serial date.
EXCEL_ORIGIN = datetime.date(1899, 12, 30)
EXCEL_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
SERIAL_RANGE = range(20000, 80000)
EARLIEST_YEAR = 1900

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("janvier", "janv", "jan", "january"),
            ("fevrier", "fevr", "fev", "feb", "february"),
            ("mars", "mar", "march"),
            ("avril", "avr", "apr", "april"),
            ("mai", "may"),
            ("juin", "jun", "june"),
            ("juillet", "juil", "jul", "july"),
            ("aout", "aou", "aug", "august"),
            ("septembre", "sept", "sep", "september"),
            ("octobre", "oct", "october"),
            ("novembre", "nov", "november"),
            ("decembre", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class DateNotUnderstood(ValueError):
    """The message is for the user, in the active language."""


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _checked(year: int, month: int = 0, day: int = 0) -> str:
    if year < EARLIEST_YEAR:
        raise DateNotUnderstood(_("The year must be 1900 or later."))
    if month and not 1 <= month <= 12:
        raise DateNotUnderstood(_("There is no month %(month)s.") % {"month": month})
    if day:
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            raise DateNotUnderstood(_("This day does not exist in the calendar.")) from None
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def parse_partial_date(text: str, *, order: str = DAY_FIRST) -> str:
    """The date as the register stores it ("2021", "2021-03", "2021-03-12"); "" for an empty cell.

    Raises DateNotUnderstood for text that is not a date or a day that does not exist (31/02/2021 is
    refused, never moved to 3 March)."""
    plain = _plain(text)
    if not plain:
        return ""
    if match := ISO_DAY.match(plain):
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    if match := NUMERIC_DAY.match(plain):
        first, second, year = (int(g) for g in match.groups())
        day, month = (second, first) if order == MONTH_FIRST else (first, second)
        return _checked(year, month, day)
    if match := ISO_MONTH.match(plain):
        return _checked(int(match[1]), int(match[2]))
    if match := NUMERIC_MONTH.match(plain):
        return _checked(int(match[2]), int(match[1]))
    if match := YEAR.match(plain):
        return _checked(int(match[1]))
    if (match := WORDED_MONTH.match(plain)) and match[2] in MONTHS:
        return _checked(int(match[3]), MONTHS[match[2]], int(match[1] or 0))
    if (match := MONTH_DAY_YEAR.match(plain)) and match[1] in MONTHS:
        return _checked(int(match[3]), MONTHS[match[1]], int(match[2]))
    if (match := EXCEL_SERIAL.match(plain)) and int(match[1]) in SERIAL_RANGE:
        return (EXCEL_ORIGIN + datetime.timedelta(days=int(match[1]))).isoformat()
    if match := TWO_DIGIT_YEAR.match(plain):
        raise DateNotUnderstood(
            _("A year in two digits (%(year)s) could be 19%(year)s or 20%(year)s: write the year in four digits.")
            % {"year": match[1]}
        )
    raise DateNotUnderstood(
        _("Not a date. Write it as 12/03/2021, 2021-03-12, mars 2021 or 2021 (day first: 12/03 is 12 March).")
        if order == DAY_FIRST
        else _("Not a date. Write it as 03/12/2021, 2021-03-12, March 2021 or 2021 (month first: 03/12 is 12 March).")
    )


def parse_full_date(text: str, *, order: str = DAY_FIRST) -> datetime.date | None:
    """A date known to the day, for fields that need one (the day a case was opened)."""
    value = parse_partial_date(text, order=order)
    if not value:
        return None
    if len(value) != 10:
        raise DateNotUnderstood(_("Give the day as well: 12/03/2021 or 2021-03-12."))
    return datetime.date.fromisoformat(value)
