"""Victims of the register, by each dimension: hand-made cases for each rule, and a generated register whose
figures are counted again here, straight from its rows."""

import datetime
import itertools
from collections import Counter
from typing import Any

import pytest

from vigie.analytics.statistics import (
    REGISTER_FORMS,
    REGISTER_SEXES,
    Dimension,
    VictimFilters,
    count_victims,
    register_victims,
    victim_statistics,
)
from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Case, Event, Participant
from vigie.cases.services import add_participant, record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

Role = Participant.Role


def victims_by(*names: str, **filters: Any) -> list[dict[str, Any]]:
    return victim_statistics(
        source="register", dimensions=[Dimension(n) for n in names], filters=VictimFilters(**filters)
    ).as_dicts()


def countries(*codes: str) -> list[Country]:
    return list(Country.objects.filter(iso2__in=codes))


def set_facts(participant: Participant, **facts) -> None:
    Participant.objects.filter(pk=participant.pk).update(**facts)


def test_victims_and_presumed_victims_count_suspects_and_migrants_do_not(anltp, investigator):
    case = make_case(anltp, investigator)
    make_participant(case, investigator)
    make_participant(case, investigator, role=Role.PRESUMED_VICTIM, sex="male")
    make_participant(case, investigator, role=Role.SUSPECT, sex="male")
    make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, sex="male")

    assert victims_by("sex") == [{"sex": "female", "victims": 1}, {"sex": "male", "victims": 1}]


def test_unknown_values_are_null_and_never_dropped(anltp, investigator):
    case = make_case(anltp, investigator)
    make_participant(case, investigator, sex="unknown")
    make_participant(case, investigator, sex="non_conforming", nationalities=countries("NE"))

    rows = victims_by("sex", "citizenship", "age_group", "form_of_exploitation", "detection_type")

    assert rows == [
        {
            "sex": "other",
            "citizenship": "NE",
            "age_group": None,
            "form_of_exploitation": None,
            "detection_type": "domestic",
            "victims": 1,
        },
        {
            "sex": None,
            "citizenship": None,
            "age_group": None,
            "form_of_exploitation": None,
            "detection_type": None,
            "victims": 1,
        },
    ]


def test_a_victim_with_several_forms_is_counted_under_each_and_the_metadata_says_so(anltp, investigator):
    case = make_case(anltp, investigator)
    both = make_participant(case, investigator)
    set_facts(both, forms_of_exploitation=["sexual", "forced_begging"])
    servitude = make_participant(case, investigator)
    set_facts(servitude, forms_of_exploitation=["servitude", "forced_labour"])
    mixed = make_participant(case, investigator)
    set_facts(mixed, forms_of_exploitation=["mixed"])

    counts = victim_statistics(source="register", dimensions=[Dimension.FORM_OF_EXPLOITATION])

    assert counts.as_dicts() == [
        {"form_of_exploitation": "forced_begging", "victims": 1},
        {"form_of_exploitation": "forced_labour", "victims": 1},  # servitude is forced labour, as in GLOTIP
        {"form_of_exploitation": "mixed", "victims": 1},
        {"form_of_exploitation": "sexual_exploitation", "victims": 1},
    ]
    assert counts.metadata["victims"] == 3
    assert counts.metadata["rows_total"] == 4
    assert counts.metadata["victims_in_several_rows_because"] == {"several_forms_of_exploitation": 1}


def test_a_dual_national_counts_under_both_citizenships_and_is_domestic_where_one_is_the_country(anltp, investigator):
    case = make_case(anltp, investigator, country_id="NE")
    make_participant(case, investigator, nationalities=countries("NE", "NG"))
    make_participant(case, investigator, nationalities=countries("ML"))

    assert victims_by("citizenship") == [
        {"citizenship": "ML", "victims": 1},
        {"citizenship": "NE", "victims": 1},
        {"citizenship": "NG", "victims": 1},
    ]
    assert victims_by("detection_type") == [
        {"detection_type": "cross_border", "victims": 1},
        {"detection_type": "domestic", "victims": 1},
    ]


