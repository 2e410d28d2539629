"""The lead-agency filter of the statistics, one for every interface: the dashboard, `vigie stats`, the API,
the PDF report and the GLOTIP workbook. It applies to the register only (an imported data set records no
agency), and only to an agency whose cases the user may count."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency, User
from vigie.analytics.selectors import countable_cases
from vigie.analytics.statistics import REGISTER, StatisticsError
from vigie.cases.models import Case

AGENCY_HELP = "Lead agency of the cases counted (the register only): its code, e.g. ANLTP, or NG-ANLTP."


def agencies_countable_by(user: User | None) -> QuerySet[Agency]:
    """The lead agencies of the cases `user` may count; every agency for the command line (no user)."""
    if user is None:
        return Agency.objects.order_by("name")
    return Agency.objects.filter(pk__in=countable_cases(user).values("agency_id")).order_by("name")


def agency_to_count(value: str | None, *, user: User | None, source: str = REGISTER) -> Agency | None:
    """The lead agency asked for by every interface (`--agency`, `?agency=`): its code (ANLTP), or its
    country and code (NG-ANLTP) where agencies of two countries share a code; the web forms send its number.
    Only an agency whose cases `user` may count (any, for the command line, which has no user)."""
    if not value:
        return None
    if source != REGISTER:
        raise StatisticsError(_("An imported data set has no agencies: choose the register to filter by agency."))
    agencies = agencies_countable_by(user)
    text = value.strip().upper()
    country, _dash, code = text.rpartition("-")
    found = list(agencies.filter(code=code, **({"country_id": country} if country else {}))[:2])
    if not found and text.isdigit():
        found = list(agencies.filter(pk=int(text)))
    if len(found) > 1:
        raise StatisticsError(
            _("Agencies of several countries have the code %(code)s: give the country too, e.g. %(example)s.")
            % {"code": code, "example": agency_key(found[0])}
        )
    if not found:
        if user is None:
            raise StatisticsError(_("Unknown agency %(code)s.") % {"code": value})
        raise StatisticsError(_("No agency %(code)s among those whose cases you may count.") % {"code": value})
    return found[0]


def agency_key(agency: Agency) -> str:
    """How the agency is written in `--agency` and `?agency=`, whatever other country shares its code."""
    return f"{agency.country_id}-{agency.code}"


def cases_to_count(user: User | None, agency: Agency | None = None) -> QuerySet[Case]:
    """The cases the user may count (the whole register for the command line), of one lead agency if asked."""
    cases = Case.objects.all() if user is None else countable_cases(user)
    return cases if agency is None else cases.filter(agency=agency)


def describe_agency(metadata: dict[str, Any], agency: Agency | None) -> dict[str, Any]:
    """The figures' metadata, saying which lead agency's cases they count when one was asked for."""
    if agency is not None:
        metadata["agency"] = {"key": agency_key(agency), "code": agency.code, "name": agency.name}
    return metadata
