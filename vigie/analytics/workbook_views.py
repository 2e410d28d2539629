"""The GLOTIP questionnaire workbook, downloaded from the statistics pages."""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.analytics.agency_filter import agency_to_count, cases_to_count
from vigie.analytics.glotip_workbook import check_years, export_glotip_workbook, find_country
from vigie.analytics.statistics import StatisticsError
from vigie.http import AuthenticatedHttpRequest, client_ip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_YEARS = 5  # the GLOTIP data collection asks for the last five complete years


def _home_country(user: User) -> str:
    agency_ids = sorted(g.agency_id for g in permissions.grants(user))
    return Agency.objects.filter(pk__in=agency_ids[:1]).values_list("country_id", flat=True).first() or ""


@require_GET
def glotip_workbook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """?country=NG&from=2019&to=2023[&agency=ANLTP]; by default the user's agency's country and the last five
    complete years, over all the cases the user may count."""
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    last_year = timezone.localdate().year - 1
    try:
        country = find_country(request.GET.get("country") or _home_country(request.user))
        year_from = int(request.GET.get("from") or last_year - DEFAULT_YEARS + 1)
        year_to = int(request.GET.get("to") or last_year)
        check_years(year_from, year_to)
        agency = agency_to_count(request.GET.get("agency"), user=request.user)
    except ValueError as error:
        # StatisticsError is a ValueError; int() of something else than a year is one too.
        message = str(error) if isinstance(error, StatisticsError) else _("A year is a whole number, e.g. 2021.")
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    out = io.BytesIO()
    try:
        result = export_glotip_workbook(
            actor=request.user,
            cases=cases_to_count(request.user, agency),
            agency=agency,
            country=country,
            year_from=year_from,
            year_to=year_to,
            out=out,
            ip_address=client_ip(request),
            unfiltered_cases=cases_to_count(request.user),
        )
    except StatisticsError as error:  # filters that single out fewer than 5 persons
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
