"""Reading the cells people type, for importers of agency files."""

import datetime
import re

from django.utils.translation import gettext as _

DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(text: str) -> datetime.date:
    """12/03/2021 (day first, as written in West and Central Africa) or 2021-03-12. A day that does not
    exist (31/02/2021) is an error, never moved to the next valid day."""
    text = text.strip()
    if match := ISO_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(_("Not a date: write it as 12/03/2021 or 2021-03-12."))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("This day does not exist in the calendar.")) from None
