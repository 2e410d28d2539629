"""Demo data: a reproducible regional register of trafficking and smuggling cases, none of them real.

`generate_demo_dataset(cases=…, seed=…)` writes agencies, cases, persons and everything hanging off
them with bulk inserts, one transaction per batch, and one audit event for the whole data set. The
same seed gives the same data on SQLite and PostgreSQL: every draw comes from one random.Random(seed),
in a fixed order, and nothing drawn depends on the clock or on database ids.

The shares below come from published figures, computed once by hand from the project's shared reference
files (shared/reference/glotip.md, shared/data/ctdc, shared/data/glotip, shared/data/iom) and two public
reports named where used; nothing here reads those files at run time.
"""

import bisect
import datetime
import functools
import itertools
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from vigie.accounts.models import Agency, User
from vigie.accounts.services import create_agency
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.bulk_write import write_rows
from vigie.cases.models import (
    BorderCrossing,
    Case,
    CaseCounter,
    CaseShare,
    Decision,
    Event,
    Participant,
    SuspectedOffence,
)
from vigie.cases.services import case_reference
from vigie.people.demo_names import (
    NICKNAMES_FEMALE,
    NICKNAMES_MALE,
    OFFICIAL_LANGUAGE,
    TRADITIONS,
    TRADITIONS_BY_COUNTRY,
    VARIANTS_OF,
)
from vigie.people.models import Alias, Consent, Person
from vigie.people.services import _clean_aliases, _search_text
from vigie.reference.codelists import BenefitSought, ExploitationForm, MeansOfControl, Sector, Sex
from vigie.reference.models import Country

Role = Participant.Role
SuspectRole = Participant.SuspectRole
Offence = SuspectedOffence.Offence
Form = ExploitationForm
Control = MeansOfControl

# =====================================================================================================
# Proportions, with their sources
# =====================================================================================================

# Victims by sex and age. GLOTIP 2020 (UNODC; data of 2018 from 13 West African countries), Sub-Saharan
# Africa chapter, fig. 174 (text extract at docslib.org/doc/10448837, cited in glotip.md): West Africa
# detected 3,336 victims, of whom 2,553 children (the "more than 75 %" of UNODC's press release of
# 5 Feb 2021). The figure's bars for West Africa read 1,389 and 1,164 children and 687 and 96 adults.
# Which child bar is girls is not legible in the extract; girls are taken as the larger because the
# GLOTIP country data (data_glotip_2023-05-30.xlsx, West and Central African countries, 2015-2021,
# country-years with all four cells) give 3,758 girls for 2,411 boys; women as the larger adult bar
# because the same data give 87.9 % women among adult victims (4,199 of 4,779) and the figure 87.7 %.
# (CTDC, victims with a West or Central African citizenship, ctdc_global_2020-04-14_derived_10cols.csv,
# gives 88.1 % children, 1,018 of 1,156, but 71 % of them boys: mostly Ghanaian boys of Lake Volta
# assisted by IOM in 2005-2010. Not used for the sex split, which it would bias.)
VICTIM_GIRLS, VICTIM_BOYS, VICTIM_WOMEN, VICTIM_MEN = 1389, 1164, 687, 96
_VICTIMS = VICTIM_GIRLS + VICTIM_BOYS + VICTIM_WOMEN + VICTIM_MEN
VICTIM_PROFILE_SHARES: dict[str, float] = {
    "girl": VICTIM_GIRLS / _VICTIMS,  # 0.416
    "boy": VICTIM_BOYS / _VICTIMS,  # 0.349
    "woman": VICTIM_WOMEN / _VICTIMS,  # 0.206
    "man": VICTIM_MEN / _VICTIMS,  # 0.029
}
VICTIM_CHILD_SHARE = (VICTIM_GIRLS + VICTIM_BOYS) / _VICTIMS  # 0.765
VICTIM_FEMALE_SHARE = (VICTIM_GIRLS + VICTIM_WOMEN) / _VICTIMS  # 0.622

# Ages within those groups. CTDC (same file, West and Central African citizenships): of 1,018 child
# victims 192 were 0-8 years old and 826 were 9-17; adults were 18-20: 14, 21-23: 31, 24-26: 32,
# 27-29: 31, 30-38: 30.
CHILD_AGE_BANDS: tuple[tuple[int, int, int], ...] = ((4, 8, 192), (9, 17, 826))
ADULT_AGE_BANDS: tuple[tuple[int, int, int], ...] = (
    (18, 20, 14),
    (21, 23, 31),
    (24, 26, 32),
    (27, 29, 31),
    (30, 38, 30),
)

# Forms of exploitation. GLOTIP 2020 (press release of 5 Feb 2021): "close to 80 %" of victims detected
# in West Africa were trafficked for forced labour; CTDC agrees (82.4 % forced labour among the 700
# West and Central African victims whose isForcedLabour is known). The other 20 % are split as in the
# GLOTIP country data for West and Central Africa 2015-2021: 3,530 sexual exploitation for 174 other
# forms, so 20 % x 3530/3704 and 20 % x 174/3704.
FORCED_LABOUR_SHARE = 0.80
SEXUAL_EXPLOITATION_SHARE = 0.20 * 3530 / 3704  # 0.1906
OTHER_FORMS_SHARE = 0.20 * 174 / 3704  # 0.0094
# Who is trafficked for sexual exploitation. GLOTIP country data, same countries and years: 2,950 of the
# 3,634 adult women whose form is known were sexually exploited (81.2 %); 12 of 553 adult men and none
# of 677 boys, taken as zero. The share among girls then follows from the totals above (see
# _sexual_share_among_girls: 5.7 %; the country data give 117 of 1,914 = 6.1 %).
SEXUAL_SHARE_AMONG_WOMEN = 2950 / 3634
# The kinds of "other" exploitation. No regional breakdown was found: an assumption, close to what the
# national reports of Niger, Senegal and Guinea-Bissau describe (begging by Quranic pupils, forced
# marriage, children used by armed groups around Lake Chad).
OTHER_FORMS_BY_PROFILE: dict[str, tuple[tuple[str, int], ...]] = {
    "boy": ((Form.FORCED_BEGGING, 60), (Form.FORCED_CRIMINALITY, 25), (Form.CHILD_SOLDIERING, 15)),
    "girl": ((Form.FORCED_MARRIAGE, 50), (Form.FORCED_BEGGING, 30), (Form.SERVITUDE, 20)),
    "woman": ((Form.SERVITUDE, 50), (Form.FORCED_MARRIAGE, 30), (Form.FORCED_CRIMINALITY, 20)),
    "man": ((Form.SERVITUDE, 40), (Form.FORCED_CRIMINALITY, 60)),
}

# Domestic and cross-border trafficking. GLOTIP 2022 (via revistaxietu.com, glotip.md): 85 % of the
# victims detected in Sub-Saharan Africa in 2020 were trafficked within their own country.
DOMESTIC_TRAFFICKING_SHARE = 0.85

# Smuggled migrants. IOM DTM Niger, flow monitoring report of September 2017 (Arlit and Séguédine, the
# desert route north; globaldtm.info): 94 % of travellers observed were men and 2 % minors; women are the
# rest. Later reports count 20 % women, but over all flows through Niger, seasonal workers included.
MIGRANT_MEN_SHARE, MIGRANT_MINOR_SHARE = 0.94, 0.02
# What the investigation establishes of a smuggled migrant. Assumption (no figure found): for about 60 %
# of them it is established that nobody used a means of control and that no exploitation was intended
# (they paid for the journey and were free to leave it); for the others it stays unknown.
MIGRANT_NO_EXPLOITATION_SHARE = 0.6
# Whether a foreigner living in the country of the case resides there lawfully and permanently.
# Assumption: known for half of them, and then "no" (migrants in transit or without papers); a national
# of that country is a lawful permanent resident.
FOREIGN_RESIDENT_KNOWN_SHARE = 0.5

# Suspects. GLOTIP country data, "persons brought into formal contact" with the police, West and
# Central African countries 2015-2021: 1,754 men and 1,319 women, 57.1 % men.
SUSPECT_MALE_SHARE = 1754 / (1754 + 1319)

# Smuggling routes. IOM Missing Migrants Project (iom_missing_migrants_2014-2025.csv), incidents whose
# victims were nationals of West or Central African countries, by route, leaving out "Undefined" and the
# Americas: intra-African routes 120, Central Mediterranean 62, West African Atlantic 37, Western
# Mediterranean 18. Deaths are a proxy for traffic, the only route-level figure in the shared data.
SMUGGLING_ROUTE_FAMILY_WEIGHTS: dict[str, int] = {
    "intra_african": 120,
    "central_mediterranean": 62,
    "atlantic": 37,
    "western_mediterranean": 18,
}

# What kind of case. Assumption: no figure was found for the mix of TIP and SOM cases in a register.
CASE_KIND_WEIGHTS: dict[str, float] = {
    "tip": 0.72,  # split by DOMESTIC_TRAFFICKING_SHARE into domestic and cross-border cases
    "som": 0.22,
    "other": 0.06,  # child labour, abduction... without a trafficking charge
}

# Countries where domestic cases are detected. Weights are the square root of the victims detected in
# 2015-2021 in the GLOTIP country data (Nigeria 8,685; Ghana 1,500; Burkina Faso 872; Benin 535; Niger
# 429; Côte d'Ivoire 206; Cameroon 89; Sierra Leone 86; Togo 80; Guinea 75; Mali 57; the Gambia 35;
# Mauritania 35; Senegal 13), so that Nigeria's two thirds of the region's detections leave room for the
# others in a demo; 3 for countries without data. Niger, where vigie is piloted, is given Nigeria's weight.
CASE_COUNTRY_WEIGHTS: dict[str, float] = {
    "NE": 93, "NG": 93, "GH": 39, "BF": 30, "BJ": 23, "CI": 14, "CM": 9, "SL": 9, "TG": 9, "GN": 9,
    "ML": 8, "GM": 6, "MR": 6, "SN": 4, "TD": 3, "GA": 3, "LR": 3,
}  # fmt: skip

# Cases recorded per year, 2015-2025: growing with the use of the register (assumption), with the
# dip of 2020 that GLOTIP 2022 reports for Sub-Saharan Africa (-12 % detected victims 2019-2020).
YEAR_WEIGHTS: dict[int, float] = {
    year: (1 + 0.12 * (year - 2015)) * (0.88 if year == 2020 else 1.0) for year in range(2015, 2026)
}
FIRST_DAY, LAST_DAY = datetime.date(2015, 1, 1), datetime.date(2025, 12, 31)
PERSONS_PER_CASE = 2.5

# =====================================================================================================
# Agencies
# =====================================================================================================

Kind = Agency.Kind


@dataclass(frozen=True)
class AgencySpec:
    country: str
    code: str
    name: str
    kind: str
    weight: int  # share of the country's trafficking and other cases
    smuggling_weight: int = 0  # share of the country's smuggling cases


