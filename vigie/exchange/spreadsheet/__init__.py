"""Any agency spreadsheet (XLSX or CSV, French or English headers) into the register, through a saved
column mapping (exchange.ColumnMapping; the fields in fields.py). Rows are written by the HTCDS writer
with this importer's origin: rows with the same case number are one case, found again by later files."""

import dataclasses
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.exchange.htcds import country_lookup
from vigie.exchange.htcds.parsing import HtcdsRecord
from vigie.exchange.htcds.writing import Origin, write_htcds_records
from vigie.exchange.readers import ImportRefused, csv_rows, estimated_csv_rows, estimated_sheet_rows, xlsx_rows
from vigie.exchange.spreadsheet.fields import plain, suggest_mapping
from vigie.exchange.spreadsheet.parsing import MappingSpec, lookups_for, parse_row, row_key

if TYPE_CHECKING:
    from vigie.exchange.models import ColumnMapping

__all__ = ["SPREADSHEET_ORIGIN", "MappingSpec", "SpreadsheetImporter", "read_sample", "suggest_mapping"]


def _texts() -> dict[str, str]:
    return {
        "imported": _("Imported from an agency spreadsheet (row %(row)d)."),
        "no_closing_date": _("The spreadsheet gives no closing date: the day of the import is used."),
        "identified": _("Recorded as a victim of trafficking in the imported spreadsheet (row %(row)d)."),
        "org_unknown": "",
        "recorded": _("Recorded in the imported spreadsheet."),
        "closed": _("The case is closed in the imported spreadsheet (row %(row)d)."),
        "no_consent": "",
        "consent": "",
    }


SPREADSHEET_ORIGIN = Origin("spreadsheet", "Source ", "spreadsheet-import", "Spreadsheet", _texts)


def spreadsheet_rows(
    path: Path, *, sheet: str = "", on_header: Callable[[list[str]], None] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV by its extension, else XLSX (the sheet named, else the first); the table starts at the first row
    with at least two headers."""
    if path.suffix.lower() in (".csv", ".txt"):
        return csv_rows(path, on_header=on_header)
    return xlsx_rows(
        path,
        is_header=lambda texts: sum(1 for t in texts if t) >= 2,
        sheet=sheet,
        on_header=on_header,
        dates_as_shown=True,
    )


def read_sample(path: Path, *, rows: int = 5, sheet: str = "") -> tuple[list[str], list[dict[str, str]]]:
    """The headers and the first rows of a file (of one sheet of a workbook), for the mapping page."""
    header: list[str] = []

    def keep(names: list[str]) -> None:
        header.extend(names)

    sample: list[dict[str, str]] = []
    for _number, cells in spreadsheet_rows(path, sheet=sheet, on_header=keep):
        sample.append(cells)
        if len(sample) >= rows:
            break
    if not header:
        raise ImportRefused(_("The file is empty."))
    return [h for h in header if h], sample


class SpreadsheetImporter:
    """The runner's Importer for kind "spreadsheet" (vigie/exchange/importing.py)."""

    kind = "spreadsheet"

    def __init__(
        self,
        mapping: "ColumnMapping | MappingSpec | None" = None,
        *,
        today: datetime.date | None = None,
    ) -> None:
        if mapping is None:
            raise ImportRefused(_("Choose the column mapping that says how to read this spreadsheet."))
        self.spec = mapping if isinstance(mapping, MappingSpec) else MappingSpec.of(mapping)
        self.today = today or timezone.localdate()
        self.lookups = lookups_for(self.spec)
        self._countries: dict[str, str] | None = None
        # What the register held before this run's first batch (see write_htcds_records).
        self._last_ids_before_run: dict[type, int] | None = None

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        return spreadsheet_rows(path, sheet=self.spec.sheet, on_header=self._find_columns)

    def _find_columns(self, header: list[str]) -> None:
        """The mapping's columns in this file, which may not be the file the mapping was made with. A header
        written with other capitals, accents or spaces is the same column; a missing one refuses the file,
        whose rows would otherwise go in with that field empty, and nobody told."""
        by_plain_name = {plain(name): name for name in header if name}
        columns, missing = {}, []
        for column, target in self.spec.columns.items():
            found = column if column in header else by_plain_name.get(plain(column))
            if found is None:
                missing.append(column)
            else:
                columns[found] = target
        if missing:
            raise ImportRefused(
                _("Columns that the mapping reads are missing from the file: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        self.spec = dataclasses.replace(self.spec, columns=columns)

    def estimated_rows(self, path: Path) -> int | None:
        if path.suffix.lower() in (".csv", ".txt"):
            return estimated_csv_rows(path)
        sheet = self.spec.sheet
        return estimated_sheet_rows(path, lambda names: [sheet] if sheet in names else names[:1])

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        return row_key(cells, self.spec)

    def parse(self, row_number: int, cells: dict[str, str]) -> HtcdsRecord:
        if self._countries is None:
            self._countries = country_lookup()
        return parse_row(
            row_number, cells, spec=self.spec, lookups=self.lookups, countries=self._countries, today=self.today
        )

    def write(self, records: list[HtcdsRecord], *, run: Any) -> int:
        if run.agency is None:
            raise ImportRefused(_("Choose the agency whose register receives the records."))
        if run.started_by is None:
            raise ImportRefused(_("A spreadsheet import is made by a signed-in user."))
        summary = write_htcds_records(
            records,
            agency=run.agency,
            actor=run.started_by,
            today=self.today,
            origin=SPREADSHEET_ORIGIN,
            last_ids_before_run=self._last_ids_before_run,
        )
        self._last_ids_before_run = summary.last_ids_before_run
        return summary.rows
