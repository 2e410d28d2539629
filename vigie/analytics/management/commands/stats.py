"""`vigie stats victims …`, `vigie stats official …`, `vigie stats justice …` and `vigie stats glotip-workbook …`:
the command-line contract of docs/statistics.md.

The command line has no user: it is run by the instance's analysts on the server, who can read the
database anyway. It prints exact figures by default, as partner systems and the GLOTIP questionnaire need
them; --protect-small-cells prints what a role that may not see names would be shown.
"""

import csv
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from vigie.analytics import flow_commands
from vigie.analytics.agency_filter import AGENCY_HELP, agency_to_count, cases_to_count, describe_agency
from vigie.analytics.disclosure import SMALL, SUPPRESSED, WITHHELD
from vigie.analytics.glotip_workbook import check_years, export_glotip_workbook, find_country
from vigie.analytics.justice import (
    JusticeFilters,
    check_offence,
    justice_statistics,
    parse_justice_dimensions,
    protect_person_counts,
    refuse_isolating_justice_filters,
    time_to_verdict,
)
from vigie.analytics.statistics import (
    OFFICIAL_COLUMNS,
    REGISTER,
    StatisticsError,
    VictimCounts,
    VictimFilters,
    official_statistics,
    parse_dimensions,
    protect_victim_counts,
    refuse_isolating_filters,
    victim_source,
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
        victims.add_argument("--agency", help=AGENCY_HELP)
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
        justice = commands.add_parser("justice", help="Persons suspected, prosecuted and convicted (the register).")
        justice.add_argument("--by", help="Dimensions, comma-separated: year,stage,sex,age_group,citizenship,…")
        justice.add_argument("--from", dest="year_from", type=int, help="First year.")
        justice.add_argument("--to", dest="year_to", type=int, help="Last year.")
        justice.add_argument("--country", help="ISO alpha-2: of detection for suspects, of the court otherwise.")
        justice.add_argument("--offence", help="Offence code, e.g. tip (trafficking) or som (smuggling).")
        justice.add_argument("--agency", help=AGENCY_HELP)
        justice.add_argument("--format", choices=["json", "csv"], default="json")
        justice.add_argument(
            "--with-metadata", action="store_true", help="JSON only: {rows, metadata} with the counting rules."
        )
        justice.add_argument("--protect-small-cells", action="store_true", help="As for victims.")
        justice.add_argument(
            "--time-to-verdict",
            action="store_true",
            help="Days from the victim's identification to the first-instance verdict: count, median, quartiles.",
        )
        workbook = commands.add_parser("glotip-workbook", help="The GLOTIP questionnaire tables as an Excel workbook.")
        workbook.add_argument("--country", required=True, help="ISO alpha-2 or alpha-3 code.")
        workbook.add_argument("--from", dest="year_from", type=int, required=True, help="First year.")
        workbook.add_argument("--to", dest="year_to", type=int, required=True, help="Last year.")
        workbook.add_argument("--agency", help=AGENCY_HELP)
        workbook.add_argument("-o", "--output", type=Path, required=True, help="The .xlsx file to write.")
        # Messages (errors, the workbook's texts) in the language asked, else the instance's; the figures and
        # the JSON keys are the same in both.
        for subcommand in commands.choices.values():
            subcommand.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            try:
                match options["subcommand"]:
                    case "victims":
                        self._victims(options)
                    case "official":
                        self._official(options)
                    case "justice":
                        self._justice(options)
                    case "glotip-workbook":
                        self._workbook(options)
                    case _:
                        flow_commands.run(options, self.stdout)
            except StatisticsError as error:
                raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def _victims(self, options: dict[str, Any]) -> None:
        dimensions = parse_dimensions(options["by"])
        if options["with_metadata"] and options["format"] != "json":
            raise StatisticsError(_("--with-metadata goes with --format json."))
        filters = VictimFilters(*self._period_and_country(options))
        agency = agency_to_count(options["agency"], user=None, source=options["source"])
        source = victim_source(options["source"], cases=cases_to_count(None, agency) if agency is not None else None)
        if options["protect_small_cells"]:
            # The agency is one of the filters: its cases are compared with the whole register.
            unfiltered = victim_source(options["source"]).victims if agency is not None else None
            refuse_isolating_filters(source.victims, filters, unfiltered=unfiltered)
        counts = victim_statistics(source=source, dimensions=dimensions, filters=filters)
        describe_agency(counts.metadata, agency)
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

    def _period_and_country(self, options: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
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
        return year_from, year_to, country

    def _justice(self, options: dict[str, Any]) -> None:
        year_from, year_to, country = self._period_and_country(options)
        filters = JusticeFilters(year_from, year_to, country, check_offence(options["offence"]))
        agency = agency_to_count(options["agency"], user=None)
        cases = cases_to_count(None, agency)
        if options["with_metadata"] and options["format"] != "json":
            raise StatisticsError(_("--with-metadata goes with --format json."))
        if options["time_to_verdict"]:
            if options["by"] or options["format"] != "json":
                raise StatisticsError(_("--time-to-verdict takes neither --by nor --format csv."))
            self._json(time_to_verdict(cases=cases, filters=filters).as_dict())
            return
        if not options["by"]:
            raise StatisticsError(_("--by is required, unless --time-to-verdict is asked."))
        dimensions = parse_justice_dimensions(options["by"])
        if options["protect_small_cells"]:
            refuse_isolating_justice_filters(
                cases=cases, filters=filters, unfiltered_cases=cases_to_count(None) if agency is not None else None
            )
        counts = justice_statistics(cases=cases, dimensions=dimensions, filters=filters)
        describe_agency(counts.metadata, agency)
        rows = counts.as_dicts()
        if options["protect_small_cells"]:
            rows = [
                {**row, "persons": row["persons"] if mark is None else None, "censored": mark}
                for row, mark in zip(rows, protect_person_counts(counts), strict=True)
            ]
        if options["format"] == "csv":
            columns = [str(d) for d in dimensions] + ["persons"]
            self._csv(rows, columns + (["censored"] if options["protect_small_cells"] else []))
        elif options["with_metadata"]:
            self._json({"rows": rows, "metadata": counts.metadata})
        else:
            self._json(rows)

    def _workbook(self, options: dict[str, Any]) -> None:
        country = find_country(options["country"])
        check_years(options["year_from"], options["year_to"])
        agency = agency_to_count(options["agency"], user=None)
        output: Path = options["output"]
        if output.suffix.lower() != ".xlsx":
            raise StatisticsError(_("The workbook is written to a .xlsx file."))
        try:
            with output.open("wb") as out:
                result = export_glotip_workbook(
                    actor=None,
                    cases=cases_to_count(None, agency),
                    agency=agency,
                    unfiltered_cases=cases_to_count(None) if agency is not None else None,
                    country=country,
                    year_from=options["year_from"],
                    year_to=options["year_to"],
                    out=out,
                )
        except StatisticsError:
            output.unlink(missing_ok=True)  # refused (filters that single out a few persons): no empty file left
            raise
        except OSError as error:
            raise StatisticsError(
                _("Cannot write %(path)s: %(reason)s.") % {"path": output, "reason": error.strerror}
            ) from None
        self.stderr.write(
            _("%(rows)s rows written to %(path)s, with %(official)s official figures beside them.")
            % {"rows": result.rows, "path": output, "official": result.official_rows}
        )

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
