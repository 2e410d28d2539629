import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.analytics.dashboard import agencies_to_choose
from vigie.analytics.report import ReportError, export_report, report_request
from vigie.analytics.selectors import countable_cases
from vigie.analytics.statistics import REGISTER, StatisticsError
from vigie.http import AuthenticatedHttpRequest, client_ip


def agency_asked(user: User, value: str | None, source: str) -> Agency | None:
    """The lead agency whose cases the report counts, as the dashboard's agency filter: one of the agencies
    of the cases the user may count, and the register only."""
    if not value:
        return None
    if source != REGISTER:
        raise ReportError(_("An imported data set has no agencies: choose the register to filter by agency."))
    agency = agencies_to_choose(user).filter(pk=int(value)).first() if value.isdigit() else None
    if agency is None:
        raise ReportError(_("Unknown agency %(code)s.") % {"code": value})
    return agency


@require_GET
def statistics_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The country-year PDF report over the cases the user may count (of one lead agency, if asked), or an
    imported data set (as the dashboard's source filter: any role that sees statistics), always protected,
    audited."""
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    language = request.GET.get("lang") or translation.get_language()
    # The error in the language asked for, when it is one of the site's.
    with translation.override(language if language in dict(settings.LANGUAGES) else translation.get_language()):
        try:
            asked = report_request(
                country=request.GET.get("country"),
                year=request.GET.get("year"),
                language=language,
                source=request.GET.get("source") or REGISTER,
            )
            agency = agency_asked(request.user, request.GET.get("agency"), asked.source)
        except StatisticsError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    cases = countable_cases(request.user)
    out = io.BytesIO()
    try:
        export_report(
            actor=request.user,
            request=asked,
            cases=cases.filter(agency=agency) if agency is not None else cases,
            out=out,
            ip_address=client_ip(request),
            agency=agency,
            unfiltered_cases=cases,
        )
    except StatisticsError as error:  # filters that single out fewer than 5 persons, in the report's language
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(out.getvalue(), content_type="application/pdf")
    filename = f"vigie-{asked.country.iso2}-{asked.year}-{asked.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
