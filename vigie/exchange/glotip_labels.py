"""What a category of UNODC's GLOTIP file names, as an ISO 3166-1 code where it names one country.

The citizenship and repatriation categories of data_glotip.xlsx are written as each country returned them:
UNODC's spellings ("Niger Rep", "Dem. Rep. of the Congo"), other languages ("Alemania", "Roumanie"),
demonyms ("Ghanaian"), typos ("Erithera"), UTF-8 read as Windows-1252 ("T\u00c3\u00bcrkiye" for "Türkiye")
and characters lost on the way (U+FFFD in "ESPA\ufffdA"). Comparing them with the register by name misses
many, so they are compared by code: pycountry's names first, then the explicit table below for every other
label of the 2023-05-30 file. A label naming several countries, a region, a former state or a group stays
what it is, never spread over countries; the tests check that every label of the real file is classified.
"""

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import pycountry


class LabelKind(StrEnum):
    COUNTRY = "country"  # one ISO 3166-1 country
    NATIONALS = "nationals"  # the reporting country's own citizens
    AGGREGATE = "aggregate"  # a region, a list of countries, "others", "abroad": no single code
    NO_ISO_CODE = "no_iso_code"  # one place or group that ISO 3166-1 has no current code for
    STATELESS = "stateless"
    UNKNOWN = "unknown"
    TOTAL = "total"
    FORM_TEXT = "form_text"  # text of the questionnaire copied into the cell: says nothing of a place


@dataclass(frozen=True)
class LabelPlace:
    kind: LabelKind
    iso2: str = ""


def _country(iso2: str) -> LabelPlace:
    return LabelPlace(LabelKind.COUNTRY, iso2)


