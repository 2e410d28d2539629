import datetime
from typing import Any

from django import template

from vigie.assistance.selectors import assistance_summary as summary_rows

register = template.Library()


@register.inclusion_tag("assistance/_case_summary.html", takes_context=True)
def assistance_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The assistance block of the case page: per assisted person, where their assistance stands."""
    case = context["page"].case
    return {"case": case, "rows": summary_rows(case)}


@register.filter
def days_after(day: datetime.date, today: datetime.date) -> int:
    """Whole days from today to that day, never below zero: `{{ period.ends_on|days_after:today }}`."""
    return max((day - today).days, 0)
