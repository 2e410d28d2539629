"""The Counter Trafficking Data Collaborative's anonymous victim records, in each of their layouts, into
VictimRecord rows of a named DataSet (never into the register of cases).

The layout is recognised from the header (names compared without regard to case: CTDC's own documents
write both "Datasource" and "datasource"):

- the 2018/2020 global data set, 62 variables (codebook v6 2017, dictionary 2018-08-15), sometimes with an
  index column in front (63 columns): missing is "-99", "00" (or "ZZ") is a country the source calls
  unknown (kept as ZZ), and "NA" is Namibia, never a missing value;
- the derived 10-column copy of the 2020 release (missing is an empty cell; flags written 0.0/1.0);
- the 2024 synthetic layout, 27 variables: ISO alpha-3 countries, flags "1" or empty, age bands
  like "09--17";
- the 2022 victim-perpetrator synthetic set: UN regions instead of countries, a year or a range of years,
  several values joined with ";" for the perpetrators.

Values stay as the source coded them (age bands, regions, year ranges): no precision is invented. Flags
are True, False or null (no answer); a column not modelled is kept, as written, in `other_columns`.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from vigie.analytics.changes import bulk_register_write
from vigie.exchange.bulk import insert_rows
from vigie.exchange.importing import RowProblem, RowRejected, dataset_of, row_shape_problems
from vigie.exchange.keys import ContentKeys
from vigie.exchange.models import DataSet, ImportRun, VictimRecord
from vigie.exchange.readers import (
    EXTRA_CELLS,
    ImportRefused,
    csv_header,
    csv_rows,
    estimated_csv_rows,
    require_columns,
)
from vigie.reference.models import Country

Kind = DataSet.Kind
Spec = list[tuple[str, str, str]]  # (VictimRecord field, column, how to read it)

GLOBAL_2018: Spec = [
    ("year_of_registration", "yearOfRegistration", "year"),
    ("data_source", "Datasource", "data_source"),
    ("gender", "gender", "gender"),
    ("age_band", "ageBroad", "age"),
    ("majority_status", "majorityStatus", "majority"),
    ("citizenship", "citizenship", "alpha2"),
    ("country_of_exploitation", "CountryOfExploitation", "alpha2"),
    ("is_forced_labour", "isForcedLabour", "flag"),
    ("is_sexual_exploitation", "isSexualExploit", "flag"),
    ("is_other_exploitation", "isOtherExploit", "flag"),
    ("means_false_promises", "meansOfControlFalsePromises", "flag"),
    ("means_drugs_alcohol", "meansOfControlPsychoactiveSubstances", "flag"),
    ("means_excessive_work_hours", "meansOfControlExcessiveWorkingHours", "flag"),
    ("means_withhold_documents", "meansOfControlWithholdsDocuments", "flag"),
    ("labour_agriculture", "typeOfLabourAgriculture", "flag"),
    ("labour_construction", "typeOfLabourConstruction", "flag"),
    ("labour_domestic_work", "typeOfLabourDomesticWork", "flag"),
    ("labour_hospitality", "typeOfLabourHospitality", "flag"),
    ("sex_prostitution", "typeOfSexProstitution", "flag"),
    ("sex_pornography", "typeOfSexPornography", "flag"),
    ("recruiter_intimate_partner", "recruiterRelationIntimatePartner", "flag"),
    ("recruiter_friend", "recruiterRelationFriend", "flag"),
    ("recruiter_family", "recruiterRelationFamily", "flag"),
    ("recruiter_other", "recruiterRelationOther", "flag"),
]
# The other variables of the 2018 dictionary: kept as written in other_columns, and required in the header.
GLOBAL_2018_OTHERS = [
    "majorityStatusAtExploit",
    "majorityEntry",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "typeOfExploitConcatenated",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "recruiterRelationUnknown",
]
DERIVED_10: Spec = [
    ("year_of_registration", "yearOfRegistration", "year"),
    ("data_source", "Datasource", "data_source"),
    ("gender", "gender", "gender"),
    ("age_band", "ageBroad", "age"),
    ("citizenship", "citizenship", "alpha2"),
    ("is_forced_labour", "isForcedLabour", "flag"),
    ("control_category", "control_category", "text"),
    ("recruiter_category", "RecruiterCategory", "text"),
    ("exploitation_type", "ExploitType", "text"),
    ("labour_type", "Labor_Type", "text"),
]
SYNTHETIC_2024: Spec = [
    ("year_of_registration", "yearOfRegistration", "year"),
    ("gender", "gender", "gender"),
    ("age_band", "ageBroad", "age"),
    ("citizenship", "citizenship", "alpha3"),
    ("country_of_exploitation", "CountryOfExploitation", "alpha3"),
    ("trafficking_months", "traffickMonths", "months"),
    ("means_debt_bondage_earnings", "meansDebtBondageEarnings", "flag"),
    ("means_threats", "meansThreats", "flag"),
    ("means_abuse", "meansAbusePsyPhySex", "flag"),
    ("means_false_promises", "meansFalsePromises", "flag"),
    ("means_drugs_alcohol", "meansDrugsAlcohol", "flag"),
    ("means_deny_basic_needs", "meansDenyBasicNeeds", "flag"),
    ("means_excessive_work_hours", "meansExcessiveWorkHours", "flag"),
    # The codebook's list says meansWithholdDocs, its description meansWithholdDocuments: either is read.
    ("means_withhold_documents", "meansWithholdDocs", "flag"),
    ("is_forced_labour", "isForcedLabour", "flag"),
    ("is_sexual_exploitation", "isSexualExploit", "flag"),
    ("is_other_exploitation", "isOtherExploit", "flag"),
    ("labour_agriculture", "typeOfLabourAgriculture", "flag"),
    ("labour_construction", "typeOfLabourConstruction", "flag"),
    ("labour_domestic_work", "typeOfLabourDomesticWork", "flag"),
    ("labour_hospitality", "typeOfLabourHospitality", "flag"),
    ("sex_prostitution", "typeOfSexProstitution", "flag"),
    ("sex_pornography", "typeOfSexPornography", "flag"),
    ("recruiter_intimate_partner", "recruiterRelationIntimatePartner", "flag"),
    ("recruiter_friend", "recruiterRelationFriend", "flag"),
    ("recruiter_family", "recruiterRelationFamily", "flag"),
    ("recruiter_other", "recruiterRelationOther", "flag"),
]
COLUMN_ALIASES = {"meanswithholddocuments": "meanswithholddocs"}
VICTIM_PERPETRATOR: Spec = [
    ("year_of_registration", "yearRegister", "year"),
    ("gender", "gender", "gender"),
    ("majority_status", "majorityStatus", "majority"),
    ("is_forced_labour", "isForcedLabour", "flag"),
    ("is_sexual_exploitation", "isSexualExploit", "flag"),
    ("citizenship_region", "UN_COO_Region", "text"),
    ("exploitation_region", "UN_COE_Region", "text"),
    ("perpetrator.exploiter", "IP_Exploiter", "flag"),
    ("perpetrator.gender", "IP_Gender", "list"),
    ("perpetrator.age_band", "IP_ageBroad", "list"),
    ("perpetrator.citizenship_region", "IP_citizen_UNRegion", "list"),
    ("perpetrator.relation", "IP_Relation", "list"),
    ("perpetrator.paid_money", "IP_PayMoney", "list"),
    ("perpetrator.recruiter_broker", "IP_RecruiterBroker", "flag"),
    ("perpetrator.transaction_process", "IP_TransactionProcess", "flag"),
    ("perpetrator.control_abuse_kidnap", "IP_ControlAbuseKidnap", "flag"),
]


class Layout:
    def __init__(
        self, kind: str, spec: Spec, missing: set[str], flags: dict[str, bool], others: list[str] | None = None
    ) -> None:
        self.kind, self.spec, self.missing, self.flags = kind, spec, missing, flags
        self.others = others or []

    @property
    def columns(self) -> list[str]:
        return [column for _field, column, _how in self.spec] + self.others


LAYOUTS = {
    Kind.CTDC_GLOBAL_2018: Layout(
        Kind.CTDC_GLOBAL_2018, GLOBAL_2018, {"-99", ""}, {"1": True, "0": False}, GLOBAL_2018_OTHERS
    ),
    Kind.CTDC_DERIVED_10: Layout(
        Kind.CTDC_DERIVED_10, DERIVED_10, {""}, {"1.0": True, "0.0": False, "1": True, "0": False}
    ),
    Kind.CTDC_SYNTHETIC_2024: Layout(Kind.CTDC_SYNTHETIC_2024, SYNTHETIC_2024, {"", "NULL"}, {"1": True, "0": False}),
    Kind.CTDC_VICTIM_PERPETRATOR: Layout(Kind.CTDC_VICTIM_PERPETRATOR, VICTIM_PERPETRATOR, {""}, {"1": True}),
}
GENDERS = {"Male", "Female", "Transgender/NonConforming", "Unknown", "Man", "Woman", "Trans/Transgender/NonConforming"}
MAJORITY = {"Adult", "Minor", "Unknown"}
DATA_SOURCES = {"case management", "hotline"}
YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
AGE_BAND = re.compile(r"^\d{1,2}--\d{1,2}$|^\d{1,2}\+$")
MONTHS = re.compile(r"^\d{1,3}--\d{1,3}$|^\d{1,3}\+$")
UNKNOWN_COUNTRY = "ZZ"


def _lower(name: str) -> str:
    name = name.strip().lower()
    return COLUMN_ALIASES.get(name, name)


def detect_layout(header: list[str]) -> Layout:
    names = {_lower(name) for name in header}
    if "ip_exploiter" in names:
        layout = LAYOUTS[Kind.CTDC_VICTIM_PERPETRATOR]
    elif "meansdebtbondageearnings" in names:
        layout = LAYOUTS[Kind.CTDC_SYNTHETIC_2024]
    elif "meansofcontroldebtbondage" in names:
        layout = LAYOUTS[Kind.CTDC_GLOBAL_2018]
    elif "exploittype" in names or "labor_type" in names:
        layout = LAYOUTS[Kind.CTDC_DERIVED_10]
    else:
        raise ImportRefused(
            _(
                "This is not a CTDC file vigie knows: its header matches neither the 2018/2020 global data set, "
                "its 10-column copy, the 2024 synthetic data set nor the victim-perpetrator set."
            )
        )
    require_columns(names, [_lower(column) for column in layout.columns])
    return layout


class CtdcImporter:
    kind = "ctdc"
    source = "Counter Trafficking Data Collaborative (CTDC)"
    # A big file is read in a second process while this one writes (importing.py): its rows, keys and parse
    # use no database (the country codes are read before, in __init__).
    parse_aside = True

    def __init__(self) -> None:
        self.layout: Layout | None = None
        self.plan: list[tuple[str, str, Callable[[str], Any]]] = []
        self.modelled: set[str] = set()
        self.index_column: str | None = None
        self.keys = ContentKeys()
        self.iso3 = dict(Country.objects.values_list("iso3", "iso2"))

    def dataset_kind(self, path: Path) -> str:
        return detect_layout(csv_header(path)).kind

    def _on_header(self, header: list[str]) -> None:
        self.layout = layout = detect_layout(header)
        spelling = {_lower(name): name for name in header}
        # A leading column without a name is the row index of the copy that was saved (pandas' to_csv).
        first = header[0].strip()
        self.index_column = header[0] if first in ("", "Unnamed: 0") else None
        # Worked out once per file, not once per row: which cell feeds which field, read how.
        self.plan = [(field, spelling[_lower(column)], READERS[how](self)) for field, column, how in layout.spec]
        self.modelled = {name for _field, name, _read in self.plan} | {EXTRA_CELLS}
        if self.index_column is not None:
            self.modelled.add(self.index_column)

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        return csv_rows(path, on_header=self._on_header)

    def estimated_rows(self, path: Path) -> int | None:
        return estimated_csv_rows(path)

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        if self.index_column is not None and cells.get(self.index_column, "").strip().isdigit():
            return f"index:{cells[self.index_column].strip()}"
        return self.keys.key(list(cells.values()))

    def parse(self, row_number: int, cells: dict[str, str]) -> tuple[Any, ...]:
        missing = self.layout.missing if self.layout else set()
        problems = row_shape_problems(row_number, cells)
        values: dict[str, Any] = {}
        perpetrator: dict[str, Any] = {}
        for field, name, read in self.plan:
            text = cells.get(name, "").strip()
            try:
                value = None if text in missing else read(text)
            except ValueError as error:
                problems.append(RowProblem(row_number, name, text, str(error)))
                continue
            if field.startswith("perpetrator."):
                perpetrator[field[12:]] = value
            else:
                values[field] = value
        if problems:
            raise RowRejected(problems)
        others = {
            name: text.strip()
            for name, text in cells.items()
            if name not in self.modelled and text.strip() not in missing
        }
        values.update(row_number=row_number, perpetrator=perpetrator, other_columns=others)
        return tuple(values.get(field) for field in RECORD_FIELDS)

    def write(self, records: list[tuple[Any, ...]], *, run: ImportRun) -> int:
        dataset = dataset_of(run)
        with bulk_register_write():  # one change marked for the batch, not one a row (SQLite)
            return insert_rows(
                VictimRecord, ["dataset", "run", *RECORD_FIELDS], [(dataset.pk, run.pk, *r) for r in records]
            )

    # How each kind of cell is read; a ValueError carries the message for the user.

    def _flag(self, text: str) -> bool:
        assert self.layout is not None  # noqa: S101
        if text not in self.layout.flags:
            allowed = ", ".join(f"'{v}'" for v in self.layout.flags)
            raise ValueError(
                _("Not a yes/no flag of this layout: expected %(allowed)s or a missing value.") % {"allowed": allowed}
            )
        return self.layout.flags[text]

    def _year(self, text: str) -> str:
        text = text.removesuffix(".0")
        match = YEAR.match(text)
        if not match or not all(1990 <= int(y) <= 2100 for y in match.groups() if y):
            raise ValueError(_("Not a year (2016) or a range of years (2014-2018)."))
        return text

    def _alpha2(self, text: str) -> str:
        if text in ("00", "ZZ"):
            return UNKNOWN_COUNTRY
        if not re.fullmatch(r"[A-Z][A-Z0-9]", text):
            raise ValueError(_("Not an ISO 3166 two-letter country code."))
        return text

    def _alpha3(self, text: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", text):
            raise ValueError(_("Not an ISO 3166 three-letter country code."))
        return self.iso3.get(text, text)

    def _choice(self, allowed: set[str]) -> Callable[[str], str]:
        def read(text: str) -> str:
            if text not in allowed:
                raise ValueError(
                    _("Unknown value; expected one of: %(allowed)s.") % {"allowed": ", ".join(sorted(allowed))}
                )
            return text

        return read

    def _pattern(self, pattern: re.Pattern[str], message: str) -> Callable[[str], str]:
        def read(text: str) -> str:
            if not pattern.match(text):
                raise ValueError(message)
            return text

        return read

    def _text(self, text: str) -> str:
        if len(text) > 40:
            raise ValueError(_("Too long: at most %(max)s characters.") % {"max": 40})
        return text


def _data_source(importer: CtdcImporter, text: str) -> str:
    if text.lower() not in DATA_SOURCES:
        raise ValueError(_("Unknown data source; expected Case Management or Hotline."))
    return text


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


# For each kind of cell, given the importer, the function that reads it (a ValueError says what is wrong).
READERS: dict[str, Callable[[CtdcImporter], Callable[[str], Any]]] = {
    "flag": lambda importer: importer._flag,
    "year": lambda importer: importer._year,
    "alpha2": lambda importer: importer._alpha2,
    "alpha3": lambda importer: importer._alpha3,
    "text": lambda importer: importer._text,
    "data_source": lambda importer: lambda text: _data_source(importer, text),
    "gender": lambda importer: importer._choice(GENDERS),
    "majority": lambda importer: importer._choice(MAJORITY),
    "age": lambda importer: importer._pattern(AGE_BAND, _("Not an age band such as 18--20 or 48+.")),
    "months": lambda importer: importer._pattern(MONTHS, _("Not a duration band such as 0--12 or 25+.")),
    "list": lambda importer: _list,
}
# The order of the values parse() returns.
RECORD_FIELDS = [
    field.name for field in VictimRecord._meta.concrete_fields if field.name not in ("id", "dataset", "run")
]
