from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigie.accounts import permissions
from vigie.analytics.selectors import overview, shown
from vigie.http import AuthenticatedHttpRequest


@require_GET
def statistics_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    figures = overview(request.user)
    # Anyone who holds a role that may not see names gets protected figures: the scope of the statistics
    # spans all their agencies, including those where they hold that role.
    protect = permissions.has_any_role(request.user, permissions.AGGREGATE_ONLY_ROLES)
    tables = [
        (title, [(row.label, shown(row.count, protect=protect)) for row in rows])
        for title, rows in (
            ("cases_by_year", figures.by_year),
            ("cases_by_status", figures.by_status),
            ("cases_by_offence", figures.by_offence),
            ("victims_by_sex", figures.victims_by_sex),
            ("victims_by_form", figures.victims_by_form),
            ("victims_by_nationality", figures.victims_by_nationality),
        )
    ]
    return render(
        request,
        "analytics/overview.html",
        {"scope_cases": shown(figures.scope_cases, protect=protect), "tables": tables, "protect": protect},
    )
