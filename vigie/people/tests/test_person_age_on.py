import datetime

import pytest

from vigie.people.models import Person

D = datetime.date


@pytest.mark.parametrize(
    ("date_of_birth", "day", "age"),
    [
        ("2007-06-01", D(2025, 6, 1), 18),  # the birthday itself
        ("2007-06-02", D(2025, 6, 1), 17),  # the day before
        # Only the year: born on 31 December at the latest, so still 17 until the end of 2025.
        ("2007", D(2025, 6, 1), 17),
        ("2007", D(2025, 12, 30), 17),
        ("2007", D(2025, 12, 31), 18),
        # Only the month: born on its last day at the latest.
        ("2007-06", D(2025, 6, 29), 17),
        ("2007-06", D(2025, 6, 30), 18),
        ("2008-02", D(2026, 2, 28), 17),  # February 2008 had 29 days
        ("2008-02", D(2026, 3, 1), 18),
        ("2007-12", D(2025, 12, 31), 18),
        ("2025", D(2025, 6, 1), 0),
    ],
)
def test_it_gives_the_lowest_age_the_date_of_birth_allows(date_of_birth, day, age):
    assert Person(date_of_birth=date_of_birth).age_on(day) == age


def test_it_counts_from_an_estimated_age_and_the_day_it_was_estimated():
    person = Person(estimated_age=15, age_estimated_on=D(2024, 3, 12))
    assert person.age_on(D(2025, 3, 11)) == 15
    assert person.age_on(D(2025, 3, 12)) == 16
    assert person.age_on(D(2024, 1, 1)) == 14


def test_it_does_not_know_the_age_of_someone_without_either():
    assert Person().age_on(D(2025, 6, 1)) is None
