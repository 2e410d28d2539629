import datetime

from django import forms
from django.utils import formats, translation

DAY = datetime.date(2026, 11, 28)


def test_english_dates_put_the_day_first_as_the_region_writes_them():
    with translation.override("en"):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "28/11/2026"
        assert formats.date_format(DAY) == "28 November 2026"


def test_french_dates_keep_djangos_french_formats():
    with translation.override("fr"):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "28/11/2026"
        assert formats.date_format(DAY) == "28 novembre 2026"


def test_a_date_typed_day_first_is_understood_in_english():
    with translation.override("en"):
        assert forms.DateField().clean("12/03/2021") == datetime.date(2021, 3, 12)
