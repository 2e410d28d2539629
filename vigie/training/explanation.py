"""The engine's answer for each person, laid out for the result page: findings, elements and reasons."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from vigie.qualification import labels
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
# Elements, statuses and aggravating circumstances read as on the case page: one wording for both.
STATUSES, ELEMENTS, AGGRAVATING = labels.STATUSES, labels.ELEMENTS, labels.AGGRAVATING


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
