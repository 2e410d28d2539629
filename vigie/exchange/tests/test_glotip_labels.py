"""Every citizenship and repatriation category of the real GLOTIP file is an ISO code or deliberately not a
country; UNODC's own spellings, other languages and damaged text find their country."""

import pycountry
import pytest
from openpyxl import load_workbook

from vigie.exchange.glotip_labels import REPORTING_AGGREGATES, LabelKind, LabelPlace, place_of_label
from vigie.exchange.tests.conftest import GLOTIP_FILE

PLACE_DIMENSIONS = {"by citizenship", "by country of repatriation"}


@pytest.fixture(scope="module")
def file_rows():
    rows = list(load_workbook(GLOTIP_FILE, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = list(rows[2])
    return [dict(zip(header, row, strict=True)) for row in rows[3:]]


def test_every_category_of_the_real_file_is_classified(file_rows):
    labels = {str(row["Category"] or "") for row in file_rows if row["Dimension"] in PLACE_DIMENSIONS}
    assert len(labels) > 400
    unclassified = sorted(label for label in labels if place_of_label(label) is None)
    assert unclassified == []
    codes = {place.iso2 for label in labels if (place := place_of_label(label)) and place.kind == LabelKind.COUNTRY}
    assert all(pycountry.countries.get(alpha_2=code) is not None for code in codes)


def test_every_reporting_place_is_an_iso_code_or_a_known_aggregate(file_rows):
    codes = {row["Iso3_code"] for row in file_rows}
    not_iso = {code for code in codes if code is None or pycountry.countries.get(alpha_3=code) is None}
    # Sark, a part of the Bailiwick of Guernsey, is the one place written without a code.
    assert not_iso - REPORTING_AGGREGATES == {None}
    assert {row["Country"] for row in file_rows if row["Iso3_code"] is None} == {"Sark"}


@pytest.mark.parametrize(
    ("label", "iso2"),
    [
        ("Niger", "NE"),
        ("Niger Rep", "NE"),
        ("Nigeria", "NG"),
        ("Benin Rep", "BJ"),
        ("Guinea Conakry", "GN"),
        ("Guinée", "GN"),
        ("Congo", "CG"),
        ("Dem. Rep. of the Congo", "CD"),
        ("Cote d'ivoire", "CI"),
        ("Costa d'Avorio", "CI"),
        ("C\u00c3\u00b4te d'Ivoire", "CI"),  # UTF-8 read as Windows-1252
        ("C\ufffdte d\ufffdIvoire", "CI"),  # characters lost
        ("ESPA\ufffdA", "ES"),
        ("T\u00c3\u00bcrkiye", "TR"),
        ("Alemania", "DE"),
        ("Roumanie", "RO"),
        ("Ghanaian", "GH"),
        ("Sénégal", "SN"),
        ("Sierra leone", "SL"),
        ("Erithera", "ER"),
        ("Swaziland", "SZ"),
        ("The former Yugoslav Republic of Macedonia", "MK"),
        ("China, Hong Kong SAR", "HK"),
        ("State of Palestine", "PS"),
        ("3 maliens", "ML"),
    ],
)
def test_a_label_finds_its_country(label, iso2):
    assert place_of_label(label) == LabelPlace(LabelKind.COUNTRY, iso2)


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("M49 Region: Africa", LabelKind.AGGREGATE),
        ("Central africa", LabelKind.AGGREGATE),
        ("Africa others", LabelKind.AGGREGATE),
        ("Abroad", LabelKind.AGGREGATE),
        ("3 nigériens et 1 tunisien", LabelKind.AGGREGATE),
        ("Caribbean (Trinidad and Tobago, Barbados, etc)", LabelKind.AGGREGATE),
        ("Congolese", LabelKind.AGGREGATE),
        ("Former Yugoslavia", LabelKind.NO_ISO_CODE),
        ("Kosovo under UNSCR 1244", LabelKind.NO_ISO_CODE),
        ("Nationals", LabelKind.NATIONALS),
        ("Ciudadanos de su pa\ufffds", LabelKind.NATIONALS),
        ("own country", LabelKind.NATIONALS),
        ("Stateless", LabelKind.STATELESS),
        ("Desconocido", LabelKind.UNKNOWN),
        ("", LabelKind.UNKNOWN),
        ("TOTAL POR AÑO", LabelKind.TOTAL),
        ("Nationality", LabelKind.FORM_TEXT),
    ],
)
def test_regions_groups_and_non_countries_stay_what_they_are(label, kind):
    assert place_of_label(label) == LabelPlace(kind)


def test_an_unknown_label_is_not_guessed():
    assert place_of_label("Atlantis") is None