def test_a_person_detected_in_two_cases_is_one_victim_per_combination(anltp, investigator):
    first = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2023, 5, 1))
    second = make_case(anltp, investigator, country_id="ML", opened_on=datetime.date(2024, 2, 1))
    victim = make_participant(first, investigator)
    add_participant(actor=investigator, case=second, person=victim.person, role=Role.PRESUMED_VICTIM)

    assert victims_by("sex") == [{"sex": "female", "victims": 1}]
    assert victims_by("country_of_detection") == [
        {"country_of_detection": "ML", "victims": 1},
        {"country_of_detection": "NE", "victims": 1},
    ]
    assert victims_by("sex", country="ML") == [{"sex": "female", "victims": 1}]


def test_the_year_is_that_of_identification_else_of_the_case_and_the_period_filters_it(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2022, 6, 1))
    identified = make_participant(case, investigator)
    set_facts(identified, identified_on=datetime.date(2023, 1, 9))
    not_yet = make_participant(case, investigator, role=Role.PRESUMED_VICTIM)
    set_facts(not_yet, identified_on=None)

    assert victims_by("year") == [{"year": 2022, "victims": 1}, {"year": 2023, "victims": 1}]
    counts = victim_statistics(
        source="register", dimensions=[Dimension.YEAR], filters=VictimFilters(year_from=2023, year_to=2023)
    )
    assert counts.as_dicts() == [{"year": 2023, "victims": 1}]
    assert counts.metadata["victims_left_out_by_filters"] == 1


def test_a_victim_under_18_when_first_exploited_is_a_child_though_an_adult_when_identified(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2025, 3, 12))
    exploited_young = make_participant(case, investigator, date_of_birth="2007-06-01")
    set_facts(exploited_young, identified_on=datetime.date(2025, 7, 1))
    record_event_in_case(
        actor=investigator, case=case, participants=[exploited_young], kind=Event.Kind.EXPLOITATION, date="2024-09"
    )
    make_participant(case, investigator, date_of_birth="1990")
    # Born in 2007, identified in 2025 with no dated exploitation: 17 or 18 then, so unknown.
    unsure = make_participant(case, investigator, date_of_birth="2007")
    set_facts(unsure, identified_on=datetime.date(2025, 3, 12))

    assert victims_by("age_group") == [
        {"age_group": "adult", "victims": 1},
        {"age_group": "child", "victims": 1},
        {"age_group": None, "victims": 1},
    ]


def test_generated_register_figures_match_a_count_made_from_its_rows(db):
    generate_demo_dataset(cases=120, seed=7)
    per_person: dict[int, set[tuple[Any, ...]]] = {}
    participants = Participant.objects.filter(role__in=[Role.VICTIM, Role.PRESUMED_VICTIM]).select_related(
        "case", "person"
    )
    for p in participants.prefetch_related("person__nationalities"):
        citizenships: list[str | None] = [*sorted(c.iso2 for c in p.person.nationalities.all())] or [None]
        forms: list[str | None] = [*sorted({REGISTER_FORMS[f] for f in p.forms_of_exploitation})] or [None]
        year = (p.identified_on or p.case.opened_on).year
        for citizenship, form in itertools.product(citizenships, forms):
            per_person.setdefault(p.person_id, set()).add(
                (year, REGISTER_SEXES.get(p.person.sex), citizenship, p.case.country_id, form)
            )
    expected = Counter(combination for combinations in per_person.values() for combination in combinations)
    assert len(per_person) > 100

    dimensions = [Dimension.YEAR, Dimension.SEX, Dimension.CITIZENSHIP, Dimension.COUNTRY_OF_DETECTION]
    counts = count_victims(register_victims(Case.objects.all()), [*dimensions, Dimension.FORM_OF_EXPLOITATION])

    assert {row.values: row.victims for row in counts.rows} == dict(expected)
    assert counts.metadata["victims"] == len(per_person)
    # Each dimension alone: its values, unknowns included, add up to the victims once each value is unique.
    for index, dimension in enumerate(dimensions):
        alone = Counter(v for combinations in per_person.values() for v in {c[index] for c in combinations})
        assert {
            row.values[0]: row.victims for row in count_victims(register_victims(Case.objects.all()), [dimension]).rows
        } == dict(alone)
