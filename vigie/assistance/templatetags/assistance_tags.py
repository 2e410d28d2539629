from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("assistance/_case_summary.html", takes_context=True)
def assistance_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The assistance block of the case page; empty until the app has something to show."""
    return {}
