"""The international baseline: trafficking in persons (TIP Protocol art. 3) and smuggling of migrants
(SOM Protocol arts. 3 and 6), per subject, in three-valued logic.

An unknown never counts as false: a finding is `possible` whenever an unknown could complete the offence.
The rules are those of the contract (spec/qualification.md); each status and finding carries reason codes.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vigie.legal import free_movement
from vigie.legal.facts import ACTS, AGGRAVATING, MEANS, PURPOSES, Crossing, ElementMap, Facts, Subject, Tri
from vigie.legal.messages import fact_list, reason, text

MET, NOT_MET, UNKNOWN, NOT_REQUIRED = "met", "not_met", "unknown", "not_required"
ESTABLISHED, POSSIBLE, NOT_ESTABLISHED = "established", "possible", "not_established"
FINDING_RANK = {NOT_ESTABLISHED: 0, POSSIBLE: 1, ESTABLISHED: 2}
SCHEMA = "vigie.qualification/1"

FORMS_OF_FORCED_LABOUR = ("forced_begging", "forced_criminality", "child_soldiering")
PRACTICES_SIMILAR_TO_SLAVERY = ("debt_bondage", "forced_marriage")
RELATED_OFFENCES = (("fraudulent_document", "fraudulent_document"), ("enabling_illegal_stay", "illegal_stay_enabled"))

Reason = dict[str, str]


def status_of(value: Tri) -> str:
    return UNKNOWN if value is None else MET if value else NOT_MET


def any_of(element: ElementMap, universe: Iterable[str]) -> tuple[str, list[str]]:
    """An element met by any one item: met if one is true, not met if none can be, else unknown."""
    if element is None:
        return UNKNOWN, []
    if element is False:
        return NOT_MET, []
    keys = tuple(universe)
    true = [key for key in keys if element.get(key) is True]
    if true:
        return MET, true
    # Every item ruled out one by one says the same as the literal false.
    return (NOT_MET if all(element.get(key) is False for key in keys) else UNKNOWN), []


def finding_of(statuses: Iterable[str]) -> str:
    required = [status for status in statuses if status != NOT_REQUIRED]
    if NOT_MET in required:
        return NOT_ESTABLISHED
    return ESTABLISHED if all(status == MET for status in required) else POSSIBLE


def strongest(findings: Iterable[str]) -> str:
    return max(findings, key=FINDING_RANK.__getitem__, default=NOT_ESTABLISHED)


@dataclass
class TipRules:
    """What a law requires for trafficking; the Protocol's by default, national profiles change some."""

    means_required_for_adults: bool = True
    # The means that still count for child sex trafficking under laws that require them (None: not required).
    child_sex_trafficking_means: tuple[str, ...] | None = None
    remuneration_required: bool = False


def trafficking(subject: Subject, lang: str, rules: TipRules | None = None) -> dict[str, Any]:
    rules = rules or TipRules()
    act, act_facts = any_of(subject.acts, ACTS)
    means, means_facts = any_of(subject.means, MEANS)
    purpose, purpose_facts = any_of(subject.purposes, PURPOSES)
    child = subject.child
    reasons = [_element_reason("TIP_ACT", act, act_facts, lang)]

    if child is True:
        means_status, means_requirement = NOT_REQUIRED, MET
        reasons.append(reason("TIP_CHILD_NO_MEANS_REQUIRED", lang))
    else:
        means_status = means
        # Age unknown: the person may be a child, so only means actually used can satisfy the element.
        means_requirement = means if child is False or means == MET else UNKNOWN
        reasons.append(_element_reason("TIP_MEANS", means, means_facts, lang))
        if child is None:
            reasons.append(reason("TIP_AGE_UNKNOWN", lang))
    reasons.append(_element_reason("TIP_PURPOSE", purpose, purpose_facts, lang))
    reasons += _purpose_forms(purpose_facts, lang)
    if subject.consented is True and (child is True or means == MET):
        reasons.append(reason("TIP_CONSENT_IRRELEVANT", lang))
    if subject.crossings == ():
        reasons.append(reason("TIP_NO_CROSSING_REQUIRED", lang))

    finding = finding_of([act, means_requirement, purpose])
    reasons.append(reason(f"TIP_{finding.upper()}", lang))
    return {
        "finding": finding,
        "elements": {
            "act": {"status": act, "facts": act_facts},
            "means": {"status": means_status, "facts": means_facts},
            "purpose": {"status": purpose, "facts": purpose_facts},
        },
        "reasons": reasons,
    }