# Keys are normalised (see _normalised): case-folded, accents dropped, U+FFFD kept as "?".
_COUNTRIES = {
    # UNODC's and the returning countries' English spellings, typos and demonyms
    "abania": "AL",
    "albanian": "AL",
    "97 albanian": "AL",
    "angolan": "AO",
    "angolans": "AO",
    "armenie": "AM",
    "b & h": "BA",
    "bosnia": "BA",
    "bosnia erzegovina": "BA",
    "bosnian": "BA",
    "belarussian": "BY",
    "byelorussian": "BY",
    "belizean": "BZ",
    "benin rep": "BJ",
    "bhuatnese": "BT",
    "bolivia (plurinational state of)": "BO",
    "brazilian": "BR",
    "burmese": "MM",
    "myanmar nation": "MM",
    "domestic (myanmar)": "MM",
    "cameroonian": "CM",
    "china, hong kong sar": "HK",
    "china, hong kong special administrative region": "HK",
    "china, taiwan province of china": "TW",
    "taiwanese": "TW",
    "columbia": "CO",
    "dem. rep. of the congo": "CD",
    "democratic republic of the congo": "CD",
    "cote d'ivoire": "CI",
    "c?te d?ivoire": "CI",
    "dominican rebublic": "DO",
    "dominican rep": "DO",
    "erithera": "ER",
    "eritrean": "ER",
    "ethopia": "ET",
    "gambian": "GM",
    "georgian": "GE",
    "ghanaian": "GH",
    "guatemalan": "GT",
    "guinea conakry": "GN",
    "hodruanian": "HN",
    "honduranian": "HN",
    "indian": "IN",
    "mumbai, india": "IN",
    "indonesian": "ID",
    "iran (islamic republic of)": "IR",
    "kurdistan, iraq": "IQ",
    "kazahstan": "KZ",
    "kazakhistan": "KZ",
    "kazalhstan": "KZ",
    "kirghiz": "KG",
    "lao people's dem. republic": "LA",
    "libanon": "LB",
    "lybia": "LY",
    "macedonian": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "madagascarian": "MG",
    "moldovan": "MD",
    "monte negro": "ME",
    "morrocan": "MA",
    "moroco": "MA",
    "netherlands (kingdom of the)": "NL",
    "netherlands (own country)": "NL",
    "niger rep": "NE",
    "palestine": "PS",
    "state of palestine": "PS",
    "phillipines": "PH",
    "republic of korea": "KR",
    "south korean": "KR",
    "russia": "RU",
    "sierra leonean": "SL",
    "south african": "ZA",
    "spanish": "ES",
    "st vincent and the grenadines": "VC",
    "surinam": "SR",
    "swaziland": "SZ",
    "sweeden": "SE",
    "syriah": "SY",
    "tanzanian": "TZ",
    "the ukraine": "UA",
    "tunisa": "TN",
    "t?rkiye": "TR",
    "ugandan": "UG",
    "venezuela (bolivarian republic of)": "VE",
    "vietnamese": "VN",
    "zambian": "ZM",
    # Spanish
    "alemana": "DE",
    "alemania": "DE",
    "argentino": "AR",
    "barsil": "BR",
    "brasil": "BR",
    "brasilera": "BR",
    "brasilero": "BR",
    "belga": "BE",
    "belice?a": "BZ",
    "bielorrusia": "BY",
    "camerun": "CM",
    "canad?": "CA",
    "chino": "CN",
    "colombiana": "CO",
    "colombiano": "CO",
    "corea del sur": "KR",
    "cubano": "CU",
    "dominicana": "DO",
    "r.dominicana": "DO",
    "rep. dominicana": "DO",
    "republica dominicana": "DO",
    "rep?blica dominicana": "DO",
    "emiratos ?rabes unidos": "AE",
    "espa?a": "ES",
    "estados unidos de am?rica": "US",
    "etiopia": "ET",
    "filipinas": "PH",
    "francia": "FR",
    "gana": "GH",
    "gran breta?a": "GB",
    "guatemaltecos": "GT",
    "guinea ecuatorial": "GQ",
    "haitiano": "HT",
    "holanda": "NL",
    "hondure?a": "HN",
    "hondure?o": "HN",
    "hungria": "HU",
    "italia": "IT",
    "keniano": "KE",
    "kirguizstan": "KG",
    "marruecos": "MA",
    "mexico": "MX",
    "m?xico": "MX",
    "noruega": "NO",
    "panam?": "PA",
    "paraguayo": "PY",
    "pero": "PE",  # Ecuador, 2017: "PERU" mistyped (Ecuador writes PERUANA in 2021)
    "peruana": "PE",
    "peruano": "PE",
    "per?": "PE",
    "polonia": "PL",
    "republica checa": "CZ",
    "rusia": "RU",
    "salvadore?a": "SV",
    "singapur": "SG",
    "siria": "SY",
    "sudafrica": "ZA",
    "suiza": "CH",
    "tailandia": "TH",
    "turqu?a": "TR",
    "ucrania": "UA",
    "venezolana": "VE",
    "venezolano": "VE",
    # French, Italian, Dutch, Romanian
    "bresil": "BR",
    "bresilien": "BR",
    "chinois": "CN",
    "costa d'avorio": "CI",
    "croazia": "HR",
    "ethiopie": "ET",
    "filippine": "PH",
    "francais": "FR",
    "guinee": "GN",
    "hongrie": "HU",
    "indien": "IN",
    "indonesie": "ID",
    "italien": "IT",
    "luxembourgeois": "LU",
    "maroc": "MA",
    "nederland": "NL",
    "pays-bas": "NL",
    "pologne": "PL",
    "portugais": "PT",
    "republique de moldavie": "MD",
    "republique tcheque": "CZ",
    "roumain": "RO",
    "roumanie": "RO",
    "russie": "RU",
    "senegal": "SN",
    "spania": "ES",
    "thailande": "TH",
    "tunisie": "TN",
    "ukrainien": "UA",
    # Algeria's "2 maliens", "3 maliens": a count written into the label, all Malians
    "2 maliens": "ML",
    "3 maliens": "ML",
}

