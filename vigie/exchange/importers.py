"""Which importer reads which kind of file: `vigie import KIND FILE` and the web page look them up here."""

from typing import Any

from django.utils.module_loading import import_string

from vigie.exchange.importing import Importer

# Each helper of issue 5 adds its line (htcds, spreadsheet) when its importer is merged.
IMPORTERS: dict[str, str] = {
    "glotip": "vigie.exchange.glotip.GlotipImporter",
    "ctdc": "vigie.exchange.ctdc.CtdcImporter",
    "htcds": "vigie.exchange.htcds.HtcdsImporter",
    "spreadsheet": "vigie.exchange.spreadsheet.SpreadsheetImporter",
    "case-json": "vigie.exchange.case_json_import.CaseJsonImporter",
}
# Where an anonymous data set is imported when the user names none.
DEFAULT_DATASETS = {"glotip": "UNODC GLOTIP"}


def importer_for(kind: str, **options: Any) -> Importer:
    """A fresh importer: it keeps state for one run (the header it read, the keys it gave). `options` go to
    its constructor (the spreadsheet importer takes `mapping`)."""
    importer: Importer = import_string(IMPORTERS[kind])(**options)
    return importer
