"""`vigie stats flows | smuggling | deaths | sdg`: the subcommands added to `vigie stats` for flows, migrant
smuggling and SDG 16.2.2 (docs/statistics.md). Figures are exact, like `vigie stats victims`; the API gives
the same figures, protected for the roles that may not see names."""

import argparse
import csv
import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _

from vigie.analytics.agency_filter import AGENCY_HELP, agency_to_count, cases_to_count, describe_agency
from vigie.analytics.flows import flow_statistics
from vigie.analytics.sdg import SDG_DIMENSIONS, register_source, sdg_16_2_2
from vigie.analytics.smuggling import (
    deaths_and_disappearances,
    parse_death_dimensions,
    parse_smuggling_dimensions,
    smuggled_migrant_statistics,
    smuggling_routes,
)
from vigie.analytics.statistics import REGISTER, Dimension, StatisticsError, VictimFilters
from vigie.reference.models import Country

SUBCOMMANDS = ("flows", "smuggling", "deaths", "sdg")


def add_parsers(commands: "argparse._SubParsersAction[Any]") -> None:
    flows = commands.add_parser("flows", help="Victims from country of origin, through transit, to destination.")
    flows.add_argument("--with-transit", action="store_true", help="Add the transit countries the register records.")
    flows.add_argument("--source", default=REGISTER, help="'register' (default) or an imported CTDC data set.")
    _period_and_country(flows)
    _agency(flows)
    flows.add_argument("--format", choices=["json", "csv"], default="json")
    smuggling = commands.add_parser("smuggling", help="Smuggled migrants detected, or their routes.")
    smuggling.add_argument("--by", help="Dimensions: year, sex, age_group, citizenship, country_of_detection.")
    smuggling.add_argument("--routes", action="store_true", help="Their routes instead (as flows).")
    smuggling.add_argument("--with-transit", action="store_true", help="With --routes: the transit countries.")
    _period_and_country(smuggling)
    _agency(smuggling)
    smuggling.add_argument("--format", choices=["json", "csv"], default="json")
    deaths = commands.add_parser("deaths", help="Migrants dead or missing on the routes (IOM Missing Migrants).")
    deaths.add_argument("--by", default="route,year", help="Dimensions: route, year, country (default route,year).")
    deaths.add_argument("--route", help="One route, as IOM names it, e.g. 'Central Mediterranean Route'.")
    _period_and_country(deaths)
    deaths.add_argument("--format", choices=["json", "csv"], default="json")
    sdg = commands.add_parser("sdg", help="SDG 16.2.2: victims detected per 100,000 population.")
    sdg.add_argument("--country", required=True, help="Country of detection, ISO alpha-2.")
    sdg.add_argument("--year", required=True, type=int)
    sdg.add_argument("--by", help="sex, age_group or form_of_exploitation.")
    sdg.add_argument("--source", default=REGISTER, help="'register' (default) or an imported data set.")
    _agency(sdg)
    sdg.add_argument("--format", choices=["json", "csv"], default="json")


def _period_and_country(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="year_from", type=int, help="First year.")
    parser.add_argument("--to", dest="year_to", type=int, help="Last year.")
    parser.add_argument("--country", help="Country (of detection; for deaths: of the incident), ISO alpha-2.")


def _agency(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agency", help=AGENCY_HELP)


def check_period(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise StatisticsError(_("--from comes after --to."))


def check_country(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.upper()
    if not Country.objects.filter(iso2=code).exists():
        raise StatisticsError(_("Unknown country %(code)s: not an ISO 3166-1 alpha-2 code.") % {"code": code})
    return code


def filters_from(options: dict[str, Any]) -> VictimFilters:
    check_period(options["year_from"], options["year_to"])
    return VictimFilters(options["year_from"], options["year_to"], check_country(options["country"]))


def run(options: dict[str, Any], out: OutputWrapper) -> None:
    handlers: dict[str, Callable[[dict[str, Any]], tuple[Any, list[dict[str, Any]], list[str]]]] = {
        "flows": _flows,
        "smuggling": _smuggling,
        "deaths": _deaths,
        "sdg": _sdg,
    }
    data, rows, columns = handlers[options["subcommand"]](options)
    if options["format"] == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if row.get(c) is None else _cell(row[c]) for c in columns] for row in rows])
    else:
        out.write(json.dumps(data, ensure_ascii=False, indent=2))


def _cell(value: Any) -> Any:
    # A route's transit countries in one CSV cell: "NE>DZ".
    return ">".join(value) if isinstance(value, list | tuple) else value


Output = tuple[Any, list[dict[str, Any]], list[str]]


def _flows(options: dict[str, Any]) -> Output:
    agency = agency_to_count(options["agency"], user=None, source=options["source"])
    flows = flow_statistics(
        source=options["source"],
        cases=cases_to_count(None, agency),
        filters=filters_from(options),
        with_transit=options["with_transit"],
    )
    data = flows.as_dict()
    describe_agency(data["metadata"], agency)
    # CSV: the links of the diagram (the routes are in the JSON).
    return data, data["links"], ["source", "target", "victims"]


def _smuggling(options: dict[str, Any]) -> Output:
    filters = filters_from(options)
    agency = agency_to_count(options["agency"], user=None)
    cases = cases_to_count(None, agency)
    if options["routes"]:
        if options["by"]:
            raise StatisticsError(_("--routes and --by do not go together."))
        data = smuggling_routes(cases=cases, filters=filters, with_transit=options["with_transit"]).as_dict()
        describe_agency(data["metadata"], agency)
        return data, data["routes"], ["origin", "transit", "destination", "victims"]
    if not options["by"]:
        raise StatisticsError(_("Give --by DIM[,DIM] or --routes."))
    counts = smuggled_migrant_statistics(
        cases=cases, dimensions=parse_smuggling_dimensions(options["by"]), filters=filters
    )
    rows = [
        {**{k: v for k, v in row.items() if k != "victims"}, "migrants": row["victims"]} for row in counts.as_dicts()
    ]
    return (
        {"rows": rows, "metadata": describe_agency(counts.metadata, agency)},
        rows,
        [*[str(d) for d in counts.dimensions], "migrants"],
    )


def _deaths(options: dict[str, Any]) -> Output:
    check_period(options["year_from"], options["year_to"])
    dimensions = parse_death_dimensions(options["by"])
    counts = deaths_and_disappearances(
        dimensions=dimensions,
        year_from=options["year_from"],
        year_to=options["year_to"],
        country=check_country(options["country"]),
        route=options["route"],
    )
    return (
        {"rows": counts.rows, "metadata": counts.metadata},
        counts.rows,
        [*[str(d) for d in dimensions], "dead_and_missing", "incidents"],
    )


def _sdg(options: dict[str, Any]) -> Output:
    country = check_country(options["country"]) or ""  # --country is required
    names = [str(d) for d in SDG_DIMENSIONS]
    if options["by"] is not None and options["by"] not in names:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.") % {"names": options["by"], "known": ", ".join(names)}
        )
    by = Dimension(options["by"]) if options["by"] else None
    agency = agency_to_count(options["agency"], user=None, source=options["source"])
    source = register_source(cases_to_count(None, agency)) if agency is not None else options["source"]
    indicator = sdg_16_2_2(country=country, year=options["year"], by=by, source=source)
    data = indicator.as_dict()
    describe_agency(data["metadata"], agency)
    rows = data["rows"] if by else [data["total"]]
    columns = [str(by), "victims", "rate"] if by else ["victims", "rate"]
    return data, rows, columns
