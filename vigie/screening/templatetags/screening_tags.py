from typing import Any

from django import template

from vigie.screening.selectors import latest_screenings

register = template.Library()


@register.inclusion_tag("screening/_case_summary.html", takes_context=True)
def screening_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The screening block of the case page: every person of the case, with their last screening.

    Suspects are listed too: a victim may have been made to recruit or guard others (non-punishment).
    """
    people = context["page"].participants
    latest = latest_screenings(p.pk for p in people)
    return {"rows": [(p, latest.get(p.pk)) for p in people]}
