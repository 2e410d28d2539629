"""Persons suspected, prosecuted and convicted, and the time from identification to verdict, against counts
worked out by hand from a small register built with the services."""

import datetime

import pytest

from vigie.analytics import justice
from vigie.analytics.justice import (
    JusticeDimension,
    JusticeFilters,
    count_persons,
    identification_dates,
    justice_statistics,
    stage_records,
    summarise_days,
    time_to_verdict,
)
from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Case, Participant
from vigie.cases.services import add_new_person_to_case, add_participant
from vigie.conftest import make_case, make_participant
from vigie.justice import services
from vigie.justice.models import Proceeding
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db
D = datetime.date
J = JusticeDimension


def suspect(case, actor, *, nationalities=(), **person):
    values = {"given_names": "X", "family_name": "Y", "sex": "unknown"} | person
    values["nationalities"] = list(Country.objects.filter(iso2__in=nationalities))
    return add_new_person_to_case(
        actor=actor, case=case, person_values=values, role=Participant.Role.SUSPECT, suspect_role="recruiter"
    )


def first_round(case, actor, opened_on, **overrides):
    values = {"court_name": "TGI", "court_country_id": "NE", "level": Proceeding.Level.FIRST_INSTANCE} | overrides
    return services.open_proceeding(actor=actor, case=case, opened_on=opened_on, **values)


def charge(proceeding, participant, actor, on, offence="tip"):
    return services.bring_charge(
        actor=actor, proceeding=proceeding, accused=participant, offence=offence, charged_on=on
    )


def verdict(charge_, actor, on, outcome="convicted", proceeding=None):
    reason = "" if outcome == "convicted" else "insufficient_evidence"
    return services.record_verdict(
        actor=actor,
        charge=charge_,
        proceeding=proceeding or charge_.proceeding,
        outcome=outcome,
        reason=reason,
        decided_on=on,
    )


@pytest.fixture
def register(anltp, investigator, prosecutor):
    """Three suspects in a 2024 trafficking case; the first also in a 2025 case (trafficking and smuggling).
    Charged: the first in both cases (in 2025 with two offences), the second in 2024. Convicted: the first in
    2024; acquitted: the second."""
    first_case = make_case(anltp, investigator, opened_on=D(2024, 2, 1), offences=["tip"])
    second_case = make_case(anltp, investigator, opened_on=D(2025, 1, 5), offences=["tip", "som"])
    s1 = suspect(first_case, investigator, sex="male", nationalities=["NE"])
    s2 = suspect(first_case, investigator, sex="female", nationalities=["NE", "NG"])
    suspect(first_case, investigator)  # sex and citizenship unknown
    s1_again = add_participant(
        actor=investigator, case=second_case, person=s1.person, role=Participant.Role.SUSPECT, suspect_role="exploiter"
    )
    round_2024 = first_round(first_case, prosecutor, D(2024, 3, 1))
    round_2025 = first_round(second_case, prosecutor, D(2025, 2, 1))
    c1 = charge(round_2024, s1, prosecutor, D(2024, 3, 2))
    c2 = charge(round_2024, s2, prosecutor, D(2024, 3, 2))
    charge(round_2025, s1_again, prosecutor, D(2025, 2, 2))
    charge(round_2025, s1_again, prosecutor, D(2025, 2, 2), offence="som")
    verdict(c1, prosecutor, D(2024, 9, 1))
    verdict(c2, prosecutor, D(2024, 9, 1), outcome="acquitted")
    return first_case, second_case


def counted(dimensions, filters=None):
    counts = justice_statistics(cases=Case.objects.all(), dimensions=dimensions, filters=filters)
    return {row.values: row.persons for row in counts.rows}


def test_persons_are_counted_once_per_stage_whatever_their_cases_and_charges(register):
    # Suspects: three persons (the first is a suspect in two cases); prosecuted: two (the first charged three
    # times in two cases); convicted: one.
    assert counted([J.STAGE]) == {("suspected",): 3, ("prosecuted",): 2, ("convicted",): 1}


