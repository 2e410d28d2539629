from typing import Any

from django import template

from vigie.investigations.selectors import investigations_summary as summary_of

register = template.Library()


@register.inclusion_tag("investigations/_case_summary.html", takes_context=True)
def investigations_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The investigations block of the case page (shown only to those who may see that part)."""
    case = context["page"].case
    return {"case": case, "summary": summary_of(case)}
