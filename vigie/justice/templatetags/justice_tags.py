from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("justice/_case_summary.html", takes_context=True)
def justice_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The justice block of the case page; empty until the app has something to show."""
    return {}