def test_by_year_a_person_counts_in_each_year_of_their_records(register):
    assert counted([J.YEAR, J.STAGE]) == {
        (2024, "suspected"): 3,
        (2024, "prosecuted"): 2,
        (2024, "convicted"): 1,
        (2025, "suspected"): 1,
        (2025, "prosecuted"): 1,
    }


def test_unknown_sex_and_citizenship_are_counted_as_unknown(register):
    assert counted([J.STAGE, J.SEX]) == {
        ("suspected", "female"): 1,
        ("suspected", "male"): 1,
        ("suspected", None): 1,
        ("prosecuted", "female"): 1,
        ("prosecuted", "male"): 1,
        ("convicted", "male"): 1,
    }
    # The dual national is counted under each of her citizenships.
    assert counted([J.STAGE, J.CITIZENSHIP]) == {
        ("suspected", "NE"): 2,
        ("suspected", "NG"): 1,
        ("suspected", None): 1,
        ("prosecuted", "NE"): 2,
        ("prosecuted", "NG"): 1,
        ("convicted", "NE"): 1,
    }


def test_offences_are_those_suspected_in_the_case_or_charged(register):
    assert counted([J.STAGE, J.OFFENCE]) == {
        ("suspected", "tip"): 3,
        ("suspected", "som"): 1,
        ("prosecuted", "tip"): 2,
        ("prosecuted", "som"): 1,
        ("convicted", "tip"): 1,
    }


def test_filters_keep_the_period_the_country_and_the_offence(register):
    assert counted([J.STAGE], JusticeFilters(offence="som")) == {("suspected",): 1, ("prosecuted",): 1}
    assert counted([J.STAGE], JusticeFilters(year_from=2025)) == {("suspected",): 1, ("prosecuted",): 1}
    assert counted([J.STAGE], JusticeFilters(country="NE", year_to=2024)) == {
        ("suspected",): 3,
        ("prosecuted",): 2,
        ("convicted",): 1,
    }
    assert counted([J.STAGE], JusticeFilters(country="NG")) == {}


def test_only_the_cases_given_are_counted(register):
    first_case, _second = register
    counts = justice_statistics(cases=Case.objects.filter(pk=first_case.pk), dimensions=[J.STAGE])
    assert {row.values: row.persons for row in counts.rows} == {
        ("suspected",): 3,
        ("prosecuted",): 2,
        ("convicted",): 1,
    }


# Time from identification to verdict ------------------------------------------------------------------


def test_quartiles_by_hand():
    # Sorted 30, 90, 150, 366: positions 0.75, 1.5 and 2.25 between the points.
    assert summarise_days([30, 90, 150, 366]) == (120.0, 75.0, 204.0)
    assert summarise_days([40]) == (40.0, 40.0, 40.0)
    assert summarise_days([]) == (None, None, None)


def presumed_victim(case, actor, identified_on):
    return add_new_person_to_case(
        actor=actor,
        case=case,
        person_values={"given_names": "V", "family_name": "W", "sex": "female"},
        role=Participant.Role.PRESUMED_VICTIM,
        identified_on=identified_on,
    )


