from typing import Any

from django import template
from django.utils import timezone

from vigie.justice.selectors import justice_summary as summary_of

register = template.Library()


@register.inclusion_tag("justice/_case_summary.html", takes_context=True)
def justice_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The courts block of the case page: charges and their outcome, next hearing, requests, warnings.
    The case page includes it only for users who may see the investigation part."""
    case = context["page"].case
    return {"case": case, "summary": summary_of(case, timezone.localdate())}
