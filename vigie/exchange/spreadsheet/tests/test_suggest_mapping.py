from vigie.exchange.spreadsheet.fields import suggest_mapping


def test_it_suggests_the_fields_of_french_headers_whatever_the_accents_and_case():
    headers = ["N° dossier", "NOM", "Prénom(s)", "Sexe", "Date de naissance", "Nationalité", "Date d'ouverture"]

    assert suggest_mapping([*headers, "Lieu d'exploitation", "Âge de la victime", "Téléphone"]) == {
        "N° dossier": "case_key",
        "NOM": "family_name",
        "Prénom(s)": "given_names",
        "Sexe": "sex",
        "Date de naissance": "date_of_birth",
        "Nationalité": "nationality",
        "Date d'ouverture": "case_opened_on",
        "Lieu d'exploitation": "exploitation_place",
        "Âge de la victime": "age",
        "Téléphone": "phone",
    }


def test_it_suggests_the_fields_of_english_headers():
    headers = ["Case No", "Last name", "First names", "Gender", "DOB", "Citizenship", "Role", "Type of exploitation"]

    assert list(suggest_mapping(headers).values()) == [
        "case_key",
        "family_name",
        "given_names",
        "sex",
        "date_of_birth",
        "nationality",
        "role",
        "forms_of_exploitation",
    ]


def test_surname_and_nom_de_famille_both_mean_the_family_name():
    assert suggest_mapping(["Surname"]) == {"Surname": "family_name"}
    assert suggest_mapping(["Nom de famille"]) == {"Nom de famille": "family_name"}
    assert suggest_mapping(["nom_de_famille"]) == {"nom_de_famille": "family_name"}


def test_a_field_is_suggested_for_the_first_column_that_names_it_only():
    assert suggest_mapping(["Nom", "Surname", "Sexe", "Gender"]) == {
        "Nom": "family_name",
        "Surname": None,
        "Sexe": "sex",
        "Gender": None,
    }


def test_an_unknown_header_gets_no_suggestion():
    assert suggest_mapping(["Couleur préférée", ""]) == {"Couleur préférée": None, "": None}


def test_a_hint_in_brackets_does_not_hide_the_field():
    headers = [
        "Date de naissance (jj/mm/aaaa)",
        "Sexe (M/F)",
        "Date of Birth [dd/mm/yyyy]",
        "Phone No.",
        "Date of rescue",
    ]
    assert suggest_mapping(headers) == {
        "Date de naissance (jj/mm/aaaa)": "date_of_birth",
        "Sexe (M/F)": "sex",
        "Date of Birth [dd/mm/yyyy]": None,  # the field is taken by the first column that names it
        "Phone No.": "phone",
        "Date of rescue": "interception_date",
    }
