"""The vigie fields a column of an agency spreadsheet can fill, and the header names that suggest each.

A mapping (exchange.ColumnMapping) says which column holds which of these fields. Headers are compared
with accents, case, punctuation and a trailing "(s)" ignored, so "Prénom(s)", "PRENOMS" and "prenom" are
the same header; "... de la victime" / "victim's ..." are dropped too, since spreadsheets kept by
shelters name most columns that way.

Picklist fields (sex, role, status, offences, forms of exploitation, means of control) read the vigie
code, its English or French label, the usual words below, or the agency's own words saved in the
mapping's value maps ("VDT" -> victim).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vigie.cases.models import Case, Participant, SuspectedOffence
from vigie.reference.codelists import ExploitationForm, MeansOfControl, Sex

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Target:
    name: str
    label: "_StrPromise"
    group: "_StrPromise"
    headers: tuple[str, ...]  # plain forms (see plain_header) that suggest this field
    choices: type[models.TextChoices] | None = None
    multiple: bool = False  # several values in one cell: "sexuelle; travail forcé"


CASE, PERSON, ROLE, EVENTS = _("Case"), _("Person"), _("Role in the case"), _("Events")

# fmt: off
TARGETS: tuple[Target, ...] = (
    Target("case_key", _("Case number in the file (rows with the same number are one case)"), CASE,
           ("numero du dossier", "numero dossier", "n dossier", "no dossier", "n du dossier", "num dossier",
            "dossier", "reference", "ref", "reference du dossier", "id dossier", "code dossier",
            "case number", "case no", "case id", "case reference", "case ref", "file number", "file no",
            "reference number", "reference no", "ref no")),
    Target("case_title", _("Case title"), CASE,
           ("titre", "titre du dossier", "intitule", "affaire", "title", "case title", "case name")),
    Target("case_opened_on", _("Case opened on"), CASE,
           ("date d ouverture", "date ouverture", "ouvert le", "date du dossier", "date d enregistrement",
            "date de signalement", "opened on", "date opened", "opening date", "date of opening",
            "registration date", "date registered", "date reported")),
    Target("case_country", _("Country where the case was detected"), CASE,
           ("pays", "pays de detection", "pays d identification", "pays du dossier",
            "country", "country of detection", "country of identification")),
    Target("case_offences", _("Suspected offences"), CASE,
           ("infraction", "infractions", "qualification", "type d infraction", "type de cas", "nature du cas",
            "offence", "offences", "offense", "offenses", "crime", "case type"),
           SuspectedOffence.Offence, multiple=True),
    Target("case_status", _("Case status"), CASE,
           ("statut", "statut du dossier", "etat", "etat du dossier", "situation du dossier",
            "status", "case status"), Case.Status),
    Target("case_narrative", _("What happened (case narrative)"), CASE,
           ("resume", "resume des faits", "faits", "description des faits", "circonstances", "recit",
            "narrative", "summary", "facts", "description")),
    Target("given_names", _("Given names"), PERSON,
           ("prenom", "prenoms", "first name", "first names", "firstname", "given name", "given names",
            "forename", "forenames")),
    Target("family_name", _("Family name"), PERSON,
           ("nom", "nom de famille", "nom patronymique", "surname", "last name", "lastname", "family name",
            "name")),
    # One column for the whole name, as many registers keep it: split when read (split_full_name).
    Target("full_name", _("Full name, family name first (KONÉ Awa)"), PERSON,
           ("nom et prenom", "nom et prenoms", "noms et prenoms", "nom prenom", "nom prenoms", "nom complet",
            "identite", "nom et prenom de la victime")),
    Target("full_name_given_first", _("Full name, given names first (Awa KONÉ)"), PERSON,
           ("full name", "name and surname", "names", "prenom et nom", "prenoms et nom")),
    Target("sex", _("Sex"), PERSON, ("sexe", "genre", "m f", "h f", "sex", "gender"), Sex),
    Target("date_of_birth", _("Date of birth (or year, or month)"), PERSON,
           ("date de naissance", "ne le", "nee le", "ne e le", "naissance", "annee de naissance",
            "dob", "d o b", "date of birth", "birth date", "birthdate", "year of birth")),
    Target("age", _("Age (when the date of birth is not known)"), PERSON,
           ("age", "age ans", "age au moment des faits", "age estime", "age years", "age at identification",
            "estimated age")),
    Target("nationality", _("Nationality"), PERSON,
           ("nationalite", "nationalites", "pays d origine", "origine", "nationality", "nationalities",
            "citizenship", "country of origin")),
    Target("phone", _("Phone number"), PERSON,
           ("telephone", "tel", "numero de telephone", "n telephone", "portable", "cellulaire", "contact",
            "phone", "phone number", "mobile", "telephone number", "phone no", "tel no", "telephone no")),
    Target("identity_number", _("Identity document number"), PERSON,
           ("numero de piece d identite", "piece d identite", "n piece", "cni", "numero cni",
            "numero de passeport", "passeport", "id number", "identity number", "passport number")),
    Target("role", _("Role in the case (victim, suspect, witness…)"), ROLE,
           ("role", "role dans le dossier", "qualite", "categorie", "type de personne", "statut de la personne",
            "role in the case", "person type", "category"), Participant.Role),
    Target("forms_of_exploitation", _("Forms of exploitation"), ROLE,
           ("forme d exploitation", "formes d exploitation", "type d exploitation", "exploitation",
            "form of exploitation", "forms of exploitation", "type of exploitation", "exploitation type"),
           ExploitationForm, multiple=True),
    Target("means_of_control", _("Means of control"), ROLE,
           ("moyens de controle", "moyen de controle", "moyens de coercition", "moyens de pression",
            "means of control", "methods of control", "control methods"),
           MeansOfControl, multiple=True),
    Target("person_notes", _("Notes on the person"), ROLE,
           ("observations", "observation", "remarques", "commentaires", "notes", "comments", "remarks")),
    Target("recruitment_place", _("Place of recruitment"), EVENTS,
           ("lieu de recrutement", "lieu du recrutement", "place of recruitment", "recruitment place",
            "recruitment location", "location of recruitment")),
    Target("recruitment_date", _("Date of recruitment"), EVENTS,
           ("date de recrutement", "date du recrutement", "date of recruitment", "recruitment date")),
    Target("exploitation_place", _("Place of exploitation"), EVENTS,
           ("lieu d exploitation", "lieu de l exploitation", "place of exploitation", "exploitation place",
            "location of exploitation")),
    Target("exploitation_date", _("Date of exploitation"), EVENTS,
           ("date d exploitation", "date de l exploitation", "debut de l exploitation", "date of exploitation",
            "exploitation date")),
    Target("interception_place", _("Place of interception or identification"), EVENTS,
           ("lieu d interception", "lieu de l interception", "lieu d identification", "lieu de sauvetage",
            "lieu d interpellation", "place of interception", "interception place", "location of interception",
            "place of identification")),
    Target("interception_date", _("Date of interception or identification"), EVENTS,
           ("date d interception", "date de l interception", "date d identification", "date d interpellation",
            "date de sauvetage", "date of interception", "interception date", "date of identification",
            "date de l identification", "date of rescue", "rescue date")),
)
# fmt: on
TARGETS_BY_NAME = {t.name: t for t in TARGETS}
PICKLIST_TARGETS = tuple(t for t in TARGETS if t.choices is not None)

# The usual words for picklist values, besides each value's code and its English and French labels.
# fmt: off
USUAL_VALUES: dict[str, dict[str, str]] = {
    "sex": {"f": "female", "femme": "female", "feminin": "female", "fille": "female", "female": "female",
            "girl": "female", "woman": "female", "w": "female",
            "m": "male", "h": "male", "homme": "male", "masculin": "male", "garcon": "male", "male": "male",
            "boy": "male", "man": "male",
            "inconnu": "unknown", "nd": "unknown", "n d": "unknown", "unknown": "unknown"},
    "role": {"victime": "victim", "vdt": "victim", "victime de traite": "victim", "victim": "victim",
             "victime presumee": "presumed_victim", "presumee victime": "presumed_victim", "pv": "presumed_victim",
             "suspect": "suspect", "auteur": "suspect", "presume auteur": "suspect", "trafiquant": "suspect",
             "perpetrator": "suspect", "trafficker": "suspect", "mis en cause": "suspect",
             "temoin": "witness", "witness": "witness", "migrant": "smuggled_migrant",
             "migrant objet de trafic": "smuggled_migrant"},
    "case_status": {"ouvert": "open", "en cours": "open", "actif": "open", "active": "open", "open": "open",
                    "en enquete": "under_investigation", "enquete": "under_investigation",
                    "au parquet": "referred_for_prosecution", "transmis au parquet": "referred_for_prosecution",
                    "clos": "closed", "cloture": "closed", "ferme": "closed", "classe": "closed",
                    "closed": "closed"},
    "case_offences": {"traite": "tip", "traite des personnes": "tip", "traite d etres humains": "tip",
                      "tip": "tip", "tdp": "tip", "teh": "tip", "trafficking": "tip",
                      "human trafficking": "tip", "trafic de migrants": "som",
                      "trafic illicite de migrants": "som", "som": "som", "smuggling": "som",
                      "migrant smuggling": "som"},
    "forms_of_exploitation": {"sexuelle": "sexual", "exploitation sexuelle": "sexual", "prostitution": "sexual",
                              "sexual": "sexual", "travail force": "forced_labour", "travail": "forced_labour",
                              "labour": "forced_labour", "labor": "forced_labour", "forced labor": "forced_labour",
                              "mendicite": "forced_begging", "mendicite forcee": "forced_begging",
                              "begging": "forced_begging", "domestique": "servitude",
                              "servitude domestique": "servitude", "domestic servitude": "servitude",
                              "mariage force": "forced_marriage", "forced marriage": "forced_marriage",
                              "criminalite forcee": "forced_criminality", "prelevement d organes": "organ_removal"},
    "means_of_control": {"dette": "debt_bondage", "servitude pour dettes": "debt_bondage", "debt": "debt_bondage",
                         "menaces": "physical_threats", "threats": "physical_threats",
                         "violence": "physical_abuse", "violences": "physical_abuse",
                         "violences physiques": "physical_abuse", "violence physique": "physical_abuse",
                         "violences sexuelles": "sexual_abuse", "fausses promesses": "false_promises",
                         "tromperie": "false_promises", "deception": "false_promises",
                         "confiscation des documents": "withholds_documents",
                         "confiscation du passeport": "withholds_documents",
                         "passeport confisque": "withholds_documents", "sequestration": "restricts_movement",
                         "enfermement": "restricts_movement", "confinement": "restricts_movement",
                         "drogue": "psychoactive_substances", "drugs": "psychoactive_substances"},
}
# fmt: on

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# "Prénom(s)", "Date de naissance (jj/mm/aaaa)", "Sex [M/F]": a plural mark or a hint for whoever types.
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ABOUT_THE_VICTIM = re.compile(
    r"^(?:victim s |victims |victim )|(?: de la victime| du de la victime| de la personne| of the victim"
    r"| of victim| de l enfant)$"
)


def plain(text: str) -> str:
    """Lower case, no accents, words separated by one space: how headers and values are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALPHANUMERIC.sub(" ", letters).strip()


