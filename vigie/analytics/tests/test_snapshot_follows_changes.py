"""The kept snapshot follows the register's changes from the change log (re-reading only the victims of the
persons and cases written) and always counts what a fresh read of the register counts.

These tests commit their writes (transactional database): a snapshot read inside a transaction is never
followed (changes.py), and a dashboard's request reads outside one.
"""

import contextlib
import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vigie.analytics import changes, statistics
from vigie.analytics.models import RegisterChangeLog
from vigie.analytics.statistics import (
    Dimension,
    VictimFilters,
    VictimSnapshot,
    count_victims,
    dataset_victims,
    read_register_snapshot,
    register_snapshot,
    victim_source,
)
from vigie.analytics.tests.test_snapshot_engine import INDICATORS
from vigie.cases.models import Case, Event, Participant
from vigie.conftest import make_case
from vigie.exchange.models import DataSet, ImportRun, VictimRecord
from vigie.people.models import Person

# Committed writes; the reference data (countries, loaded by migration) put back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
COUNTRIES = ["NE", "NG", "ML", "BF"]
FORMS = ["sexual", "forced_labour", "forced_begging", "mixed", "servitude"]
ROLES = [Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM, Participant.Role.WITNESS]
PARTIAL_DATES = ["", "2001", "2010-06", "2016-02-29", "2019-11-03"]
FILTERS = [VictimFilters(), VictimFilters(year_from=2021, year_to=2023), VictimFilters(country="NG")]


def figures(snapshot: VictimSnapshot) -> list[Any]:
    return [
        (counts.rows, counts.metadata)
        for dimensions in INDICATORS
        for filters in FILTERS
        for counts in [count_victims(snapshot, dimensions, filters)]
    ]