def _element_reason(prefix: str, status: str, facts: list[str], lang: str) -> Reason:
    code = f"{prefix}_{status.upper()}"
    return reason(code, lang, facts=fact_list(facts, lang)) if status == MET else reason(code, lang)


def _purpose_forms(purposes: list[str], lang: str) -> list[Reason]:
    reasons = []
    forced_labour = [key for key in purposes if key in FORMS_OF_FORCED_LABOUR]
    if forced_labour:
        reasons.append(reason("TIP_FORM_OF_FORCED_LABOUR", lang, facts=fact_list(forced_labour, lang)))
    similar = [key for key in purposes if key in PRACTICES_SIMILAR_TO_SLAVERY]
    if similar:
        reasons.append(reason("TIP_PRACTICE_SIMILAR_TO_SLAVERY", lang, facts=fact_list(similar, lang)))
    return reasons


@dataclass
class CrossingResult:
    elements: dict[str, str]
    finding: str
    reasons: list[Reason] = field(default_factory=list)


def illegal_entry(crossing: Crossing, nationalities: tuple[str, ...]) -> tuple[str, str, dict[str, str]]:
    """Status, reason code and its parameters: `entry` decides, then the documents and free movement."""
    if crossing.entry is not None:
        return (MET, "SOM_ENTRY_IRREGULAR", {}) if crossing.entry == "irregular" else (NOT_MET, "SOM_ENTRY_REGULAR", {})
    if crossing.documents == "fraudulent":
        return MET, "SOM_DOCUMENTS_FRAUDULENT", {}
    if crossing.documents == "none":
        return MET, "SOM_DOCUMENTS_NONE", {}
    if crossing.documents is None:
        return UNKNOWN, "SOM_ENTRY_UNKNOWN", {}
    if not nationalities:
        return UNKNOWN, "SOM_VALID_NATIONALITY_UNKNOWN", {}
    if crossing.date is None:
        if free_movement.covered_on_every_date(nationalities, crossing.destination):
            return NOT_MET, "SOM_FREE_MOVEMENT_EVERY_DATE", {}
        return UNKNOWN, "SOM_VALID_NO_DATE", {}
    regime = free_movement.covering_regime(nationalities, crossing.destination, crossing.date)
    if regime is None:
        return UNKNOWN, "SOM_VALID_NO_REGIME", {}
    return NOT_MET, "SOM_FREE_MOVEMENT", {"regime": regime.name}


def not_national_or_resident(entered: str | None, subject: Subject) -> tuple[str, str]:
    if entered and entered in subject.nationalities:
        return NOT_MET, "SOM_NATIONAL_OF_STATE"
    if entered and entered == subject.permanent_residence:
        return NOT_MET, "SOM_RESIDENT_OF_STATE"
    # A permanent residence left blank is read as "no permanent residence abroad" (the contract's rule).
    if entered and subject.nationalities:
        return MET, "SOM_NOT_NATIONAL_OR_RESIDENT"
    return UNKNOWN, "SOM_NATIONALITY_UNKNOWN"


PROCUREMENT_CODES = {MET: "SOM_PROCURED", NOT_MET: "SOM_NOT_PROCURED", UNKNOWN: "SOM_PROCUREMENT_UNKNOWN"}
BENEFIT_CODES = {MET: "SOM_BENEFIT", NOT_MET: "SOM_NO_BENEFIT", UNKNOWN: "SOM_BENEFIT_UNKNOWN"}


def smuggling_by_crossing(crossing: Crossing, index: int, subject: Subject, lang: str) -> CrossingResult:
    entry, entry_code, entry_params = illegal_entry(crossing, subject.nationalities)
    foreign, foreign_code = not_national_or_resident(crossing.destination, subject)
    procurement = status_of(crossing.procured_by_suspect)
    benefit = status_of(subject.benefit_sought)
    route = f"{crossing.origin} → {crossing.destination}"
    heading = text("SOM_CROSSING", lang, crossing=index + 1, route=route, date=_date_suffix(crossing))
    reasons = [
        {"code": code, "text": f"{heading} {text(code, lang, **params)}"}
        for code, params in (
            (entry_code, entry_params),
            (foreign_code, {}),
            (PROCUREMENT_CODES[procurement], {}),
        )
    ]
    elements = {"illegal_entry": entry, "not_national_or_resident": foreign, "procurement": procurement}
    elements["benefit"] = benefit
    return CrossingResult(elements=elements, finding=finding_of(elements.values()), reasons=reasons)


