import pytest
from django.utils import translation

from vigie.reference.models import Country

pytestmark = pytest.mark.django_db


def test_all_249_iso_countries_are_loaded():
    assert Country.objects.count() == 249


@pytest.mark.parametrize(
    ("iso2", "french", "english"),
    [
        ("CI", "Côte d'Ivoire", "Côte d'Ivoire"),
        ("DE", "Allemagne", "Germany"),
        ("NE", "Niger", "Niger"),
        ("NG", "Nigeria", "Nigeria"),
        ("GN", "Guinée", "Guinea"),
        ("CD", "République démocratique du Congo", "Democratic Republic of the Congo"),
        ("LY", "Libye", "Libya"),
    ],
)
def test_countries_have_their_french_and_english_names(iso2, french, english):
    country = Country.objects.get(pk=iso2)
    assert (country.name_fr, country.name_en) == (french, english)


def test_the_name_shown_follows_the_language_of_the_page():
    germany = Country.objects.get(pk="DE")
    with translation.override("fr"):
        assert str(germany) == "Allemagne"
    with translation.override("en"):
        assert str(germany) == "Germany"


def test_west_and_central_african_states_are_offered_first():
    first = list(Country.objects.region_first().values_list("pk", flat=True)[:5])
    assert set(first) <= set(Country.objects.of_vigie_region().values_list("pk", flat=True))
    assert Country.objects.get(pk="NE").region == Country.Region.WEST_AFRICA
    assert Country.objects.get(pk="CM").region == Country.Region.CENTRAL_AFRICA
    assert Country.objects.get(pk="DE").region == Country.Region.OTHER
