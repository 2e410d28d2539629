"""Files are streamed: four times the rows must not take four times the memory."""

import tracemalloc

import pytest

from vigie.exchange.importers import importer_for
from vigie.exchange.importing import run_import

from .conftest import CTDC_10_HEADER, ctdc_10_rows, write_csv

pytestmark = pytest.mark.django_db


def peak_bytes(path) -> int:
    tracemalloc.start()
    try:
        run_import(importer=importer_for("ctdc"), path=path, actor=None, dataset=path.stem)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_file_grows(tmp_path, settings):
    settings.DEBUG = False  # with DEBUG, Django keeps every query it ran
    small = write_csv(tmp_path / "small.csv", CTDC_10_HEADER, ctdc_10_rows(10_000))
    large = write_csv(tmp_path / "large.csv", CTDC_10_HEADER, ctdc_10_rows(40_000))
    peak_bytes(small)  # warm up: imports, translations, caches

    small_peak, large_peak = peak_bytes(small), peak_bytes(large)

    # Batches of a thousand rows: the peak is that of one batch, whatever the file's length.
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


def test_memory_stays_flat_for_rows_without_an_identifier(tmp_path, settings):
    # No row number in the index column: each row is keyed by its content, numbered by occurrence, and
    # the numbering remembers every distinct row seen (keys.ContentKeys): it must stay small beside a batch.
    settings.DEBUG = False

    def unindexed(count: int) -> list[list[str]]:
        return [[f"r{row[0]}", *row[1:]] for row in ctdc_10_rows(count)]

    small = write_csv(tmp_path / "small.csv", CTDC_10_HEADER, unindexed(10_000))
    large = write_csv(tmp_path / "large.csv", CTDC_10_HEADER, unindexed(40_000))
    peak_bytes(small)

    small_peak, large_peak = peak_bytes(small), peak_bytes(large)

    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
