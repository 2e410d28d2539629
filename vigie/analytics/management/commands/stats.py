"""`vigie stats victims …` and `vigie stats official …`: the command-line contract of docs/statistics.md.

The command line has no user: it is run by the instance's analysts on the server, who can read the
database anyway. It prints exact figures by default, as partner systems and the GLOTIP questionnaire need
them; --protect-small-cells prints what a role that may not see names would be shown.
"""

import csv
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from vigie.analytics import flow_commands
from vigie.analytics.disclosure import SMALL, SUPPRESSED, WITHHELD
from vigie.analytics.statistics import (
    OFFICIAL_COLUMNS,
    REGISTER,
    StatisticsError,
    VictimCounts,
    VictimFilters,
    official_statistics,
    parse_dimensions,
    protect_victim_counts,
    victim_statistics,
)
from vigie.reference.models import Country

USAGE_ERROR = 2  # the contract's exit status for a question that cannot be answered as asked


class Command(BaseCommand):
    help = "Statistics of victims detected (register or imported data set) and UNODC GLOTIP official figures."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        victims = commands.add_parser("victims", help="Victims detected, by any combination of dimensions.")
        victims.add_argument("--by", required=True, help="Dimensions, comma-separated: year,sex,…")
        victims.add_argument("--source", default=REGISTER, help="'register' (default) or an imported data set.")
        victims.add_argument("--from", dest="year_from", type=int, help="First year.")
        victims.add_argument("--to", dest="year_to", type=int, help="Last year.")
        victims.add_argument("--country", help="Country of detection, ISO alpha-2.")
        victims.add_argument("--format", choices=["json", "csv"], default="json")
        victims.add_argument(
            "--with-metadata", action="store_true", help="JSON only: {rows, metadata} with the counting rules."
        )
        victims.add_argument(
            "--protect-small-cells",
            action="store_true",
            help="Show counts of 1 to 4 as <5 and hide (x) what would let them be worked out.",
        )
        official = commands.add_parser("official", help="UNODC GLOTIP figures, as published.")
        official.add_argument("--country", help="ISO alpha-3 code, as in the GLOTIP file.")
        official.add_argument("--indicator", help="Indicator, e.g. 'Detected trafficking victims'.")
        official.add_argument("--year", type=int)
        official.add_argument("--format", choices=["json", "csv"], default="json")
        flow_commands.add_parsers(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if options["subcommand"] == "victims":
                    self._victims(options)
                elif options["subcommand"] in flow_commands.SUBCOMMANDS:
                    flow_commands.run(options, self.stdout)
                else:
                    self._official(options)
            except StatisticsError as error:
                raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def _victims(self, options: dict[str, Any]) -> None:
        dimensions = parse_dimensions(options["by"])
        if options["with_metadata"] and options["format"] != "json":
            raise StatisticsError(_("--with-metadata goes with --format json."))
        year_from, year_to = options["year_from"], options["year_to"]
        if year_from is not None and year_to is not None and year_from > year_to:
            raise StatisticsError(_("--from comes after --to."))
        country = options["country"]
        if country is not None:
            country = country.upper()
            if not Country.objects.filter(iso2=country).exists():
                raise StatisticsError(
                    _("Unknown country %(code)s: not an ISO 3166-1 alpha-2 code.") % {"code": country}
                )
        counts = victim_statistics(
            source=options["source"], dimensions=dimensions, filters=VictimFilters(year_from, year_to, country)
        )
        rows = counts.as_dicts()
        if options["protect_small_cells"]:
            rows = self._protected(counts, rows)
        if options["format"] == "csv":
            columns = [str(d) for d in dimensions] + ["victims"]
            self._csv(rows, columns + (["censored"] if options["protect_small_cells"] else []))
        elif options["with_metadata"]:
            self._json({"rows": rows, "metadata": counts.metadata})
        else:
            self._json(rows)

    def _protected(self, counts: VictimCounts, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        marks = protect_victim_counts(counts)
        counts.metadata["small_cells"] = {
            SMALL: _("a count from 1 to 4"),
            SUPPRESSED: _("hidden so that a count below 5 cannot be worked out from the totals"),
            WITHHELD: _("withheld: no figure of this table can be shown without giving away a count below 5"),
        }
        return [
            {**row, "victims": row["victims"] if mark is None else None, "censored": mark}
            for row, mark in zip(rows, marks, strict=True)
        ]

    def _official(self, options: dict[str, Any]) -> None:
        country = options["country"].upper() if options["country"] else None
        rows = [
            row.as_dict()
            for row in official_statistics(country=country, indicator=options["indicator"], year=options["year"])
        ]
        if options["format"] == "csv":
            self._csv(rows, OFFICIAL_COLUMNS)
        else:
            self._json(rows)

    def _json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _csv(self, rows: list[dict[str, Any]], columns: list[str]) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(columns)
        # None is an empty cell: unknown, as the contract says.
        writer.writerows([["" if row[c] is None else row[c] for c in columns] for row in rows])
