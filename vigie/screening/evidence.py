"""What a screening's answers are evidence for, and what it proposes: pure functions, no database.

The rule for the evidence (see indicators.py for the table and its reasons):
- only a "yes" gives evidence, and evidence is always `True` for a key;
- a "no" gives nothing: in a first interview a person may be afraid, ashamed or not know the exploiter's
  plans (the purpose is the exploiter's intent, not what happened), so no indicator of the table rules a
  key out, and no key is ever set `False` by a screening. Unknown gives nothing either;
- a key an indicator supports only "together" needs TOGETHER_MINIMUM "yes" answers pointing to it.

The proposals (status, referral) are shown to the user; nothing here changes a record.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigie.screening.indicators import BY_CODE, INDICATORS, TOGETHER_MINIMUM

YES = "yes"
UNKNOWN = "unknown"
ADULT_AGE = 18  # TIP Protocol art. 3(d): a child is any person under eighteen


@dataclass(frozen=True)
class ScreeningEvidence:
    """Keys of the vigie.facts/1 contract that the latest screening supports, all `True`; a key absent is
    unknown. `supported_by` names the indicators behind each key, for the reasons shown to the user."""

    means: dict[str, bool]
    purposes: dict[str, bool]
    screening_id: int | None
    screened_on: datetime.date | None
    acts: dict[str, bool] = field(default_factory=dict)
    supported_by: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.means or self.purposes or self.acts)


def evidence_from_answers(
    answers: Mapping[str, str], *, screening_id: int | None = None, screened_on: datetime.date | None = None
) -> ScreeningEvidence:
    """`answers`: indicator code -> "yes", "no" or "unknown"; indicators left out are unknown."""
    yes = [BY_CODE[code] for code in sorted(answers) if answers[code] == YES and code in BY_CODE]
    supported: dict[str, list[str]] = {}
    for spec in yes:
        for element, keys in (("acts", spec.acts), ("means", spec.means), ("purposes", spec.purposes)):
            for key in keys:
                supported.setdefault(f"{element}.{key}", []).append(spec.code.value)
    together: dict[str, list[str]] = {}
    for spec in yes:
        for key in spec.together:
            together.setdefault(key, []).append(spec.code.value)
    for key, codes in together.items():
        if len(codes) >= TOGETHER_MINIMUM:
            supported.setdefault(f"purposes.{key}", []).extend(codes)
    by_element: dict[str, dict[str, bool]] = {"acts": {}, "means": {}, "purposes": {}}
    for dotted in supported:
        element, key = dotted.split(".", 1)
        by_element[element][key] = True
    return ScreeningEvidence(
        means=by_element["means"],
        purposes=by_element["purposes"],
        acts=by_element["acts"],
        screening_id=screening_id,
        screened_on=screened_on,
        supported_by={key: sorted(set(codes)) for key, codes in supported.items()},
    )


class ProposedStatus(StrEnum):
    PRESUMED_VICTIM = "presumed_victim"
    SOME_INDICATORS = "some_indicators"
    INCOMPLETE = "incomplete"
    NO_INDICATORS = "no_indicators"

    @property
    def label(self) -> str:
        return {
            "presumed_victim": _("Presumed victim of trafficking"),
            "some_indicators": _("Some indicators: not enough to presume a victim"),
            "incomplete": _("Too many questions unanswered to propose anything"),
            "no_indicators": _("No indicator of trafficking found"),
        }[self.value]


class ProposedReferral(StrEnum):
    CHILD_PROTECTION = "child_protection"
    PROTECTION_AND_ASSISTANCE = "protection_and_assistance"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "child_protection": _("Refer to child protection at once"),
            "protection_and_assistance": _("Refer to protection and assistance services"),
            "none": _("No referral proposed"),
        }[self.value]


@dataclass(frozen=True)
class Proposal:
    """What the screening suggests; the user decides (the identification takes a second person)."""

    status: ProposedStatus
    status_reason: str
    referral: ProposedReferral
    referral_reason: str
    # Services of referrals.ServiceKind the referral would usually ask for.
    services: tuple[str, ...]
    child: bool | None


def propose(answers: Mapping[str, str], *, age: int | None) -> Proposal:
    """The status and referral a screening suggests, from its answers and the person's age at the screening.

    Presumed victim: the answers support a purpose and, for an adult, a means (TIP Protocol art. 3(a)
    and (c): a child needs no means). The act is not asked for: the screening is about this person's
    situation; the act is usually known from the case.
    """
    evidence = evidence_from_answers(answers)
    child = None if age is None else age < ADULT_AGE
    unknown = sum(1 for spec in INDICATORS if answers.get(spec.code.value, UNKNOWN) == UNKNOWN)
    yes_count = sum(1 for spec in INDICATORS if answers.get(spec.code.value) == YES)
    means_needed = child is not True
    if evidence.purposes and (evidence.means or not means_needed):
        status = ProposedStatus.PRESUMED_VICTIM
        if child:
            reason = _("Indicators support a purpose of exploitation; the person is a child, so no means is needed.")
        else:
            reason = _("Indicators support both a means and a purpose of exploitation.")
    elif yes_count:
        status = ProposedStatus.SOME_INDICATORS
        if not evidence.purposes:
            reason = _("No purpose of exploitation is supported yet: ask more, and look for other evidence.")
        else:
            reason = _("A purpose of exploitation is supported but no means yet, and the person may be an adult.")
    elif unknown * 2 > len(INDICATORS):
        status = ProposedStatus.INCOMPLETE
        reason = ngettext(
            "%(count)d question is still unanswered.", "%(count)d questions are still unanswered.", unknown
        ) % {"count": unknown}
    else:
        status = ProposedStatus.NO_INDICATORS
        reason = _("No answer was yes. This is no proof that the person is not a victim: screen again if needed.")
    return Proposal(status, reason, *_referral(status, child), child=child)


def _referral(status: ProposedStatus, child: bool | None) -> tuple[ProposedReferral, str, tuple[str, ...]]:
    if child:
        # Every child met in a case is referred to child protection, with or without indicators.
        return (
            ProposedReferral.CHILD_PROTECTION,
            _("The person is under 18: child protection is informed at once, whatever the answers."),
            ("shelter", "medical", "psychosocial", "family_tracing"),
        )
    if status == ProposedStatus.PRESUMED_VICTIM:
        reason = _("A presumed victim is referred for protection and assistance, and is not punished for offences "
                   "that were a direct consequence of being trafficked.")  # fmt: skip
        if child is None:
            reason += " " + _("The age is unknown: find out whether the person is under 18, and if so refer them to "
                              "child protection at once.")  # fmt: skip
        return ProposedReferral.PROTECTION_AND_ASSISTANCE, reason, ("shelter", "medical", "psychosocial", "legal_aid")
    reason = _("Nothing calls for a referral yet; the person can still be referred if they need help.")
    if child is None:
        reason += " " + _("The age is unknown: find out whether the person is under 18.")
    return ProposedReferral.NONE, reason, ()