def _date_suffix(crossing: Crossing) -> str:
    return f", {crossing.date.isoformat()}" if crossing.date else ""


def smuggling(subject: Subject, lang: str) -> dict[str, Any]:
    benefit = status_of(subject.benefit_sought)
    if subject.crossings is None:
        elements = {"illegal_entry": UNKNOWN, "not_national_or_resident": UNKNOWN, "procurement": UNKNOWN}
        chosen = CrossingResult({**elements, "benefit": benefit}, "", [reason("SOM_CROSSINGS_UNKNOWN", lang)])
    elif not subject.crossings:
        elements = {"illegal_entry": NOT_MET, "not_national_or_resident": NOT_MET, "procurement": NOT_MET}
        chosen = CrossingResult({**elements, "benefit": benefit}, "", [reason("SOM_NO_CROSSING", lang)])
    else:
        results = [smuggling_by_crossing(crossing, i, subject, lang) for i, crossing in enumerate(subject.crossings)]
        best = strongest(result.finding for result in results)
        chosen = next(result for result in results if result.finding == best)
        if len(results) > 1:
            position = results.index(chosen) + 1
            chosen.reasons.insert(0, reason("SOM_STRONGEST_CROSSING", lang, count=len(results), crossing=position))
    finding = finding_of(chosen.elements.values())
    reasons = [*chosen.reasons, reason(BENEFIT_CODES[benefit], lang)]
    aggravating = []
    if finding != NOT_ESTABLISHED:
        aggravating = [key for key in AGGRAVATING if getattr(subject, key) is True]
        reasons += [reason("SOM_AGGRAVATING", lang, facts=fact_list([key], lang)) for key in aggravating]
    reasons.append(reason(f"SOM_{finding.upper()}", lang))
    return {
        "finding": finding,
        "elements": {name: {"status": status} for name, status in chosen.elements.items()},
        "aggravating_circumstances": aggravating,
        "reasons": reasons,
    }


def related_offences(subject: Subject, lang: str) -> list[dict[str, Any]]:
    """SOM Protocol art. 6(1)(b) and (c): each needs its conduct and the benefit."""
    offences = []
    for offence, fact in RELATED_OFFENCES:
        finding = finding_of([status_of(getattr(subject, fact)), status_of(subject.benefit_sought)])
        code = f"REL_{finding.upper()}"
        offences.append(
            {
                "offence": offence,
                "finding": finding,
                "reasons": [reason(code, lang, offence=fact_list([offence], lang))],
            }
        )
    return offences


def protection(subject: Subject, tip: str, som: str, lang: str) -> dict[str, Any]:
    child = subject.child
    result: dict[str, Any] = {
        "presumed_trafficking_victim": tip != NOT_ESTABLISHED,
        "smuggled_migrant": som != NOT_ESTABLISHED,
        "child": child,
    }
    reasons = []
    if result["presumed_trafficking_victim"]:
        reasons.append(reason("PROT_PRESUMED_VICTIM", lang))
    if result["smuggled_migrant"]:
        reasons.append(reason("PROT_SMUGGLED_MIGRANT", lang))
    if child is not False:
        reasons.append(reason("PROT_CHILD" if child else "PROT_CHILD_UNKNOWN", lang))
    result["reasons"] = reasons
    return result


def qualify_subject(subject: Subject, lang: str, tip_rules: TipRules | None = None) -> dict[str, Any]:
    tip = trafficking(subject, lang, tip_rules)
    som = smuggling(subject, lang)
    return {
        "id": subject.id,
        "child": subject.child,
        "trafficking": tip,
        "smuggling": som,
        "related_offences": related_offences(subject, lang),
        "protection": protection(subject, tip["finding"], som["finding"], lang),
    }


def case_findings(subjects: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {
        offence: strongest(subject[offence]["finding"] for subject in subjects)
        for offence in ("trafficking", "smuggling")
    }


def qualify_facts(facts: Facts, lang: str) -> dict[str, Any]:
    from vigie.legal.national import national_qualification  # the national layer builds on this module

    subjects = [qualify_subject(subject, lang) for subject in facts.subjects]
    return {
        "schema": SCHEMA,
        "jurisdiction": facts.jurisdiction,
        "case": case_findings(subjects),
        "subjects": subjects,
        "national": national_qualification(facts, lang),
    }