def test_time_to_verdict_from_the_first_identification_or_else_the_case_opening(anltp, investigator, prosecutor):
    # Case A: victims identified on 20 and 25 January 2024 -> from the 20th. Two persons judged at first
    # instance: convicted 18 June 2024 (150 days), acquitted 18 February 2024 (29 days: 2024 is a leap year)…
    case_a = make_case(anltp, investigator, opened_on=D(2024, 1, 10))
    presumed_victim(case_a, investigator, D(2024, 1, 25))
    presumed_victim(case_a, investigator, D(2024, 1, 20))
    round_a = first_round(case_a, prosecutor, D(2024, 2, 1))
    p1, p2 = suspect(case_a, investigator), suspect(case_a, investigator)
    c1 = charge(round_a, p1, prosecutor, D(2024, 2, 2))
    verdict(c1, prosecutor, D(2024, 6, 18))
    verdict(charge(round_a, p2, prosecutor, D(2024, 2, 2)), prosecutor, D(2024, 2, 18), outcome="acquitted")
    # …and p1's appeal, which does not count: first instance only.
    appeal = first_round(
        case_a, prosecutor, D(2024, 7, 1), level=Proceeding.Level.APPEAL, appeal_of=round_a, appealed_by="defence"
    )
    verdict(c1, prosecutor, D(2025, 6, 1), proceeding=appeal)
    # Case B: no victim identified: from the opening, 1 February 2024, to 1 May 2024 (90 days). A dismissal
    # of another person is neither a conviction nor an acquittal: not counted.
    case_b = make_case(anltp, investigator, opened_on=D(2024, 2, 1))
    round_b = first_round(case_b, prosecutor, D(2024, 3, 1))
    verdict(charge(round_b, suspect(case_b, investigator), prosecutor, D(2024, 3, 2)), prosecutor, D(2024, 5, 1))
    dismissed = charge(round_b, suspect(case_b, investigator), prosecutor, D(2024, 3, 2))
    verdict(dismissed, prosecutor, D(2024, 5, 1), outcome="dismissed")
    # Case C: identified 1 January 2024, convicted 1 January 2025 (366 days).
    case_c = make_case(anltp, investigator, opened_on=D(2023, 12, 1))
    presumed_victim(case_c, investigator, D(2024, 1, 1))
    round_c = first_round(case_c, prosecutor, D(2024, 2, 1))
    verdict(charge(round_c, suspect(case_c, investigator), prosecutor, D(2024, 2, 2)), prosecutor, D(2025, 1, 1))

    durations = time_to_verdict(cases=Case.objects.all())

    # Days 29, 90, 150, 366: quartiles at positions 0.75, 1.5, 2.25.
    assert durations.count == 4
    assert durations.median == 120.0
    assert durations.first_quartile == 29 + 0.75 * (90 - 29)
    assert durations.third_quartile == 150 + 0.25 * (366 - 150)
    assert (durations.from_identification, durations.from_case_opening) == (3, 1)
    assert durations.by_outcome == {"convicted": 3, "acquitted": 1}
    only_2025 = time_to_verdict(cases=Case.objects.all(), filters=JusticeFilters(year_from=2025))
    assert (only_2025.count, only_2025.median) == (1, 366.0)


def test_a_formally_identified_victim_dates_the_start_too(anltp, investigator, prosecutor):
    case = make_case(anltp, investigator, opened_on=D(2024, 1, 1))
    make_participant(case, investigator)  # identified by a confirmed decision dated today
    round_ = first_round(case, prosecutor, D(2024, 2, 1))
    verdict(charge(round_, suspect(case, investigator), prosecutor, D(2024, 2, 2)), prosecutor, D(2024, 3, 1))
    durations = time_to_verdict(cases=Case.objects.all())
    assert durations.from_identification == 1
    assert durations.median is not None and durations.median < 0  # the identification came after the verdict


FILTER_GRID = [
    JusticeFilters(year_from=year, year_to=year, country=country, offence=offence)
    for year in (None, 2024, 2025)
    for country in (None, "NE", "NG")
    for offence in (None, "tip", "som")
]


def test_the_filters_read_in_the_queries_count_what_the_filters_keep_of_every_record(register):
    generate_demo_dataset(cases=150, seed=3)  # suspects of many years and countries besides the register's
    cases = Case.objects.all()
    every_record = stage_records(cases)
    for filters in FILTER_GRID:
        for dimensions in ([J.STAGE], [J.YEAR, J.SEX, J.STAGE], [J.CITIZENSHIP, J.OFFENCE, J.STAGE]):
            asked = justice_statistics(cases=cases, dimensions=dimensions, filters=filters)
            assert asked.rows == count_persons(every_record, dimensions, filters).rows, filters


def test_time_to_verdict_reads_the_identifications_of_the_decided_cases_only(register, monkeypatch):
    generate_demo_dataset(cases=150, seed=3)
    cases = Case.objects.all()
    read_cases = []
    every_identification = identification_dates(cases)

    def from_every_case(asked):
        read_cases.append(asked.count())
        return every_identification

    expected = {filters: time_to_verdict(cases=cases, filters=filters) for filters in FILTER_GRID}
    monkeypatch.setattr(justice, "identification_dates", from_every_case)
    for filters in FILTER_GRID:
        assert time_to_verdict(cases=cases, filters=filters) == expected[filters]
    assert max(read_cases) < cases.count()
