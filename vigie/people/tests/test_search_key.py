import pytest

from vigie.people.names import search_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("KOUYATÉ", "kouyate"),
        ("Traoré", "traore"),
        ("Aïssata", "aissata"),
        ("  KOUYATÉ   Aïssata ", "kouyate aissata"),
        ("N'Diaye", "n diaye"),
        ("N\u2019Diaye", "n diaye"),  # typographic apostrophe
        ("Ould-Abdallah", "ould abdallah"),
        ("Çağlar", "caglar"),
        ("Søren Łukasz", "soren lukasz"),
        ("Straße", "strasse"),
    ],
)
def test_it_ignores_case_accents_and_separators(name, key):
    assert search_key(name) == key


def test_two_spellings_of_the_same_name_get_the_same_key():
    assert search_key("Mahamadou TRAORÉ") == search_key("mahamadou traore")
