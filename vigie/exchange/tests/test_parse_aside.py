"""A big CTDC or GLOTIP file is read and parsed in a child process while the runner writes (as an HTCDS file,
see htcds/tests/test_parse_aside.py): the records, keys and problems are those of a file parsed here."""

import multiprocessing
import signal

import pytest
from openpyxl import Workbook, load_workbook

from vigie.exchange import importing
from vigie.exchange.ctdc import CtdcImporter
from vigie.exchange.glotip import GlotipImporter
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportRun, OfficialStatistic, VictimRecord

from .conftest import CTDC_10_HEADER, GLOTIP_FILE, ctdc_10_rows, write_csv
from .parsing_support import parse_every_file_aside

pytestmark = [
    pytest.mark.django_db,
    # Under pytest-xdist the worker runs a thread of its own (see parse_every_file_aside).
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]
Status = ImportRun.Status


def victim_records(dataset: str) -> list[tuple[object, ...]]:
    fields = ["row_number", "year_of_registration", "gender", "age_band", "citizenship", "is_forced_labour"]
    return sorted(VictimRecord.objects.filter(dataset__name=dataset).values_list(*fields, "other_columns"))


def test_a_ctdc_file_parsed_aside_gives_the_records_parsed_here(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(60))
    here = run_import(importer=CtdcImporter(), path=path, actor=None, dataset="here")
    parsed_aside = parse_every_file_aside(monkeypatch)

    aside = run_import(importer=CtdcImporter(), path=path, actor=None, dataset="aside")
    again = run_import(importer=CtdcImporter(), path=path, actor=None, dataset="aside")

    assert (aside.status, aside.rows_read, aside.rows_imported) == (here.status, 60, 60) == (Status.DONE, 60, 60)
    assert victim_records("aside") == victim_records("here")
    assert (again.rows_imported, again.rows_skipped) == (0, 60)  # the keys made in the child are the same
    assert parsed_aside == ["ctdc", "ctdc"]
    assert multiprocessing.active_children() == []


def test_a_ctdc_row_rejected_aside_is_reported_in_the_users_language(tmp_path, monkeypatch):
    rows = ctdc_10_rows(30)
    rows[11][6] = "peut-être"  # isForcedLabour
    path = write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, rows)
    parsed_aside = parse_every_file_aside(monkeypatch)

    run = run_import(importer=CtdcImporter(), path=path, actor=None, dataset="CTDC", language="fr")

    assert (run.status, run.rows_rejected) == (Status.REFUSED, 1)
    problem = run.rejected_rows.get()
    assert (problem.row_number, problem.column, problem.value) == (13, "isForcedLabour", "peut-être")
    assert problem.message.startswith("Ce n'est pas un indicateur oui/non de ce format")
    assert not VictimRecord.objects.exists()
    assert parsed_aside == ["ctdc"]


def test_a_glotip_workbook_parsed_aside_gives_the_figures_parsed_here(tmp_path, monkeypatch):
    small = tmp_path / "glotip.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for number, row in enumerate(load_workbook(GLOTIP_FILE, read_only=True).worksheets[0].iter_rows(values_only=True)):
        sheet.append(row)
        if number == 79:  # the two lines above the header, the header, and 77 rows
            break
    book.save(small)
    here = run_import(importer=GlotipImporter(), path=small, actor=None, dataset="here")
    parsed_aside = parse_every_file_aside(monkeypatch)

    aside = run_import(importer=GlotipImporter(), path=small, actor=None, dataset="aside")

    assert (aside.status, aside.rows_imported) == (here.status, here.rows_imported) == (Status.DONE, 77)

    def figures(dataset):
        rows = OfficialStatistic.objects.filter(dataset__name=dataset)
        return sorted(rows.values_list("row_number", "country", "indicator", "year", "value", "below"))

    assert figures("aside") == figures("here")
    assert parsed_aside == ["glotip"]
    assert multiprocessing.active_children() == []


def test_the_child_parses_with_the_stopping_signals_its_own_and_the_parent_gets_them_back(tmp_path, monkeypatch):
    # Ctrl-C reaches every process of the terminal's group, and the parent stops the child with SIGTERM, which
    # `vigie import` turns into an interrupt: a child running the handlers it inherited printed a traceback.
    # It starts with them blocked, ignores Ctrl-C, takes SIGTERM and SIGHUP as the system does, then unblocks.
    path = write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(20))
    parse_every_file_aside(monkeypatch)
    at_start, while_parsing = tmp_path / "at_start", tmp_path / "while_parsing"
    parse_aside, rows = importing._parse_aside, CtdcImporter.rows

    def blocked() -> set[int]:
        return set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & importing.CHILD_SIGNALS

    def starting(importer, path, sender, parents_end):
        at_start.write_text(repr(sorted(blocked())))
        parse_aside(importer, path, sender, parents_end)

    def reading(importer, path):
        handlers = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]
        while_parsing.write_text(repr((handlers, sorted(blocked()))))
        return rows(importer, path)

    monkeypatch.setattr(importing, "_parse_aside", starting)
    monkeypatch.setattr(CtdcImporter, "rows", reading)
    parents_handler = signal.signal(signal.SIGTERM, lambda *_: None)  # as `vigie import` has one
    try:
        run = run_import(importer=CtdcImporter(), path=path, actor=None, dataset="CTDC")
    finally:
        signal.signal(signal.SIGTERM, parents_handler)

    assert run.status == Status.DONE
    assert at_start.read_text() == repr(sorted(importing.CHILD_SIGNALS))
    assert while_parsing.read_text() == repr(([signal.SIG_IGN, signal.SIG_DFL, signal.SIG_DFL], []))
    assert not blocked()  # in the parent, after the import


def test_a_child_that_cannot_start_fails_the_import_and_leaves_the_signals_as_they_were(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "ctdc.csv", CTDC_10_HEADER, ctdc_10_rows(20))
    parse_every_file_aside(monkeypatch)

    def no_more_processes(self):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", no_more_processes)

    with pytest.raises(BlockingIOError):
        run_import(importer=CtdcImporter(), path=path, actor=None, dataset="CTDC")

    assert ImportRun.objects.get().status == Status.FAILED
    assert not set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & importing.CHILD_SIGNALS
    assert not VictimRecord.objects.exists()
