"""The screening indicators, what each is evidence for, and why.

Two sources. The 11 ILO indicators of forced labour, with the booklet's exact labels (ILO Special Action
Programme to Combat Forced Labour, "ILO Indicators of Forced Labour", 2012; vigie's reference notes,
definitions.md section 8). And trafficking indicators derived from the elements of the TIP Protocol,
art. 3 (definitions.md sections 1, 1.5 and 7), each citing the section it comes from.

Each indicator names the keys of the `vigie.facts/1` contract (spec/qualification.md: `acts`, `means`,
`purposes`) that a "yes" is evidence for, with the reason. The usage rule of the ILO booklet applies to the
whole table: "The presence of a single indicator in a given situation may in some cases imply the existence
of forced labour. However, in other cases you may need to look for several indicators which, taken
together, point to a forced labour case." So:

- `means` and `purposes` are keys for which one "yes" is evidence on its own (the indicator describes the
  means or the exploitation itself: a threat, an abduction, being made to beg for someone else);
- `together` are keys for which the indicator is evidence only with at least one other "yes" pointing to the
  same key (TOGETHER_MINIMUM): most ILO indicators point to forced labour only taken together.

Evidence is never a verdict: the officer who qualifies the facts reads it beside the interview, the
documents and the investigation, and decides.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# ILO 2012: "several indicators which, taken together, point to a forced labour case".
TOGETHER_MINIMUM = 2

ILO_2012 = "ILO, Indicators of Forced Labour (SAP-FL, 2012)"


class Indicator(models.TextChoices):
    # ILO indicators of forced labour, in the booklet's order and with its labels.
    ABUSE_OF_VULNERABILITY = "ilo_abuse_of_vulnerability", _("Abuse of vulnerability")
    DECEPTION = "ilo_deception", _("Deception")
    RESTRICTION_OF_MOVEMENT = "ilo_restriction_of_movement", _("Restriction of movement")
    ISOLATION = "ilo_isolation", _("Isolation")
    PHYSICAL_AND_SEXUAL_VIOLENCE = "ilo_physical_and_sexual_violence", _("Physical and sexual violence")
    INTIMIDATION_AND_THREATS = "ilo_intimidation_and_threats", _("Intimidation and threats")
    RETENTION_OF_IDENTITY_DOCUMENTS = "ilo_retention_of_identity_documents", _("Retention of identity documents")
    WITHHOLDING_OF_WAGES = "ilo_withholding_of_wages", _("Withholding of wages")
    DEBT_BONDAGE = "ilo_debt_bondage", _("Debt bondage")
    ABUSIVE_CONDITIONS = "ilo_abusive_working_and_living_conditions", _("Abusive working and living conditions")
    EXCESSIVE_OVERTIME = "ilo_excessive_overtime", _("Excessive overtime")
    # Trafficking indicators derived from the TIP Protocol, art. 3.
    RECRUITED_BY_DECEPTION = "tip_recruited_by_deception", _("Recruited with false promises")
    MOVEMENT_ORGANISED_BY_OTHERS = "tip_movement_organised_by_others", _("Journey organised by someone else")
    ABDUCTED = "tip_abducted", _("Taken by force or kidnapped")
    PAYMENT_TO_PERSON_IN_CONTROL = "tip_payment_to_person_in_control", _("Someone in charge of the person was paid")
    ABUSE_OF_AUTHORITY = "tip_abuse_of_authority", _("Controlled by someone with authority over them")
    CREATED_DEPENDENCY = "tip_created_dependency", _("Made dependent: drugs, a relationship, an oath or ritual")
    SEXUAL_EXPLOITATION = "tip_sexual_exploitation", _("Sexual exploitation")
    BEGGING_FOR_OTHERS = "tip_begging_for_others", _("Begging for someone else")
    CRIMES_FOR_OTHERS = "tip_crimes_for_others", _("Made to commit offences for someone else")
    CHILD_WORKING_OUT_OF_SCHOOL = "tip_child_working_out_of_school", _("Child under 18 working instead of school")
    FORCED_MARRIAGE = "tip_forced_marriage", _("Forced or early marriage")
    SOLD_OR_TREATED_AS_PROPERTY = "tip_sold_or_treated_as_property", _("Sold, bought or treated as property")
    ORGAN_REMOVAL = "tip_organ_removal", _("Removal of an organ")
    USED_BY_ARMED_GROUP = "tip_used_by_armed_group", _("Child used by an armed group")


class Group(models.TextChoices):
    """The fieldsets of the form, in the order of an interview."""

    RECRUITMENT = "recruitment", _("Recruitment and journey")
    CONTROL = "control", _("Control and coercion")
    WORK = "work", _("Work, pay and living conditions")
    EXPLOITATION = "exploitation", _("Forms of exploitation")


@dataclass(frozen=True)
class IndicatorSpec:
    code: Indicator
    group: Group
    question: "StrPromise"
    source: str
    reason: str
    acts: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    together: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(self.code.label)

    @property
    def is_ilo(self) -> bool:
        return self.code.value.startswith("ilo_")


I = Indicator  # noqa: E741 - the table below reads better with a short name
G = Group

# The reasons are for developers and reviewers (they are not shown to users): why a "yes" supports each key.
INDICATORS: tuple[IndicatorSpec, ...] = (
    # Recruitment and journey ----------------------------------------------------------------------
    IndicatorSpec(
        I.RECRUITED_BY_DECEPTION, G.RECRUITMENT,
        _("Was the person recruited with false promises (a job, school, marriage, travel abroad) that were not kept?"),
        "definitions.md §1.1 (act: recruitment; means: deception)",
        "A recruitment is an act of art. 3(a); lying about what awaits the person is deception, a means.",
        acts=("recruitment",), means=("deception",),
    ),
    IndicatorSpec(
        I.MOVEMENT_ORGANISED_BY_OTHERS, G.RECRUITMENT,
        _("Was the journey or the move organised or paid for by someone else, who decided where the person went?"),
        "definitions.md §1.1 (acts: transportation, transfer), §1.6 (no border needed), §6 (TIP or SOM)",
        "Moving a person is an act of art. 3(a), inside a country too. It says nothing of means or purpose: a "
        "smuggled migrant's journey is organised by someone else as well (§6), so it feeds acts only.",
        acts=("transportation", "transfer"),
    ),
    IndicatorSpec(
        I.ABDUCTED, G.RECRUITMENT,
        _("Was the person taken by force, kidnapped or carried off against their will?"),
        "definitions.md §1.1 (means: abduction)",
        "Abduction is named among the means of art. 3(a).",
        means=("abduction",),
    ),
    IndicatorSpec(
        I.PAYMENT_TO_PERSON_IN_CONTROL, G.RECRUITMENT,
        _("Was a parent, guardian, husband or employer paid or given something to let the person go?"),
        "definitions.md §1.1 (means: payments or benefits to a person having control over another)",
        "The giving of payments to achieve the consent of a person having control over another is a means of "
        "art. 3(a).",
        means=("payments_to_person_in_control",),
    ),
    # Control and coercion -------------------------------------------------------------------------
    IndicatorSpec(
        I.ABUSE_OF_VULNERABILITY, G.CONTROL,
        _(
            "Did someone take advantage of the person's situation (age, poverty, irregular status, illness, "
            "not speaking the language) so that they had no real choice but to submit?"
        ),
        ILO_2012 + "; definitions.md §1.5, §8",
        "The ILO indicator is the art. 3(a) means of the same name (§1.5: no real and acceptable alternative "
        "but to submit); for forced labour it counts only with another indicator (§8 usage rule).",
        means=("abuse_of_vulnerability",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.DECEPTION, G.CONTROL,
        _("Was the person deceived about the nature of the work, the pay, the conditions or the place?"),
        ILO_2012 + "; definitions.md §8 (means: deception)",
        "Deception is a means of art. 3(a); definitions.md §8 reads this ILO indicator as evidence of it.",
        means=("deception",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.RESTRICTION_OF_MOVEMENT, G.CONTROL,
        _("Was the person locked in, watched or otherwise prevented from leaving the place of work or living?"),
        ILO_2012 + "; definitions.md §7 (coercion: force or some non-violent or psychological force)",
        "Confinement is coercion (the Model-Law-style definition quoted in §7).",
        means=("coercion",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.ISOLATION, G.CONTROL,
        _("Was the person kept isolated: not knowing where they were, cut off from family or from others?"),
        ILO_2012 + "; definitions.md §1.5 (created vulnerability)",
        "Isolation is a vulnerability created by the exploiter (§1.5, E4J), abused to keep the person.",
        means=("abuse_of_vulnerability",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.PHYSICAL_AND_SEXUAL_VIOLENCE, G.CONTROL,
        _("Was the person beaten, sexually abused, or otherwise hurt or deprived of food or sleep?"),
        ILO_2012 + "; definitions.md §1.1 (means: the use of force)",
        "Violence is the use of force, a means of art. 3(a).",
        means=("force",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.INTIMIDATION_AND_THREATS, G.CONTROL,
        _(
            "Was the person threatened: with violence, with being reported to the police or immigration, with "
            "harm to their family?"
        ),
        ILO_2012 + "; definitions.md §1.1 (means: the threat of force), §8",
        "A threat is a means of art. 3(a); definitions.md §8 reads this ILO indicator as evidence of it.",
        means=("threat",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.RETENTION_OF_IDENTITY_DOCUMENTS, G.CONTROL,
        _("Did someone else keep the person's passport, identity card or other documents?"),
        ILO_2012 + "; definitions.md §7 (coercion)",
        "Keeping someone's documents so that they cannot leave is a non-violent form of coercion (§7).",
        means=("coercion",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.ABUSE_OF_AUTHORITY, G.CONTROL,
        _(
            "Was the person controlled by someone with power over them: an employer, a teacher or marabout, an "
            "official, an elder of the family?"
        ),
        "definitions.md §1.1 (means: the abuse of power)",
        "The abuse of power is a means of art. 3(a).",
        means=("abuse_of_power",),
    ),
    IndicatorSpec(
        I.CREATED_DEPENDENCY, G.CONTROL,
        _("Was the person made dependent: on drugs or alcohol, through a romantic relationship, an oath or a ritual?"),
        "definitions.md §1.5 (created vulnerability: addiction, emotional attachment, rituals)",
        "E4J lists dependency cultivated through addiction, a romantic attachment or cultural or religious "
        "rituals as created vulnerability (§1.5); an oath that the person fears to break is psychological "
        "force, i.e. coercion (§7).",
        means=("abuse_of_vulnerability", "coercion"),
    ),
    # Work, pay and living conditions --------------------------------------------------------------
    IndicatorSpec(
        I.WITHHOLDING_OF_WAGES, G.WORK,
        _("Was the person's pay kept back, reduced without reason, or never paid?"),
        ILO_2012,
        "Unpaid work is a sign of forced labour only taken with another indicator (§8 usage rule).",
        together=("forced_labour",),
    ),
    IndicatorSpec(
        I.DEBT_BONDAGE, G.WORK,
        _("Did the person owe a debt (journey, lodging, food) that their work never seemed to repay?"),
        ILO_2012 + "; definitions.md §7 (debt bondage, a practice similar to slavery)",
        "Debt bondage is itself a purpose of the contract (a practice similar to slavery, §7); the debt used "
        "to keep the person working also points to forced labour with another indicator.",
        purposes=("debt_bondage",), together=("forced_labour",),
    ),
    IndicatorSpec(
        I.ABUSIVE_CONDITIONS, G.WORK,
        _("Were the work or living conditions degrading, dangerous or far below what was agreed?"),
        ILO_2012,
        "Bad conditions alone are a labour law matter; with another indicator they point to forced labour.",
        together=("forced_labour",),
    ),
    IndicatorSpec(
        I.EXCESSIVE_OVERTIME, G.WORK,
        _("Was the person made to work far beyond normal hours, or be on call day and night?"),
        ILO_2012,
        "Long hours alone are a labour law matter; with another indicator they point to forced labour.",
        together=("forced_labour",),
    ),
    IndicatorSpec(
        I.CHILD_WORKING_OUT_OF_SCHOOL, G.WORK,
        _("Is the person under 18 and working (fields, mines, a household, a market) instead of going to school?"),
        "definitions.md §1.3, §1.4 (a child: no means needed), §7 (exploitation of children)",
        "For a child, act and purpose are enough (§1.3). A child working is not by itself exploitation (family "
        "farm work), so it points to forced labour only with another indicator.",
        together=("forced_labour",),
    ),
    # Forms of exploitation ------------------------------------------------------------------------
    IndicatorSpec(
        I.SEXUAL_EXPLOITATION, G.EXPLOITATION,
        _("Was the person made to sell sex, or used for sex or sexual images, for someone else's gain?"),
        "definitions.md §1.1 (exploitation of the prostitution of others, other forms of sexual exploitation)",
        "Named forms of exploitation in art. 3(a).",
        purposes=("sexual_exploitation",),
    ),
    IndicatorSpec(
        I.BEGGING_FOR_OTHERS, G.EXPLOITATION,
        _("Was the person made to beg, with the money going to someone else?"),
        "definitions.md §1.1 (forced labour or services); spec/qualification.md (forced begging)",
        "Forced begging is a form of forced labour or services (qualification contract).",
        purposes=("forced_begging",),
    ),
    IndicatorSpec(
        I.CRIMES_FOR_OTHERS, G.EXPLOITATION,
        _("Was the person made to steal, sell drugs or commit other offences for someone else?"),
        "definitions.md §1.1 (forced labour or services); spec/qualification.md (forced criminality)",
        "Forced criminality is a form of forced labour or services (qualification contract); the person may "
        "not be punished for offences that were a direct consequence of being trafficked.",
        purposes=("forced_criminality",),
    ),
    IndicatorSpec(
        I.FORCED_MARRIAGE, G.EXPLOITATION,
        _("Was the person married, or promised in marriage, without their free consent or before 18?"),
        "definitions.md §7 (practices similar to slavery: forced and early marriage)",
        "Forced and early marriage is a practice similar to slavery (1956 Supplementary Convention, §7).",
        purposes=("forced_marriage",),
    ),
    IndicatorSpec(
        I.SOLD_OR_TREATED_AS_PROPERTY, G.EXPLOITATION,
        _("Was the person sold, bought, exchanged or given away, or treated as somebody's property?"),
        "definitions.md §7 (slavery: powers attaching to the right of ownership)",
        "Being sold or treated as property is the exercise of powers attaching to ownership: slavery (§7).",
        purposes=("slavery",),
    ),
    IndicatorSpec(
        I.ORGAN_REMOVAL, G.EXPLOITATION,
        _("Was an organ removed, or was the person asked or pressed to give one?"),
        "definitions.md §1.1 (the removal of organs)",
        "The removal of organs is a named form of exploitation in art. 3(a); the intent is enough.",
        purposes=("organ_removal",),
    ),
    IndicatorSpec(
        I.USED_BY_ARMED_GROUP, G.EXPLOITATION,
        _("Was the person, under 18, used by an armed group: as a fighter, a porter, a cook, a messenger, a 'wife'?"),
        "spec/qualification.md (child soldiering, a form of forced labour or services)",
        "Use by an armed group is the contract's child soldiering purpose (a form of forced labour or services).",
        purposes=("child_soldiering",),
    ),
)  # fmt: skip

BY_CODE: dict[str, IndicatorSpec] = {spec.code.value: spec for spec in INDICATORS}
