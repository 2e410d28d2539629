from typing import Any

from django import template

from vigie.referrals.selectors import case_summary

register = template.Library()


@register.inclusion_tag("referrals/_case_summary.html", takes_context=True)
def referrals_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The referrals block of the case page: counts by state and a link to the case's referrals page."""
    case = context["page"].case
    return {"case": case, "summary": case_summary(case)}