_OTHER_LABELS = {
    "nationals": LabelKind.NATIONALS,
    "own country": LabelKind.NATIONALS,
    "ciudadanos de su pa?s": LabelKind.NATIONALS,
    # Several countries, regions, or unnamed others: kept whole, never spread over countries.
    "3 nigeriens et 1 tunisien": LabelKind.AGGREGATE,
    "congolese": LabelKind.AGGREGATE,  # Germany's: either Congo, and it lists neither by name
    "abroad": LabelKind.AGGREGATE,
    "africa others": LabelKind.AGGREGATE,
    "amercias": LabelKind.AGGREGATE,
    "asia others": LabelKind.AGGREGATE,
    "caribbean (trinidad and tobago, barbados, etc)": LabelKind.AGGREGATE,
    "central africa": LabelKind.AGGREGATE,
    "eu-28 others": LabelKind.AGGREGATE,
    "europe others": LabelKind.AGGREGATE,
    "european economic area": LabelKind.AGGREGATE,
    "m49 region: africa": LabelKind.AGGREGATE,
    "m49 region: americas": LabelKind.AGGREGATE,
    "m49 region: asia": LabelKind.AGGREGATE,
    "other countries (dominica, panama, french guiana, brazil, etc.)": LabelKind.AGGREGATE,
    "otros": LabelKind.AGGREGATE,
    "personnes de nationalit? ?trang?re": LabelKind.AGGREGATE,
    "(especifique el pa?s)": LabelKind.AGGREGATE,  # "specify the country", left unspecified
    "(especifique otras nacionalidades)": LabelKind.AGGREGATE,
    # No current ISO 3166-1 code.
    "former czechoslovakia": LabelKind.NO_ISO_CODE,
    "former yugoslavia": LabelKind.NO_ISO_CODE,
    "the former netherlands antilles": LabelKind.NO_ISO_CODE,
    "kosovo": LabelKind.NO_ISO_CODE,
    "kosovo (under unsc res. 1244)": LabelKind.NO_ISO_CODE,
    "kosovo under unscr 1244": LabelKind.NO_ISO_CODE,
    "rohingya": LabelKind.NO_ISO_CODE,  # a people, not a citizenship
    "stateless": LabelKind.STATELESS,
    "": LabelKind.UNKNOWN,
    "unknown": LabelKind.UNKNOWN,
    "desconocida": LabelKind.UNKNOWN,
    "desconocido": LabelKind.UNKNOWN,
    "disputed": LabelKind.UNKNOWN,
    "inconnue": LabelKind.UNKNOWN,
    "n/a": LabelKind.UNKNOWN,
    "no determinada": LabelKind.UNKNOWN,
    "no information": LabelKind.UNKNOWN,
    "no registra": LabelKind.UNKNOWN,
    "sin determinar": LabelKind.UNKNOWN,
    # Germany, 2017 only: the next year splits it into "stateless" and "no information".
    "without": LabelKind.UNKNOWN,
    "total": LabelKind.TOTAL,
    "total por ano": LabelKind.TOTAL,
    "nationality": LabelKind.FORM_TEXT,  # the column's heading, not a citizenship
    "0": LabelKind.FORM_TEXT,
}


def _repaired(label: str) -> str:
    text = label.strip()
    try:
        # UTF-8 read as Windows-1252 somewhere before UNODC: "T\u00c3\u00bcrkiye" is "Türkiye".
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def _normalised(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("\ufffd", "?").split())


def place_of_label(label: str) -> LabelPlace | None:
    """What a GLOTIP category label names, or None for a label nothing here recognises."""
    repaired = _repaired(label)
    key = _normalised(repaired)
    if key in _COUNTRIES:
        return _country(_COUNTRIES[key])
    if key in _OTHER_LABELS:
        return LabelPlace(_OTHER_LABELS[key])
    for text in (repaired, key):
        try:
            return _country(pycountry.countries.lookup(text).alpha_2)
        except LookupError:
            continue
    return None


# The reporting places of the file's code column that are not ISO alpha-3 codes.
REPORTING_AGGREGATES = {"SAM", "SAF", "CAR", "CAS", "EEU", "MCA", "MCN", "Aruba/Curacao"}
