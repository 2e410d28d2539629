"""The demo screenings that `vigie demo-data` adds."""

import pytest
from django.db import transaction

from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Participant
from vigie.screening.demo import SCREENED_SHARE, generate_screening_demo
from vigie.screening.indicators import INDICATORS
from vigie.screening.models import Screening, ScreeningAnswer

pytestmark = pytest.mark.django_db


def screenings_of(seed: int) -> list[tuple[object, ...]]:
    savepoint = transaction.savepoint_create()
    try:
        generate_demo_dataset(cases=120, seed=seed)
        generate_screening_demo(seed=seed)
        people = {pk: n for n, pk in enumerate(Participant.objects.order_by("pk").values_list("pk", flat=True))}
        return [
            (people[participant], screened_on, place, indicator, answer)
            for participant, screened_on, place, indicator, answer in ScreeningAnswer.objects.order_by(
                "screening__participant", "indicator"
            ).values_list("screening__participant", "screening__screened_on", "screening__place", "indicator", "answer")
        ]
    finally:
        transaction.savepoint_rollback(savepoint)


def test_the_same_seed_gives_the_same_screenings():
    assert screenings_of(4) == screenings_of(4)


def test_victims_presumed_victims_and_migrants_are_screened_with_every_indicator_answered():
    generate_demo_dataset(cases=120, seed=2)
    assert generate_screening_demo(seed=2)["screenings"] == Screening.objects.count() > 0
    assert set(Screening.objects.values_list("participant__role", flat=True)) <= set(SCREENED_SHARE)
    assert {s.answers.count() for s in Screening.objects.all()} == {len(INDICATORS)}
    # A yes appears where the case records a matching means of control or form of exploitation.
    assert ScreeningAnswer.objects.filter(answer="yes").exists()


def test_a_second_run_leaves_screened_cases_alone():
    generate_demo_dataset(cases=60, seed=2)
    generate_screening_demo(seed=2)
    screened_cases = set(Screening.objects.values_list("case", flat=True))
    generate_screening_demo(seed=3)
    for case_id in screened_cases:
        assert len(set(Screening.objects.filter(case=case_id).values_list("participant", flat=True))) == (
            Screening.objects.filter(case=case_id).count()
        )
