"""The agency named on the command line (`--agency`), for `vigie import` and `vigie export`."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency


def agency_from_option(code: str) -> Agency:
    """COUNTRY/CODE, or CODE alone when one agency has it: codes are unique within a country only."""
    country, _slash, short = code.rpartition("/")
    agencies = Agency.objects.filter(code=short.upper())
    if country:
        agencies = agencies.filter(country_id=country.upper())
    found = list(agencies[:2])
    if len(found) != 1:
        raise CommandError(_("No single agency with the code %(code)s (write COUNTRY/CODE).") % {"code": code})
    return found[0]