DEMO_AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "NE",
        "ANLTP",
        "Agence nationale de lutte contre la traite des personnes et le trafic illicite de migrants",
        Kind.NATIONAL_AUTHORITY,
        45,
        30,
    ),
    AgencySpec("NE", "DST", "Direction de la surveillance du territoire", Kind.IMMIGRATION, 5, 25),
    AgencySpec("NE", "DPJ", "Direction de la police judiciaire", Kind.POLICE, 20, 10),
    AgencySpec("NE", "GNAGZ", "Gendarmerie nationale, groupement d'Agadez", Kind.GENDARMERIE, 10, 25),
    AgencySpec("NE", "ITNIA", "Inspection du travail de Niamey", Kind.LABOUR_INSPECTION, 5),
    AgencySpec("NE", "CAVNIA", "Centre d'accueil des victimes de Niamey (ONG)", Kind.NGO, 10),
    AgencySpec("NE", "OIMAGZ", "OIM, centre de transit d'Agadez", Kind.INTERNATIONAL, 5, 10),
    AgencySpec(
        "NG", "NAPTIP", "National Agency for the Prohibition of Trafficking in Persons", Kind.NATIONAL_AUTHORITY, 60, 20
    ),
    AgencySpec("NG", "NIS", "Nigeria Immigration Service", Kind.IMMIGRATION, 5, 50),
    AgencySpec("NG", "NPFAHTU", "Nigeria Police Force, Anti-Human Trafficking Unit", Kind.POLICE, 20, 25),
    AgencySpec("NG", "FMLEI", "Federal Ministry of Labour and Employment, Inspectorate", Kind.LABOUR_INSPECTION, 5),
    AgencySpec("NG", "SHBENIN", "Shelter for survivors, Benin City (NGO)", Kind.NGO, 10, 5),
    AgencySpec("GH", "AHTU", "Ghana Police Service, Anti-Human Trafficking Unit", Kind.POLICE, 50, 30),
    AgencySpec("GH", "HTS", "Human Trafficking Secretariat", Kind.NATIONAL_AUTHORITY, 25, 10),
    AgencySpec("GH", "GIS", "Ghana Immigration Service", Kind.IMMIGRATION, 10, 60),
    AgencySpec("GH", "YEJISH", "Shelter for rescued children, Yeji (NGO)", Kind.NGO, 15),
    AgencySpec(
        "CI", "CNLTP", "Comité national de lutte contre la traite des personnes", Kind.NATIONAL_AUTHORITY, 35, 20
    ),
    AgencySpec(
        "CI",
        "SDLTEDJ",
        "Sous-direction de la lutte contre la traite des enfants et la délinquance juvénile",
        Kind.POLICE,
        40,
        10,
    ),
    AgencySpec("CI", "DST", "Direction de la surveillance du territoire", Kind.IMMIGRATION, 5, 60),
    AgencySpec("CI", "ITSOUB", "Inspection du travail de Soubré", Kind.LABOUR_INSPECTION, 20, 10),
    AgencySpec(
        "SN", "CNLTP", "Cellule nationale de lutte contre la traite des personnes", Kind.NATIONAL_AUTHORITY, 40, 20
    ),
    AgencySpec("SN", "DPAF", "Division de la police de l'air et des frontières", Kind.IMMIGRATION, 10, 50),
    AgencySpec("SN", "GENDSR", "Gendarmerie nationale, section de recherches", Kind.GENDARMERIE, 30, 30),
    AgencySpec("SN", "CGINDDI", "Centre Ginddi pour enfants en difficulté", Kind.SOCIAL_SERVICES, 20),
    AgencySpec(
        "ML",
        "CNCLTP",
        "Comité national de coordination de la lutte contre la traite des personnes",
        Kind.NATIONAL_AUTHORITY,
        40,
        20,
    ),
    AgencySpec("ML", "BMPM", "Brigade des mœurs et de protection des mineurs", Kind.POLICE, 35, 20),
    AgencySpec("ML", "GENDKYS", "Gendarmerie nationale, légion de Kayes", Kind.GENDARMERIE, 25, 60),
    AgencySpec(
        "BF",
        "CNVS",
        "Comité national de vigilance et de surveillance contre la traite des personnes",
        Kind.NATIONAL_AUTHORITY,
        35,
        20,
    ),
    AgencySpec("BF", "BPM", "Brigade de protection des mineurs", Kind.POLICE, 30, 10),
    AgencySpec("BF", "DPF", "Direction de la police des frontières", Kind.IMMIGRATION, 10, 50),
    AgencySpec("BF", "GENDFDG", "Gendarmerie nationale, compagnie de Fada N'Gourma", Kind.GENDARMERIE, 15, 20),
    AgencySpec("BF", "ASKAYA", "Action sociale de Kaya", Kind.SOCIAL_SERVICES, 10),
    AgencySpec("BJ", "OCPM", "Office central de protection des mineurs", Kind.POLICE, 60, 30),
    AgencySpec("BJ", "DEI", "Direction de l'émigration et de l'immigration", Kind.IMMIGRATION, 10, 70),
    AgencySpec("BJ", "CAZAG", "Centre d'accueil de Zagnanado (ONG)", Kind.NGO, 30),
    AgencySpec(
        "TG",
        "CNARSEVT",
        "Commission nationale d'accueil et de réinsertion sociale des enfants victimes de traite",
        Kind.NATIONAL_AUTHORITY,
        45,
        10,
    ),
    AgencySpec("TG", "BPM", "Brigade pour mineurs", Kind.POLICE, 45, 40),
    AgencySpec("TG", "PAF", "Police de l'air et des frontières", Kind.IMMIGRATION, 10, 50),
    AgencySpec("GN", "OPROGEM", "Office de protection du genre, de l'enfance et des mœurs", Kind.POLICE, 60, 40),
    AgencySpec(
        "GN",
        "CNLTPPA",
        "Comité national de lutte contre la traite des personnes et pratiques assimilées",
        Kind.NATIONAL_AUTHORITY,
        40,
        20,
    ),
    AgencySpec("GN", "DCPAF", "Direction centrale de la police de l'air et des frontières", Kind.IMMIGRATION, 0, 40),
    AgencySpec("CM", "DPJ", "Direction de la police judiciaire", Kind.POLICE, 50, 40),
    AgencySpec("CM", "MINAS", "Ministère des Affaires sociales", Kind.SOCIAL_SERVICES, 30),
    AgencySpec("CM", "GENDYDE", "Gendarmerie nationale, légion du Centre", Kind.GENDARMERIE, 20, 60),
    AgencySpec("SL", "AHTS", "Anti-Human Trafficking Secretariat", Kind.NATIONAL_AUTHORITY, 40, 20),
    AgencySpec("SL", "TOCU", "Sierra Leone Police, Transnational Organised Crime Unit", Kind.POLICE, 60, 80),
    AgencySpec("GM", "NAATIP", "National Agency Against Trafficking in Persons", Kind.NATIONAL_AUTHORITY, 70, 30),
    AgencySpec("GM", "GID", "Gambia Immigration Department", Kind.IMMIGRATION, 30, 70),
    AgencySpec("TD", "DPJ", "Direction de la police judiciaire", Kind.POLICE, 70, 50),
    AgencySpec("TD", "GENDNDJ", "Gendarmerie nationale, légion de N'Djamena", Kind.GENDARMERIE, 30, 50),
    AgencySpec(
        "GA", "CSLTE", "Comité de suivi de la lutte contre le trafic des enfants", Kind.NATIONAL_AUTHORITY, 60, 20
    ),
    AgencySpec("GA", "DGR", "Direction générale des recherches", Kind.POLICE, 40, 80),
    AgencySpec("MR", "DGSN", "Direction générale de la sûreté nationale", Kind.POLICE, 100, 100),
    AgencySpec("LR", "WACPS", "Liberia National Police, Women and Children Protection Section", Kind.POLICE, 100, 100),
)
# Free movement of ECOWAS, which Mali, Burkina Faso and Niger still apply since leaving in January 2025.
ECOWAS = frozenset({"BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "NE", "NG", "SN", "SL", "TG"})
FRENCH_SPEAKING = frozenset({"MR", "NE", "BF", "BJ", "TG", "CI", "SN", "ML", "GN", "CM", "TD", "GA"})

# =====================================================================================================
# Places, borders and routes
# =====================================================================================================


@dataclass(frozen=True)
class Site:
    locality: str
    area: str
    latitude: float
    longitude: float
    # "city" (domestic work, trade, bars, begging), "village", "transit" (smuggling hubs), "border",
    # "coast", or the Sector code of the work done around it (A cocoa and cotton, A03 fishing, B mines).
    tags: frozenset[str] = frozenset({"city"})


def _sites(*rows: tuple[str, str, float, float, str]) -> tuple[Site, ...]:
    return tuple(Site(loc, area, lat, lon, frozenset(tags.split())) for loc, area, lat, lon, tags in rows)


SITES: dict[str, tuple[Site, ...]] = {
    "NE": _sites(
        ("Niamey", "Niamey", 13.5116, 2.1254, "city"),
        ("Zinder", "Zinder", 13.8072, 8.9881, "city"),
        ("Maradi", "Maradi", 13.5000, 7.1017, "city"),
        ("Agadez", "Agadez", 16.9742, 7.9865, "city transit"),
        ("Arlit", "Agadez", 18.7369, 7.3853, "transit"),
        ("Séguédine", "Agadez", 20.1953, 12.9844, "transit"),
        ("Dirkou", "Agadez", 18.9953, 12.8830, "transit"),
        ("Djado", "Agadez", 21.0150, 12.3080, "B"),
        ("Tahoua", "Tahoua", 14.8888, 5.2692, "city"),
        ("Birni N'Konni", "Tahoua", 13.7953, 5.2505, "border"),
        ("Diffa", "Diffa", 13.3154, 12.6113, "city"),
        ("Dosso", "Dosso", 13.0490, 3.1937, "city A"),
        ("Gaya", "Dosso", 11.8840, 3.4490, "border"),
        ("Tillabéri", "Tillabéri", 14.2117, 1.4531, "A"),
        ("Magaria", "Zinder", 12.9983, 8.9097, "border"),
        ("Matamèye", "Zinder", 13.4236, 8.4776, "village"),
        ("Assamaka", "Agadez", 19.3568, 5.7975, "border"),
    ),
    "NG": _sites(
        ("Lagos", "Lagos", 6.5244, 3.3792, "city"),
        ("Kano", "Kano", 12.0022, 8.5920, "city"),
        ("Benin City", "Edo", 6.3350, 5.6037, "city"),
        ("Abuja", "FCT", 9.0765, 7.3986, "city"),
        ("Katsina", "Katsina", 12.9908, 7.6018, "city"),
        ("Sokoto", "Sokoto", 13.0059, 5.2476, "city"),
        ("Maiduguri", "Borno", 11.8311, 13.1510, "city"),
        ("Port Harcourt", "Rivers", 4.8156, 7.0498, "city"),
        ("Ibadan", "Oyo", 7.3775, 3.9470, "city"),
        ("Onitsha", "Anambra", 6.1413, 6.8021, "city"),
        ("Calabar", "Cross River", 4.9757, 8.3417, "coast"),
        ("Abeokuta", "Ogun", 7.1475, 3.3619, "B"),
        ("Idanre", "Ondo", 7.0900, 5.1000, "A"),
        ("Makurdi", "Benue", 7.7337, 8.5214, "city A"),
        ("Kura", "Kano", 11.7700, 8.4300, "village A"),
        ("Badagry", "Lagos", 6.4152, 2.8813, "coast A03"),
        ("Seme", "Lagos", 6.3737, 2.7170, "border"),
        ("Jibia", "Katsina", 13.0940, 7.2260, "border"),
        ("Enugu", "Enugu", 6.4584, 7.5464, "city"),
    ),
    "GH": _sites(
        ("Accra", "Greater Accra", 5.6037, -0.1870, "city"),
        ("Kumasi", "Ashanti", 6.6885, -1.6244, "city"),
        ("Tamale", "Northern", 9.4008, -0.8393, "city"),
        ("Yeji", "Bono East", 8.2167, -0.6500, "A03"),
        ("Kete Krachi", "Oti", 7.7939, -0.0437, "A03"),
        ("Aflao", "Volta", 6.1167, 1.1833, "border"),
        ("Takoradi", "Western", 4.8845, -1.7554, "coast A03"),
        ("Tarkwa", "Western", 5.3000, -1.9833, "B"),
        ("Obuasi", "Ashanti", 6.2000, -1.6667, "B"),
        ("Elubo", "Western", 5.2833, -2.7667, "border"),
        ("Paga", "Upper East", 10.9833, -1.1167, "border"),
        ("Goaso", "Ahafo", 6.8000, -2.5200, "A"),
    ),
    "TG": _sites(
        ("Lomé", "Maritime", 6.1725, 1.2314, "city coast"),
        ("Sokodé", "Centrale", 8.9833, 1.1333, "city"),
        ("Kara", "Kara", 9.5511, 1.1861, "city"),
        ("Atakpamé", "Plateaux", 7.5333, 1.1333, "A"),
        ("Aného", "Maritime", 6.2333, 1.6000, "A03"),
        ("Kpalimé", "Plateaux", 6.9000, 0.6333, "A"),
        ("Cinkassé", "Savanes", 11.1000, 0.0167, "border"),
        ("Vogan", "Maritime", 6.3333, 1.5333, "village"),
    ),
    "BJ": _sites(
        ("Cotonou", "Littoral", 6.3703, 2.3912, "city coast"),
        ("Porto-Novo", "Ouémé", 6.4969, 2.6289, "city"),
        ("Abomey-Calavi", "Atlantique", 6.4485, 2.3557, "city"),
        ("Parakou", "Borgou", 9.3372, 2.6303, "city A"),
        ("Malanville", "Alibori", 11.8667, 3.3833, "border"),
        ("Zagnanado", "Zou", 7.2667, 2.3500, "village"),
        ("Abomey", "Zou", 7.1829, 1.9912, "city"),
        ("Kraké", "Ouémé", 6.3700, 2.7000, "border"),
        ("Djougou", "Donga", 9.7085, 1.6660, "city A"),
        ("Ouidah", "Atlantique", 6.3667, 2.0833, "coast A03"),
    ),
    "CI": _sites(
        ("Abidjan", "Abidjan", 5.3600, -4.0083, "city coast"),
        ("Soubré", "Nawa", 5.7856, -6.5939, "A"),
        ("Daloa", "Haut-Sassandra", 6.8774, -6.4502, "city A"),
        ("San-Pédro", "San-Pédro", 4.7485, -6.6363, "A coast"),
        ("Bouaké", "Gbêkê", 7.6906, -5.0300, "city"),
        ("Korhogo", "Poro", 9.4580, -5.6296, "city A"),
        ("Man", "Tonkpi", 7.4125, -7.5538, "city"),
        ("Ouangolodougou", "Tchologo", 9.9667, -5.1500, "border"),
        ("Duékoué", "Guémon", 6.7333, -7.3500, "A"),
        ("Tengréla", "Bagoué", 10.4869, -6.4097, "B"),
        ("Hiré", "Lôh-Djiboua", 6.1833, -5.2833, "B"),
    ),
    "SN": _sites(
        ("Dakar", "Dakar", 14.7167, -17.4677, "city coast"),
        ("Touba", "Diourbel", 14.8500, -15.8833, "city"),
        ("Saint-Louis", "Saint-Louis", 16.0179, -16.4896, "city coast A03"),
        ("Kédougou", "Kédougou", 12.5556, -12.1743, "B"),
        ("Ziguinchor", "Ziguinchor", 12.5833, -16.2719, "city"),
        ("Kolda", "Kolda", 12.8833, -14.9500, "city"),
        ("Mbour", "Thiès", 14.4167, -16.9667, "coast A03"),
        ("Kidira", "Tambacounda", 14.4583, -12.2139, "border"),
        ("Thiès", "Thiès", 14.7910, -16.9256, "city"),
        ("Sabodala", "Kédougou", 13.1800, -12.1200, "B"),
    ),
    "ML": _sites(
        ("Bamako", "Bamako", 12.6392, -8.0029, "city"),
        ("Kayes", "Kayes", 14.4469, -11.4456, "city"),
        ("Kéniéba", "Kayes", 12.8333, -11.2333, "B"),
        ("Sikasso", "Sikasso", 11.3176, -5.6665, "city A"),
        ("Mopti", "Mopti", 14.4843, -4.1827, "city A03"),
        ("Gao", "Gao", 16.2666, -0.0400, "city transit"),
        ("Ségou", "Ségou", 13.4317, -6.2157, "city A"),
        ("Kourémalé", "Koulikoro", 11.9667, -8.7833, "border"),
        ("Zégoua", "Sikasso", 10.4833, -5.6500, "border"),
        ("Tombouctou", "Tombouctou", 16.7666, -3.0026, "city"),
    ),
    "BF": _sites(
        ("Ouagadougou", "Centre", 12.3714, -1.5197, "city"),
        ("Bobo-Dioulasso", "Hauts-Bassins", 11.1771, -4.2979, "city A"),
        ("Kaya", "Centre-Nord", 13.0917, -1.0844, "city"),
        ("Ouahigouya", "Nord", 13.5828, -2.4216, "city"),
        ("Fada N'Gourma", "Est", 12.0616, 0.3584, "city"),
        ("Gorom-Gorom", "Sahel", 14.4439, -0.2361, "B"),
        ("Niangoloko", "Cascades", 10.2800, -4.9200, "border"),
        ("Kantchari", "Est", 12.4770, 1.5160, "border"),
        ("Banfora", "Cascades", 10.6333, -4.7667, "A"),
        ("Houndé", "Tuy", 11.5000, -3.5167, "B"),
        ("Koupéla", "Centre-Est", 12.1794, -0.3516, "village"),
    ),
    "GN": _sites(
        ("Conakry", "Conakry", 9.6412, -13.5784, "city coast"),
        ("Kankan", "Kankan", 10.3854, -9.3057, "city"),
        ("Siguiri", "Kankan", 11.4228, -9.1686, "B"),
        ("Labé", "Labé", 11.3183, -12.2833, "city"),
        ("Nzérékoré", "Nzérékoré", 7.7562, -8.8179, "city A"),
        ("Boké", "Boké", 10.9409, -14.2967, "B"),
        ("Mamou", "Mamou", 10.3755, -12.0915, "city"),
        ("Kindia", "Kindia", 10.0569, -12.8658, "city A"),
    ),
    "GW": _sites(
        ("Bissau", "Bissau", 11.8636, -15.5977, "city"),
        ("Gabú", "Gabú", 12.2833, -14.2167, "city"),
        ("Bafatá", "Bafatá", 12.1667, -14.6667, "city"),
    ),
    "SL": _sites(
        ("Freetown", "Western Area", 8.4657, -13.2317, "city"),
        ("Bo", "Southern", 7.9647, -11.7383, "city"),
        ("Kenema", "Eastern", 7.8767, -11.1875, "city B"),
        ("Makeni", "Northern", 8.8833, -12.0500, "city"),
        ("Koidu", "Eastern", 8.6439, -10.9714, "B"),
    ),
    "LR": _sites(("Monrovia", "Montserrado", 6.3156, -10.8074, "city"), ("Ganta", "Nimba", 7.2333, -8.9833, "city")),
    "GM": _sites(
        ("Banjul", "Banjul", 13.4549, -16.5790, "city"),
        ("Serrekunda", "Kanifing", 13.4383, -16.6781, "city"),
        ("Barra", "North Bank", 13.4828, -16.5458, "coast"),
        ("Basse Santa Su", "Upper River", 13.3100, -14.2200, "city"),
    ),
    "MR": _sites(
        ("Nouadhibou", "Dakhlet Nouadhibou", 20.9310, -17.0347, "coast transit"),
        ("Nouakchott", "Nouakchott", 18.0735, -15.9582, "city coast"),
        ("Rosso", "Trarza", 16.5138, -15.8050, "border"),
    ),
    "CM": _sites(
        ("Yaoundé", "Centre", 3.8480, 11.5021, "city"),
        ("Douala", "Littoral", 4.0511, 9.7679, "city coast"),
        ("Garoua", "Nord", 9.3017, 13.3921, "city"),
        ("Maroua", "Extrême-Nord", 10.5956, 14.3247, "city"),
        ("Bamenda", "Nord-Ouest", 5.9631, 10.1591, "city"),
        ("Kyé-Ossi", "Sud", 2.1750, 11.3280, "border"),
        ("Batouri", "Est", 4.4333, 14.3667, "B"),
    ),
    "TD": _sites(
        ("N'Djamena", "N'Djamena", 12.1348, 15.0557, "city"),
        ("Abéché", "Ouaddaï", 13.8292, 20.8324, "city"),
        ("Moundou", "Logone Occidental", 8.5667, 16.0833, "city"),
        ("Faya-Largeau", "Borkou", 17.9257, 19.1043, "transit"),
    ),
    "GA": _sites(
        ("Libreville", "Estuaire", 0.4162, 9.4673, "city coast"),
        ("Port-Gentil", "Ogooué-Maritime", -0.7193, 8.7815, "city coast A03"),
        ("Franceville", "Haut-Ogooué", -1.6333, 13.5833, "city"),
        ("Oyem", "Woleu-Ntem", 1.5995, 11.5793, "city A"),
    ),
    "LY": _sites(
        ("Sabha", "Fezzan", 27.0377, 14.4283, "city transit"),
        ("Tripoli", "Tripoli", 32.8872, 13.1913, "city coast"),
        ("Al Qatrun", "Murzuq", 24.9333, 14.6333, "transit"),
        ("Zuwara", "Nuqat al Khams", 32.9312, 12.0819, "coast"),
        ("Bani Walid", "Misrata", 31.7566, 13.9942, "transit"),
    ),
    "DZ": _sites(
        ("Tamanrasset", "Tamanrasset", 22.7850, 5.5228, "city transit"),
        ("In Guezzam", "In Guezzam", 19.5686, 5.7722, "border"),
        ("Alger", "Alger", 36.7538, 3.0588, "city"),
        ("Oran", "Oran", 35.6971, -0.6308, "city"),
        ("Maghnia", "Tlemcen", 34.8500, -1.7300, "border"),
    ),
    "MA": _sites(
        ("Tanger", "Tanger-Tétouan-Al Hoceïma", 35.7595, -5.8340, "city coast"),
        ("Nador", "Oriental", 35.1681, -2.9335, "coast"),
    ),
    "ES": _sites(
        ("Las Palmas de Gran Canaria", "Canarias", 28.1235, -15.4363, "coast"),
        ("La Restinga", "Canarias", 27.6386, -17.9806, "coast"),
    ),
    "IT": _sites(
        ("Lampedusa", "Sicilia", 35.5078, 12.6052, "coast"), ("Palermo", "Sicilia", 38.1157, 13.3615, "city coast")
    ),
}

# Sectors tied to a kind of place; the others (domestic work, trade, bars...) happen in towns.
SITE_SECTORS = frozenset({Sector.AGRICULTURE, Sector.FISHING, Sector.MINING})
HOME_TAGS = frozenset({"city", "village", Sector.AGRICULTURE, Sector.FISHING})


@functools.cache
def _home_sites(country: str) -> tuple[Site, ...]:
    return tuple(s for s in SITES[country] if s.tags & HOME_TAGS) or SITES[country]


@functools.cache
def _sectors_in(country: str, profile: str) -> tuple[tuple[str, int], ...]:
    """The profile's usual sectors, without farms, fisheries or mines the country has no site for."""
    here = {tag for site in SITES[country] for tag in site.tags}
    return tuple((s, w) for s, w in SECTORS_BY_PROFILE[profile] if s not in SITE_SECTORS or s in here)


TRANSIT_COUNTRIES = frozenset(c for c, sites in SITES.items() if any("transit" in s.tags for s in sites))

# Border posts, or the place of departure by sea, between two countries.
BORDER_POSTS: dict[frozenset[str], tuple[str, ...]] = {
    frozenset(pair.split("-")): tuple(posts.split("|"))
    for pair, posts in {
        "NG-NE": "Jibia - Maradi|Kano - Magaria|Illela - Birni N'Konni",
        "BJ-NG": "Kraké - Sèmè",
        "TG-BJ": "Hilla-Condji - Sanvee-Condji",
        "BF-CI": "Niangoloko - Ouangolodougou",
        "ML-CI": "Zégoua - Pogo",
        "GN-ML": "Kourémalé",
        "ML-DZ": "Bordj Badji Mokhtar",
        "NE-LY": "Madama - Toummo",
        "NE-DZ": "Assamaka - In Guezzam",
        "BF-NE": "Kantchari - Makalondi",
        "GH-CI": "Elubo - Noé",
        "TG-GH": "Aflao - Lomé",
        "SN-ML": "Kidira - Diboli",
        "SN-MR": "Rosso",
        "GW-SN": "São Domingos - Mpack",
        "GM-SN": "Amdallai - Karang",
        "NG-CM": "Mfum - Ekok",
        "CM-GA": "Kyé-Ossi",
        "BF-GH": "Dakola - Paga",
        "SL-GN": "Gbalamuya - Pamelap",
        "DZ-MA": "Maghnia - Oujda",
        "MA-ES": "Nador - Melilla",
        "SN-ES": "Pirogue from Mbour|Pirogue from Saint-Louis",
        "GM-ES": "Pirogue from Barra",
        "MR-ES": "Pirogue from Nouadhibou",
        "LY-IT": "Boat from Zuwara",
        "TG-GA": "Boat from Lomé",
        "BJ-GA": "Boat from Cotonou",
    }.items()
}


@dataclass(frozen=True)
class Route:
    countries: tuple[str, ...]
    weight: float
    form_class: str = ""  # for trafficking routes: the exploitation they are known for
    sectors: tuple[str, ...] = ()  # typical sectors of forced labour at the destination


def _route(path: str, weight: float, form_class: str = "", sectors: str = "") -> Route:
    return Route(tuple(path.split(">")), weight, form_class, tuple(sectors.split()))


# Cross-border trafficking routes of the region, as the national and UNODC reports describe them.
# The weights order them within one form of exploitation (assumption).
TRAFFICKING_ROUTES: tuple[Route, ...] = (
    _route("BF>CI", 4, "forced_labour", "A"),  # children to cocoa farms
    _route("ML>CI", 3, "forced_labour", "A"),
    _route("BJ>NG", 3, "forced_labour", "B T"),  # granite quarries of Abeokuta, domestic work in Lagos
    _route("TG>BJ>NG", 2, "forced_labour", "T G"),
    _route("TG>GA", 2, "forced_labour", "T G"),
    _route("BJ>GA", 2, "forced_labour", "T G"),
    _route("BF>ML", 1, "forced_labour", "B"),
    _route("GN>ML", 1, "forced_labour", "B"),
    _route("NE>NG", 1, "forced_labour", "A G"),
    _route("CM>GA", 1, "forced_labour", "T A"),
    _route("GH>CI", 1, "forced_labour", "A"),
    _route("NG>NE>LY", 5, "sexual"),  # women and girls recruited in Edo towards Libya
    _route("NG>NE>LY>IT", 2, "sexual"),
    _route("NG>BJ>BF>ML", 3, "sexual"),  # the gold-mining sites of Kéniéba
    _route("NG>BJ>TG>GH", 1, "sexual"),
    _route("NG>BJ>BF", 1, "sexual"),
    _route("NE>DZ", 3, "other"),  # women and children begging in Algeria
    _route("GW>SN", 3, "other"),  # Quranic pupils made to beg
    _route("GN>SN", 2, "other"),
    _route("ML>SN", 1, "other"),
    _route("NE>NG", 1, "other"),
)

SMUGGLING_ROUTES: dict[str, tuple[Route, ...]] = {
    "central_mediterranean": tuple(
        _route(path, 1)
        for path in (
            "NG>NE>LY>IT",
            "GN>ML>BF>NE>LY>IT",
            "CI>BF>NE>LY>IT",
            "SN>ML>BF>NE>LY",
            "CM>NG>NE>LY",
            "GM>SN>ML>BF>NE>LY",
            "GH>BF>NE>LY",
            "SL>GN>ML>BF>NE>LY",
            "ML>NE>LY",
        )
    ),
    "intra_african": tuple(
        _route(path, 1) for path in ("NE>LY", "NE>DZ", "NG>NE>DZ", "GN>ML>DZ", "ML>DZ", "TD>LY", "BF>NE>DZ", "NG>CM>GA")
    ),
    "atlantic": tuple(_route(path, 1) for path in ("SN>ES", "GM>ES", "MR>ES", "GN>SN>ES", "ML>MR>ES", "GN>ML>MR>ES")),
    "western_mediterranean": tuple(
        _route(path, 1) for path in ("GN>ML>DZ>MA>ES", "CI>ML>DZ>MA>ES", "CM>NG>NE>DZ>MA>ES", "SN>ML>DZ>MA")
    ),
}

# =====================================================================================================
# What victims go through (assumptions where no figure was found, checked against the reports' stories)
# =====================================================================================================

SECTORS_BY_PROFILE: dict[str, tuple[tuple[str, int], ...]] = {
    "boy": (
        (Sector.AGRICULTURE, 30),
        (Sector.MINING, 22),
        (Sector.TRADE, 14),
        (Sector.FISHING, 12),
        (Sector.DOMESTIC_WORK, 6),
        (Sector.CONSTRUCTION, 6),
        (Sector.TRANSPORT, 4),
        (Sector.OTHER_SERVICES, 6),
    ),
    "girl": (
        (Sector.DOMESTIC_WORK, 50),
        (Sector.TRADE, 30),
        (Sector.AGRICULTURE, 10),
        (Sector.HOSPITALITY, 6),
        (Sector.OTHER_SERVICES, 4),
    ),
    "woman": (
        (Sector.DOMESTIC_WORK, 45),
        (Sector.HOSPITALITY, 20),
        (Sector.TRADE, 20),
        (Sector.AGRICULTURE, 10),
        (Sector.OTHER_SERVICES, 5),
    ),
    "man": (
        (Sector.AGRICULTURE, 35),
        (Sector.MINING, 25),
        (Sector.CONSTRUCTION, 20),
        (Sector.FISHING, 10),
        (Sector.TRANSPORT, 5),
        (Sector.OTHER_SERVICES, 5),
    ),
}
SEXUAL_EXPLOITATION_SECTORS: tuple[tuple[str, int], ...] = (
    (Sector.HOSPITALITY, 50),
    (Sector.ENTERTAINMENT, 20),
    ("", 30),
)

CONTROL_BY_FORM: dict[str, tuple[str, ...]] = {
    "child_labour": (
        Control.FALSE_PROMISES,
        Control.EXCESSIVE_WORKING_HOURS,
        Control.PHYSICAL_ABUSE,
        Control.WITHHOLDS_NECESSITIES,
        Control.TAKES_EARNINGS,
        Control.RESTRICTS_MOVEMENT,
        Control.THREATENS_FAMILY,
    ),
    "adult_labour": (
        Control.DEBT_BONDAGE,
        Control.WITHHOLDS_DOCUMENTS,
        Control.TAKES_EARNINGS,
        Control.EXCESSIVE_WORKING_HOURS,
        Control.FALSE_PROMISES,
        Control.THREATS_LAW_ENFORCEMENT,
        Control.PHYSICAL_THREATS,
    ),
    Form.SEXUAL: (
        Control.DEBT_BONDAGE,
        Control.PSYCHOLOGICAL_ABUSE,
        Control.PHYSICAL_THREATS,
        Control.SEXUAL_ABUSE,
        Control.WITHHOLDS_DOCUMENTS,
        Control.TAKES_EARNINGS,
        Control.RESTRICTS_MOVEMENT,
        Control.THREATENS_FAMILY,
        Control.FALSE_PROMISES,
        Control.PSYCHOACTIVE_SUBSTANCES,
    ),
    Form.FORCED_BEGGING: (
        Control.TAKES_EARNINGS,
        Control.PHYSICAL_ABUSE,
        Control.WITHHOLDS_NECESSITIES,
        Control.PSYCHOLOGICAL_ABUSE,
    ),
    Form.FORCED_MARRIAGE: (
        Control.RESTRICTS_MOVEMENT,
        Control.SEXUAL_ABUSE,
        Control.PSYCHOLOGICAL_ABUSE,
        Control.THREATENS_FAMILY,
    ),
    "other": (
        Control.PHYSICAL_THREATS,
        Control.PHYSICAL_ABUSE,
        Control.RESTRICTS_MOVEMENT,
        Control.FALSE_PROMISES,
        Control.PSYCHOLOGICAL_ABUSE,
        Control.OTHER,
    ),
}

VICTIM_BENEFIT: tuple[tuple[str, int], ...] = (
    (BenefitSought.FINANCIAL, 75),
    (BenefitSought.MATERIAL, 8),
    (BenefitSought.NONE, 5),
    (BenefitSought.UNKNOWN, 12),
)
CLOSURE_REASONS: dict[str, tuple[tuple[str, int], ...]] = {
    "tip": (
        ("judgment", 22),
        ("insufficient_evidence", 25),
        ("no_offence", 8),
        ("transferred", 10),
        ("duplicate", 3),
        ("victim_assisted", 25),
        ("other", 7),
    ),
    "som": (
        ("judgment", 30),
        ("insufficient_evidence", 25),
        ("no_offence", 10),
        ("transferred", 20),
        ("duplicate", 2),
        ("other", 13),
    ),
}

SMUGGLING_PARTS = frozenset({SuspectRole.SMUGGLER, SuspectRole.TRANSPORTER, SuspectRole.DOCUMENT_FORGER})
PROCURING_PARTS = frozenset({SuspectRole.RECRUITER, SuspectRole.TRANSPORTER})
OTHER_CASE_OFFENCES: tuple[tuple[str, int], ...] = (
    (Offence.CHILD_LABOUR, 50),
    (Offence.FORCED_LABOUR, 20),
    (Offence.KIDNAPPING, 15),
    (Offence.SEXUAL_EXPLOITATION_OF_CHILDREN, 15),
)
CONSENT_CHANCES: tuple[tuple[str, float], ...] = (
    (Consent.Purpose.DATA_SHARING, 0.3),
    (Consent.Purpose.REFERRAL, 0.25),
    (Consent.Purpose.STATISTICS, 0.15),
)
CONSENT_METHODS: tuple[tuple[str, int], ...] = (
    (Consent.Method.WRITTEN, 45),
    (Consent.Method.ORAL_WITNESSED, 35),
    (Consent.Method.ORAL, 20),
)
SMUGGLING_TITLES: tuple[tuple[str, int], ...] = (
    ("som:convoy", 40),
    ("som:route", 30),
    ("som:house", 15),
    ("som:documents", 10),
    ("som:return", 5),
)

REPORTED_BY = {
    "fr": (
        "une patrouille de gendarmerie",
        "un chef de village",
        "une ONG partenaire",
        "la ligne verte",
        "un agent de santé",
        "un enseignant",
        "un chauffeur de car",
        "un voisin",
        "la victime elle-même",
        "un comité de vigilance",
    ),
    "en": (
        "a police patrol",
        "a community leader",
        "a partner NGO",
        "the toll-free hotline",
        "a health worker",
        "a teacher",
        "a bus driver",
        "a neighbour",
        "the victim",
        "a community watch group",
    ),
}

# Titles by form of exploitation and sector, in the language of the agency (fr, en). No names, ever.
TITLES: dict[str, tuple[str, str]] = {
    "labour:A": ("Travail agricole forcé, {place}", "Forced farm labour, {place}"),
    "labour:A03": ("Travail forcé dans la pêche, {place}", "Forced labour in fishing, {place}"),
    "labour:B": ("Travail forcé dans une mine ou une carrière, {place}", "Forced labour in a mine or quarry, {place}"),
    "labour:C": ("Travail forcé en atelier, {place}", "Forced labour in a workshop, {place}"),
    "labour:F": ("Travail forcé sur un chantier, {place}", "Forced labour on a building site, {place}"),
    "labour:G": ("Vente ambulante forcée, {place}", "Forced street vending, {place}"),
    "labour:H": ("Travail forcé dans le transport, {place}", "Forced labour in transport, {place}"),
    "labour:I": ("Travail forcé en restauration, {place}", "Forced labour in a restaurant, {place}"),
    "labour:T": ("Servitude domestique, {place}", "Domestic servitude, {place}"),
    "labour:": ("Travail forcé, {place}", "Forced labour, {place}"),
    "child:A": ("Travail agricole forcé d'enfants, {place}", "Children forced to work on farms, {place}"),
    "child:A03": ("Enfants contraints à la pêche, {place}", "Children forced to fish, {place}"),
    "child:B": ("Enfants dans une mine ou une carrière, {place}", "Children in a mine or quarry, {place}"),
    "child:G": ("Enfants vendeurs ambulants, {place}", "Child street vendors, {place}"),
    "child:T": ("Travail domestique d'enfants, {place}", "Child domestic work, {place}"),
    "sexual": ("Exploitation sexuelle, {place}", "Sexual exploitation, {place}"),
    "sexual:child": ("Exploitation sexuelle de mineures, {place}", "Sexual exploitation of minors, {place}"),
    "sexual:route": (
        "Exploitation sexuelle, filière {origin} - {destination}",
        "Sexual exploitation, {origin}-{destination} network",
    ),
    "route": ("Traite transfrontalière {origin} - {destination}", "Cross-border trafficking, {origin}-{destination}"),
    Form.FORCED_BEGGING: ("Mendicité forcée, {place}", "Forced begging, {place}"),
    Form.FORCED_MARRIAGE: ("Mariage forcé, {place}", "Forced marriage, {place}"),
    Form.SERVITUDE: ("Servitude, {place}", "Servitude, {place}"),
    Form.FORCED_CRIMINALITY: ("Criminalité forcée, {place}", "Forced criminality, {place}"),
    Form.CHILD_SOLDIERING: ("Enfants associés à un groupe armé, {place}", "Children used by an armed group, {place}"),
    "som:convoy": ("Convoi de migrants intercepté, {place}", "Migrant convoy intercepted, {place}"),
    "som:route": (
        "Trafic illicite de migrants (destination : {destination})",
        "Smuggling of migrants (destination: {destination})",
    ),
    "som:house": ("Ghetto de migrants, {place}", "Migrant safe house, {place}"),
    "som:documents": ("Faux documents de voyage, {place}", "Forged travel documents, {place}"),
    "som:return": (
        "Retour de migrants (destination : {destination})",
        "Returned migrants (destination: {destination})",
    ),
    Offence.CHILD_LABOUR: ("Enfants au travail, {place}", "Child labour, {place}"),
    Offence.KIDNAPPING: ("Enlèvement d'enfant, {place}", "Child abduction, {place}"),
    Offence.FORCED_LABOUR: ("Travail forcé, {place}", "Forced labour, {place}"),
    Offence.SEXUAL_EXPLOITATION_OF_CHILDREN: (
        "Exploitation sexuelle d'enfant, {place}",
        "Sexual exploitation of a child, {place}",
    ),
}
SHARE_REASONS = (
    (
        "Victimes ressortissantes de {country} : identification et retour",
        "Victims are nationals of {country}: identification and return",
    ),
    ("Prise en charge des victimes par le centre d'accueil", "Care of the victims by the shelter"),
    ("Enquête conjointe sur le réseau", "Joint investigation of the network"),
    ("Suspect arrêté dans la juridiction de l'agence", "Suspect arrested in the agency's jurisdiction"),
)

DECISION_GROUNDS: dict[str, str] = {
    Decision.Kind.VICTIM_IDENTIFICATION: (
        "Indicateurs de traite relevés à l'entretien / Trafficking indicators found at interview"
    ),
    Decision.Kind.CASE_CLOSURE: "Dossier complet / File complete",
}
SHARE_PURPOSES = (CaseShare.Purpose.ALL, CaseShare.Purpose.ASSISTANCE, *[CaseShare.Purpose.INVESTIGATION] * 2)


def _without_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _sexual_share_among_girls() -> float:
    """What share of girls must be sexually exploited for the total to match SEXUAL_EXPLOITATION_SHARE."""
    from_women = VICTIM_PROFILE_SHARES["woman"] * SEXUAL_SHARE_AMONG_WOMEN
    return (SEXUAL_EXPLOITATION_SHARE - from_women) / VICTIM_PROFILE_SHARES["girl"]


def _form_class_shares() -> dict[str, dict[str, float]]:
    """P(form class | profile), so that over all victims the shares of the form classes are the published ones."""
    sexual = {"woman": SEXUAL_SHARE_AMONG_WOMEN, "girl": _sexual_share_among_girls(), "boy": 0.0, "man": 0.0}
    return {
        profile: {
            "sexual": sexual[profile],
            "other": OTHER_FORMS_SHARE,
            "forced_labour": 1 - sexual[profile] - OTHER_FORMS_SHARE,
        }
        for profile in VICTIM_PROFILE_SHARES
    }


FORM_CLASS_BY_PROFILE = _form_class_shares()
# The joint distribution of (profile, form class) over victims, and the profile given the form class:
# the first victim of a case is drawn from the first, the others from the second so that all victims
# of a case share the exploitation while each victim still follows the published shares.
VICTIM_JOINT: dict[tuple[str, str], float] = {
    (profile, form_class): share * FORM_CLASS_BY_PROFILE[profile][form_class]
    for profile, share in VICTIM_PROFILE_SHARES.items()
    for form_class in ("forced_labour", "sexual", "other")
}
PROFILE_GIVEN_FORM_CLASS: dict[str, tuple[tuple[str, float], ...]] = {
    form_class: tuple((p, w) for (p, f), w in VICTIM_JOINT.items() if f == form_class)
    for form_class in ("forced_labour", "sexual", "other")
}

# =====================================================================================================
# Generation
# =====================================================================================================


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    agencies_created: int
    cases: int
    persons: int
    participants: int
    aliases: int
    events: int
    crossings: int
    shares: int
    consents: int
    seconds: float

    def counts(self) -> dict[str, int]:
        return {
            "cases": self.cases,
            "persons": self.persons,
            "participants": self.participants,
            "aliases": self.aliases,
            "events": self.events,
            "crossings": self.crossings,
            "shares": self.shares,
            "consents": self.consents,
            "agencies_created": self.agencies_created,
        }


@dataclass
class _CasePlan:
    kind: str  # tip, tip_cross_border, som, other
    agency: int  # index in DEMO_AGENCIES
    opened_on: datetime.date
    people: int = 1
    route: Route | None = None
    detected_at: int = 0  # index of the country of detection on the route
    first_victim: tuple[str, str] | None = None  # (profile, form class) when the route depends on it
    reference: str = ""
    number: int = 0


@functools.cache
def _cumulative(items: tuple[tuple[Any, float], ...]) -> tuple[tuple[Any, ...], tuple[float, ...]]:
    return tuple(item for item, _w in items), tuple(itertools.accumulate(w for _i, w in items))


def _weighted[T](rng: random.Random, items: tuple[tuple[T, float], ...]) -> T:
    """One item, drawn with the given weights (what rng.choices does, without rebuilding the table each time)."""
    values, cumulative = _cumulative(items)
    return cast(T, values[bisect.bisect(cumulative, rng.random() * cumulative[-1], 0, len(values) - 1)])


AGENCY_COUNTRIES = tuple(dict.fromkeys(spec.country for spec in DEMO_AGENCIES))


@functools.cache
def _agencies_in(country: str, *, smuggling: bool) -> tuple[tuple[int, float], ...]:
    return tuple(
        (index, spec.smuggling_weight if smuggling else spec.weight)
        for index, spec in enumerate(DEMO_AGENCIES)
        if spec.country == country and (spec.smuggling_weight if smuggling else spec.weight) > 0
    )


@functools.cache
def _detection_candidates(route: Route, *, smuggling: bool) -> tuple[tuple[int, float], ...]:
    """Where on the route a case can be detected: only where an agency of the demo works."""
    last = len(route.countries) - 1
    candidates: list[tuple[int, float]] = []
    transit = [i for i in range(1, last) if route.countries[i] in AGENCY_COUNTRIES]
    for i, country in enumerate(route.countries):
        if country not in AGENCY_COUNTRIES:
            continue
        if i == 0:
            candidates.append((i, 0.3 if smuggling else 0.25))
        elif i == last:
            candidates.append((i, 0.2 if smuggling else 0.45))
        else:
            candidates.append((i, (0.7 if smuggling else 0.3) / len(transit)))
    return tuple(candidates)


def _random_day(rng: random.Random, year: int) -> datetime.date:
    start = datetime.date(year, 1, 1)
    return start + datetime.timedelta(days=rng.randrange((datetime.date(year, 12, 31) - start).days + 1))


def _plan_cases(rng: random.Random, cases: int, persons: int) -> list[_CasePlan]:
    years = tuple(YEAR_WEIGHTS.items())
    plans: list[_CasePlan] = []
    for _i in range(cases):
        kind = _weighted(rng, tuple(CASE_KIND_WEIGHTS.items()))
        route: Route | None = None
        detected_at = 0
        first_victim: tuple[str, str] | None = None
        if kind == "tip" and rng.random() > DOMESTIC_TRAFFICKING_SHARE:
            kind = "tip_cross_border"
            first_victim = _weighted(rng, tuple(VICTIM_JOINT.items()))
            route = _weighted(rng, tuple((r, r.weight) for r in TRAFFICKING_ROUTES if r.form_class == first_victim[1]))
            detected_at = _weighted(rng, _detection_candidates(route, smuggling=False))
            country = route.countries[detected_at]
        elif kind == "som":
            family = _weighted(rng, tuple(SMUGGLING_ROUTE_FAMILY_WEIGHTS.items()))
            route = rng.choice(SMUGGLING_ROUTES[family])
            detected_at = _weighted(rng, _detection_candidates(route, smuggling=True))
            country = route.countries[detected_at]
        else:
            country = _weighted(rng, tuple(CASE_COUNTRY_WEIGHTS.items()))
        agency = _weighted(rng, _agencies_in(country, smuggling=kind == "som"))
        opened_on = _random_day(rng, _weighted(rng, years))
        plans.append(
            _CasePlan(kind, agency, opened_on, route=route, detected_at=detected_at, first_victim=first_victim)
        )
    # About 2.5 persons a case: every case has one, the others go where raids and convoys find more.
    extra_weights = [3.0 if p.kind == "som" else 2.0 if p.kind == "tip_cross_border" else 1.0 for p in plans]
    if plans and persons > cases:
        for index in rng.choices(range(cases), weights=extra_weights, k=persons - cases):
            plans[index].people += 1
    # Numbers follow the opening dates, as they would in a register that was kept day by day.
    plans.sort(key=lambda p: p.opened_on)
    return plans


def _partial(day: datetime.date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year), "": ""}[precision]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Rows are written many at once (vigie.bulk_write, see _Table): Django's bulk_create compiles every value
# of every row in Python, and made 100,000 cases take about ten minutes on two cores.
Row = dict[str, object]
NOW = object()  # stands for the time of writing in created_at, shared_at...: metadata, not demo content


class _Table:
    """An INSERT of many rows into one model's table, with the model's defaults for missing columns."""

    def __init__(self, model: type[models.Model], *, with_id: bool) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.defaults = [None if f.primary_key else f.get_default() for f in self.fields]
        # Only these need converting for the database; dates, text and numbers go as they are.
        self.converted = [
            (i, f)
            for i, f in enumerate(self.fields)
            if isinstance(f, models.JSONField | models.DecimalField | models.DateTimeField)
        ]
        self.columns = [str(f.column) for f in self.fields]

    def write(self, rows: list[Row], now: datetime.datetime) -> None:
        now_in_db: object = None
        params: list[list[Any]] = []
        for row in rows:
            values = list(self.defaults)
            for name, value in row.items():
                values[self.index[name]] = value
            for i, model_field in self.converted:
                value = values[i]
                if value is NOW:
                    if now_in_db is None:
                        now_in_db = model_field.get_db_prep_save(now, connection)
                    values[i] = now_in_db
                elif value is not None:
                    values[i] = model_field.get_db_prep_save(value, connection)
            params.append(values)
        write_rows(connection, self.model._meta.db_table, self.columns, params)


# Rows that others point to get their ids from us, so that a whole batch is built before it is written.
ID_MODELS: tuple[type[models.Model], ...] = (Person, Case, Participant, Event, BorderCrossing)


@dataclass(slots=True)
class _Participant:
    id: int
    person_id: int
    role: str
    suspect_role: str
    age: int
    row: Row  # the participant's row in the batch, for facts known only once the timeline is drawn


@dataclass
class _Batch:
    next_id: dict[type[models.Model], int]
    rows: dict[type[models.Model], list[Row]] = field(default_factory=dict)

    def new_id(self, model: type[models.Model]) -> int:
        self.next_id[model] += 1
        return self.next_id[model]

    def add(self, model: type[models.Model], row: Row) -> None:
        self.rows.setdefault(model, []).append(row)

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows.get(model, ()))


