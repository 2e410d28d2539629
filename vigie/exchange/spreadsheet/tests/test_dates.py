import datetime

import pytest
from django.utils import translation

from vigie.exchange.dates import MONTH_FIRST, DateNotUnderstood, parse_full_date, parse_partial_date


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12/03/2021", "2021-03-12"),
        ("2021-03-12", "2021-03-12"),
        ("12-03-2021", "2021-03-12"),
        ("12.03.2021", "2021-03-12"),
        ("2/3/2021", "2021-03-02"),
        ("2021/03/12", "2021-03-12"),
        ("mars 2021", "2021-03"),
        ("Mars 2021", "2021-03"),
        ("March 2021", "2021-03"),
        ("Mar 2021", "2021-03"),
        ("févr. 2021", "2021-02"),
        ("août 2020", "2020-08"),
        ("12 mars 2021", "2021-03-12"),
        ("03/2021", "2021-03"),
        ("2021-03", "2021-03"),
        ("2021", "2021"),
        (" 2021 ", "2021"),
        # An Excel date cell, as the XLSX reader writes it, with or without a time.
        ("2021-03-12T00:00:00", "2021-03-12"),
        ("2021-03-12 14:30:00", "2021-03-12"),
        # An Excel serial number (a date cell formatted as a number, or a CSV saved from one).
        ("44267", "2021-03-12"),
        # What Excel writes in a CSV for a date cell with a time, and its other usual formats.
        ("12/03/2021 14:30", "2021-03-12"),
        ("12/03/2021 14:30:05", "2021-03-12"),
        ("12/03/2021 14h30", "2021-03-12"),
        ("12-Mar-2021", "2021-03-12"),
        ("12-mars-2021", "2021-03-12"),
        ("1er mars 2021", "2021-03-01"),
        ("mars-2021", "2021-03"),
        ("March 12, 2021", "2021-03-12"),
        ("Mar 12 2021", "2021-03-12"),
        ("2021/03", "2021-03"),
        ("", ""),
    ],
)
def test_it_reads_the_dates_people_type(typed, stored):
    assert parse_partial_date(typed) == stored


def test_the_mapping_can_say_month_first():
    assert parse_partial_date("03/12/2021", order=MONTH_FIRST) == "2021-03-12"
    assert parse_partial_date("03/12/2021") == "2021-12-03"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2021", "This day does not exist in the calendar."),
        ("29/02/2021", "This day does not exist in the calendar."),
        ("12/13/2021", "There is no month 13."),
        ("13/2021", "There is no month 13."),
        ("1850", "The year must be 1900 or later."),
        ("hier", "Not a date."),
        ("12/03/21", "A year in two digits (21) could be 1921 or 2021: write the year in four digits."),
        ("5.3.98 14:30", "A year in two digits (98) could be 1998 or 2098"),
        ("Marsh 2021", "Not a date."),
        ("12/03/2021 25h", "Not a date."),
        ("Marsh 12, 2021", "Not a date."),
        ("March 32, 2021", "This day does not exist in the calendar."),
        ("123", "Not a date."),
    ],
)
def test_it_refuses_what_is_not_a_date_with_a_message(typed, message):
    with pytest.raises(DateNotUnderstood) as refusal:
        parse_partial_date(typed)
    assert str(refusal.value).startswith(message)


def test_a_year_in_two_digits_is_refused_with_its_reason_in_french():
    with translation.override("fr"), pytest.raises(DateNotUnderstood) as refusal:
        parse_partial_date("12/03/21")
    assert (
        str(refusal.value)
        == "Une année en deux chiffres (21) peut être 1921 ou 2021 : écrivez l'année en quatre chiffres."
    )


def test_february_29_of_a_leap_year_exists():
    assert parse_partial_date("29/02/2020") == "2020-02-29"


def test_a_full_date_refuses_a_month_alone():
    assert parse_full_date("12/03/2021") == datetime.date(2021, 3, 12)
    assert parse_full_date("") is None
    with pytest.raises(DateNotUnderstood):
        parse_full_date("mars 2021")