def plain_header(header: str) -> str:
    text = plain(_BRACKETED.sub("", header.casefold()))
    return _ABOUT_THE_VICTIM.sub("", text).strip()


_SUGGESTIONS = {synonym: t.name for t in TARGETS for synonym in t.headers}


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """Each header -> the vigie field it most likely holds, or None. A field is suggested once, for the
    first column that names it: two columns "Nom" would otherwise fill the same field."""
    taken: set[str] = set()
    suggestions: dict[str, str | None] = {}
    for header in headers:
        field = _SUGGESTIONS.get(plain_header(header))
        suggestions[header] = field if field is not None and field not in taken else None
        if field is not None:
            taken.add(field)
    return suggestions


def value_lookup(target: Target, saved: dict[str, str] | None = None) -> dict[str, str]:
    """Plain value -> vigie code for a picklist field: codes, labels in both languages, usual words, then
    the mapping's own words (which win)."""
    if target.choices is None:
        return {}
    lookup: dict[str, str] = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, label in target.choices.choices:
                lookup[plain(str(label))] = code
    for code in target.choices.values:
        lookup[plain(code)] = code
    lookup.update(USUAL_VALUES.get(target.name, {}))
    allowed = set(target.choices.values)
    lookup.update({plain(written): code for written, code in (saved or {}).items() if code in allowed})
    return lookup