class Reads:
    """Counts the whole-register reads, and the persons re-read to follow a change."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.whole = 0
        self.persons = 0
        read = statistics.read_register_snapshot

        def counted(using: str = "default", *, persons: Any = None) -> VictimSnapshot:
            if persons is None:
                self.whole += 1
            else:
                self.persons += len(persons)
            return read(using, persons=persons)

        monkeypatch.setattr(statistics, "read_register_snapshot", counted)


@pytest.fixture
def reads(monkeypatch, settings, tmp_path) -> Iterator[Reads]:
    settings.STATISTICS_SNAPSHOT_DIR = tmp_path
    statistics._SNAPSHOTS.clear()
    statistics._FOLLOWABLE.clear()
    yield Reads(monkeypatch)
    statistics._SNAPSHOTS.clear()
    statistics._FOLLOWABLE.clear()


def pick(model: type[Model], index: int) -> Any:
    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    return model._default_manager.get(pk=ids[index % len(ids)]) if ids else None


def make_person(agency, sex: str) -> Person:
    return Person.objects.create(given_names="A", family_name="B", sex=sex, recorded_by_agency=agency)


# The writes: each draws all it needs first (the draws must not depend on the database), then writes
# plainly: the triggers see every write, whatever makes it.
def draw_date(draw) -> datetime.date:
    return datetime.date(draw(st.integers(2020, 2024)), 5, 1)


def new_case(agency, actor, draw) -> None:
    country, opened, reported = draw(st.sampled_from(COUNTRIES)), draw_date(draw), draw(st.booleans())
    make_case(
        agency,
        actor,
        country_id=country,
        opened_on=opened,
        reported_on=datetime.date(2019, 12, 30) if reported else None,
    )


def edit_case(agency, actor, draw) -> None:
    index, country, opened = draw(st.integers(0, 50)), draw(st.sampled_from(COUNTRIES)), draw_date(draw)
    if case := pick(Case, index):
        Case.objects.filter(pk=case.pk).update(country_id=country, opened_on=opened)


def delete_case(agency, actor, draw) -> None:
    if case := pick(Case, draw(st.integers(0, 50))):
        case.delete()


def new_participant(agency, actor, draw) -> None:
    case_index, person_index, known = draw(st.integers(0, 50)), draw(st.integers(0, 50)), draw(st.booleans())
    sex, role = draw(st.sampled_from(["female", "male"])), draw(st.sampled_from(ROLES))
    forms = draw(st.lists(st.sampled_from(FORMS), max_size=2, unique=True))
    identified = draw(st.sampled_from([None, datetime.date(2022, 7, 14)]))
    case = pick(Case, case_index)
    if case is None:
        return
    person = pick(Person, person_index) if known else None
    if person is None:
        person = make_person(agency, sex)
    Participant.objects.create(
        case=case, person=person, role=role, forms_of_exploitation=forms, identified_on=identified
    )


def edit_participant(agency, actor, draw) -> None:
    index, role = draw(st.integers(0, 50)), draw(st.sampled_from(ROLES))
    forms = draw(st.lists(st.sampled_from(FORMS), max_size=2, unique=True))
    identified = draw(st.sampled_from([None, datetime.date(2023, 1, 2)]))
    if participant := pick(Participant, index):
        Participant.objects.filter(pk=participant.pk).update(
            role=role, forms_of_exploitation=forms, identified_on=identified
        )


def move_participant(agency, actor, draw) -> None:
    participant, person = pick(Participant, draw(st.integers(0, 50))), pick(Person, draw(st.integers(0, 50)))
    if participant and person:
        Participant.objects.filter(pk=participant.pk).update(person=person)


def delete_participant(agency, actor, draw) -> None:
    if participant := pick(Participant, draw(st.integers(0, 50))):
        participant.delete()


def edit_person(agency, actor, draw) -> None:
    index, estimated = draw(st.integers(0, 50)), draw(st.sampled_from([None, 15, 30]))
    sex = draw(st.sampled_from(["female", "male", "unknown", "transgender_female"]))
    born = draw(st.sampled_from(PARTIAL_DATES))
    if person := pick(Person, index):
        Person.objects.filter(pk=person.pk).update(
            sex=sex,
            date_of_birth=born,
            estimated_age=estimated,
            age_estimated_on=datetime.date(2021, 3, 1) if estimated else None,
        )


def set_nationalities(agency, actor, draw) -> None:
    index, countries = draw(st.integers(0, 50)), draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True))
    if person := pick(Person, index):
        person.nationalities.set(countries)


def new_event(agency, actor, draw) -> None:
    index, kind = draw(st.integers(0, 50)), draw(st.sampled_from([Event.Kind.EXPLOITATION, Event.Kind.RESCUE]))
    linked = draw(st.integers(0, 2))
    if case := pick(Case, index):
        event = Event.objects.create(case=case, kind=kind, date="2012-04")
        event.participants.set(case.participants.order_by("pk")[:linked])


def edit_event(agency, actor, draw) -> None:
    index, date = draw(st.integers(0, 50)), draw(st.sampled_from(PARTIAL_DATES))
    kind = draw(st.sampled_from(list(Event.Kind)))
    if event := pick(Event, index):
        Event.objects.filter(pk=event.pk).update(date=date, kind=kind)


def unlink_event(agency, actor, draw) -> None:
    if (event := pick(Event, draw(st.integers(0, 50)))) and (participant := event.participants.first()):
        event.participants.remove(participant)


def delete_event(agency, actor, draw) -> None:
    if event := pick(Event, draw(st.integers(0, 50))):
        event.delete()


def import_data_set(agency, actor, draw) -> None:
    genders = draw(st.lists(st.sampled_from(["Female", "Male"]), min_size=1, max_size=3))
    dataset = DataSet.objects.create(name=f"ctdc-{DataSet.objects.count()}", kind=DataSet.Kind.CTDC_DERIVED_10)
    run = ImportRun.objects.create(kind="ctdc", file_name="ctdc.csv", sha256="0" * 64, size=1, dataset=dataset)
    VictimRecord.objects.bulk_create(
        VictimRecord(dataset=dataset, run=run, row_number=n, gender=gender) for n, gender in enumerate(genders)
    )


def edit_data_set(agency, actor, draw) -> None:
    index, gender = draw(st.integers(0, 50)), draw(st.sampled_from(["Female", "Male", None]))
    if record := pick(VictimRecord, index):
        VictimRecord.objects.filter(pk=record.pk).update(gender=gender)


def empty_register() -> None:
    Case.objects.all().delete()
    Person.objects.all().delete()
    VictimRecord.objects.all().delete()
    ImportRun.objects.all().delete()
    DataSet.objects.all().delete()


def committed(write: Callable[..., None], *args: Any) -> None:
    """The write in its own transaction; one the database refuses (a participant twice in a role) is none."""
    with contextlib.suppress(IntegrityError), transaction.atomic():
        write(*args)


WRITES: list[Callable[..., None]] = [
    new_case,
    edit_case,
    delete_case,
    new_participant,
    edit_participant,
    move_participant,
    delete_participant,
    edit_person,
    set_nationalities,
    new_event,
    edit_event,
    unlink_event,
    delete_event,
    import_data_set,
    edit_data_set,
]


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_the_followed_snapshot_counts_what_a_fresh_read_counts(data, reads, anltp, investigator):
    empty_register()
    # A small register: cases, their victims and others, then some nationalities, events and data sets.
    setup = [new_case] * data.draw(st.integers(1, 3)) + [new_participant] * data.draw(st.integers(1, 6))
    setup += data.draw(st.lists(st.sampled_from([set_nationalities, new_event, import_data_set]), max_size=4))
    for write in setup:
        committed(write, anltp, investigator, data.draw)
    register_snapshot()  # kept, with its position in the log
    whole_reads = reads.whole
    for write in data.draw(st.lists(st.sampled_from(WRITES), min_size=1, max_size=5)):
        committed(write, anltp, investigator, data.draw)

    followed = register_snapshot()

    assert figures(followed) == figures(read_register_snapshot())
    assert reads.whole == whole_reads  # followed from the log, not read whole
    for dataset in DataSet.objects.all():
        kept = victim_source(dataset.name).victims
        assert figures(kept) == figures(VictimSnapshot.of(dataset_victims(dataset)))


def victims_by_sex() -> dict[Any, int]:
    return {row.values: row.victims for row in count_victims(register_snapshot(), [Dimension.SEX]).rows}


def add_victim(case: Case, sex: str) -> Participant:
    person = make_person(case.agency, sex)
    return Participant.objects.create(case=case, person=person, role=Participant.Role.PRESUMED_VICTIM)


def test_one_edited_case_rereads_only_its_victims(reads, anltp, investigator):
    cases = [make_case(anltp, investigator) for _ in range(3)]
    for case in cases:
        add_victim(case, "female")
        add_victim(case, "male")
    assert victims_by_sex() == {("female",): 3, ("male",): 3}

    Case.objects.filter(pk=cases[0].pk).update(country_id="NG")
    by_country = count_victims(register_snapshot(), [Dimension.COUNTRY_OF_DETECTION]).rows

    assert {row.values: row.victims for row in by_country} == {("NE",): 4, ("NG",): 2}
    assert (reads.whole, reads.persons) == (1, 2)


def test_a_snapshot_read_inside_a_rolled_back_transaction_is_not_followed(reads, anltp, investigator):
    case = make_case(anltp, investigator)
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 1}

    with pytest.raises(RuntimeError), transaction.atomic():
        add_victim(case, "male")
        assert victims_by_sex() == {("female",): 1, ("male",): 1}  # its own write, seen inside
        raise RuntimeError("rolled back")

    assert victims_by_sex() == {("female",): 1}
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 2}
    assert reads.whole == 1


def test_a_write_the_log_did_not_see_makes_a_fresh_read(reads, anltp, investigator):
    case = make_case(anltp, investigator)
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 1}

    add_victim(case, "male")
    changes.log_everything_changed()  # as a bulk load with the triggers off says at its end

    assert victims_by_sex() == {("female",): 1, ("male",): 1}
    assert reads.whole == 2


def test_without_its_log_triggers_the_register_is_read_whole(reads, anltp, investigator):
    case = make_case(anltp, investigator)
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 1}
    with connection.cursor() as cursor:
        on_table = " ON people_person" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER {changes.log_trigger_name('people_person', 'update')}{on_table}")
    try:
        Person.objects.update(sex="male")

        assert victims_by_sex() == {("male",): 1}
        assert reads.whole == 2
    finally:
        changes.install_log_triggers(connection)


def test_a_long_log_is_emptied_and_older_snapshots_read_afresh(reads, anltp, investigator, monkeypatch):
    monkeypatch.setattr(changes, "LOG_PRUNE_ROWS", 3)
    monkeypatch.setattr(statistics, "FOLLOW_LOG_ROWS", 3)
    case = make_case(anltp, investigator)
    for _ in range(4):
        add_victim(case, "female")
    assert victims_by_sex() == {("female",): 4}
    assert reads.whole == 1 and RegisterChangeLog.objects.count() == 0  # emptied at the whole read

    Person.objects.update(sex="male")
    assert victims_by_sex() == {("male",): 4}
    assert reads.whole == 2  # four persons logged: past the limit


def test_a_new_worker_follows_the_snapshot_on_disk(reads, anltp, investigator, monkeypatch):
    monkeypatch.setattr(statistics, "SNAPSHOT_FILE_ROWS", 1)
    case = make_case(anltp, investigator)
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 1}

    add_victim(case, "male")
    statistics._SNAPSHOTS.clear()  # what a new worker process has in memory
    statistics._FOLLOWABLE.clear()

    assert victims_by_sex() == {("female",): 1, ("male",): 1}
    assert (reads.whole, reads.persons) == (1, 1)


def test_only_a_transaction_that_has_not_written_gives_a_followable_position(anltp):
    assert changes.log_position() is not None  # outside a transaction
    with transaction.atomic():
        # PostgreSQL says whether the transaction has written; SQLite does not, so it is taken as written.
        assert (changes.log_position() is not None) == (connection.vendor == "postgresql")
        make_person(anltp, "female")
        assert changes.log_position() is None


def test_a_whole_read_inside_a_transaction_leaves_the_followable_file(reads, anltp, investigator, monkeypatch):
    monkeypatch.setattr(statistics, "SNAPSHOT_FILE_ROWS", 1)
    case = make_case(anltp, investigator)
    add_victim(case, "female")
    assert victims_by_sex() == {("female",): 1}

    with pytest.raises(RuntimeError), transaction.atomic():
        add_victim(case, "male")
        changes.log_everything_changed()  # a whole read, inside the transaction
        statistics._SNAPSHOTS.clear()
        statistics._FOLLOWABLE.clear()
        assert victims_by_sex() == {("female",): 1, ("male",): 1}
        raise RuntimeError("rolled back")

    statistics._SNAPSHOTS.clear()  # a new worker process: the file is still the committed register's
    statistics._FOLLOWABLE.clear()
    assert victims_by_sex() == {("female",): 1}
    assert reads.whole == 2
