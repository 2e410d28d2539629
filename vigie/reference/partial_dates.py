"""Dates known to the day, the month or only the year, as victims and officers report them.

Stored as ISO 8601 reduced-precision text ("2021", "2021-03", "2021-03-12"): it sorts in time order
and filters by year with a prefix, on SQLite and PostgreSQL alike.
"""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PARTIAL_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def validate_partial_date(value: str) -> None:
    match = PARTIAL_DATE_PATTERN.match(value or "")
    if not match:
        raise ValidationError(
            _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2021, 2021-03 or 2021-03-12)."),
            code="invalid_partial_date",
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is not None and year < 1900:
        raise ValidationError(_("The year must be 1900 or later."), code="year_too_early")
    try:
        # "is None", not "or": month 00 and day 00 do not exist.
        datetime.date(year or 1, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        raise ValidationError(_("This date does not exist."), code="impossible_date") from None


def earliest_day(value: str) -> datetime.date:
    """The first day a partial date can mean ("2021-03" -> 1 March 2021)."""
    year, month, day = (int(p) if p else None for p in PARTIAL_DATE_PATTERN.match(value).groups())  # type: ignore[union-attr]
    return datetime.date(year or 1, month or 1, day or 1)


class PartialDateField(models.CharField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_partial_date)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 10:
            del kwargs["max_length"]
        return name, path, args, kwargs
