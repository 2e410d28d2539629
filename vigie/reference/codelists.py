"""Codelists shared by several parts of the register, aligned with HTCDS v2.0 and UNODC GLOTIP.

Codes are stable (they are stored and exported); labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    # GLOTIP counts women, men, girls and boys; HTCDS adds gender identities, kept for the record.
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER_FEMALE = "transgender_female", _("Transgender female")
    TRANSGENDER_MALE = "transgender_male", _("Transgender male")
    NON_CONFORMING = "non_conforming", _("Gender non-conforming")
    UNKNOWN = "unknown", _("Not specified / unknown")


class ExploitationForm(models.TextChoices):
    """GLOTIP forms of exploitation, with the HTCDS values that map onto them."""

    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminal activity")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    SERVITUDE = "servitude", _("Slavery, servitude or debt bondage")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs")
    CHILD_SOLDIERING = "child_soldiering", _("Child soldiering / use by armed groups")
    ILLEGAL_ADOPTION = "illegal_adoption", _("Illegal adoption")
    MIXED = "mixed", _("Mixed forms")
    OTHER = "other", _("Other form")


class MeansOfControl(models.TextChoices):
    """HTCDS v2.0 vic_MethodsOfControl."""

    PHYSICAL_THREATS = "physical_threats", _("Threats of physical harm")
    THREATS_LAW_ENFORCEMENT = "threats_law_enforcement", _("Threats of denunciation to the authorities")
    THREATENS_FAMILY = "threatens_family", _("Threats against children or family")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    FALSE_PROMISES = "false_promises", _("False promises / deception")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    TAKES_EARNINGS = "takes_earnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "restricts_financial_access", _("Restricts access to money")
    RESTRICTS_MEDICAL_CARE = "restricts_medical_care", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "withholds_necessities", _("Withholds food, water or sleep")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCES = "psychoactive_substances", _("Forced use of drugs or alcohol")
    EXCESSIVE_WORKING_HOURS = "excessive_working_hours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "withholds_documents", _("Confiscates identity or travel documents")
    RESTRICTS_MOVEMENT = "restricts_movement", _("Confinement / restricted movement")
    OTHER = "other", _("Other means of control")


class Sector(models.TextChoices):
    """ISIC Rev. 4 sections (HTCDS vic_ForcedLabourIndustry), with the region's usual sub-sectors."""

    AGRICULTURE = "A", _("Agriculture, forestry (cocoa, cotton, plantations)")
    FISHING = "A03", _("Fishing and aquaculture")
    MINING = "B", _("Mining and quarrying (gold panning)")
    MANUFACTURING = "C", _("Manufacturing")
    CONSTRUCTION = "F", _("Construction")
    TRADE = "G", _("Trade, markets and street vending")
    TRANSPORT = "H", _("Transport and storage")
    HOSPITALITY = "I", _("Hotels, bars and restaurants")
    ENTERTAINMENT = "R", _("Arts, entertainment and recreation")
    OTHER_SERVICES = "S", _("Other services")
    DOMESTIC_WORK = "T", _("Domestic work in households")
    OTHER = "other", _("Other sector")


class BenefitSought(models.TextChoices):
    FINANCIAL = "financial", _("Money")
    MATERIAL = "material", _("Other material benefit")
    NONE = "none", _("No benefit (e.g. helping a relative)")
    UNKNOWN = "unknown", _("Unknown")
