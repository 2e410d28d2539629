"""The engine's texts in English and French, keyed by stable codes.

Pure Python on purpose: the engine must not depend on Django's gettext, and tests and translations key on
the codes, never on the wording. Each entry is (English, French); placeholders use str.format names.
"""

from typing import Any

LANGUAGES = ("en", "fr")

CATALOGUE: dict[str, tuple[str, str]] = {
    # Input problems (validate_facts)
    "FACTS_NOT_OBJECT": ("must be a JSON object", "doit être un objet JSON"),
    "FACTS_UNKNOWN_FIELD": (
        "unknown field (a misspelt fact is never read as unknown)",
        "champ inconnu (un fait mal orthographié n'est jamais lu comme inconnu)",
    ),
    "FACTS_REQUIRED": ("is required", "est obligatoire"),
    "FACTS_SCHEMA": ('must be "vigie.facts/1"', 'doit valoir "vigie.facts/1"'),
    "FACTS_COUNTRY": (
        "must be an ISO 3166-1 alpha-2 country code in capitals (e.g. NE)",
        "doit être un code pays ISO 3166-1 alpha-2 en majuscules (par ex. NE)",
    ),
    "FACTS_LIST": ("must be a list", "doit être une liste"),
    "FACTS_DUPLICATE_CODE": ("is listed twice", "figure deux fois"),
    "FACTS_ID": ("must be a non-empty string", "doit être une chaîne non vide"),
    "FACTS_DUPLICATE_ID": (
        "repeats the id of subjects[{first}]: ids must be unique",
        "reprend l'identifiant de subjects[{first}] : les identifiants doivent être uniques",
    ),
    "FACTS_AGE": ("must be a whole number from 0 to 120", "doit être un nombre entier de 0 à 120"),
    "FACTS_TRI": (
        "must be true, false or null (unknown)",
        "doit valoir true, false ou null (inconnu)",
    ),
    "FACTS_MINOR_INCONSISTENT": (
        "contradicts age {age} (a child is under 18)",
        "contredit l'âge {age} (un enfant a moins de 18 ans)",
    ),
    "FACTS_ELEMENT_MAP": (
        "must be false (none of them) or a map of key: true/false/null",
        "doit valoir false (aucun) ou une table clé : true/false/null",
    ),
    "FACTS_ELEMENT_KEY": ("is not one of: {allowed}", "n'est pas l'une des valeurs : {allowed}"),
    "FACTS_CHOICE": ("must be one of: {allowed}, or null", "doit être l'une des valeurs : {allowed}, ou null"),
    "FACTS_DATE": (
        "must be a date written YYYY-MM-DD",
        "doit être une date écrite AAAA-MM-JJ",
    ),
    "FACTS_STAY_DAYS": (
        "must be a whole number of days from 0 to 36600",
        "doit être un nombre entier de jours de 0 à 36600",
    ),
    "FACTS_SAME_STATE": (
        "is the State left: a crossing enters another State",
        "est l'État quitté : un passage entre dans un autre État",
    ),
    # Trafficking in persons: elements
    "TIP_ACT_MET": ("Act: {facts}.", "Acte : {facts}."),
    "TIP_ACT_NOT_MET": (
        "Act: none of recruitment, transportation, transfer, harbouring or receipt.",
        "Acte : ni recrutement, ni transport, ni transfert, ni hébergement, ni accueil.",
    ),
    "TIP_ACT_UNKNOWN": (
        "Act: not known whether the person was recruited, transported, transferred, harboured or received.",
        "Acte : on ne sait pas si la personne a été recrutée, transportée, transférée, hébergée ou accueillie.",
    ),
    "TIP_MEANS_MET": ("Means: {facts}.", "Moyen : {facts}."),
    "TIP_MEANS_NOT_MET": (
        "Means: none of the means of the TIP Protocol (art. 3(a)) was used.",
        "Moyen : aucun des moyens du Protocole sur la traite (art. 3(a)) n'a été employé.",
    ),
    "TIP_MEANS_UNKNOWN": (
        "Means: not known whether threat, force, coercion, abduction, fraud, deception, abuse of power or of "
        "vulnerability, or payments to a person in control were used.",
        "Moyen : on ne sait pas si la menace, la force, la contrainte, l'enlèvement, la fraude, la tromperie, "
        "l'abus d'autorité ou de vulnérabilité, ou des paiements à une personne ayant autorité ont été employés.",
    ),
    "TIP_CHILD_NO_MEANS_REQUIRED": (
        "The person was a child (under 18) at the time of the act: no means is required (TIP Protocol art. 3(c)).",
        "La personne était un enfant (moins de 18 ans) au moment de l'acte : aucun moyen n'est exigé "
        "(Protocole sur la traite, art. 3(c)).",
    ),
    "TIP_AGE_UNKNOWN": (
        "Age unknown: if the person was under 18 at the time of the act, no means is required; "
        "until this is settled the finding cannot rest on the means.",
        "Âge inconnu : si la personne avait moins de 18 ans au moment de l'acte, aucun moyen n'est exigé ; "
        "tant que ce point n'est pas établi, la conclusion ne peut reposer sur le moyen.",
    ),
    "TIP_PURPOSE_MET": (
        "Purpose of exploitation: {facts}. The exploitation need not have taken place.",
        "Fin d'exploitation : {facts}. Il n'est pas nécessaire que l'exploitation ait eu lieu.",
    ),
    "TIP_PURPOSE_NOT_MET": (
        "Purpose: no purpose of exploitation.",
        "Fin : aucune fin d'exploitation.",
    ),
    "TIP_PURPOSE_UNKNOWN": (
        "Purpose: not known whether the act was done for the purpose of exploitation.",
        "Fin : on ne sait pas si l'acte a été commis à des fins d'exploitation.",
    ),
    "TIP_FORM_OF_FORCED_LABOUR": (
        "{facts}: a form of forced labour or services.",
        "{facts} : une forme de travail ou de service forcé.",
    ),
    "TIP_PRACTICE_SIMILAR_TO_SLAVERY": (
        "{facts}: a practice similar to slavery.",
        "{facts} : une pratique analogue à l'esclavage.",
    ),
    "TIP_CONSENT_IRRELEVANT": (
        "The person's consent is irrelevant (TIP Protocol art. 3(b) and (c)).",
        "Le consentement de la personne est indifférent (Protocole sur la traite, art. 3(b) et (c)).",
    ),
    "TIP_NO_CROSSING_REQUIRED": (
        "No border crossing is required: domestic trafficking is trafficking.",
        "Aucun passage de frontière n'est exigé : la traite interne est une traite.",
    ),
    "TIP_ESTABLISHED": (
        "Trafficking in persons: every required element is met.",
        "Traite des personnes : tous les éléments requis sont réunis.",
    ),
    "TIP_POSSIBLE": (
        "Trafficking in persons is possible: an unknown fact could complete the offence.",
        "La traite des personnes est possible : un fait inconnu pourrait compléter l'infraction.",
    ),
    "TIP_NOT_ESTABLISHED": (
        "Trafficking in persons is not established: a required element is not met.",
        "La traite des personnes n'est pas établie : un élément requis fait défaut.",
    ),
    # Smuggling of migrants: elements, per crossing
    "SOM_CROSSING": ("Crossing {crossing} ({route}{date}):", "Passage {crossing} ({route}{date}) :"),
    "SOM_STRONGEST_CROSSING": (
        "Of {count} crossings, crossing {crossing} gives the strongest finding; its elements are shown.",
        "Sur {count} passages, le passage {crossing} donne la conclusion la plus forte ; ses éléments sont affichés.",
    ),
    "SOM_NO_CROSSING": (
        "No border crossing: smuggling needs an entry into a State.",
        "Aucun passage de frontière : le trafic illicite suppose l'entrée dans un État.",
    ),
    "SOM_CROSSINGS_UNKNOWN": (
        "Not known whether the person crossed a border.",
        "On ne sait pas si la personne a franchi une frontière.",
    ),
    "SOM_ENTRY_IRREGULAR": ("the entry was irregular.", "l'entrée était irrégulière."),
    "SOM_ENTRY_REGULAR": ("the entry was regular.", "l'entrée était régulière."),
    "SOM_DOCUMENTS_FRAUDULENT": (
        "entry with fraudulent documents is illegal.",
        "l'entrée avec des documents frauduleux est illégale.",
    ),
    "SOM_DOCUMENTS_NONE": ("entry without documents is illegal.", "l'entrée sans documents est illégale."),
    "SOM_FREE_MOVEMENT": (
        "entry with a valid travel document is legal under {regime} on that date.",
        "l'entrée avec un document de voyage valide est légale à cette date au titre de : {regime}.",
    ),
    "SOM_FREE_MOVEMENT_EVERY_DATE": (
        "no date, but free-movement regimes cover this entry on every date since 1980: legal with a valid "
        "travel document.",
        "pas de date, mais des régimes de libre circulation couvrent cette entrée à toute date depuis 1980 : "
        "légale avec un document de voyage valide.",
    ),
    "SOM_VALID_NO_REGIME": (
        "valid travel document, but no free-movement regime known to the engine covers this entry on that date: "
        "whether the entry met the requirements (e.g. a visa) is unknown.",
        "document de voyage valide, mais aucun régime de libre circulation connu du moteur ne couvre cette entrée "
        "à cette date : on ne sait pas si l'entrée respectait les conditions (visa, par ex.).",
    ),
    "SOM_VALID_NO_DATE": (
        "valid travel document but no date, and the free-movement regimes do not cover this entry on every "
        "date since 1980: legality unknown.",
        "document de voyage valide mais sans date, et les régimes de libre circulation ne couvrent pas cette "
        "entrée à toute date depuis 1980 : légalité inconnue.",
    ),
    "SOM_VALID_NATIONALITY_UNKNOWN": (
        "valid travel document, but the nationality is unknown, so no free-movement regime can apply: "
        "legality unknown.",
        "document de voyage valide, mais la nationalité est inconnue ; aucun régime de libre circulation ne peut "
        "s'appliquer : légalité inconnue.",
    ),
    "SOM_ENTRY_UNKNOWN": (
        "not known whether the entry was legal.",
        "on ne sait pas si l'entrée était légale.",
    ),
    "SOM_NATIONAL_OF_STATE": (
        "the person is a national of the State entered.",
        "la personne a la nationalité de l'État où elle est entrée.",
    ),
    "SOM_RESIDENT_OF_STATE": (
        "the person is a permanent resident of the State entered.",
        "la personne est résidente permanente de l'État où elle est entrée.",
    ),
    "SOM_NOT_NATIONAL_OR_RESIDENT": (
        "the person is neither a national nor a permanent resident of the State entered.",
        "la personne n'est ni ressortissante ni résidente permanente de l'État où elle est entrée.",
    ),
    "SOM_NATIONALITY_UNKNOWN": (
        "nationality unknown: whether the person is a national of the State entered is unknown.",
        "nationalité inconnue : on ne sait pas si la personne est ressortissante de l'État où elle est entrée.",
    ),
    "SOM_PROCURED": ("the suspect procured the entry.", "le suspect a procuré l'entrée."),
    "SOM_NOT_PROCURED": ("the suspect did not procure the entry.", "le suspect n'a pas procuré l'entrée."),
    "SOM_PROCUREMENT_UNKNOWN": (
        "not known whether the suspect procured the entry.",
        "on ne sait pas si le suspect a procuré l'entrée.",
    ),
    "SOM_BENEFIT": (
        "A financial or other material benefit was sought.",
        "Un avantage financier ou un autre avantage matériel était recherché.",
    ),
    "SOM_NO_BENEFIT": (
        "No financial or other material benefit was sought: helping without gain (e.g. a relative) is not smuggling.",
        "Aucun avantage financier ou matériel n'était recherché : aider sans contrepartie (un parent, par ex.) "
        "n'est pas du trafic illicite de migrants.",
    ),
    "SOM_BENEFIT_UNKNOWN": (
        "Not known whether a financial or other material benefit was sought.",
        "On ne sait pas si un avantage financier ou matériel était recherché.",
    ),
    "SOM_ESTABLISHED": (
        "Smuggling of migrants: one crossing meets every element (SOM Protocol art. 3(a)).",
        "Trafic illicite de migrants : un passage réunit tous les éléments (Protocole relatif aux migrants, "
        "art. 3(a)).",
    ),
    "SOM_POSSIBLE": (
        "Smuggling of migrants is possible: an unknown fact could complete the offence.",
        "Le trafic illicite de migrants est possible : un fait inconnu pourrait compléter l'infraction.",
    ),
    "SOM_NOT_ESTABLISHED": (
        "Smuggling of migrants is not established: every crossing lacks an element.",
        "Le trafic illicite de migrants n'est pas établi : chaque passage manque d'un élément.",
    ),
    "SOM_AGGRAVATING": (
        "Aggravating circumstance (SOM Protocol art. 6(3)): {facts}.",
        "Circonstance aggravante (Protocole relatif aux migrants, art. 6(3)) : {facts}.",
    ),
    # Related offences (SOM Protocol art. 6(1)(b) and (c))
    "REL_ESTABLISHED": (
        "{offence}: the conduct and the benefit are both established.",
        "{offence} : le comportement et l'avantage sont tous deux établis.",
    ),
    "REL_POSSIBLE": (
        "{offence}: possible; the conduct or the benefit is unknown.",
        "{offence} : possible ; le comportement ou l'avantage est inconnu.",
    ),
    "REL_NOT_ESTABLISHED": (
        "{offence}: not established; the conduct or the benefit is absent.",
        "{offence} : non établi ; le comportement ou l'avantage fait défaut.",
    ),
    # Protection
    "PROT_PRESUMED_VICTIM": (
        "Presumed victim of trafficking: refer for protection; not to be punished for offences that were a "
        "direct consequence of being trafficked.",
        "Victime présumée de traite : orienter vers une protection ; ne pas sanctionner les infractions "
        "découlant directement de la traite subie.",
    ),
    "PROT_SMUGGLED_MIGRANT": (
        "Smuggled migrant: not criminally liable for having been smuggled (SOM Protocol art. 5) and never listed "
        "as a perpetrator of the smuggling.",
        "Migrant objet de trafic : pas de responsabilité pénale pour avoir fait l'objet du trafic (Protocole "
        "relatif aux migrants, art. 5) ; jamais inscrit comme auteur du trafic.",
    ),
    "PROT_CHILD": (
        "Child: refer to child protection at once.",
        "Enfant : orienter immédiatement vers la protection de l'enfance.",
    ),
    "PROT_CHILD_UNKNOWN": (
        "Age unknown: find out whether the person is a child; meanwhile treat them as one may be.",
        "Âge inconnu : établir si la personne est un enfant ; entre-temps, la traiter comme pouvant l'être.",
    ),
    # National qualification
    "NAT_LAW": ("Under {law} (source: {source}).", "Au titre de : {law} (source : {source})."),
    "NAT_LAW_NOT_VERIFIED": (
        "Under {law} ({status}: not fully verified; source: {source}).",
        "Au titre de : {law} ({status} : pas entièrement vérifié ; source : {source}).",
    ),
    "NAT_NO_DEPARTURE_RECORDED": (
        "No departure from the Protocols is recorded for this law in the engine's sources: the national finding "
        "follows the Protocols' definition. Check the national text.",
        "Aucun écart par rapport aux Protocoles n'est relevé pour cette loi dans les sources du moteur : la "
        "conclusion nationale suit la définition des Protocoles. Vérifier le texte national.",
    ),
    "NAT_CM_TERMS": (
        'Cameroon (English version of the law): Protocol-type trafficking is called "slavery in persons"; '
        '"trafficking in persons" means smuggling-type conduct.',
        "Cameroun (version anglaise de la loi) : la traite au sens du Protocole y est appelée « slavery in "
        "persons » ; « trafficking in persons » y désigne un comportement de type trafic illicite de migrants "
        "(termes de la version française non vérifiés).",
    ),
    "NAT_CM_SMUGGLING_TERM": (
        'Cameroon (English version of the law): smuggling-type conduct is called "trafficking in persons"; '
        "the elements of the national offence are not verified, the Protocol's are shown.",
        "Cameroun (version anglaise de la loi) : le comportement de type trafic illicite de migrants y est appelé "
        "« trafficking in persons » ; les éléments de l'infraction nationale ne sont pas vérifiés, ceux du "
        "Protocole sont affichés.",
    ),
    "NAT_CHILD_SEX_NEEDS_FORCE_FRAUD_COERCION": (
        "This law requires force, fraud or coercion for child sex trafficking, unlike the TIP Protocol (art. 3(c)); "
        "read here as threat, force, coercion, abduction, fraud or deception (an interpretation).",
        "Cette loi exige la force, la fraude ou la contrainte pour la traite d'enfants à des fins sexuelles, "
        "contrairement au Protocole (art. 3(c)) ; lu ici comme menace, force, contrainte, enlèvement, fraude ou "
        "tromperie (une interprétation).",
    ),
    "NAT_GQ_NOT_ALL_FORMS": (
        "This law does not criminalise all forms of trafficking (which ones is not verified).",
        "Cette loi n'incrimine pas toutes les formes de traite (lesquelles n'est pas vérifié).",
    ),
    "NAT_GA_REMUNERATION": (
        "Gabon's Penal Code requires an exchange for remuneration or any other advantage (read from "
        "benefit_sought), unlike the TIP Protocol.",
        "Le Code pénal gabonais exige un échange contre rémunération ou tout autre avantage (lu dans "
        "benefit_sought), contrairement au Protocole.",
    ),
    "NAT_GA_MEANS_AGGRAVATING": (
        "Under Gabon's Penal Code force, fraud and coercion are aggravating factors, not elements: no means is "
        "required.",
        "Selon le Code pénal gabonais, la force, la fraude et la contrainte sont des circonstances aggravantes, "
        "non des éléments : aucun moyen n'est exigé.",
    ),
    "NAT_GA_CONFLATED": (
        "Gabon's Penal Code conflates smuggling of migrants and trafficking in persons.",
        "Le Code pénal gabonais confond trafic illicite de migrants et traite des personnes.",
    ),
    "NAT_NE_SMUGGLING_REPEALED": (
        "Niger repealed its smuggling law (Loi 2015-36) by the ordonnance of 25 November 2023: smuggling of "
        "migrants is no longer an offence under Niger law.",
        "Le Niger a abrogé sa loi sur le trafic illicite de migrants (loi 2015-36) par l'ordonnance du "
        "25 novembre 2023 : ce trafic n'est plus une infraction en droit nigérien.",
    ),
    "NAT_SOM_NOT_AN_OFFENCE": (
        "Not an offence under the national law on that date.",
        "Pas une infraction en droit national à cette date.",
    ),
    "NAT_DIFFERS": (
        "The national finding ({national}) differs from the Protocol's ({baseline}).",
        "La conclusion nationale ({national}) diffère de celle du Protocole ({baseline}).",
    ),
    "NAT_NO_LAW_HELD": (
        "The engine holds no profile of this State's law on this offence: the Protocol's finding is shown.",
        "Le moteur ne connaît pas la loi de cet État sur cette infraction : la conclusion du Protocole est affichée.",
    ),
    "NAT_NO_LAW_HELD_FOR_DATE": (
        "The engine holds no profile of the law in force on the date of the facts: the Protocol's finding is shown.",
        "Le moteur ne connaît pas la loi en vigueur à la date des faits : la conclusion du Protocole est affichée.",
    ),
    "NAT_DATE_UNKNOWN": (
        "The facts give no date, so which law applies is not settled ({each}).",
        "Les faits ne sont pas datés : la loi applicable n'est donc pas établie ({each}).",
    ),
    "NAT_DATE_NOT_SETTLED": (
        "The date of the facts does not settle which law applies ({each}).",
        "La date des faits ne permet pas d'établir la loi applicable ({each}).",
    ),
    "NAT_UNHELD_LAW": ("an earlier law the engine does not hold", "une loi antérieure que le moteur ne connaît pas"),
    "NAT_TIP_ESTABLISHED": (
        "Under this law: every required element is met.",
        "Selon cette loi : tous les éléments requis sont réunis.",
    ),
    "NAT_TIP_POSSIBLE": (
        "Under this law: possible; an unknown fact could complete the offence.",
        "Selon cette loi : possible ; un fait inconnu pourrait compléter l'infraction.",
    ),
    "NAT_TIP_NOT_ESTABLISHED": (
        "Under this law: not established; a required element is not met.",
        "Selon cette loi : non établie ; un élément requis fait défaut.",
    ),
    # What to find out next (deciding_unknowns)
    "ASK_CHILD": (
        "Find out whether the person was under 18 at the time of the first act",
        "Établir si la personne avait moins de 18 ans au moment du premier acte",
    ),
    "ASK_ACTS": (
        "Find out whether the person was recruited, transported, transferred, harboured or received",
        "Établir si la personne a été recrutée, transportée, transférée, hébergée ou accueillie",
    ),
    "ASK_ACTS_KEY": ("Find out whether there was {fact}", "Établir s'il y a eu {fact}"),
    "ASK_MEANS": (
        "Find out whether threat, force, coercion, abduction, fraud, deception, abuse of power or of "
        "vulnerability, or payments to a person in control were used",
        "Établir si la menace, la force, la contrainte, l'enlèvement, la fraude, la tromperie, l'abus d'autorité "
        "ou de vulnérabilité, ou des paiements à une personne ayant autorité ont été employés",
    ),
    "ASK_MEANS_KEY": ("Find out whether {fact} was used", "Établir si ce moyen a été employé : {fact}"),
    "ASK_PURPOSES": (
        "Find out whether the act was done for the purpose of exploitation, and which",
        "Établir si l'acte a été commis à des fins d'exploitation, et lesquelles",
    ),
    "ASK_PURPOSES_KEY": ("Find out whether the purpose was {fact}", "Établir si la fin était : {fact}"),
    "ASK_BENEFIT": (
        "Find out whether a financial or other material benefit was sought for the entry or stay",
        "Établir si un avantage financier ou matériel était recherché pour l'entrée ou le séjour",
    ),
    "ASK_CROSSINGS": (
        "Find out whether the person crossed a border, where and when",
        "Établir si la personne a franchi une frontière, où et quand",
    ),
    "ASK_NATIONALITIES": ("Find out the person's nationalities", "Établir les nationalités de la personne"),
    "ASK_ENTRY": (
        "Find out whether entry {crossing} ({route}) met the requirements for legal entry",
        "Établir si l'entrée {crossing} ({route}) respectait les conditions d'une entrée légale",
    ),
    "ASK_DOCUMENTS": (
        "Find out which travel documents the person held at entry {crossing} ({route})",
        "Établir de quels documents de voyage la personne disposait lors de l'entrée {crossing} ({route})",
    ),
    "ASK_RESIDENCE": (
        "Find out whether the person was a lawful permanent resident of {country}",
        "Établir si la personne était résidente permanente régulière du pays {country}",
    ),
    "ASK_PROCURED": (
        "Find out whether the suspect procured entry {crossing} ({route})",
        "Établir si le suspect a procuré l'entrée {crossing} ({route})",
    ),
}

