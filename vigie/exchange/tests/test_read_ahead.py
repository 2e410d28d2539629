"""Rows read and checked ahead, in a thread of their own, while the runner writes the previous batch."""

import csv
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext as _

from vigie.exchange.importing import CHECK_EVERY, RowProblem, RowRejected, run_import
from vigie.exchange.models import ImportRun, SourceRowKey
from vigie.exchange.readers import ImportRefused

pytestmark = pytest.mark.django_db
Status = ImportRun.Status
ROWS = CHECK_EVERY * 4 + 17  # more than the reader may hold ahead, and a last chunk not full


class NumbersImporter:
    """Rows "n" = 1…count; a multiple of 7 is rejected; records are written to a list."""

    kind = "numbers"
    parses_without_database = True
    batch_size = 300

    def __init__(self, count: int = ROWS, *, fail_after: int | None = None) -> None:
        self.count = count
        self.fail_after = fail_after
        self.written: list[int] = []
        self.parsing_threads: set[str] = set()

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        for n in range(1, self.count + 1):
            if n == self.fail_after:
                raise ImportRefused(f"The file is damaged after row {n}.")
            yield n + 1, {"n": str(n)}

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        return cells["n"]

    def parse(self, row_number: int, cells: dict[str, str]) -> int:
        self.parsing_threads.add(threading.current_thread().name)
        n = int(cells["n"])
        if n % 7 == 0:
            # A message of the catalogue, to see the user's language in the reading thread.
            raise RowRejected([RowProblem(row_number, "n", cells["n"], _("Expected TRUE or FALSE."))])
        return n

    def write(self, records: list[Any], *, run: ImportRun) -> int:
        self.written.extend(records)
        return len(records)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    (tmp_path / "numbers.txt").write_text("rows are made up by the importer")
    return tmp_path / "numbers.txt"


def reading_threads_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "vigie-import-read-ahead"]


def test_rows_checked_ahead_are_written_in_order_and_the_rejected_ones_come_back(tmp_path, path):
    importer = NumbersImporter()

    run = run_import(
        importer=importer,
        path=path,
        actor=None,
        keep_valid=True,
        rejects_to=tmp_path / "rejected.csv",
        language="fr",
    )

    assert run.status == Status.DONE
    assert importer.written == [n for n in range(1, ROWS + 1) if n % 7]
    assert (run.rows_read, run.rows_imported, run.rows_rejected) == (ROWS, ROWS - ROWS // 7, ROWS // 7)
    with (tmp_path / "rejected.csv").open(encoding="utf-8-sig") as file:
        rejected = list(csv.reader(file))[1:]
    assert [int(n) for n, _problem in rejected] == list(range(7, ROWS + 1, 7))
    assert rejected[0][1] == "n: TRUE ou FALSE attendu."
    assert importer.parsing_threads == {"vigie-import-read-ahead"}
    assert not reading_threads_alive()


def test_without_the_importers_word_rows_are_checked_in_the_importing_thread(path):
    importer = NumbersImporter(count=50)
    importer.parses_without_database = False

    run = run_import(importer=importer, path=path, actor=None, keep_valid=True)

    assert run.rows_imported == 50 - 50 // 7
    assert importer.parsing_threads == {threading.current_thread().name}


def test_a_file_found_damaged_while_reading_ahead_is_refused_and_leaves_nothing(path):
    importer = NumbersImporter(fail_after=CHECK_EVERY * 3 + 5)

    run = run_import(importer=importer, path=path, actor=None, keep_valid=True)

    assert run.status == Status.REFUSED
    assert run.error_summary == f"The file is damaged after row {CHECK_EVERY * 3 + 5}."
    assert importer.written  # batches were written before the damage was found, then rolled back
    assert SourceRowKey.objects.count() == 0
    assert not reading_threads_alive()


def test_a_cancel_stops_the_reading_thread(path):
    importer = NumbersImporter()

    def cancel_at_first_progress(done: int, total: int | None) -> None:
        ImportRun.objects.update(cancel_requested=True)

    run = run_import(importer=importer, path=path, actor=None, progress=cancel_at_first_progress)

    assert run.status == Status.CANCELLED
    assert run.rows_read == CHECK_EVERY
    assert SourceRowKey.objects.count() == 0
    assert not reading_threads_alive()