@dataclass(frozen=True)
class _Place:
    country_id: str
    admin_area: str
    locality: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass
class _VictimFacts:
    form: str
    sector: str
    means_of_control: list[str]
    benefit_sought: str


@dataclass
class _Scene:
    """How the victims of a case were exploited, shared by its events, offences and title."""

    form_class: str = ""
    form: str = ""
    sector: str = ""
    any_child: bool = False


@dataclass(frozen=True)
class _CaseRef:
    id: int
    agency_id: int
    country_id: str
    opened_on: datetime.date
    status: str
    closure_reason: str


PersonNationality = Person.nationalities.through
EventParticipant = Event.participants.through
CrossingTraveller = BorderCrossing.travellers.through


class _Builder:
    """Draws one case after another into a batch of rows."""

    def __init__(
        self,
        rng: random.Random,
        batch: _Batch,
        agencies: list[Agency],
        author: User,
        country_names: dict[str, tuple[str, str]],
        known_suspects: dict[int, list[int]],
        confirmer: User | None = None,
    ) -> None:
        self.rng = rng
        self.batch = batch
        self.agencies = agencies
        self.author = author
        self.confirmer = confirmer or author
        self.country_names = country_names
        # Person ids of the suspects recorded so far by each agency: some come back in a later case.
        self.known_suspects = known_suspects
        self.name_holder = Person()

    def search_text(self, given: str, family: str, aliases: list[str]) -> str:
        # The same helper as create_person, so that search finds demo persons like any other; one unsaved
        # Person carries the names, as building one per person would double the time spent here.
        self.name_holder.given_names, self.name_holder.family_name = given, family
        return _search_text(self.name_holder, aliases)

    # Places -----------------------------------------------------------------------------------------

    def site(self, country: str, tag: str = "") -> Site:
        sites = SITES[country]
        if tag:
            tagged = [s for s in sites if tag in s.tags]
            if tagged:
                return self.rng.choice(tagged)
        return self.rng.choice(sites)

    def home(self, country: str) -> Site:
        """Where someone lives or is recruited: a town, a village or a farming or fishing area."""
        return self.rng.choice(_home_sites(country))

    def place(self, site: Site, country: str) -> _Place:
        if self.rng.random() < 0.7:
            # A few kilometres around the town: the farm, the site or the house where it happened.
            latitude = Decimal(f"{site.latitude + self.rng.uniform(-0.03, 0.03):.5f}")
            longitude = Decimal(f"{site.longitude + self.rng.uniform(-0.03, 0.03):.5f}")
            return _Place(country, site.area, site.locality, latitude, longitude)
        return _Place(country, site.area, site.locality, None, None)

    # People -----------------------------------------------------------------------------------------

    def name(self, nationality: str, sex: str) -> tuple[str, str, str]:
        """Given names, family name, and the naming tradition they come from."""
        rng = self.rng
        tradition_key = _weighted(rng, TRADITIONS_BY_COUNTRY[nationality])
        tradition = TRADITIONS[tradition_key]
        male = sex == Sex.MALE or (sex == Sex.UNKNOWN and rng.random() < 0.5)
        given = rng.choice(tradition.male if male else tradition.female)
        family = rng.choice(tradition.family)
        if tradition.son_of:
            family = f"{tradition.son_of if male else tradition.daughter_of} {family}"
        # The same name is spelt differently from one registry to the next, and accents get lost on
        # keyboards and in the machine-readable zone of passports.
        if given in VARIANTS_OF and rng.random() < 0.1:
            given = rng.choice(VARIANTS_OF[given])
        if family in VARIANTS_OF and rng.random() < 0.1:
            family = rng.choice(VARIANTS_OF[family])
        if rng.random() < 0.15:
            given, family = _without_accents(given), _without_accents(family)
        return given, family, tradition_key

    def aliases(self, given: str, family: str, sex: str, *, suspect: bool) -> list[str]:
        rng = self.rng
        names: list[str] = []
        if suspect and rng.random() < 0.6:
            nicknames = NICKNAMES_MALE if sex == Sex.MALE else NICKNAMES_FEMALE
            names.append(rng.choice(nicknames).format(given=given.split()[0]))
        variants = [f"{v} {family}" for v in VARIANTS_OF.get(given, ())]
        variants += [f"{given} {v}" for v in VARIANTS_OF.get(family, ())]
        if variants and (not names or rng.random() < 0.4):
            names.append(rng.choice(variants))
        if suspect and rng.random() < 0.2:
            # A second identity, on documents bought in another country.
            other_given, other_family, _tradition = self.name(rng.choice(AGENCY_COUNTRIES), sex)
            names.append(f"{other_given} {other_family}")
        if not names:
            names.append(f"{family.upper()} {given}")  # family name first, as on French-style forms
        return names

    def person(
        self, *, case: _CaseRef, nationality: str, sex: str, age: int, alias_chance: float, suspect: bool = False
    ) -> int:
        rng = self.rng
        given, family, tradition_key = self.name(nationality, sex)
        opened_on = case.opened_on
        row: Row = {"given_names": given, "family_name": family, "sex": sex}
        precision = _weighted(rng, (("day", 35), ("month", 10), ("year", 20), ("estimate", 30), ("", 5)))
        if precision == "estimate":
            row.update(estimated_age=age, age_estimated_on=opened_on)
        elif precision:
            # Born on a day that makes the person exactly `age` years old on the day the case is opened.
            latest = _years_before(opened_on, age)
            earliest = _years_before(opened_on, age + 1) + datetime.timedelta(days=1)
            born = earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days + 1))
            row["date_of_birth"] = _partial(born, precision)
        if rng.random() < 0.6:
            row["languages"] = f"{rng.choice(TRADITIONS[tradition_key].languages)}, {OFFICIAL_LANGUAGE[nationality]}"
        if rng.random() < 0.95:
            row["origin_country_id"] = nationality
            if rng.random() < 0.5:
                origin = self.home(nationality)
                row.update(origin_area=origin.area, origin_locality=origin.locality)
        if rng.random() < 0.6:
            row["residence_country_id"] = case.country_id
            if nationality == case.country_id:
                row["lawful_permanent_resident"] = True
            elif rng.random() < FOREIGN_RESIDENT_KNOWN_SHARE:
                row["lawful_permanent_resident"] = False
        alias_names: list[str] = []
        if rng.random() < alias_chance:
            alias_names = _clean_aliases(self.aliases(given, family, sex, suspect=suspect))
        person_id = self.batch.new_id(Person)
        row.update(
            id=person_id,
            search_text=self.search_text(given, family, alias_names),
            recorded_by_agency_id=case.agency_id,
            created_at=NOW,
            updated_at=NOW,
        )
        self.batch.add(Person, row)
        for name in alias_names:
            self.batch.add(Alias, {"person_id": person_id, "name": name})
        # Five in a hundred have no known nationality; a few have two.
        if rng.random() < 0.95:
            self.batch.add(PersonNationality, {"person_id": person_id, "country_id": nationality})
            if rng.random() < 0.01:
                second = rng.choice([c for c in AGENCY_COUNTRIES if c != nationality])
                self.batch.add(PersonNationality, {"person_id": person_id, "country_id": second})
        return person_id

    def participant(
        self,
        case: _CaseRef,
        person_id: int,
        role: str,
        *,
        age: int,
        facts: _VictimFacts | None = None,
        suspect_role: str = "",
        identified_on: datetime.date | None = None,
        benefit_sought: str = BenefitSought.UNKNOWN,
        crossed_no_border: bool = False,
        nothing_done_to: bool = False,
    ) -> _Participant:
        """`nothing_done_to`: established that no means of control was used and no exploitation intended."""
        participant_id = self.batch.new_id(Participant)
        row: Row = {
            "id": participant_id,
            "case_id": case.id,
            "person_id": person_id,
            "role": role,
            "suspect_role": suspect_role,
            "identified_on": identified_on,
            "benefit_sought": benefit_sought,
            "crossed_no_border": crossed_no_border,
            "no_means_of_control": nothing_done_to,
            "no_exploitation": nothing_done_to,
        }
        participant = _Participant(participant_id, person_id, role, suspect_role, age, row)
        if facts:
            row.update(
                forms_of_exploitation=[facts.form],
                sector=facts.sector,
                means_of_control=facts.means_of_control,
                benefit_sought=facts.benefit_sought,
            )
        self.batch.add(Participant, row)
        if role == Participant.Role.VICTIM:
            # A victim is identified by two people. No random draw here: the same seed keeps giving the same data.
            self.confirmed_decision(
                case,
                Decision.Kind.VICTIM_IDENTIFICATION,
                identified_on or case.opened_on,
                participant_id=participant.id,
            )
        return participant

    def confirmed_decision(
        self,
        case: _CaseRef,
        kind: str,
        effective_on: datetime.date,
        *,
        participant_id: int | None = None,
        closure_reason: str = "",
    ) -> None:
        self.batch.add(
            Decision,
            {
                "case_id": case.id,
                "kind": kind,
                "participant_id": participant_id,
                "grounds": DECISION_GROUNDS[kind],
                "effective_on": effective_on,
                "closure_reason": closure_reason,
                "status": Decision.Status.CONFIRMED,
                "proposed_by_id": self.author.pk,
                "proposed_at": NOW,
                "answered_by_id": self.confirmer.pk,
                "answered_at": NOW,
            },
        )

    def victim_facts(self, profile: str, form_class: str, route: Route | None, country: str) -> _VictimFacts:
        """What was done to a victim exploited in `country` (or at the end of the route)."""
        rng = self.rng
        child = profile in ("girl", "boy")
        if form_class == "forced_labour":
            form = str(Form.FORCED_LABOUR)
            if route and route.sectors and rng.random() < 0.8:
                sector = rng.choice(route.sectors)
            else:
                sector = _weighted(rng, _sectors_in(route.countries[-1] if route else country, profile))
            controls = CONTROL_BY_FORM["child_labour" if child else "adult_labour"]
        elif form_class == "sexual":
            form = str(Form.SEXUAL)
            sector = _weighted(rng, SEXUAL_EXPLOITATION_SECTORS)
            controls = CONTROL_BY_FORM[Form.SEXUAL]
        else:
            form = str(_weighted(rng, OTHER_FORMS_BY_PROFILE[profile]))
            sector = ""
            controls = CONTROL_BY_FORM.get(form, CONTROL_BY_FORM["other"])
        return _VictimFacts(
            form=form,
            sector=str(sector),
            means_of_control=sorted(str(c) for c in rng.sample(controls, rng.randint(1, 3))),
            benefit_sought=str(_weighted(rng, VICTIM_BENEFIT)),
        )

    def age(self, bands: tuple[tuple[int, int, int], ...]) -> int:
        low, high, _weight = self.rng.choices(bands, weights=[w for _l, _h, w in bands])[0]
        return self.rng.randint(low, high)

    # Cases ------------------------------------------------------------------------------------------

    def case(self, plan: _CasePlan) -> None:
        rng = self.rng
        spec = DEMO_AGENCIES[plan.agency]
        lang = 0 if spec.country in FRENCH_SPEAKING else 1
        status, closure_reason, closed_on = self.status(plan)
        reported_on = plan.opened_on - datetime.timedelta(days=rng.randint(0, 30)) if rng.random() < 0.7 else None
        case = _CaseRef(
            id=self.batch.new_id(Case),
            agency_id=self.agencies[plan.agency].pk,
            country_id=spec.country,
            opened_on=plan.opened_on,
            status=status,
            closure_reason=closure_reason,
        )
        row: Row = {
            "id": case.id,
            "agency_id": case.agency_id,
            "reference": plan.reference,
            "year": plan.opened_on.year,
            "number": plan.number,
            "status": status,
            "closure_reason": closure_reason,
            "closed_on": closed_on,
            "opened_on": plan.opened_on,
            "reported_on": reported_on,
            "country_id": spec.country,
            "created_at": NOW,
            "updated_at": NOW,
        }
        self.batch.add(Case, row)
        if closed_on is not None:
            self.confirmed_decision(case, Decision.Kind.CASE_CLOSURE, closed_on, closure_reason=closure_reason)
        interception_day = plan.opened_on - datetime.timedelta(days=rng.randint(0, 10))
        victims, suspects, scene = self.people(plan, case, interception_day)
        place = self.timeline(plan, case, victims, suspects, scene, interception_day)
        offences = self.offences(plan, case, scene)
        row["title"] = self.title(plan, lang, scene, offences[0], place)
        if rng.random() < 0.6:
            n = len(victims)
            if lang == 0:
                row["narrative"] = (
                    f"Signalement par {rng.choice(REPORTED_BY['fr'])}. "
                    f"{n} personne(s) identifiée(s), {len(suspects)} suspect(s)."
                )
            else:
                row["narrative"] = (
                    f"Reported by {rng.choice(REPORTED_BY['en'])}. "
                    f"{n} person(s) identified, {len(suspects)} suspect(s)."
                )
        self.share(plan, case)
        self.consents(plan, case, victims)

    def people(
        self, plan: _CasePlan, case: _CaseRef, interception_day: datetime.date
    ) -> tuple[list[_Participant], list[_Participant], _Scene]:
        """Victims or migrants, suspects and witnesses of the case, and how the victims were exploited."""
        rng = self.rng
        smuggling = plan.kind == "som"
        route = plan.route
        country = case.country_id
        nationality = route.countries[0] if route else country
        people = plan.people
        n_suspects = 0
        if smuggling:
            if people == 1:
                n_suspects = 1 if rng.random() < 0.25 else 0
            elif rng.random() < 0.75:
                n_suspects = 2 if people >= 6 and rng.random() < 0.4 else 1
        elif people == 2:
            n_suspects = 1 if rng.random() < 0.6 else 0
        elif people >= 3 and rng.random() < 0.85:
            n_suspects = 2 if people >= 5 and rng.random() < 0.4 else 1
        n_witnesses = 1 if people - n_suspects >= 3 and rng.random() < 0.3 else 0
        scene = _Scene()
        victims: list[_Participant] = []
        if smuggling:
            # Convoys mix the nationalities of the countries along the way.
            along = [c for c in (route.countries if route else ()) if c in TRADITIONS_BY_COUNTRY] or [nationality]
            for _i in range(people - n_suspects - n_witnesses):
                draw = rng.random()
                if draw < MIGRANT_MINOR_SHARE:
                    sex, age = (Sex.MALE if rng.random() < 0.8 else Sex.FEMALE), rng.randint(14, 17)
                    scene.any_child = True
                elif draw < MIGRANT_MINOR_SHARE + MIGRANT_MEN_SHARE:
                    sex, age = Sex.MALE, rng.randint(18, 38)
                else:
                    sex, age = Sex.FEMALE, rng.randint(18, 35)
                origin = nationality if rng.random() < 0.7 else rng.choice(along)
                person_id = self.person(case=case, nationality=origin, sex=sex, age=age, alias_chance=0.08)
                benefit = BenefitSought.FINANCIAL if rng.random() < 0.9 else BenefitSought.UNKNOWN
                migrant = self.participant(
                    case,
                    person_id,
                    Role.SMUGGLED_MIGRANT,
                    age=age,
                    identified_on=interception_day,
                    benefit_sought=benefit,
                    nothing_done_to=rng.random() < MIGRANT_NO_EXPLOITATION_SHARE,
                )
                victims.append(migrant)
        else:
            profile, scene.form_class = plan.first_victim or _weighted(rng, tuple(VICTIM_JOINT.items()))
            presumed = case.status != Case.Status.CLOSED or case.closure_reason != "judgment"
            for i in range(people - n_suspects - n_witnesses):
                if i == 0:
                    facts = self.victim_facts(profile, scene.form_class, route, country)
                    scene.form, scene.sector = facts.form, facts.sector
                else:
                    profile = _weighted(rng, PROFILE_GIVEN_FORM_CLASS[scene.form_class])
                    facts = self.victim_facts(profile, scene.form_class, route, country)
                    # Victims of one case are mostly exploited in the same way and in the same place.
                    if scene.form_class == "forced_labour" and rng.random() < 0.85:
                        facts.sector = scene.sector
                child = profile in ("girl", "boy")
                scene.any_child = scene.any_child or child
                sex = Sex.FEMALE if profile in ("girl", "woman") else Sex.MALE
                age = self.age(CHILD_AGE_BANDS if child else ADULT_AGE_BANDS)
                person_id = self.person(case=case, nationality=nationality, sex=sex, age=age, alias_chance=0.06)
                role = Role.PRESUMED_VICTIM if presumed and rng.random() < 0.35 else Role.VICTIM
                # A domestic case's route crosses no border.
                victim = self.participant(
                    case,
                    person_id,
                    role,
                    age=age,
                    facts=facts,
                    identified_on=interception_day,
                    crossed_no_border=not route,
                )
                victims.append(victim)
        suspects: list[_Participant] = []
        for _i in range(n_suspects):
            sex = Sex.MALE if rng.random() < (0.95 if smuggling else SUSPECT_MALE_SHARE) else Sex.FEMALE
            origin = nationality if rng.random() < 0.7 else country
            age = rng.randint(22, 60)
            person_id = self.person(case=case, nationality=origin, sex=sex, age=age, alias_chance=0.45, suspect=True)
            part = self.suspect_role(smuggling)
            suspects.append(self.participant(case, person_id, Role.SUSPECT, age=age, suspect_role=part))
        for _i in range(n_witnesses):
            sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
            age = rng.randint(20, 65)
            person_id = self.person(case=case, nationality=country, sex=sex, age=age, alias_chance=0.0)
            self.participant(case, person_id, Role.WITNESS, age=age)
        # Now and then a suspect of an earlier case of the same agency turns up again.
        known = self.known_suspects.setdefault(case.agency_id, [])
        if people >= 2 and known and rng.random() < 0.04:
            part = self.suspect_role(smuggling)
            suspects.append(self.participant(case, rng.choice(known), Role.SUSPECT, age=40, suspect_role=part))
        known.extend(s.person_id for s in suspects[:n_suspects])
        return victims, suspects, scene

    def suspect_role(self, smuggling: bool) -> str:
        roles: tuple[tuple[str, int], ...]
        if smuggling:
            roles = ((SuspectRole.SMUGGLER, 60), (SuspectRole.TRANSPORTER, 30), (SuspectRole.DOCUMENT_FORGER, 10))
        else:
            roles = (
                (SuspectRole.RECRUITER, 35),
                (SuspectRole.EXPLOITER, 35),
                (SuspectRole.TRANSPORTER, 15),
                (SuspectRole.DOCUMENT_FORGER, 4),
                (SuspectRole.FINANCIER, 3),
                (SuspectRole.OTHER, 8),
            )
        return str(_weighted(self.rng, roles))

    def status(self, plan: _CasePlan) -> tuple[str, str, datetime.date | None]:
        rng = self.rng
        years_open = (LAST_DAY - plan.opened_on).days / 365.25
        if rng.random() < min(0.85, 0.1 + 0.25 * years_open):
            reason = _weighted(rng, CLOSURE_REASONS["som" if plan.kind == "som" else "tip"])
            # A judgment takes months; dropping or transferring a case takes weeks.
            days = rng.randint(150, 1200) if reason == "judgment" else rng.randint(20, 700)
            return str(Case.Status.CLOSED), reason, min(LAST_DAY, plan.opened_on + datetime.timedelta(days=days))
        statuses = (
            (Case.Status.OPEN, 35),
            (Case.Status.UNDER_INVESTIGATION, 45),
            (Case.Status.REFERRED_FOR_PROSECUTION, 20),
        )
        return str(_weighted(rng, statuses)), "", None

    def event(
        self,
        case: _CaseRef,
        kind: str,
        site: Site,
        country: str,
        day: datetime.date,
        precision: str,
        people: list[_Participant],
    ) -> None:
        place = self.place(site, country)
        event_id = self.batch.new_id(Event)
        self.batch.add(
            Event,
            {
                "id": event_id,
                "case_id": case.id,
                "kind": kind,
                "date": _partial(day, precision),
                "country_id": place.country_id,
                "admin_area": place.admin_area,
                "locality": place.locality,
                "latitude": place.latitude,
                "longitude": place.longitude,
            },
        )
        for p in people:
            self.batch.add(EventParticipant, {"event_id": event_id, "participant_id": p.id})

    def timeline(
        self,
        plan: _CasePlan,
        case: _CaseRef,
        victims: list[_Participant],
        suspects: list[_Participant],
        scene: _Scene,
        interception_day: datetime.date,
    ) -> str:
        """Events and border crossings; returns the place that names the case."""
        rng = self.rng
        country = case.country_id
        recruiters = [s for s in suspects if s.suspect_role in (SuspectRole.RECRUITER, SuspectRole.SMUGGLER)]
        started = plan.opened_on - datetime.timedelta(days=30 * rng.randint(1, 30))
        precision = _weighted(rng, (("month", 60), ("year", 30), ("", 10)))
        exploitation_tag = scene.sector if scene.sector in SITE_SECTORS else "city"
        route = plan.route
        if route is None:
            # Domestic: recruited in a town or village, exploited elsewhere in the country.
            origin = self.home(country)
            self.event(case, Event.Kind.RECRUITMENT, origin, country, started, precision, victims + recruiters)
            if rng.random() < 0.4:
                self.event(case, Event.Kind.TRANSPORT, origin, country, started, precision, victims)
            where = self.site(country, exploitation_tag)
            exploited = started + datetime.timedelta(days=20)
            self.event(case, Event.Kind.EXPLOITATION, where, country, exploited, precision, victims)
            kind = Event.Kind.RESCUE if rng.random() < 0.3 else Event.Kind.INTERCEPTION
            self.event(case, kind, where, country, interception_day, "day", victims)
            if case.status == Case.Status.CLOSED and rng.random() < 0.3:
                back = interception_day + datetime.timedelta(days=rng.randint(5, 60))
                self.event(case, Event.Kind.RETURN, origin, country, back, "day", victims)
            return where.locality

        countries = route.countries
        last = len(countries) - 1
        detected = plan.detected_at
        smuggling = plan.kind == "som"
        # Detected in the country of origin: a returnee telling the journey, or stopped before leaving.
        returned = detected == 0 and rng.random() < 0.6
        reached = detected if detected > 0 else (rng.randint(1, last) if returned else 0)
        if reached == 0:
            # Stopped in the country of origin before leaving it: no border crossed.
            for p in victims:
                p.row["crossed_no_border"] = True
        origin = self.home(countries[0])
        first_kind = Event.Kind.TRANSPORT if smuggling else Event.Kind.RECRUITMENT
        self.event(case, first_kind, origin, countries[0], started, precision, victims + recruiters)
        smugglers = [s for s in suspects if s.suspect_role in SMUGGLING_PARTS]
        procurers = smugglers if smuggling else [s for s in suspects if s.suspect_role in PROCURING_PARTS]
        leg_days = max(1, (interception_day - started).days // max(reached, 1))
        for leg in range(reached):
            day = started + datetime.timedelta(days=leg_days * leg + rng.randint(0, 5))
            here, there = countries[leg], countries[leg + 1]
            if here in ECOWAS and there in ECOWAS:
                # Free movement: many cross with an ECOWAS card at the post, others on bush paths.
                documents = _weighted(rng, (("valid", 50), ("none", 30), ("fraudulent", 10), ("unknown", 10)))
                entry = _weighted(rng, (("regular", 60), ("irregular", 30), ("unknown", 10)))
            else:
                documents = _weighted(rng, (("none", 45), ("fraudulent", 25), ("valid", 10), ("unknown", 20)))
                entry = _weighted(rng, (("irregular", 75), ("regular", 5), ("unknown", 20)))
            if entry == "regular" and documents in ("none", "fraudulent"):
                # Entering without papers, or on false ones, is not complying with the requirements for
                # lawful entry (SOM Protocol art. 3(b)): such a crossing is irregular.
                entry = "irregular"
            posts = BORDER_POSTS.get(frozenset((here, there)), ("",))
            procured_by = rng.choice(procurers) if procurers and rng.random() < (0.6 if smuggling else 0.4) else None
            crossing_id = self.batch.new_id(BorderCrossing)
            self.batch.add(
                BorderCrossing,
                {
                    "id": crossing_id,
                    "case_id": case.id,
                    "from_country_id": here,
                    "to_country_id": there,
                    "date": _partial(day, "month" if rng.random() < 0.7 else "day"),
                    "border_post": rng.choice(posts) if rng.random() < 0.8 else "",
                    "documents": documents,
                    "entry": entry,
                    "procured_by_id": procured_by.id if procured_by else None,
                },
            )
            for p in victims:
                self.batch.add(CrossingTraveller, {"bordercrossing_id": crossing_id, "participant_id": p.id})
            if smuggling and leg + 1 < last and there in TRANSIT_COUNTRIES and rng.random() < 0.4:
                hub = self.site(there, "transit")
                waited = day + datetime.timedelta(days=3)
                self.event(case, Event.Kind.HARBOURING, hub, there, waited, "month", victims + smugglers)
        named_after = origin.locality
        if not smuggling and reached == last:
            where = self.site(countries[last], exploitation_tag)
            exploited = interception_day - datetime.timedelta(days=30 * rng.randint(1, 12))
            self.event(case, Event.Kind.EXPLOITATION, where, countries[last], exploited, precision, victims)
            named_after = where.locality
        if detected > 0:
            tag = "transit" if smuggling else ("border" if detected < last else exploitation_tag)
            site = self.site(countries[detected], tag)
            arrested = victims + suspects[:1]
            self.event(case, Event.Kind.INTERCEPTION, site, countries[detected], interception_day, "day", arrested)
            named_after = site.locality
        elif returned:
            self.event(case, Event.Kind.RETURN, self.home(countries[0]), countries[0], interception_day, "day", victims)
        else:
            self.event(case, Event.Kind.INTERCEPTION, origin, countries[0], interception_day, "day", victims)
        return named_after

    def offences(self, plan: _CasePlan, case: _CaseRef, scene: _Scene) -> list[str]:
        rng = self.rng
        codes: list[str]
        if plan.kind == "som":
            codes = [Offence.SMUGGLING]
            if rng.random() < 0.25:
                codes.append(Offence.DOCUMENT_FRAUD)
        elif plan.kind == "other":
            codes = [_weighted(rng, OTHER_CASE_OFFENCES)]
        else:
            codes = [Offence.TRAFFICKING]
            if scene.any_child and scene.form_class == "forced_labour" and rng.random() < 0.25:
                codes.append(Offence.CHILD_LABOUR)
            if scene.any_child and scene.form_class == "sexual" and rng.random() < 0.6:
                codes.append(Offence.SEXUAL_EXPLOITATION_OF_CHILDREN)
            if plan.kind == "tip_cross_border" and rng.random() < 0.15:
                codes.append(Offence.DOCUMENT_FRAUD)
            if rng.random() < 0.02:
                codes.append(Offence.KIDNAPPING)
        if rng.random() < 0.03:
            codes.append(Offence.CORRUPTION)
        if rng.random() < 0.01:
            codes.append(Offence.MONEY_LAUNDERING)
        codes = [str(code) for code in dict.fromkeys(codes)]
        for code in codes:
            self.batch.add(SuspectedOffence, {"case_id": case.id, "offence": code})
        return codes

    def title(self, plan: _CasePlan, lang: int, scene: _Scene, first_offence: str, place: str) -> str:
        rng = self.rng
        route = plan.route
        names = {
            "place": place,
            "origin": self.country_names[route.countries[0]][lang] if route else "",
            "destination": self.country_names[route.countries[-1]][lang] if route else "",
        }
        if plan.kind == "som":
            key = _weighted(rng, SMUGGLING_TITLES)
        elif plan.kind == "other":
            key = first_offence
        elif route and rng.random() < 0.3:
            key = "sexual:route" if scene.form_class == "sexual" else "route"
        elif scene.form_class == "sexual":
            key = "sexual:child" if scene.any_child else "sexual"
        elif scene.form_class == "forced_labour":
            key = f"child:{scene.sector}" if scene.any_child and f"child:{scene.sector}" in TITLES else ""
            key = key or f"labour:{scene.sector}"
        else:
            key = scene.form
        return TITLES.get(key, TITLES["labour:"])[lang].format(**names)

    def share(self, plan: _CasePlan, case: _CaseRef) -> None:
        rng = self.rng
        if rng.random() >= 0.06:
            return
        lead = DEMO_AGENCIES[plan.agency]
        route_countries = plan.route.countries if plan.route else ()
        # Foreign victims: the national authority of their country, to identify them and bring them home.
        abroad = [
            i
            for i, spec in enumerate(DEMO_AGENCIES)
            if spec.country in route_countries and spec.country != lead.country and spec.kind == Kind.NATIONAL_AUTHORITY
        ]
        at_home = [i for i, spec in enumerate(DEMO_AGENCIES) if spec.country == lead.country and i != plan.agency]
        if abroad and rng.random() < 0.6:
            target, reason = rng.choice(abroad), 0
        elif at_home:
            target, reason = rng.choice(at_home), rng.randint(1, 3)
        else:
            return
        lang = 0 if lead.country in FRENCH_SPEAKING else 1
        origin = route_countries[0] if route_countries else lead.country
        row: Row = {
            "case_id": case.id,
            "agency_id": self.agencies[target].pk,
            "purpose": SHARE_PURPOSES[reason],
            "reason": SHARE_REASONS[reason][lang].format(country=self.country_names[origin][lang]),
            "shared_by_id": self.author.pk,
            "shared_at": NOW,
        }
        if rng.random() < 0.08:
            revoked = plan.opened_on + datetime.timedelta(days=rng.randint(60, 400))
            row["revoked_at"] = datetime.datetime.combine(revoked, datetime.time(12), tzinfo=datetime.UTC)
            row["revoked_by_id"] = self.author.pk
        self.batch.add(CaseShare, row)

    def consents(self, plan: _CasePlan, case: _CaseRef, victims: list[_Participant]) -> None:
        rng = self.rng
        for participant in victims:
            for purpose, chance in CONSENT_CHANCES:
                if participant.role == Role.SMUGGLED_MIGRANT and purpose == Consent.Purpose.REFERRAL:
                    chance = 0.1
                if rng.random() >= chance:
                    continue
                if participant.age < 18 and rng.random() < 0.7:
                    method = str(Consent.Method.GUARDIAN)
                else:
                    method = _weighted(rng, CONSENT_METHODS)
                given_on = plan.opened_on + datetime.timedelta(days=rng.randint(0, 14))
                row: Row = {
                    "person_id": participant.person_id,
                    "purpose": purpose,
                    "given_on": given_on,
                    "method": method,
                    "recorded_by_id": self.author.pk,
                    "recorded_at": NOW,
                }
                if rng.random() < 0.03:
                    row["withdrawn_on"] = given_on + datetime.timedelta(days=rng.randint(30, 400))
                    row["withdrawn_by_id"] = self.author.pk
                self.batch.add(Consent, row)


# Parents before children, for the foreign keys.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    Person,
    Alias,
    PersonNationality,
    Case,
    SuspectedOffence,
    Participant,
    Decision,
    Event,
    EventParticipant,
    BorderCrossing,
    CrossingTraveller,
    CaseShare,
    Consent,
)


