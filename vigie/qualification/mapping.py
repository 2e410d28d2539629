"""How the register's codes become the keys of a `vigie.facts/1` document (docs: spec/qualification.md).

Each line says why. A register value with no honest equivalent in the Protocol's terms is left out:
it stays evidence on the case page, and the element it might touch stays "unknown" rather than being
forced to "met". Sources: TIP Protocol art. 3(a); ILO forced labour indicators; HTCDS v2.0 codelists.
"""

from vigie.cases.models import BorderCrossing, Event
from vigie.legal import ACTS, MEANS, PURPOSES
from vigie.reference.codelists import BenefitSought, ExploitationForm, MeansOfControl

# Event kinds -> acts of TIP Protocol art. 3(a) ("recruitment, transportation, transfer, harbouring or
# receipt of persons").
ACT_OF_EVENT: dict[str, str] = {
    Event.Kind.RECRUITMENT: "recruitment",  # the same word in the Protocol
    Event.Kind.TRANSPORT: "transportation",  # "transport or transit": moving the person is transportation
    Event.Kind.HARBOURING: "harbouring",  # the same word in the Protocol
    # Not acts: EXPLOITATION is the purpose carried out (read from the forms of exploitation), and
    # INTERCEPTION, RESCUE and RETURN are what the authorities did. A border crossing is not read as an act
    # either: a migrant may cross on his own before anyone recruits him.
}

# GLOTIP forms of exploitation -> purposes. The Protocol's list is a minimum; these are its own terms.
PURPOSE_OF_FORM: dict[str, str] = {
    ExploitationForm.SEXUAL: "sexual_exploitation",  # "exploitation of the prostitution of others or other forms"
    ExploitationForm.FORCED_LABOUR: "forced_labour",  # "forced labour or services"
    ExploitationForm.FORCED_BEGGING: "forced_begging",  # a form of forced labour or services
    ExploitationForm.FORCED_CRIMINALITY: "forced_criminality",  # a form of forced labour or services
    ExploitationForm.FORCED_MARRIAGE: "forced_marriage",  # a practice similar to slavery (1956 Convention)
    # The GLOTIP class "slavery, servitude or debt bondage" is one of the three, not known which: servitude,
    # the widest condition of the three, says no more than the register knows.
    ExploitationForm.SERVITUDE: "servitude",
    ExploitationForm.ORGAN_REMOVAL: "organ_removal",  # "the removal of organs"
    ExploitationForm.CHILD_SOLDIERING: "child_soldiering",  # forced labour or services of a child
    # Left out: ILLEGAL_ADOPTION (not in the Protocol's list; only some national laws add it), MIXED (some
    # forms, not said which) and OTHER (unknown which).
}

# HTCDS means of control -> means of art. 3(a) ("threat or use of force or other forms of coercion, of
# abduction, of fraud, of deception, of the abuse of power or of a position of vulnerability…").
MEANS_OF_CONTROL: dict[str, str] = {
    MeansOfControl.PHYSICAL_THREATS: "threat",  # threat of force
    MeansOfControl.THREATENS_FAMILY: "threat",  # threat of harm to those close to the person
    MeansOfControl.PHYSICAL_ABUSE: "force",  # use of force
    MeansOfControl.SEXUAL_ABUSE: "force",  # sexual violence is use of force
    MeansOfControl.FALSE_PROMISES: "deception",  # false promises are deception
    # "Other forms of coercion": non-violent or psychological force (Sierra Leone Act 2022, Model-Law style).
    MeansOfControl.THREATS_LAW_ENFORCEMENT: "coercion",  # threat of denunciation: not of force, but coercive
    MeansOfControl.PSYCHOLOGICAL_ABUSE: "coercion",
    MeansOfControl.PSYCHOACTIVE_SUBSTANCES: "coercion",  # forced use of drugs or alcohol
    MeansOfControl.WITHHOLDS_DOCUMENTS: "coercion",  # keeps the person from leaving (ILO indicator 7)
    MeansOfControl.RESTRICTS_MOVEMENT: "coercion",  # confinement
    MeansOfControl.WITHHOLDS_NECESSITIES: "coercion",  # deprivation to compel obedience
    # Left out: TAKES_EARNINGS, RESTRICTS_FINANCIAL_ACCESS, RESTRICTS_MEDICAL_CARE and EXCESSIVE_WORKING_HOURS
    # describe the exploitation (ILO indicators of forced labour), not how the person was recruited, moved
    # or held; OTHER is unknown. DEBT_BONDAGE is below: the Protocol names it as exploitation.
}

# HTCDS means of control that are themselves a purpose of art. 3(a).
PURPOSE_OF_MEANS_OF_CONTROL: dict[str, str] = {
    # Debt bondage is a practice similar to slavery (1956 Supplementary Convention), hence exploitation.
    MeansOfControl.DEBT_BONDAGE: "debt_bondage",
}

BENEFIT: dict[str, bool | None] = {
    BenefitSought.FINANCIAL: True,  # "a financial … benefit"
    BenefitSought.MATERIAL: True,  # "or other material benefit"
    BenefitSought.NONE: False,  # e.g. helping a relative for no gain: not smuggling
    BenefitSought.UNKNOWN: None,
}

ENTRY: dict[str, str | None] = {
    BorderCrossing.Entry.REGULAR: "regular",
    BorderCrossing.Entry.IRREGULAR: "irregular",
    BorderCrossing.Entry.UNKNOWN: None,
}

DOCUMENTS: dict[str, str | None] = {
    BorderCrossing.Documents.VALID: "valid",
    BorderCrossing.Documents.FRAUDULENT: "fraudulent",
    BorderCrossing.Documents.NONE: "none",
    BorderCrossing.Documents.UNKNOWN: None,
}

# Keys of the contract, to take from screening evidence only what the engine reads.
ACT_KEYS, MEANS_KEYS, PURPOSE_KEYS = ACTS, MEANS, PURPOSES
