"""HTCDS v2.0 (IOM's Human Trafficking Case Data Standard) into the register: see fields.py for the field table."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.exchange.htcds.generate import generate_htcds_rows
from vigie.exchange.htcds.parsing import HtcdsRecord, parse_row, row_key
from vigie.exchange.htcds.problems import RowProblem, RowRejected
from vigie.exchange.htcds.readers import EVENTS, PART, PART_SHEETS, HtcdsFileError, HtcdsReader
from vigie.exchange.htcds.writing import write_htcds_records
from vigie.exchange.readers import estimated_csv_rows, estimated_sheet_rows
from vigie.people.names import search_key
from vigie.reference.models import Country

__all__ = ["HtcdsFileError", "HtcdsImporter", "country_lookup", "generate_htcds_rows"]


def country_lookup() -> dict[str, str]:
    """Alpha-2, alpha-3 and English and French names (as search keys) -> alpha-2."""
    table: dict[str, str] = {}
    for iso2, iso3, name_en, name_fr in Country.objects.values_list("iso2", "iso3", "name_en", "name_fr"):
        for key in (name_en, name_fr, iso3, iso2):
            table[search_key(key)] = iso2
    return table


class HtcdsImporter:
    """The runner's Importer for kind "htcds" (vigie/exchange/importing.py)."""

    kind = "htcds"
    # A batch of the register costs some thirty queries whatever its size (locks, ids, existing cases, one
    # COPY per table, or one INSERT per 500 rows): twice the runner's default halves them per row. Memory
    # grows with the batch, not the file: 5,000 records added some 35 MB to the peak, 2,000 about a third.
    batch_size = 2000
    # Reading and checking a row costs about as much as writing it: on two cores, a big file is parsed in a
    # child process while this one writes (see the runner).
    parse_aside = True

    def __init__(self, today: datetime.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.reader: HtcdsReader | None = None
        self._countries: dict[str, str] | None = None
        # Rows of the export's further parts that are alike (two crossings of one border on one day) are
        # each a record: their keys are numbered by occurrence.
        self._part_keys: dict[str, int] = {}
        # What the register held before this run's first batch (see write_htcds_records).
        self._last_ids_before_run: dict[type, int] | None = None

    @property
    def ignored_columns(self) -> list[str]:
        """Columns of the last file read that are not imported (for the import summary)."""
        return self.reader.ignored_columns if self.reader else []

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        self.reader = HtcdsReader(path)
        return self.reader.rows()

    def whole_row(self, cells: dict[str, str]) -> dict[str, str]:
        """A rejected row's cells with those of its columns not imported: the file of rejected rows holds them
        all, so a value in a misspelt column is there to be moved to the right one."""
        return cells | (self.reader.other_cells() if self.reader else {})

    def estimated_rows(self, path: Path) -> int | None:
        """The main file's rows and its further parts' (beside a CSV, in the workbook's other sheets)."""
        if path.suffix.lower() in (".csv", ".txt"):
            files = [path, *(path.with_name(f"{path.stem}-{part}{path.suffix}") for part in PART_SHEETS)]
            return sum(estimated_csv_rows(file) for file in files if file.is_file())
        parts = set(PART_SHEETS.values())
        return estimated_sheet_rows(path, lambda names: names[:1] + [n for n in names[1:] if n in parts])

    def prepare(self) -> None:
        """The country table is read before parsing starts: a child process that parses has no database."""
        self._country_table()

    def _country_table(self) -> dict[str, str]:
        if self._countries is None:
            self._countries = country_lookup()
        return self._countries

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        key = row_key(cells)
        if not cells.get(PART):  # a main sheet's row (a file of rejected rows has the column, empty)
            return key
        count = self._part_keys[key] = self._part_keys.get(key, 0) + 1
        return f"{key}#{count}" if count > 1 else key

    def parse(self, row_number: int, cells: dict[str, str]) -> HtcdsRecord:
        # A file of rejected rows with a sheet column comes from vigie's export, which has an events sheet.
        with_events_part = self.reader is not None and (EVENTS in self.reader.parts or self.reader.has_part_column)
        try:
            return parse_row(
                row_number,
                cells,
                countries=self._country_table(),
                today=self.today,
                locations_are_events=not with_events_part,
            )
        except RowRejected as rejected:
            part = cells.get(PART)
            if not part:  # a main sheet's row (a file of rejected rows has the column, empty)
                raise
            # Row numbers are those of the row's own sheet (or file): the column says which one.
            sheet = PART_SHEETS[part]
            raise RowRejected(
                [RowProblem(p.row, f"{sheet}: {p.column}", p.value, p.message) for p in rejected.problems]
            ) from None

    def write(self, records: list[HtcdsRecord], *, run: Any) -> int:
        # Records of the register belong to an agency and were brought in by someone: both are required.
        if run.agency is None:
            raise HtcdsFileError(_("Choose the agency whose register receives the HTCDS records."))
        if run.started_by is None:
            raise HtcdsFileError(_("An HTCDS import is made by a signed-in user."))
        summary = write_htcds_records(
            records,
            agency=run.agency,
            actor=run.started_by,
            today=self.today,
            last_ids_before_run=self._last_ids_before_run,
        )
        self._last_ids_before_run = summary.last_ids_before_run
        return summary.rows
