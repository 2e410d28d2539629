import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.reference.partial_dates import earliest_day, validate_partial_date


@pytest.mark.parametrize("value", ["2021", "2021-03", "2021-03-12", "2024-02-29", "1900"])
def test_it_accepts_a_year_a_month_or_a_day(value):
    validate_partial_date(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2021-13", "impossible_date"),
        ("2021-00", "impossible_date"),
        ("2021-03-00", "impossible_date"),
        ("2021-02-30", "impossible_date"),
        ("2023-02-29", "impossible_date"),
        ("21", "invalid_partial_date"),
        ("2021-3", "invalid_partial_date"),
        ("12/03/2021", "invalid_partial_date"),
        ("2021-03-12T10:00", "invalid_partial_date"),
        ("", "invalid_partial_date"),
        ("1899", "year_too_early"),
    ],
)
def test_it_refuses_what_is_not_a_real_partial_date(value, code):
    with pytest.raises(ValidationError) as error:
        validate_partial_date(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2021", datetime.date(2021, 1, 1)),
        ("2021-03", datetime.date(2021, 3, 1)),
        ("2021-03-12", datetime.date(2021, 3, 12)),
    ],
)
def test_the_earliest_day_of_a_partial_date(value, day):
    assert earliest_day(value) == day


def test_partial_dates_sort_in_time_order_as_text():
    assert sorted(["2021-03-12", "2020", "2021", "2021-03", "2020-12-31"]) == [
        "2020",
        "2020-12-31",
        "2021",
        "2021-03",
        "2021-03-12",
    ]
