"""One row of an agency spreadsheet, read through a column mapping, into the record the HTCDS writer takes.

Problems name the file's own column (the user's header), the value and a message in the user's language.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from vigie.exchange.dates import DAY_FIRST, DateNotUnderstood, parse_full_date, parse_partial_date
from vigie.exchange.htcds.parsing import EventRecord, HtcdsRecord, RowParser
from vigie.exchange.importing import RowProblem, RowRejected
from vigie.exchange.readers import EXTRA_CELLS
from vigie.exchange.spreadsheet.fields import PICKLIST_TARGETS, TARGETS_BY_NAME, plain, value_lookup
from vigie.people.names import search_key

if TYPE_CHECKING:
    from vigie.exchange.models import ColumnMapping

SEPARATORS = re.compile(r"\s*[;,/+|]\s*|\s+(?:et|and)\s+")
# The columns that say who a row is, besides the case number: the key of a row (see row_key).
EVENT_KINDS = ("recruitment", "exploitation", "interception")


@dataclass(frozen=True)
class MappingSpec:
    """What the importer needs of a ColumnMapping: plain data, so parsing is tested without a database."""

    columns: dict[str, str]  # header in the file -> target name (unmapped headers are absent)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: str = DAY_FIRST
    sheet: str = ""  # of a workbook; empty: the first sheet (and any CSV file)

    @classmethod
    def of(cls, mapping: "ColumnMapping") -> "MappingSpec":
        return cls(
            columns={h: t for h, t in mapping.columns.items() if t in TARGETS_BY_NAME},
            value_maps=mapping.value_maps,
            date_order=mapping.date_order,
            sheet=mapping.sheet,
        )

    def column_of(self, target: str) -> str | None:
        return next((header for header, name in self.columns.items() if name == target), None)


class MappedRowParser(RowParser):
    def __init__(
        self,
        row: int,
        cells: dict[str, str],
        spec: MappingSpec,
        lookups: dict[str, dict[str, str]],
        countries: dict[str, str],
        today: datetime.date,
    ) -> None:
        super().__init__(row, cells, countries, today)
        self.spec = spec
        self.lookups = lookups

    def of(self, target: str, max_length: int = 0) -> str:
        column = self.spec.column_of(target)
        return self.text(column, max_length) if column else ""

    def partial_date(self, target: str) -> str:
        column = self.spec.column_of(target)
        if not column:
            return ""
        try:
            value = parse_partial_date(self.text(column), order=self.spec.date_order)
        except DateNotUnderstood as error:
            self.problem(column, str(error))
            return ""
        if value > self.today.isoformat():  # ISO text: "2027" and "2026-12" sort after "2026-11-28"
            self.problem(column, _("This date is in the future."))
            return ""
        return value

    def day(self, target: str) -> datetime.date | None:
        column = self.spec.column_of(target)
        if not column:
            return None
        try:
            value = parse_full_date(self.text(column), order=self.spec.date_order)
        except DateNotUnderstood as error:
            self.problem(column, str(error))
            return None
        if value is not None and value > self.today:
            self.problem(column, _("This date is in the future."))
            return None
        return value

    def picks(self, target: str) -> list[str]:
        column = self.spec.column_of(target) or ""
        raw = self.text(column) if column else ""
        if not raw:
            return []
        lookup = self.lookups[target]
        whole = lookup.get(plain(raw))
        if whole is not None:
            return [whole]
        parts = [p for p in SEPARATORS.split(raw) if p.strip()] if TARGETS_BY_NAME[target].multiple else [raw]
        codes = [lookup.get(plain(p)) for p in parts]
        unknown = [p for p, c in zip(parts, codes, strict=True) if c is None]
        if unknown:
            self.problem(
                column,
                _("Value not known: %(values)s. Say what it means in the mapping's values.")
                % {"values": ", ".join(unknown)},
            )
            return []
        return list(dict.fromkeys(c for c in codes if c is not None))

    def age(self) -> int | None:
        column = self.spec.column_of("age") or ""
        raw = self.text(column).lower().removesuffix("ans").removesuffix("years").strip() if column else ""
        if not raw:
            return None
        if not raw.isdigit() or int(raw) > 120:
            self.problem(column, _("Expected an age in years, from 0 to 120."))
            return None
        return int(raw)

    def event(self, kind: str) -> EventRecord | None:
        place = self.of(f"{kind}_place", 200)
        date = self.partial_date(f"{kind}_date")
        if not (place or date):
            return None
        # A place that is a country's name or code is the event's country; otherwise the town or site.
        country = self.countries.get(search_key(place)) if place else None
        return EventRecord(kind=kind, date=date, country_id=country, locality="" if country else place)


def lookups_for(spec: MappingSpec) -> dict[str, dict[str, str]]:
    return {t.name: value_lookup(t, spec.value_maps.get(t.name)) for t in PICKLIST_TARGETS}


def parse_row(
    row: int,
    cells: dict[str, str],
    *,
    spec: MappingSpec,
    lookups: dict[str, dict[str, str]],
    countries: dict[str, str],
    today: datetime.date,
) -> HtcdsRecord:
    p = MappedRowParser(row, cells, spec, lookups, countries, today)
    statuses = p.picks("case_status")
    status = statuses[0] if statuses else "open"
    opened_on = p.day("case_opened_on")
    given_names, family_name = p.of("given_names", 200), p.of("family_name", 200)
    if not (given_names or family_name):
        for target, family_first in (("full_name", True), ("full_name_given_first", False)):
            if full_name := p.of(target, 200):
                given_names, family_name = split_full_name(full_name, family_first=family_first)
                break
    if not (given_names or family_name):
        column = next((c for t in NAME_TARGETS if (c := spec.column_of(t))), "")
        p.problems.append(RowProblem(row, column, "", _("Enter at least a given name or a family name.")))
    roles = p.picks("role")
    role = roles[0] if roles else "presumed_victim"
    victim_facts = role != "suspect"
    country = p.country(spec.column_of("case_country") or "")
    case_notes = [line for line in (p.of("case_narrative"),) if line]
    case_title = p.of("case_title", 200)
    case_key = p.of("case_key", 150)
    if case_key and case_title:
        # The title carries the file's case number (so a later file finds the case): the file's title is
        # kept at the head of the narrative.
        case_notes.insert(0, _("Title in the file: %(title)s") % {"title": case_title})
    phone = p.phone(spec.column_of("phone") or "")
    record = HtcdsRecord(
        row=row,
        case_number=case_key,
        status=status,
        closure_reason="other" if status == "closed" else "",
        opened_on=opened_on,
        closed_on=max(today, opened_on or today) if status == "closed" else None,
        reported_on=opened_on,
        closing_day_assumed=status == "closed",
        case_notes=case_notes,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=p.partial_date("date_of_birth"),
        sex=(p.picks("sex") or ["unknown"])[0],
        languages="",
        nationalities=p.country(spec.column_of("nationality") or "", several=True),
        residence_country_id=None,
        residence_area="",
        residence_locality="",
        identity_number=p.of("identity_number", 60),
        phones=[(phone, "")] if phone else [],
        role=role,
        # The register says what part a suspect played; a spreadsheet rarely does.
        suspect_role="other" if role == "suspect" else "",
        identified_by="",
        forms_of_exploitation=p.picks("forms_of_exploitation") if victim_facts else [],
        sector="",
        means_of_control=p.picks("means_of_control") if victim_facts else [],
        participant_notes=[line for line in (p.of("person_notes"),) if line],
        estimated_age=p.age(),
        offences=tuple(p.picks("case_offences")) or ("tip",),
        case_title=case_title,
        case_country_id=country[0] if country else None,
    )
    record.events = [e for kind in EVENT_KINDS if (e := p.event(kind)) is not None]
    if p.problems:
        raise RowRejected(p.problems)
    return record


NAME_TARGETS = ("given_names", "family_name", "full_name", "full_name_given_first")


def split_full_name(name: str, *, family_first: bool) -> tuple[str, str]:
    """(given names, family name) of a name in one cell. Before a comma is the family name ("OKAFOR,
    Grace"); else the words in capitals when some are and some are not ("KONÉ Awa Mariam", "Awa Mariam
    KONÉ", as registers write it; an initial such as "A." is not a family name); else the first word (family
    name first) or the last. One word is a family name."""
    if "," in name:
        before, after = name.split(",", 1)
        return " ".join(after.split()), " ".join(before.split())
    words = name.split()
    if len(words) == 1:
        return "", words[0]
    capitals = [len(w.strip(".")) > 1 and w.isupper() for w in words]
    if any(capitals) and not all(capitals):
        given = [w for w, capital in zip(words, capitals, strict=True) if not capital]
        family = [w for w, capital in zip(words, capitals, strict=True) if capital]
        return " ".join(given), " ".join(family)
    if family_first:
        return " ".join(words[1:]), words[0]
    return " ".join(words[:-1]), words[-1]


def row_key(cells: dict[str, str], spec: MappingSpec) -> str:
    """What the row says in the columns the mapping reads, as written (accents, case and blank cells
    ignored), by field: the same row in the same or an overlapping file has the same key, which the runner
    scopes to the agency, whatever the other columns say (a "last updated" column changes every month). A
    row edited since its import (its case closed since) has another key: the writer finds its case and person
    again by their number and names, adds what is new and applies its closure (see htcds/writing.py)."""
    parts = sorted(
        f"{target}={plain(value)}"
        for header, target in spec.columns.items()
        if (value := cells.get(header, "")).strip()
    )
    if extra := cells.get(EXTRA_CELLS):
        parts.append(f"+{plain(extra)}")
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:40]
    return f"sheet:{digest}"
