"""The numpy engine against the rule written plainly, the register read in columns against the register read
victim by victim, the kept snapshot against changes of the register, and a user's scope against a count of
their cases alone."""

import datetime
import itertools
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vigie.accounts.models import Agency, Membership
from vigie.analytics import statistics
from vigie.analytics.selectors import countable_cases
from vigie.analytics.statistics import (
    Detection,
    Dimension,
    Victim,
    VictimFilters,
    VictimSnapshot,
    count_victims,
    read_register_snapshot,
    register_snapshot,
    register_victims,
    victim_statistics,
)
from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Case, Participant
from vigie.cases.services import add_participant, remove_participant
from vigie.conftest import make_case, make_member, make_participant
from vigie.people.services import update_person

Role = Membership.Role
INDICATORS = [
    [Dimension.YEAR],
    [Dimension.SEX],
    [Dimension.AGE_GROUP],
    [Dimension.CITIZENSHIP],
    [Dimension.COUNTRY_OF_DETECTION],
    [Dimension.FORM_OF_EXPLOITATION],
    [Dimension.DETECTION_TYPE],
    [Dimension.YEAR, Dimension.SEX, Dimension.AGE_GROUP],
    [Dimension.FORM_OF_EXPLOITATION, Dimension.SEX, Dimension.AGE_GROUP],
    [Dimension.CITIZENSHIP, Dimension.COUNTRY_OF_DETECTION],
    [Dimension.DETECTION_TYPE, Dimension.YEAR],
    list(Dimension),
]


def plain_count(victims: list[Victim], dimensions: list[Dimension], filters: VictimFilters) -> dict[str, Any]:
    """The counting rule as written: each victim once per combination of the values of its kept detections."""
    counts: Counter[tuple[Any, ...]] = Counter()
    counted = several_rows = 0
    because: Counter[str] = Counter()
    for victim in victims:
        kept = [d for d in victim.detections if filters.keep(d)]
        if not kept:
            continue
        counted += 1
        values = [tuple(d.values(dimension) for dimension in dimensions) for d in kept]
        combinations = {c for v in values for c in itertools.product(*v)}
        counts.update(combinations)
        if len(combinations) > 1:
            several_rows += 1
            for reason, dimension in (
                ("several_forms_of_exploitation", Dimension.FORM_OF_EXPLOITATION),
                ("several_citizenships", Dimension.CITIZENSHIP),
            ):
                if dimension in dimensions and any(len(v[dimensions.index(dimension)]) > 1 for v in values):
                    because[reason] += 1
            if len(set(values)) > 1:
                because["several_detections"] += 1
    filtered = filters.year_from is not None or filters.year_to is not None or filters.country is not None
    return {
        "rows": dict(counts),
        "victims": counted,
        "victims_in_several_rows": several_rows,
        "because": dict(because),
        "left_out": len(victims) - counted if filtered else 0,
    }


def engine_count(snapshot: VictimSnapshot, dimensions: list[Dimension], filters: VictimFilters) -> dict[str, Any]:
    counts = snapshot.count(dimensions, filters)
    return {
        "rows": {row.values: row.victims for row in counts.rows},
        "victims": counts.metadata["victims"],
        "victims_in_several_rows": counts.metadata["victims_in_several_rows"],
        "because": counts.metadata["victims_in_several_rows_because"],
        "left_out": counts.metadata["victims_left_out_by_filters"],
    }


def several(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=3, unique=True).map(lambda found: tuple(sorted(found)))


detections = st.builds(
    Detection,
    year=st.sampled_from([2019, 2020, 2021, None]),
    sex=st.sampled_from(["female", "male", "other", None]),
    age_group=st.sampled_from(["adult", "child", None]),
    citizenships=several(["ML", "NE", "NG"]),
    country_of_detection=st.sampled_from(["ML", "NE", None]),
    forms=several(["forced_labour", "mixed", "sexual_exploitation"]),
)
victims = st.lists(st.builds(Victim, st.lists(detections, min_size=1, max_size=3).map(tuple)), max_size=25)
filters = st.builds(
    VictimFilters,
    year_from=st.sampled_from([None, 2020]),
    year_to=st.sampled_from([None, 2020, 2021]),
    country=st.sampled_from([None, "NE", "BJ"]),
)
dimension_lists = st.lists(st.sampled_from(list(Dimension)), min_size=1, max_size=4, unique=True)


