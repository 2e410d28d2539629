from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction

from vigie.accounts.models import Agency, User
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.problems import RowProblem, RowRejected

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "htcds"


@dataclass
class FakeRun:
    """What HtcdsImporter.write reads of the runner's ImportRun."""

    agency: Agency
    started_by: User


@dataclass
class Outcome:
    written: int
    duplicates: int
    problems: list[RowProblem]
    ignored_columns: list[str]


def import_file(path: Path, *, agency: Agency, actor: User, seen_keys: set[str] | None = None) -> Outcome:
    """The runner's loop in short (until H1's runner is merged): keys, parse, all-or-nothing write."""
    importer = HtcdsImporter()
    seen = seen_keys if seen_keys is not None else set()
    records, problems, duplicates = [], [], 0
    for number, cells in importer.rows(path):
        key = importer.key(number, cells)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        try:
            records.append(importer.parse(number, cells))
        except RowRejected as rejected:
            problems.extend(rejected.problems)
    written = 0
    if not problems:
        with transaction.atomic():
            for start in range(0, len(records), 500):
                written += importer.write(records[start : start + 500], run=FakeRun(agency, actor))
    return Outcome(written, duplicates, problems, importer.ignored_columns)


@pytest.fixture
def importer() -> HtcdsImporter:
    return HtcdsImporter()
