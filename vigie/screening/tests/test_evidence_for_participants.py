import datetime

from vigie.screening.indicators import Indicator
from vigie.screening.selectors import evidence_for_participants
from vigie.screening.services import record_screening
from vigie.screening.tests.conftest import yes_to

I = Indicator  # noqa: E741


def test_it_gives_the_evidence_of_each_persons_latest_screening(
    adult, child, victim, case_worker, django_assert_max_num_queries
):
    first = datetime.date(2025, 3, 1)
    later = datetime.date(2025, 3, 20)
    record_screening(actor=case_worker, participant=adult, screened_on=later, answers=yes_to(I.ABDUCTED))
    record_screening(actor=case_worker, participant=adult, screened_on=first, answers=yes_to(I.DECEPTION))
    latest_child = record_screening(
        actor=case_worker, participant=child, screened_on=first, answers=yes_to(I.BEGGING_FOR_OTHERS)
    )
    with django_assert_max_num_queries(1):
        evidence = evidence_for_participants([adult.pk, child.pk, victim.pk])
    assert set(evidence) == {adult.pk, child.pk}  # the victim was never screened
    assert evidence[adult.pk].means == {"abduction": True}
    assert evidence[adult.pk].screened_on == later
    assert evidence[child.pk].purposes == {"forced_begging": True}
    assert evidence[child.pk].screening_id == latest_child.pk


def test_the_last_recorded_wins_on_the_same_day(adult, case_worker):
    day = datetime.date(2025, 3, 1)
    record_screening(actor=case_worker, participant=adult, screened_on=day, answers=yes_to(I.DECEPTION))
    record_screening(actor=case_worker, participant=adult, screened_on=day, answers=yes_to(I.ABDUCTED))
    assert evidence_for_participants([adult.pk])[adult.pk].means == {"abduction": True}


def test_no_participants_no_query(django_assert_max_num_queries, db):
    with django_assert_max_num_queries(1):
        assert evidence_for_participants([]) == {}


def test_a_latest_screening_all_unknown_gives_no_evidence_whatever_an_earlier_one_said(adult, case_worker):
    record_screening(
        actor=case_worker, participant=adult, screened_on=datetime.date(2025, 3, 1), answers=yes_to(I.DECEPTION)
    )
    latest = record_screening(actor=case_worker, participant=adult, screened_on=datetime.date(2025, 3, 9), answers={})
    evidence = evidence_for_participants([adult.pk])[adult.pk]
    assert evidence.screening_id == latest.pk
    assert evidence.is_empty