def _lock_and_number(models_with_ids: tuple[type[models.Model], ...]) -> dict[type[models.Model], int]:
    """The last id of each table, after making sure nobody else inserts until the batch is written."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_with_ids)
        with connection.cursor() as cursor:
            # Readers go on; writers wait. SQLite needs nothing: its write transactions are exclusive.
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
    return {m: m._default_manager.aggregate(last=Max("pk"))["last"] or 0 for m in models_with_ids}


def _reset_sequences(models_with_ids: tuple[type[models.Model], ...]) -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_with_ids))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _ensure_agencies() -> tuple[list[Agency], int]:
    existing = {(a.country_id, a.code): a for a in Agency.objects.all()}
    agencies: list[Agency] = []
    created = 0
    for spec in DEMO_AGENCIES:
        agency = existing.get((spec.country, spec.code))
        if agency is None:
            agency = create_agency(actor=None, code=spec.code, name=spec.name, country_id=spec.country, kind=spec.kind)
            created += 1
        agencies.append(agency)
    return agencies, created


def ensure_demo_agency(country: str, code: str) -> Agency:
    """One of the demo agencies, created if demo data were never generated (demo users work there)."""
    agency = Agency.objects.filter(country_id=country, code=code).first()
    if agency is None:
        spec = next(s for s in DEMO_AGENCIES if (s.country, s.code) == (country, code))
        agency = create_agency(actor=None, code=spec.code, name=spec.name, country_id=spec.country, kind=spec.kind)
    return agency


DEMO_AUTHOR = "demo-data"
DEMO_CONFIRMER = "demo-data-confirmer"


def _demo_author(username: str = DEMO_AUTHOR) -> User:
    """The recorded author of generated records (or the second person who confirmed its decisions): an
    account nobody can log in with."""
    author, created = User.objects.get_or_create(
        username=username, defaults={"is_active": False, "first_name": "Demo", "last_name": "data"}
    )
    if created:
        author.set_unusable_password()
        author.save(update_fields=["password"])
    return author


def generate_demo_dataset(
    *,
    cases: int,
    seed: int,
    persons: int | None = None,
    batch_size: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Add `cases` demo cases (and about 2.5 persons a case) to the register; see the module docstring."""
    if cases < 0 or (persons is not None and persons < cases):
        raise ValueError("cases must be >= 0 and persons >= cases (every case has at least one person)")
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    with transaction.atomic():
        agencies, agencies_created = _ensure_agencies()
        author = _demo_author()
        confirmer = _demo_author(DEMO_CONFIRMER)
    country_names = {c.iso2: (c.name_fr, c.name_en) for c in Country.objects.all()}
    plans = _plan_cases(rng, cases, round(cases * PERSONS_PER_CASE) if persons is None else persons)
    # Numbers continue from the counters, so that cases opened later with open_case follow on.
    last_numbers = {(c.agency_id, c.year): c.last_number for c in CaseCounter.objects.all()}
    for plan in plans:
        agency = agencies[plan.agency]
        key = (agency.pk, plan.opened_on.year)
        last_numbers[key] = plan.number = last_numbers.get(key, 0) + 1
        plan.reference = case_reference(agency, plan.opened_on.year, plan.number)

    tables = {model: _Table(model, with_id=model in ID_MODELS) for model in WRITE_ORDER}
    known_suspects: dict[int, list[int]] = {}
    totals: Counter[str] = Counter()
    starts = list(range(0, cases, batch_size)) or [0]
    for start in starts:
        chunk = plans[start : start + batch_size]
        with transaction.atomic():
            batch = _Batch(next_id=_lock_and_number(ID_MODELS))
            builder = _Builder(rng, batch, agencies, author, country_names, known_suspects, confirmer)
            for plan in chunk:
                builder.case(plan)
            now = timezone.now()
            for model in WRITE_ORDER:
                tables[model].write(batch.rows.get(model, []), now)
            _reset_sequences(ID_MODELS)
            reached = {(agencies[p.agency].pk, p.opened_on.year): p.number for p in chunk}
            CaseCounter.objects.bulk_create(
                [CaseCounter(agency_id=a, year=y, last_number=n) for (a, y), n in sorted(reached.items())],
                update_conflicts=True,
                unique_fields=["agency", "year"],
                update_fields=["last_number"],
            )
            totals.update(
                cases=batch.count(Case),
                persons=batch.count(Person),
                participants=batch.count(Participant),
                aliases=batch.count(Alias),
                events=batch.count(Event),
                crossings=batch.count(BorderCrossing),
                shares=batch.count(CaseShare),
                consents=batch.count(Consent),
            )
            summary = DemoSummary(
                seed=seed,
                agencies_created=agencies_created,
                cases=totals["cases"],
                persons=totals["persons"],
                participants=totals["participants"],
                aliases=totals["aliases"],
                events=totals["events"],
                crossings=totals["crossings"],
                shares=totals["shares"],
                consents=totals["consents"],
                seconds=round(time.monotonic() - started, 1),
            )
            if start == starts[-1]:
                # One event for the whole data set: the rows are generated, not entered by anyone.
                record_event(
                    actor=author,
                    action=AuditEvent.Action.DATASET_GENERATED,
                    target_label=f"demo data, seed {seed}",
                    changes={"seed": seed, **summary.counts()},
                )
        if progress:
            progress(f"{totals['cases']:>8} cases  {totals['persons']:>8} persons  {time.monotonic() - started:7.1f} s")
    return summary
