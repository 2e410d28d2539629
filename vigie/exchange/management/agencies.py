"""The agency named on the command line (`--agency`), for `vigie import` and `vigie export`."""

import re

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency

# COUNTRY/CODE as the help says, or COUNTRY CODE as `vigie demo-users` and `vigie create-agency` write it.
COUNTRY_AND_CODE = re.compile(r"^\s*([A-Za-z]{2})\s*[/\s]\s*(\S+)\s*$")
LISTED = 12


def agency_from_option(code: str) -> Agency:
    """COUNTRY/CODE (or COUNTRY CODE), or CODE alone when one agency has it: codes are unique within a country
    only. A code that names none, or several, is refused with the codes that would do."""
    match = COUNTRY_AND_CODE.match(code)
    country, short = (match[1], match[2]) if match else ("", code.strip())
    agencies = Agency.objects.filter(code=short.upper())
    if country:
        agencies = agencies.filter(country_id=country.upper())
    found = list(agencies.order_by("country_id", "code")[: LISTED + 1])
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(
            _("Several agencies have the code %(code)s: write COUNTRY/CODE, one of %(choices)s.")
            % {"code": code, "choices": ", ".join(f"{a.country_id}/{a.code}" for a in found[:LISTED])}
        )
    agencies_there = Agency.objects.order_by("country_id", "code").values_list("country_id", "code")
    existing = [f"{their_country}/{their_code}" for their_country, their_code in agencies_there[: LISTED + 1]]
    listed = ", ".join(existing[:LISTED]) + (" …" if len(existing) > LISTED else "")
    raise CommandError(
        _("There is no agency with the code %(code)s. Agencies: %(agencies)s.") % {"code": code, "agencies": listed}
        if existing
        else _("There is no agency yet: create one with vigie create-agency.")
    )