@hypothesis_settings(max_examples=300, deadline=None)
@given(victims=victims, dimensions=dimension_lists, filters=filters)
def test_the_engine_counts_as_the_rule_says(victims, dimensions, filters):
    assert engine_count(VictimSnapshot.of(victims), dimensions, filters) == plain_count(victims, dimensions, filters)


@pytest.mark.django_db
def test_the_register_read_in_columns_counts_as_the_register_read_victim_by_victim():
    generate_demo_dataset(cases=150, seed=11)
    fast = read_register_snapshot()
    slow = VictimSnapshot.of(register_victims(Case.objects.all()))
    assert fast.victims == slow.victims > 100
    assert {row.values[0] for row in fast.count([Dimension.AGE_GROUP]).rows} >= {"adult", "child"}
    for dimensions in INDICATORS:
        for chosen in [VictimFilters(), VictimFilters(year_from=2023), VictimFilters(country="NE", year_to=2024)]:
            assert fast.count(dimensions, chosen) == slow.count(dimensions, chosen), (dimensions, chosen)


def by_sex() -> dict[Any, int]:
    return {row.values: row.victims for row in victim_statistics(source="register", dimensions=[Dimension.SEX]).rows}


@pytest.mark.django_db
def test_the_kept_snapshot_follows_every_change_of_the_register(anltp, investigator):
    case = make_case(anltp, investigator)
    first = make_participant(case, investigator, sex="female")
    assert by_sex() == {("female",): 1}
    assert register_snapshot() is register_snapshot()  # nothing changed: the same snapshot, not read again

    second = make_participant(case, investigator, sex="male")
    assert by_sex() == {("female",): 1, ("male",): 1}

    person = first.person
    update_person(actor=investigator, person=person, expected_version=person.version, sex="male")
    assert by_sex() == {("male",): 2}

    remove_participant(actor=investigator, participant=second)
    assert by_sex() == {("male",): 1}

    # A write that goes around the services (an import, the admin, SQL by hand) is seen too.
    Participant.objects.filter(pk=first.pk).update(role=Participant.Role.SMUGGLED_MIGRANT)
    assert by_sex() == {}
    other = make_case(anltp, investigator, opened_on=datetime.date(2024, 1, 5))
    add_participant(actor=investigator, case=other, person=person, role=Participant.Role.PRESUMED_VICTIM)
    assert victim_statistics(source="register", dimensions=[Dimension.YEAR]).as_dicts() == [
        {"year": 2024, "victims": 1}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.NATIONAL_COORDINATOR])
def test_a_users_scope_counts_as_their_cases_counted_alone(role):
    generate_demo_dataset(cases=150, seed=5)
    agency = max(Agency.objects.order_by("code"), key=lambda agency: agency.cases.count())
    cases = countable_cases(make_member(agency, role))
    assert 0 < cases.count() < Case.objects.count()
    register_snapshot()  # the whole register, kept: the scope is a mask over it
    for dimensions in INDICATORS:
        for chosen in [VictimFilters(), VictimFilters(year_from=2023)]:
            scoped = victim_statistics(source="register", dimensions=dimensions, filters=chosen, cases=cases)
            alone = count_victims(register_victims(cases), dimensions, chosen)
            assert scoped.rows == alone.rows, dimensions
            assert {key: scoped.metadata[key] for key in alone.metadata} == alone.metadata


@pytest.mark.django_db
def test_a_new_process_starts_from_the_snapshot_on_disk_unless_the_register_changed(
    anltp, investigator, settings, tmp_path, monkeypatch
):
    settings.STATISTICS_SNAPSHOT_DIR = tmp_path
    monkeypatch.setattr(statistics, "SNAPSHOT_FILE_ROWS", 1)
    reads = []
    read = statistics.read_register_snapshot

    def counted_read() -> statistics.VictimSnapshot:
        reads.append(1)
        return read()

    monkeypatch.setattr(statistics, "read_register_snapshot", counted_read)
    case = make_case(anltp, investigator)
    make_participant(case, investigator, sex="female")
    assert by_sex() == {("female",): 1}
    assert len(reads) == 1 and len(list(tmp_path.glob("*.npz"))) == 1

    statistics._SNAPSHOTS.clear()  # what a new worker process has in memory
    assert by_sex() == {("female",): 1}
    assert len(reads) == 1  # from the file

    make_participant(case, investigator, sex="male")
    statistics._SNAPSHOTS.clear()
    assert by_sex() == {("female",): 1, ("male",): 1}
    assert len(reads) == 2  # the file was of the register before the change
