"""`--agency` of `vigie import` and `vigie export`: the ways people write an agency, and the refusals."""

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from vigie.accounts.models import Agency
from vigie.exchange.management.agencies import agency_from_option

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("written", ["ANLTP", "anltp", "NE/ANLTP", "ne/anltp", "NE ANLTP", " NE  ANLTP "])
def test_an_agency_is_found_by_its_code_alone_or_with_its_country(anltp, naptip, written):
    # "NE ANLTP" is how `vigie demo-users` and `vigie create-agency` write it.
    assert agency_from_option(written) == anltp


def test_a_code_two_countries_share_needs_the_country_and_the_refusal_names_both(anltp):
    Agency.objects.create(code="ANLTP", name="Autre", country_id="ML", kind=Agency.Kind.NGO)

    with translation.override("en"), pytest.raises(CommandError) as refusal:
        agency_from_option("ANLTP")

    assert str(refusal.value) == "Several agencies have the code ANLTP: write COUNTRY/CODE, one of ML/ANLTP, NE/ANLTP."
    assert agency_from_option("NE/ANLTP") == anltp


def test_an_unknown_code_is_refused_with_the_agencies_there_are(anltp, naptip):
    with translation.override("fr"), pytest.raises(CommandError) as refusal:
        agency_from_option("XX")

    assert str(refusal.value) == "Il n'y a pas d'organisme avec le code XX. Organismes : NE/ANLTP, NG/NAPTIP."
    with pytest.raises(CommandError):
        agency_from_option("NG/ANLTP")  # a code that exists, in another country


def test_without_any_agency_the_refusal_says_how_to_create_one(db):
    with translation.override("en"), pytest.raises(CommandError) as refusal:
        agency_from_option("ANLTP")

    assert "vigie create-agency" in str(refusal.value)
