"""The engine's answer for each person, laid out for the result page: findings, elements and reasons."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigie.training.catalogue import Scenario
from vigie.training.models import Answer, Attempt

# French agrees the finding with the offence: la traite est établie, le trafic est établi.
FINDINGS: dict[str, dict[str, Promise]] = {
    "trafficking": {
        "established": pgettext_lazy("trafficking", "established"),
        "possible": pgettext_lazy("trafficking", "possible"),
        "not_established": pgettext_lazy("trafficking", "not established"),
    },
    "smuggling": {
        "established": pgettext_lazy("smuggling", "established"),
        "possible": pgettext_lazy("smuggling", "possible"),
        "not_established": pgettext_lazy("smuggling", "not established"),
    },
}
STATUSES: dict[str, Promise] = {
    "met": _("met"),
    "not_met": _("not met"),
    "unknown": _("unknown"),
    "not_required": _("not required"),
}
ELEMENTS: dict[str, Promise] = {
    "act": _("Act"),
    "means": _("Means"),
    "purpose": _("Purpose of exploitation"),
    "illegal_entry": _("Illegal entry"),
    "not_national_or_resident": _("Neither a national nor a permanent resident of the State entered"),
    "procurement": _("Entry procured by the suspect"),
    "benefit": _("Financial or other material benefit sought"),
}
AGGRAVATING: dict[str, Promise] = {
    "life_or_safety_endangered": _("Life or safety endangered"),
    "inhuman_or_degrading_treatment": _("Inhuman or degrading treatment"),
}


@dataclass(frozen=True)
class Element:
    name: str
    status_code: str
    status: str


@dataclass(frozen=True)
class Offence:
    finding_code: str
    finding: str
    elements: list[Element]
    reasons: list[str]
    aggravating: list[str]


@dataclass(frozen=True)
class PersonResult:
    name: str
    given: str
    expected: str
    correct: bool
    trafficking: Offence
    smuggling: Offence
    protection: list[str]


def _offence(offence: str, found: Mapping[str, Any]) -> Offence:
    return Offence(
        finding_code=found["finding"],
        finding=str(FINDINGS[offence].get(found["finding"], found["finding"])),
        elements=[
            Element(
                name=str(ELEMENTS.get(key, key)),
                status_code=value["status"],
                status=str(STATUSES.get(value["status"], value["status"])),
            )
            for key, value in found["elements"].items()
        ],
        reasons=[reason["text"] for reason in found.get("reasons", [])],
        aggravating=[str(AGGRAVATING.get(code, code)) for code in found.get("aggravating_circumstances", [])],
    )


def results_of(attempt: Attempt, scenario: Scenario, qualification: Mapping[str, Any]) -> list[PersonResult]:
    subjects = {subject["id"]: subject for subject in qualification["subjects"]}
    labels = dict(Answer.choices)
    results = []
    for person in scenario.people:
        graded = attempt.answers.get(person.subject_id, {})
        subject = subjects[person.subject_id]
        results.append(
            PersonResult(
                name=person.name,
                given=str(labels.get(graded.get("given"), "")),
                expected=str(labels.get(graded.get("expected"), "")),
                correct=graded.get("given") == graded.get("expected"),
                trafficking=_offence("trafficking", subject["trafficking"]),
                smuggling=_offence("smuggling", subject["smuggling"]),
                protection=[reason["text"] for reason in subject["protection"].get("reasons", [])],
            )
        )
    return results