# Names of facts as shown inside the texts above.
FACT_NAMES: dict[str, tuple[str, str]] = {
    "recruitment": ("recruitment", "recrutement"),
    "transportation": ("transportation", "transport"),
    "transfer": ("transfer", "transfert"),
    "harbouring": ("harbouring", "hébergement"),
    "receipt": ("receipt", "accueil"),
    "threat": ("threat", "menace"),
    "force": ("force", "force"),
    "coercion": ("coercion", "contrainte"),
    "abduction": ("abduction", "enlèvement"),
    "fraud": ("fraud", "fraude"),
    "deception": ("deception", "tromperie"),
    "abuse_of_power": ("abuse of power", "abus d'autorité"),
    "abuse_of_vulnerability": ("abuse of a position of vulnerability", "abus d'une situation de vulnérabilité"),
    "payments_to_person_in_control": (
        "payments to a person having control over the person",
        "paiements à une personne ayant autorité sur la personne",
    ),
    "sexual_exploitation": ("sexual exploitation", "exploitation sexuelle"),
    "forced_labour": ("forced labour", "travail forcé"),
    "forced_begging": ("forced begging", "mendicité forcée"),
    "forced_criminality": ("forced criminality", "criminalité forcée"),
    "slavery": ("slavery", "esclavage"),
    "debt_bondage": ("debt bondage", "servitude pour dettes"),
    "servitude": ("servitude", "servitude"),
    "forced_marriage": ("forced marriage", "mariage forcé"),
    "organ_removal": ("removal of organs", "prélèvement d'organes"),
    "child_soldiering": ("use of children as soldiers", "enrôlement d'enfants soldats"),
    "life_or_safety_endangered": (
        "the migrants' life or safety was endangered",
        "la vie ou la sécurité des migrants a été mise en danger",
    ),
    "inhuman_or_degrading_treatment": ("inhuman or degrading treatment", "traitement inhumain ou dégradant"),
    "fraudulent_document": (
        "Fraudulent travel or identity document (SOM Protocol art. 6(1)(b))",
        "Document de voyage ou d'identité frauduleux (Protocole relatif aux migrants, art. 6(1)(b))",
    ),
    "enabling_illegal_stay": (
        "Enabling illegal stay (SOM Protocol art. 6(1)(c))",
        "Facilitation du séjour illégal (Protocole relatif aux migrants, art. 6(1)(c))",
    ),
}


def check_language(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return LANGUAGES.index(lang)


def text(code: str, lang: str, **params: Any) -> str:
    return CATALOGUE[code][check_language(lang)].format(**params)


def fact_name(key: str, lang: str) -> str:
    names = FACT_NAMES.get(key)
    return names[check_language(lang)] if names else key


def fact_list(keys: list[str], lang: str) -> str:
    return ", ".join(fact_name(key, lang) for key in keys)


def reason(code: str, lang: str, **params: Any) -> dict[str, str]:
    return {"code": code, "text": text(code, lang, **params)}
