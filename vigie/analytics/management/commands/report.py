"""`vigie report --country NG --year 2023 --lang fr -o report.pdf`: the country-year PDF report.

Like `vigie stats`, it is run on the server by the instance's analysts and counts the whole register, or
with --as USER only the cases that user may count, and with --agency CODE only the cases that agency leads.
Unlike `vigie stats`, its figures are always protected (counts from 1 to 4 as "<5"): a PDF leaves the
system. Each report is audited as an export.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from vigie.accounts.models import User
from vigie.analytics.agency_filter import AGENCY_HELP, agency_to_count, cases_to_count
from vigie.analytics.report import export_report, report_request
from vigie.analytics.statistics import REGISTER, StatisticsError

USAGE_ERROR = 2  # as `vigie stats`: a question that cannot be answered as asked


class Command(BaseCommand):
    help = "The PDF report of a country and year: key figures, charts, map, tables, official figures, definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked here rather than by argparse, so that the errors come in the user's language.
        parser.add_argument("--country", required=True, help="Country of detection, ISO alpha-2 (NG, NE…).")
        parser.add_argument("--year", required=True, help="Year of detection.")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="Language of the report: fr or en.")
        parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write.")
        parser.add_argument("--source", default=REGISTER, help="'register' (default) or an imported data set.")
        parser.add_argument("--agency", help=AGENCY_HELP)
        parser.add_argument("--as", dest="username", help="Count only the cases this user may count (audited as them).")

    def handle(self, *args: Any, **options: Any) -> None:
        # A language that is not offered cannot be used for the messages: the site's is then.
        language = options["lang"] if options["lang"] in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            try:
                self._handle(options)
            except StatisticsError as error:
                raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def _handle(self, options: dict[str, Any]) -> None:
        request = report_request(
            country=options["country"], year=options["year"], language=options["lang"], source=options["source"]
        )
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    _("No active user is named %(name)s.") % {"name": options["username"]}, returncode=USAGE_ERROR
                )
        agency = agency_to_count(options["agency"], user=actor, source=request.source)
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(
                _("No folder %(folder)s to write to.") % {"folder": output.parent}, returncode=USAGE_ERROR
            )
        # Written beside the target and renamed at the end: a failed report leaves no half file behind.
        handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                figures = export_report(
                    actor=actor,
                    request=request,
                    cases=cases_to_count(actor, agency) if actor is not None or agency is not None else None,
                    out=out,
                    agency=agency,
                    # With an agency, its cases are compared with all those the reader may count.
                    unfiltered_cases=cases_to_count(actor) if agency is not None else None,
                )
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(
            _("Report of %(country)s, %(year)s written to %(file)s: %(victims)s victims detected.")
            % {
                "country": request.country.name,
                "year": request.year,
                "file": output,
                "victims": figures.victims.text,
            }
        )
