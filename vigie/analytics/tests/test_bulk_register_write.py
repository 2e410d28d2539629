"""bulk_register_write: a bulk writer's rows mark the register changed once, at the end of its block."""

import pytest
from django.db import connection

from vigie.analytics.changes import TOKENS_TABLE, bulk_register_write, register_token, triggers_installed
from vigie.analytics.statistics import Dimension, VictimSnapshot, register_victims, victim_statistics
from vigie.cases.models import Case
from vigie.conftest import make_case
from vigie.exchange.htcds import HtcdsImporter
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv
from vigie.exchange.importing import run_import
from vigie.exchange.models import ImportRun


def stored_tokens() -> list[tuple[int, int]]:
    """Read from the table itself: register_token says None while the triggers are away (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT shard, token FROM {TOKENS_TABLE} ORDER BY shard")  # noqa: S608
        return [(shard, token) for shard, token in cursor.fetchall()]


def test_inside_the_block_writes_mark_nothing_and_its_end_marks_one_change(anltp, investigator):
    make_case(anltp, investigator)
    before = stored_tokens()

    with bulk_register_write():
        make_case(anltp, investigator)
        make_case(anltp, investigator)
        assert stored_tokens() == before

    after = stored_tokens()
    assert after != before
    assert triggers_installed(connection)
    make_case(anltp, investigator)
    assert stored_tokens() != after  # the triggers fire again after the block


def test_a_block_that_raises_leaves_the_triggers_firing_and_writes_nothing(anltp, investigator):
    before = stored_tokens()

    with pytest.raises(ZeroDivisionError), bulk_register_write():
        make_case(anltp, investigator)
        1 / 0  # noqa: B018

    assert stored_tokens() == before
    assert Case.objects.count() == 0
    assert triggers_installed(connection)
    make_case(anltp, investigator)
    assert stored_tokens() != before


def test_a_block_inside_another_leaves_the_triggers_off_until_the_outer_one_ends(anltp, investigator):
    before = stored_tokens()

    with bulk_register_write():
        with bulk_register_write():
            make_case(anltp, investigator)
        inner_end = stored_tokens()
        assert inner_end != before
        make_case(anltp, investigator)
        assert stored_tokens() == inner_end

    assert stored_tokens() != inner_end
    make_case(anltp, investigator)
    assert triggers_installed(connection)


def test_the_statistics_see_an_import_written_in_bulk(tmp_path, settings, anltp, investigator):
    settings.STATISTICS_SNAPSHOT_DIR = tmp_path / "snapshots"
    make_case(anltp, investigator)
    empty = victim_statistics(source="register", dimensions=[Dimension.SEX])  # kept as the snapshot
    token = register_token()
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(60, seed=31)), ALL_COLUMNS)

    run = run_import(importer=HtcdsImporter(), path=tmp_path / "cases.csv", actor=investigator, agency=anltp)

    assert run.status == ImportRun.Status.DONE
    assert register_token() not in (None, token)
    seen = victim_statistics(source="register", dimensions=[Dimension.SEX])
    read_afresh = VictimSnapshot.of(register_victims(Case.objects.all())).count([Dimension.SEX])
    assert seen.rows == read_afresh.rows
    assert sum(row.victims for row in seen.rows) > sum(row.victims for row in empty.rows)
